import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { AppServices } from "../../bot/services.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { backToMenuKeyboard, MENU_DATA } from "../../bot/ui/menu.js";
import { sendHtml, showScreen } from "../../bot/ui/screen.js";
import { checkpoint } from "../../db/client.js";
import { CLEANUP_CHOICES_MINUTES, type CleanupMinutes, type CleanupRepo, isCleanupMinutes } from "./cleanup.repo.js";
import { createCleanupWorker, deleteInBatches } from "./cleanup.worker.js";

/**
 * `priv` shows the privacy page; `priv:forget` asks, `priv:yes` erases, `priv:no` cancels;
 * `priv:c:<minutes>` sets clean-up (0 = off); `priv:hide` hides the chat now.
 */
const privacyCodec = callbackCodec("priv");

/** The line /hide leaves removes itself after this long. */
const HIDE_NOTE_MS = 60_000;

export interface PrivacyFeatureOptions {
  /** The clean-up repository, built in the composition root. */
  cleanup: CleanupRepo;
  /** How often the clean-up pass runs (default 15 s). */
  cleanupEveryMs?: number;
}

function cleanupKeyboard(ctx: BotContext, current: CleanupMinutes): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const minutes of CLEANUP_CHOICES_MINUTES) {
    const label = ctx.t(`cleanup:choice.${minutes}`);
    keyboard.text(minutes === current ? `✓ ${label}` : label, privacyCodec.encode("c", String(minutes)));
  }
  return keyboard;
}

function privacyKeyboard(ctx: BotContext, current: CleanupMinutes): InlineKeyboard {
  return cleanupKeyboard(ctx, current)
    .row()
    .text(ctx.t("cleanup:hide.button"), privacyCodec.encode("hide"))
    .row()
    .text(ctx.t("privacy:forget.button"), privacyCodec.encode("forget"))
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
}

function ownerOf(ctx: BotContext): string | undefined {
  return ctx.from ? ctx.app.ownerKey(ctx.from.id) : undefined;
}

export function createPrivacyFeature(app: AppServices, options: PrivacyFeatureOptions): Feature {
  const { cleanup } = options;
  const worker = createCleanupWorker({
    repo: cleanup,
    recentMessages: app.recentMessages,
    clock: app.clock,
    logger: app.logger.child({ feature: "cleanup" }),
    everyMs: options.cleanupEveryMs ?? 15_000,
    callsPerSecond: 20,
  });

  async function showPrivacy(ctx: BotContext): Promise<void> {
    const owner = ownerOf(ctx);
    const current = owner ? cleanup.minutes(owner) : 0;
    const text = [ctx.t("privacy:text"), ctx.t("cleanup:explained"), ctx.t("cleanup:limits")].join("\n\n");
    await showScreen(ctx, text, { keyboard: privacyKeyboard(ctx, current), protect: true });
  }

  async function askToForget(ctx: BotContext): Promise<void> {
    const keyboard = new InlineKeyboard()
      .text(ctx.t("privacy:forget.yes"), privacyCodec.encode("yes"))
      .row()
      .text(ctx.t("privacy:forget.no"), privacyCodec.encode("no"));
    await showScreen(ctx, ctx.t("privacy:forget.confirm"), { keyboard, protect: true });
  }

  /** Switches clean-up on, to another age, or off; the limits are said when it is switched on. */
  async function setCleanup(ctx: BotContext, minutes: CleanupMinutes): Promise<void> {
    const owner = ownerOf(ctx);
    if (!owner || !ctx.chat) return;
    const before = cleanup.minutes(owner);
    cleanup.set(owner, ctx.chat.id, minutes, app.clock());
    const keyboard = cleanupKeyboard(ctx, minutes).row().text(ctx.t("common:menu.back"), privacyCodec.encode());
    if (minutes === 0) {
      await showScreen(ctx, ctx.t("cleanup:off"), { keyboard, protect: true });
      ctx.log.info("chat clean-up switched off");
      return;
    }
    const on = ctx.t("cleanup:on", { after: ctx.t(`cleanup:after.${minutes}`) });
    const text = before === 0 ? [on, ctx.t("cleanup:limits")].join("\n\n") : on;
    await showScreen(ctx, text, { keyboard, protect: true });
    ctx.log.info("chat clean-up switched on");
  }

  /**
   * Deletes now everything in this chat the bot still may (the last 48 hours), keeps settings and
   * subscriptions, and leaves one neutral line that removes itself after a minute.
   */
  async function hideNow(ctx: BotContext): Promise<void> {
    const owner = ownerOf(ctx);
    if (!owner || !ctx.chat) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const ids = app.recentMessages.deletable(owner, app.clock());
    const outcome = await deleteInBatches(ctx.api, ctx.chat.id, ids);
    if (outcome === "retry") ctx.log.warn("could not delete some messages");
    else app.recentMessages.remove(owner, ids);
    const [note] = await sendHtml(ctx, ctx.t("cleanup:hide.done"));
    if (note) cleanup.scheduleOnce(owner, ctx.chat.id, note.message_id, app.clock() + HIDE_NOTE_MS);
    ctx.log.info("a person hid their chat");
  }

  /**
   * Erases everything about this person: every feature's data, the settings, unfinished
   * conversations; then deletes the chat's messages Telegram still lets the bot delete, and
   * checkpoints the database so nothing lingers in the write-ahead log.
   */
  async function forgetEverything(ctx: BotContext): Promise<void> {
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
    if ((await deleteInBatches(ctx.api, ctx.chat.id, ids)) !== "deleted") {
      ctx.log.warn("could not delete some messages");
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

  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");
  privateChat.command("privacy", showPrivacy);
  privateChat.command("forget", askToForget);
  privateChat.command("hide", hideNow);
  privateChat.callbackQuery(privacyCodec.pattern, async (ctx, next) => {
    const parts = privacyCodec.decode(ctx.callbackQuery.data);
    if (parts?.length === 0) return showPrivacy(ctx);
    if (parts?.length === 2 && parts[0] === "c") {
      const minutes = Number(parts[1]);
      if (isCleanupMinutes(minutes)) return setCleanup(ctx, minutes);
      return next();
    }
    const action = parts?.length === 1 ? parts[0] : undefined;
    if (action === "hide") return hideNow(ctx);
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
      { command: "hide", description: "cleanup:commands.hide", scope: "private" },
      { command: "forget", description: "privacy:commands.forget", scope: "private" },
    ],
    menu: [{ label: "privacy:menu", data: privacyCodec.encode(), order: 91 }],
    deepLinks: [
      { route: "privacy", open: showPrivacy },
      { route: "forget", open: askToForget },
    ],
    erase: (owner) => cleanup.erase(owner),
    start: (api) => worker.start(api),
    stop: () => worker.stop(),
    runPending: () => worker.runPending(),
  };
}
