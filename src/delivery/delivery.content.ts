import type { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

/**
 * What a delivery sends. Text and captions are Telegram HTML that Telegram accepts (checked by
 * whoever builds it: limits after entity parsing, known tags only); photos and videos go by file_id (uploaded once, never per recipient);
 * anything else is copied from the operator's chat with copyMessage.
 */
export type DeliveryContent =
  | { kind: "text"; html: string; linkPreview: boolean }
  | { kind: "photo"; fileId: string; caption: string }
  | { kind: "video"; fileId: string; caption: string }
  | { kind: "copy"; fromChat: number; messageId: number };

type ApiSignal = Parameters<Api["sendMessage"]>[3];

/**
 * Sends a delivery's content to one chat, with the Unsubscribe button under it. The broadcast
 * preview and the delivery worker both come through here, so the operator sees exactly what
 * recipients get.
 */
export async function sendContent(
  api: Api,
  chatId: number,
  content: DeliveryContent,
  replyMarkup: InlineKeyboardMarkup,
  abortSignal?: AbortSignal,
): Promise<void> {
  // grammY types its signal with the abort-controller polyfill's class; Node's is the same thing.
  const signal = abortSignal as ApiSignal;
  switch (content.kind) {
    case "text":
      await api.sendMessage(
        chatId,
        content.html,
        { parse_mode: "HTML", link_preview_options: { is_disabled: !content.linkPreview }, reply_markup: replyMarkup },
        signal,
      );
      return;
    case "photo":
      await api.sendPhoto(
        chatId,
        content.fileId,
        { caption: content.caption, parse_mode: "HTML", reply_markup: replyMarkup },
        signal,
      );
      return;
    case "video":
      await api.sendVideo(
        chatId,
        content.fileId,
        { caption: content.caption, parse_mode: "HTML", reply_markup: replyMarkup },
        signal,
      );
      return;
    case "copy":
      await api.copyMessage(chatId, content.fromChat, content.messageId, { reply_markup: replyMarkup }, signal);
      return;
  }
}
