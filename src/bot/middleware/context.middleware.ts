import type { Context, MiddlewareFn, Transformer } from "grammy";
import type { AppContextExtras, BotContext, FlowContext } from "../context.js";
import { languageFromTelegram } from "../i18n.js";
import type { AppServices } from "../services.js";

/** The kind of an update ("message", "callback_query", …): the only thing about it we log. */
export function updateKind(update: object): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}

function attach(ctx: Context & Partial<AppContextExtras>, app: AppServices, afterUpdate: (task: () => void) => void) {
  ctx.app = app;
  ctx.log = app.logger.child({ updateId: ctx.update.update_id, kind: updateKind(ctx.update) });
  ctx.afterUpdate = afterUpdate;
}

/**
 * Puts the services and a per-update logger on the context, and runs the tasks features asked to
 * run once the update is done. Installed first, so "done" includes every write-back below it.
 */
export function servicesMiddleware(app: AppServices): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const tasks: Array<() => void> = [];
    attach(ctx, app, (task) => tasks.push(task));
    await next();
    for (const task of tasks) task();
    // The last thing that happens to an update: tests wait for this line instead of a quiet period.
    ctx.log.trace("update handled");
  };
}

/**
 * Binds the language of this update: what the person chose, else Telegram's language_code.
 * `getFixedT` gives a translator for one language without touching the shared instance.
 */
export function languageMiddleware(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const chosen = ctx.chat?.type === "private" ? ctx.session.lang : undefined;
    ctx.lang = chosen ?? languageFromTelegram(ctx.from?.language_code);
    ctx.t = ctx.app.i18n.fixedT(ctx.lang);
    return next();
  };
}

/**
 * The same context, inside conversations: the plugin builds a fresh context and Api there, so the
 * services, the language and the API transformers (auto-retry, HTML, message memory) are
 * installed again. The language is read from the session store, as there is no session here.
 */
export function flowContextMiddleware(
  app: AppServices,
  transformers: readonly Transformer[],
): MiddlewareFn<FlowContext> {
  return async (ctx, next) => {
    // Inside a conversation "after the update" is the outer update's business: run at once.
    attach(ctx, app, (task) => task());
    for (const transformer of transformers) ctx.api.config.use(transformer);
    const stored = ctx.chat?.type === "private" ? await app.sessions.read(String(ctx.chat.id)) : undefined;
    ctx.lang = stored?.lang ?? languageFromTelegram(ctx.from?.language_code);
    ctx.t = app.i18n.fixedT(ctx.lang);
    return next();
  };
}
