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

async function showHelp(ctx: BotContext): Promise<void> {
  await showScreen(ctx, ctx.t("help:text", { commands: privateCommandList(ctx) }), {
    keyboard: backToMenuKeyboard(ctx),
  });
}

/** /help: what the bot is for and every command, generated from what features registered. */
export function createHelpFeature(): Feature {
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
