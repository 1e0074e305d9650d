import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { groupCommandList, showMainMenu } from "../../bot/ui/menu.js";

/**
 * The catch-all, installed last: whatever no feature understood gets a short, friendly hint and
 * the menu in a private chat — free text, stickers, photos, voice, shared contacts and
 * locations, unknown commands, buttons from before a restart, forged callback data; /cancel
 * with no flow running gets "nothing to cancel" and the menu. Nothing of it is stored or
 * logged. In groups the bot stays quiet unless a command was addressed to it.
 */
export function createFallbackFeature(): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");
  const groups = composer.chatType(["group", "supergroup"]);

  privateChat.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("common:unknown.button") });
    await showMainMenu(ctx);
  });
  // Every flow ends on /cancel itself; one that gets here had nothing running to cancel.
  privateChat.command("cancel", (ctx) => showMainMenu(ctx, ctx.t("common:nothingToCancel")));
  privateChat.on("message", (ctx) => showMainMenu(ctx, ctx.t("common:unknown.private")));

  groups.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("common:unknown.groupButton") }));
  // Only commands addressed to the bot get this far in a group (see groupEtiquette).
  groups.on("message", (ctx) => ctx.reply(ctx.t("common:unknown.groupCommand", { commands: groupCommandList(ctx) })));

  // Inline queries nobody answered get an empty answer, so the client stops waiting.
  composer.on("inline_query", (ctx) => ctx.answerInlineQuery([], { cache_time: 60, is_personal: true }));

  return { name: "fallback", composer };
}
