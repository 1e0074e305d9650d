import { conversations } from "@grammyjs/conversations";
import { limit } from "@grammyjs/ratelimiter";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, session } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createConversationStorage } from "../db/conversation-storage.js";
import type { BotContext, FlowContext, SessionData } from "./context.js";
import type { Feature } from "./feature.js";
import { languageFromTelegram } from "./i18n.js";
import { apiTransformers } from "./middleware/api-transformers.js";
import { flowContextMiddleware, languageMiddleware, servicesMiddleware } from "./middleware/context.middleware.js";
import { handleBotError } from "./middleware/error-boundary.js";
import {
  answerEveryCallbackQuery,
  groupEtiquette,
  ignoreOwnInlineResults,
  personalCommandsInGroups,
  rememberIncomingMessages,
  settingsChangeNotifier,
} from "./middleware/guards.middleware.js";
import { skipUnchangedEdits } from "./middleware/unchanged-edits.js";
import { operatorCommandsOnFirstContact } from "./profile.js";
import type { AppServices } from "./services.js";

/** Sessions exist only for private chats, whose id is the person's id. */
export function sessionKey(ctx: Context): string | undefined {
  return ctx.chat?.type === "private" ? String(ctx.chat.id) : undefined;
}

/** Updates of one chat (or, without a chat, one person) are handled one at a time, in order. */
export function sequenceKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

export interface CreateBotOptions {
  /** Known bot identity (skips getMe in tests and benchmarks). */
  botInfo?: UserFromGetMe;
  /** Updates per person allowed in `floodWindowMs` before they are slowed down. */
  floodLimit?: number;
  floodWindowMs?: number;
  /** Inline queries per person allowed in `floodWindowMs`; over it they get an empty answer. */
  inlineFloodLimit?: number;
}

/**
 * The composition root of the bot: plugins in a fixed order under one error boundary, then the
 * features in the order given, the last of which should be the catch-all. Nothing else calls
 * `bot.use`.
 */
export function createBot(app: AppServices, features: readonly Feature[], options: CreateBotOptions = {}) {
  const bot = new Bot<BotContext>(app.config.botToken, {
    // Also the Api the conversations plugin builds inside flows: it copies these client options.
    client: { apiRoot: app.config.apiRoot, fetch: skipUnchangedEdits() },
    botInfo: options.botInfo,
  });
  const transformers = apiTransformers(app);
  bot.api.config.use(...transformers);

  for (const feature of features) {
    app.registry.menu.push(...(feature.menu ?? []));
    app.registry.commands.push(...(feature.commands ?? []));
    for (const route of feature.deepLinks ?? []) app.registry.deepLinks.set(route.route, route);
    if (feature.erase) app.registry.erasers.push(feature.erase.bind(feature));
    if (feature.onDeepLink) app.registry.deepLinkListeners.push(feature.onDeepLink.bind(feature));
    if (feature.settingsChanged) app.registry.settingsListeners.push(feature.settingsChanged.bind(feature));
  }

  // Errors outside the boundary below (in sequentialize or the services middleware) must not reach
  // grammY's default handler, which prints the error — request payload included — to the console.
  bot.catch((error) => app.logger.error({ err: error.error }, "update failed outside the error boundary"));

  // ── Order per chat, context, error boundary ───────────────────────────────
  bot.use(sequentialize(sequenceKey));
  bot.use(servicesMiddleware(app));
  const guarded = bot.errorBoundary(handleBotError);

  // ── Telegram etiquette: answer every button, speak in groups only when addressed ──
  guarded.use(answerEveryCallbackQuery());
  guarded.use(groupEtiquette());
  guarded.use(ignoreOwnInlineResults());

  // ── Flood protection: per person, in memory; nobody else is slowed ────────
  // Inline mode sends an update per keystroke, and its answers are cheap and cached: inline
  // queries have their own, larger allowance and are always answered (with nothing when over it).
  const floodWindowMs = options.floodWindowMs ?? 5000;
  guarded.use(
    limit<BotContext, never>({
      timeFrame: floodWindowMs,
      limit: options.inlineFloodLimit ?? 60,
      keyPrefix: "inline",
      alwaysReply: true,
      keyGenerator: (ctx) => (ctx.inlineQuery ? ctx.from?.id.toString() : undefined),
      onLimitExceeded: async (ctx) => {
        await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true }).catch(() => undefined);
      },
    }),
  );
  guarded.use(
    limit<BotContext, never>({
      timeFrame: floodWindowMs,
      limit: options.floodLimit ?? 15,
      keyGenerator: (ctx) => (ctx.inlineQuery ? undefined : ctx.from?.id.toString()),
      onLimitExceeded: async (ctx) => {
        if (ctx.chat?.type !== "private") return;
        const t = ctx.app.i18n.fixedT(languageFromTelegram(ctx.from?.language_code));
        await ctx.reply(t("common:flood")).catch(() => undefined);
      },
    }),
  );

  // ── Per-person state (private chats only), language, message memory ─────
  guarded.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      getSessionKey: sessionKey,
      storage: app.sessions,
    }),
  );
  guarded.use(settingsChangeNotifier());
  guarded.use(languageMiddleware());
  guarded.use(rememberIncomingMessages());
  guarded.use(personalCommandsInGroups());
  guarded.use(operatorCommandsOnFirstContact());

  // ── Conversations: private chats only (updates without a chat would share one key) ──
  const privateChats = guarded.filter((ctx) => ctx.chat?.type === "private");
  privateChats.use(
    conversations<BotContext, FlowContext>({
      storage: {
        type: "key",
        getStorageKey: sessionKey,
        adapter: createConversationStorage(app.db, app.privacy, app.clock),
      },
      plugins: [flowContextMiddleware(app, transformers)],
    }),
  );
  for (const feature of features)
    for (const conversation of feature.conversations ?? []) privateChats.use(conversation);

  // ── Features, in order; the catch-all comes last ──────────────────────────
  for (const feature of features) guarded.use(feature.composer);

  return bot;
}

export type AppBot = ReturnType<typeof createBot>;
