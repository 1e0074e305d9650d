import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { backToMenuKeyboard, MENU_DATA } from "../../bot/ui/menu.js";
import { sendHtml, showScreen } from "../../bot/ui/screen.js";
import { checkpoint } from "../../db/client.js";

/** `priv` shows the privacy page; `priv:forget` asks, `priv:yes` erases, `priv:no` cancels. */
const privacyCodec = callbackCodec("priv");

/** deleteMessages takes at most 100 ids per call. */
const DELETE_BATCH = 100;

async function showPrivacy(ctx: BotContext): Promise<void> {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("privacy:forget.button"), privacyCodec.encode("forget"))
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
  await showScreen(ctx, ctx.t("privacy:text"), { keyboard, protect: true });
}

async function askToForget(ctx: BotContext): Promise<void> {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("privacy:forget.yes"), privacyCodec.encode("yes"))
    .row()
    .text(ctx.t("privacy:forget.no"), privacyCodec.encode("no"));
  await showScreen(ctx, ctx.t("privacy:forget.confirm"), { keyboard, protect: true });
}

/**
 * Erases everything about this person: every feature's data, the settings, unfinished
 * conversations; then deletes the chat's messages Telegram still lets the bot delete, and
 * checkpoints the database so nothing lingers in the write-ahead log.
 */
async function forgetEverything(ctx: BotContext): Promise<void> {
  const { app } = ctx;
  if (!ctx.from || !ctx.chat) return;
  const owner = app.ownerKey(ctx.from.id);
  const t = ctx.t;
  await ctx.answerCallbackQuery();

  for (const erase of app.registry.erasers) await erase(owner);
  app.delivery.erase(owner);
  await ctx.conversation.exitAll();
  ctx.session = undefined as never;
  await app.sessions.delete(String(ctx.from.id));

  const ids = app.recentMessages.deletable(owner, app.clock());
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    await ctx.api.deleteMessages(ctx.chat.id, ids.slice(start, start + DELETE_BATCH)).catch((error: unknown) => {
      ctx.log.warn({ err: error }, "could not delete some messages");
    });
  }
  app.recentMessages.forget(owner);
  await sendHtml(ctx, t("privacy:forget.done"), { protect: true });
  // Once the session and the conversations plugin have written back (the plugin deletes its state
  // only then): the closing note's number goes too, and the write-ahead log is folded into the
  // database and truncated, so nothing erased lingers in either file.
  ctx.afterUpdate(() => {
    app.recentMessages.forget(owner);
    checkpoint(app.sqlite);
  });
  ctx.log.info("a person erased their data");
}

/** /privacy explains what is and is not kept; /forget erases everything after one confirmation. */
export function createPrivacyFeature(): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");
  privateChat.command("privacy", showPrivacy);
  privateChat.command("forget", askToForget);
  privateChat.callbackQuery(privacyCodec.pattern, async (ctx, next) => {
    const parts = privacyCodec.decode(ctx.callbackQuery.data);
    if (parts?.length === 0) return showPrivacy(ctx);
    const action = parts?.length === 1 ? parts[0] : undefined;
    if (action === "forget") return askToForget(ctx);
    if (action === "yes") return forgetEverything(ctx);
    if (action === "no")
      return showScreen(ctx, ctx.t("privacy:forget.cancelled"), { keyboard: backToMenuKeyboard(ctx) });
    return next();
  });
  return {
    name: "privacy",
    composer,
    commands: [
      { command: "privacy", description: "privacy:commands.privacy", scope: "private" },
      { command: "forget", description: "privacy:commands.forget", scope: "private" },
    ],
    menu: [{ label: "privacy:menu", data: privacyCodec.encode(), order: 91 }],
    deepLinks: [
      { route: "privacy", open: showPrivacy },
      { route: "forget", open: askToForget },
    ],
  };
}
