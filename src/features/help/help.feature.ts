import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { backToMenuKeyboard, groupCommandList, privateChatKeyboard } from "../../bot/ui/menu.js";
import { showScreen } from "../../bot/ui/screen.js";

const helpCodec = callbackCodec("help");

/** "/cmd — description" for every command this person can use in a private chat. */
function privateCommandList(ctx: BotContext): string {
  const operator = ctx.app.isAdmin(ctx.from?.id);
  return ctx.app.registry.commands
    .filter((spec) => spec.scope !== "operator" || operator)
    .map((spec) => `/${spec.command} — ${escapeHtml(ctx.t(spec.description))}`)
    .join("\n");
}

/** /help: what the bot is for and every command, generated from what features registered. */
export function createHelpFeature(): Feature {
  // The help text depends only on the language and on whether the reader is an operator (the
  // commands are registered before the first update), and building it — a long text with the
  // command list put in by i18next — cost about 20 µs a time: made once per language and role.
  const texts = new Map<string, string>();
  const helpText = (ctx: BotContext) => {
    const key = `${ctx.lang}:${ctx.app.isAdmin(ctx.from?.id) ? "operator" : "person"}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = ctx.t("help:text", { commands: privateCommandList(ctx) });
      texts.set(key, text);
    }
    return text;
  };
  const showHelp = async (ctx: BotContext) => {
    await showScreen(ctx, helpText(ctx), { keyboard: backToMenuKeyboard(ctx) });
  };

  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");
  privateChat.command("help", showHelp);
  privateChat.callbackQuery(helpCodec.encode(), showHelp);
  composer.chatType(["group", "supergroup"]).command("help", (ctx) =>
    ctx.reply(ctx.t("help:group", { commands: groupCommandList(ctx) }), {
      reply_markup: privateChatKeyboard(ctx, "help"),
    }),
  );
  return {
    name: "help",
    composer,
    commands: [{ command: "help", description: "help:commands.help", scope: "all" }],
    menu: [{ label: "help:menu", data: helpCodec.encode(), order: 92 }],
    deepLinks: [{ route: "help", open: showHelp }],
  };
}
