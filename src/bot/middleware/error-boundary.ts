import { type BotError, GrammyError, HttpError } from "grammy";
import type { BotContext } from "../context.js";
import { backToMenuKeyboard } from "../ui/menu.js";
import { isNotModified, isQueryTooOld } from "../ui/screen.js";

/** Telegram says the person blocked the bot or the chat is gone: nobody to answer. */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    (error.error_code === 403 || /chat not found|user is deactivated/i.test(error.description))
  );
}

/**
 * The one error boundary. It tells the Bot API's refusals (GrammyError), network failures
 * (HttpError) and our own bugs apart, logs them without user data, and in a private chat tells
 * the person — kindly, without details — that it did not work, with the way back to the menu.
 */
export async function handleBotError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const log = ctx.log ?? ctx.app?.logger;
  if (isNotModified(cause) || isQueryTooOld(cause)) {
    log?.debug({ err: cause }, "benign Bot API answer");
    return;
  }
  if (isUnreachable(cause)) {
    log?.info({ err: cause }, "chat unreachable");
    return;
  }
  if (cause instanceof GrammyError) log?.error({ err: cause }, "Bot API refused a call");
  else if (cause instanceof HttpError) log?.warn({ err: cause }, "network error talking to Telegram");
  else log?.error({ err: cause }, "unhandled error in a handler");

  if (ctx.chat?.type !== "private" || !ctx.t || cause instanceof HttpError) return;
  try {
    await ctx.reply(ctx.t("common:error.generic"), { reply_markup: backToMenuKeyboard(ctx) });
  } catch (replyError) {
    log?.warn({ err: replyError }, "could not tell the person about an error");
  }
}
