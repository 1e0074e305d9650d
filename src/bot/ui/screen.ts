import { type Context, GrammyError } from "grammy";
import type { InlineKeyboardMarkup, LinkPreviewOptions, Message } from "grammy/types";
import { MESSAGE_LIMIT, splitHtml } from "../telegram/telegram-text.js";

export interface ScreenOptions {
  keyboard?: InlineKeyboardMarkup;
  /** Sent with protect_content (no forwarding or saving), for screens about the person. */
  protect?: boolean;
  linkPreview?: boolean;
}

/** Telegram's answer when an edit would change nothing: harmless, the screen is already right. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("message is not modified");
}

/** Telegram's answer to an answerCallbackQuery that came too late (e.g. after a restart). */
export function isQueryTooOld(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("query is too old");
}

/** Edits that can't happen: the message is gone, too old, or has no text (a video's caption). */
function isUneditable(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /message to edit not found|message can't be edited|there is no text in the message to edit|MESSAGE_ID_INVALID/i.test(
      error.description,
    )
  );
}

function linkPreview(options: ScreenOptions): LinkPreviewOptions {
  return { is_disabled: !options.linkPreview };
}

/**
 * Sends HTML as one message, or several split between paragraphs when it is over Telegram's
 * 4096 characters; the keyboard goes under the last one.
 */
export async function sendHtml(
  ctx: Context,
  html: string,
  options: ScreenOptions = {},
): Promise<Message.TextMessage[]> {
  const chunks = splitHtml(html, MESSAGE_LIMIT);
  const sent: Message.TextMessage[] = [];
  for (const [index, chunk] of chunks.entries()) {
    const last = index === chunks.length - 1;
    sent.push(
      await ctx.reply(chunk, {
        parse_mode: "HTML",
        link_preview_options: linkPreview(options),
        protect_content: options.protect,
        reply_markup: last ? options.keyboard : undefined,
      }),
    );
  }
  return sent;
}

/**
 * Shows a screen. After a button press it replaces the message the button was on (menus feel
 * like one place, not a growing pile); otherwise, or when that message can't be edited, it sends
 * a new one.
 */
export async function showScreen(ctx: Context, html: string, options: ScreenOptions = {}): Promise<void> {
  const message = ctx.callbackQuery?.message;
  const chunks = splitHtml(html, MESSAGE_LIMIT);
  if (message && "text" in message && chunks.length === 1 && !options.protect === !message.has_protected_content) {
    try {
      await ctx.editMessageText(html, {
        parse_mode: "HTML",
        link_preview_options: linkPreview(options),
        reply_markup: options.keyboard,
      });
      return;
    } catch (error) {
      if (isNotModified(error)) return;
      if (!isUneditable(error)) throw error;
    }
  }
  await sendHtml(ctx, html, options);
}
