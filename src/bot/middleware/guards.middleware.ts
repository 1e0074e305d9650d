import type { MiddlewareFn } from "grammy";
import type { BotContext, SessionData } from "../context.js";
import { privateChatKeyboard } from "../ui/menu.js";
import { isQueryTooOld } from "../ui/screen.js";

/**
 * Every callback query gets an answer, or the person's button keeps spinning. Features answer
 * with a toast where they have something to say; this answers the rest once they are done —
 * including queries dropped by the rate limiter or failed with an error.
 */
export function answerEveryCallbackQuery(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    const { id } = ctx.callbackQuery;
    const answered = ctx.app.answeredCallbackQueries;
    try {
      await next();
    } finally {
      if (!answered.has(id)) {
        await ctx.answerCallbackQuery().catch((error: unknown) => {
          if (!isQueryTooOld(error)) throw error;
        });
      }
      answered.delete(id);
    }
  };
}

/**
 * In groups the bot speaks only when spoken to: a command addressed to it by name
 * (`/videos@this_bot`), a button on its own message, or its own inline results. Everything else
 * in a group — chatter, bare commands meant for other bots — is dropped before any feature;
 * except in the consultants' group (CONSULTANTS_CHAT_ID), where the peer feature reads everything.
 */
export function groupEtiquette(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const type = ctx.chat?.type;
    if (type !== "group" && type !== "supergroup") return next();
    if (ctx.callbackQuery || ctx.myChatMember) return next();
    // The consultants' group of "Ask a peer" is the bot's workplace: every message there is for it.
    if (ctx.chat?.id === ctx.app.config.peer.chatId) return next();
    const message = ctx.message;
    const command = message?.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
    if (!message?.text || !command) return;
    const mention = message.text.slice(0, command.length).split("@")[1];
    if (mention?.toLowerCase() === ctx.me.username.toLowerCase()) return next();
  };
}

/** Messages posted through the bot's own inline results are the bot's content: no answer. */
export function ignoreOwnInlineResults(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    if (ctx.msg?.via_bot?.id === ctx.me.id) return;
    return next();
  };
}

/** Remembers the number (never the content) of each message a person sends in a private chat, for /forget. */
export function rememberIncomingMessages(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    if (ctx.chat?.type === "private" && ctx.message && ctx.from) {
      ctx.app.recentMessages.record(ctx.app.ownerKey(ctx.from.id), [ctx.message.message_id], ctx.app.clock());
    }
    return next();
  };
}

/**
 * Tells features when an update changed the person's settings (language or country), after it
 * was handled — whichever feature or conversation made the change.
 */
export function settingsChangeNotifier(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const listeners = ctx.app.registry.settingsListeners;
    if (ctx.chat?.type !== "private" || !ctx.from || listeners.length === 0) return next();
    const before = ctx.session ? { lang: ctx.session.lang, country: ctx.session.country } : undefined;
    await next();
    // After /forget the session is gone: nothing to keep in step (the erasers ran).
    const after = ctx.session as SessionData | undefined;
    if (!before || !after || (after.lang === before.lang && after.country === before.country)) return;
    const owner = ctx.app.ownerKey(ctx.from.id);
    for (const listener of listeners) await listener(owner, { ...after });
  };
}

/**
 * In a group, a command that is personal (scope "private": a language, a country, erasing,
 * subscribing) gets one line saying it belongs in a private chat and a button that opens it there,
 * at the same section. Features never handle personal commands in groups themselves.
 */
export function personalCommandsInGroups(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const type = ctx.chat?.type;
    const text = ctx.message?.text;
    if ((type !== "group" && type !== "supergroup") || !text?.startsWith("/")) return next();
    const name = text.slice(1).split(/[\s@]/)[0]?.toLowerCase();
    const spec = ctx.app.registry.commands.find((c) => c.command === name && c.scope === "private");
    if (!spec) return next();
    const route = ctx.app.registry.deepLinks.has(spec.command) ? spec.command : "menu";
    await ctx.reply(ctx.t(spec.groupHint ?? "common:group.personal"), {
      reply_markup: privateChatKeyboard(ctx, route),
    });
  };
}
