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

  const latencies: number[] = [];
  const timed = async (action: () => Promise<unknown>) => {
    const started = performance.now();
    await action();
    latencies.push(performance.now() - started);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const person = fake.privateChat({ id: 7_400_000_000 + i, first_name: `U${i}`, language_code: "en" });
      await timed(() => {
        person.send("/start");
        return person.nextBotMessage();
      });
      await timed(() => person.click("English"));
      await timed(() => {
        person.send("/help");
        return person.nextBotMessage();
      });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await stop();
  await fake.stop();
  const { p50, p95 } = summarize(latencies);
  process.stdout.write(
    `${JSON.stringify({ variant, users: USERS, updates: latencies.length, updatesPerSecond: round(latencies.length / seconds), p50, p95, peakRssMiB: peakRssMiB() })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
