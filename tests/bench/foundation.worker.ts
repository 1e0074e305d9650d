/**
 * One side of the foundation benchmark, in its own process so its peak RSS is its own:
 * `tsx tests/bench/foundation.worker.ts app|bare <users>` prints one JSON line.
 *
 * Many simulated people each send /start, press a button and send /help through the fake Bot
 * API. "app" is the real bot (startApp: SQLite sessions, i18n, every middleware); "bare" is a
 * plain grammY bot with an in-memory session doing the same three answers.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "@grammyjs/runner";
import { Bot, type Context, InlineKeyboard, MemorySessionStorage, type SessionFlavor, session } from "grammy";
import { startApp } from "../../src/app.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { peakRssMiB, round, summarize } from "./bench-result.js";

const [variant = "app", usersArg = "400"] = process.argv.slice(2);
const USERS = Number(usersArg);

async function startBare(fake: FakeBotApi): Promise<() => Promise<void>> {
  const bot = new Bot<Context & SessionFlavor<{ lang: string }>>(fake.token, { client: { apiRoot: fake.apiRoot } });
  bot.use(session({ initial: () => ({ lang: "en" }), storage: new MemorySessionStorage<{ lang: string }>() }));
  bot.command("start", (ctx) =>
    ctx.reply("Hello! Choose your language:", {
      reply_markup: new InlineKeyboard().text("Русский", "lang:ru").text("English", "lang:en"),
    }),
  );
  bot.callbackQuery(/^lang:/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText("Choose a section:", { reply_markup: new InlineKeyboard().text("Help", "help") });
  });
  bot.command("help", (ctx) => ctx.reply("What this bot does…"));
  await bot.init();
  const runner = run(bot);
  return () => runner.stop();
}

async function main(): Promise<void> {
  // A burst of hundreds of people at once can take longer than Telegram's 15 s for a button answer on this
  // 2-core machine; the benchmark measures speed, so the fake waits longer.
  const fake = await FakeBotApi.start({ waitTimeoutMs: 120_000, callbackQueryTimeoutMs: 120_000 });
  const stop =
    variant === "bare"
      ? await startBare(fake)
      : await startApp(
          {
            BOT_TOKEN: fake.token,
            BOT_API_ROOT: fake.apiRoot,
            DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), "pbr-bench-")), "bot.sqlite"),
            LOG_LEVEL: "warn",
          },
          { floodLimit: 1000 },
        ).then((app) => () => app.stop());

  // Each simulated person: /start, a button press, /help — each waited for before the next.
  const person = (i: number) => fake.privateChat({ id: 7_400_000_000 + i, first_name: `U${i}`, language_code: "en" });
  const session = async (i: number, latencies: number[]) => {
    const chat = person(i);
    const timed = async (action: () => Promise<unknown>) => {
      const started = performance.now();
      await action();
      latencies.push(performance.now() - started);
    };
    await timed(() => {
      chat.send("/start");
      return chat.nextBotMessage();
    });
    await timed(() => chat.click("English"));
    await timed(() => {
      chat.send("/help");
      return chat.nextBotMessage();
    });
  };

  // Throughput: everyone at once (a poster QR code scanned by a whole meeting).
  const burst: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: USERS }, (_, i) => session(i, burst)));
  const seconds = (performance.now() - started) / 1000;

  // Latency: a steady trickle well under capacity, 10 people at a time, 20 waves.
  const steady: number[] = [];
  for (let wave = 0; wave < 20; wave++) {
    await Promise.all(Array.from({ length: 10 }, (_, i) => session(USERS + wave * 10 + i, steady)));
  }
  await stop();
  await fake.stop();
  const burstLatency = summarize(burst);
  const { p50, p95 } = summarize(steady);
  process.stdout.write(
    `${JSON.stringify({
      variant,
      users: USERS,
      updates: burst.length,
      updatesPerSecond: round(burst.length / seconds),
      burstP95: burstLatency.p95,
      p50,
      p95,
      peakRssMiB: peakRssMiB(),
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
