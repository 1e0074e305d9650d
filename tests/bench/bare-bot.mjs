// @ts-check
/**
 * The baseline side of the foundation benchmark: a bare grammY bot with an in-memory session,
 * giving the same three answers as the real bot gives to the simulated people. Plain JavaScript,
 * run by `node` itself, so it carries no TypeScript loader — like the compiled bot it is compared
 * with. `BOT_TOKEN=… BOT_API_ROOT=… node tests/bench/bare-bot.mjs`; stops on SIGTERM.
 */
import { run } from "@grammyjs/runner";
import { Bot, InlineKeyboard, MemorySessionStorage, session } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN ?? "", { client: { apiRoot: process.env.BOT_API_ROOT } });
bot.use(session({ initial: () => ({ lang: "en" }), storage: new MemorySessionStorage() }));
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
process.once("SIGTERM", () => {
  runner.stop().then(() => process.exit(0));
});
