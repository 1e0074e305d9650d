/**
 * Broadcast benchmark: the real bot in its own process (`node --import tsx src/main.ts`, as in
 * production), the fake Bot API in this one, subscribers seeded into the bot's SQLite file, the
 * broadcast started by an operator through /broadcast like any other.
 *
 * (a) Throughput and memory: 10,000 and 100,000 subscribers, the fake's limits off and
 *     BROADCAST_RATE at its maximum (1000/s), so the figure is what the bot can push. Peak RSS is
 *     the bot process's own high-water mark (VmHWM): it should not grow with the audience.
 * (b) Pacing: a short run at the default rate (25/s) with Telegram's limits on (30/s overall,
 *     1/s per chat): the achieved rate as a share of the configured one, and the 429s.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedSubscribers, TEST_SECRET_KEY } from "../features/broadcast/seed.js";
import { type ChildApp, startChildApp } from "../support/child-app.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { RateLimits } from "../support/fake-bot-api/rate-limits.js";
import { type BenchResult, round } from "./bench-result.js";

const OPERATOR = 7_309_000_001;
const BASE = 7_310_000_000;
const SIZES = (process.env.BENCH_BROADCAST_SIZES ?? "10000,100000").split(",").map(Number);
const PACED = Number(process.env.BENCH_BROADCAST_PACED ?? 300);
const TEXT = "Benchmark broadcast";

interface Figures {
  sent: number;
  perSecond: number;
  seconds: number;
  peakRssMiB: number;
  idleRssMiB: number;
  tooMany: number;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function broadcastOnce(size: number, rate: number, limits: RateLimits | undefined): Promise<Figures> {
  const fake = await FakeBotApi.start({ rateLimits: limits, waitTimeoutMs: 60_000 });
  const dir = mkdtempSync(path.join(tmpdir(), "pbr-bench-broadcast-"));
  const env = {
    BOT_TOKEN: fake.token,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: path.join(dir, "bot.sqlite"),
    SECRET_KEY: TEST_SECRET_KEY,
    ADMIN_IDS: String(OPERATOR),
    BROADCAST_RATE: String(rate),
    LOG_LEVEL: "info",
  };
  seedSubscribers(
    fake,
    env.DATABASE_PATH,
    Array.from({ length: size }, (_, i) => ({ id: BASE + i, lang: ["ru", "ka", "uk", "en"][i % 4] })),
  );
  let bot: ChildApp | undefined;
  try {
    bot = await startChildApp(env, 60_000);
    const idleRssMiB = round((bot.peakRssKb() ?? 0) / 1024);
    const op = fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    op.send("/broadcast");
    await op.nextBotMessage();
    op.send(TEXT);
    await op.nextBotMessage();
    await op.click(`Everyone · ${size}`);
    const sendLabel = `📣 Send (${size})`;
    await until(() => op.botMessages().some((m) => m.buttons.some((b) => b.text === sendLabel)), 30_000, "the preview");
    await op.click(sendLabel);
    await until(() => op.botMessages().some((m) => /is finished/.test(m.text ?? "")), 30 * 60_000, "the report");
    const peakRssMiB = round((bot.peakRssKb() ?? 0) / 1024);

    const sends = fake.calls.filter(
      (c) => c.method === "sendMessage" && c.params.text === TEXT && c.params.chat_id !== OPERATOR,
    );
    const delivered = sends.filter((c) => c.ok);
    const first = delivered[0]?.at ?? 0;
    const last = delivered.at(-1)?.at ?? first;
    const seconds = (last - first) / 1000;
    return {
      sent: delivered.length,
      perSecond: round(seconds > 0 ? (delivered.length - 1) / seconds : 0),
      seconds: round(seconds),
      peakRssMiB,
      idleRssMiB,
      tooMany: sends.filter((c) => c.errorCode === 429).length,
    };
  } finally {
    await bot?.kill("SIGTERM");
    await fake.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const size of SIZES) {
    const f = await broadcastOnce(size, 1000, undefined);
    results.push({
      name: `broadcast: ${size.toLocaleString("en")} subscribers, limits off`,
      values: {
        "msg/s": f.perSecond,
        delivered: f.sent,
        seconds: f.seconds,
        "peak RSS MiB": f.peakRssMiB,
        "RSS at start MiB": f.idleRssMiB,
      },
      note: "BROADCAST_RATE=1000 (its maximum); the bot in its own process, peak RSS = VmHWM",
    });
  }
  const paced = await broadcastOnce(PACED, 25, { globalPerSecond: 30, perChatPerSecond: 1 });
  results.push({
    name: `broadcast: ${PACED} subscribers at the default rate, limits on`,
    values: {
      "msg/s": paced.perSecond,
      "of configured": `${round((paced.perSecond / 25) * 100)} %`,
      "429s": paced.tooMany,
      delivered: paced.sent,
    },
    note: "BROADCAST_RATE=25; fake Telegram at 30/s overall and 1/s per chat",
  });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
