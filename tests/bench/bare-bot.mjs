// @ts-check
/**
 * The baseline side of the foundation benchmark: a bare grammY bot with an in-memory session,
 * nothing else — no database, no i18n, no middleware of ours. Plain JavaScript, run by `node`
 * itself, so it carries no TypeScript loader — like the compiled bot it is compared with.
 *
 * With BENCH_ANSWERS (a JSON file of the real bot's three answers, recorded by the benchmark) it
 * sends exactly those — same texts, HTML, keyboards — so both sides put the same bytes on the
 * wire and the comparison measures the bot's own work. Without it, it sends three short answers
 * of its own (the baseline the benchmark used before; still printed, for comparison).
 * `BOT_TOKEN=… BOT_API_ROOT=… [BENCH_ANSWERS=…] node tests/bench/bare-bot.mjs`; stops on SIGTERM.
 */
import { readFileSync } from "node:fs";
import { run } from "@grammyjs/runner";
import { Bot, InlineKeyboard, MemorySessionStorage, session } from "grammy";

/** @typedef {{ text: string } & Record<string, unknown>} Answer */
/** @type {{ start: Answer, choose: Answer, help: Answer }} */
const answers = process.env.BENCH_ANSWERS
  ? JSON.parse(readFileSync(process.env.BENCH_ANSWERS, "utf8"))
  : {
      start: {
        text: "Hello! Choose your language:",
        reply_markup: new InlineKeyboard().text("Русский", "lang:ru").text("English", "lang:en"),
      },
      choose: { text: "Choose a section:", reply_markup: new InlineKeyboard().text("Help", "help") },
      help: { text: "What this bot does…" },
    };
/** @param {Answer} answer */
const split = ({ text, ...other }) => /** @type {const} */ ([text, other]);

const bot = new Bot(process.env.BOT_TOKEN ?? "", { client: { apiRoot: process.env.BOT_API_ROOT } });
bot.use(session({ initial: () => ({ lang: "en" }), storage: new MemorySessionStorage() }));
bot.command("start", (ctx) => ctx.reply(...split(answers.start)));
bot.on("callback_query:data", async (ctx) => {
  ctx.session.lang = ctx.callbackQuery.data.slice(-2);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(...split(answers.choose));
});
bot.command("help", (ctx) => ctx.reply(...split(answers.help)));
await bot.init();
const runner = run(bot);
process.once("SIGTERM", () => {
  runner.stop().then(() => process.exit(0));
});
