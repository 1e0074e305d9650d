import { createHash } from "node:crypto";
import { autoRetry } from "@grammyjs/auto-retry";
import type { Transformer } from "grammy";
import type { AppServices } from "../services.js";

/** Methods whose `text` or `caption` we write in Telegram HTML. */
const FORMATTED = new Set([
  "sendMessage",
  "editMessageText",
  "sendPhoto",
  "sendVideo",
  "sendDocument",
  "sendAnimation",
  "sendAudio",
  "sendVoice",
  "editMessageCaption",
  "copyMessage",
]);

/** Every text and caption goes out with parse_mode HTML unless a call says otherwise. */
export const htmlByDefault: Transformer = (prev, method, payload, signal) => {
  const p = payload as Record<string, unknown>;
  if (FORMATTED.has(method) && p.parse_mode === undefined && (p.text !== undefined || p.caption !== undefined)) {
    return prev(method, { ...payload, parse_mode: "HTML" } as typeof payload, signal);
  }
  return prev(method, payload, signal);
};

interface SentMessage {
  message_id: number;
  chat?: { id: number; type: string };
}

/**
 * Remembers the numbers of messages the bot sends into private chats for 48 hours (the window in
 * which Telegram lets a bot delete them), so /forget can delete them. Content is never kept.
 */
export function rememberSentMessages(app: Pick<AppServices, "recentMessages" | "privacy" | "clock">): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok || !(method.startsWith("send") || method === "copyMessage" || method === "forwardMessage")) {
      return result;
    }
    const sent = (Array.isArray(result.result) ? result.result : [result.result]) as SentMessage[];
    const chatId = (payload as { chat_id?: unknown }).chat_id;
    const ids = sent.filter((m) => typeof m?.message_id === "number").map((m) => m.message_id);
    // Private chats are the ones whose id is a user's id: positive. Groups and channels are negative.
    const privateChat = sent[0]?.chat ? sent[0].chat.type === "private" : typeof chatId === "number" && chatId > 0;
    if (privateChat && ids.length > 0 && typeof chatId !== "undefined") {
      app.recentMessages.record(app.privacy.hashId(String(chatId)), ids, app.clock());
    }
    return result;
  };
}

/**
 * A button pressed while the bot was down or busy reaches it after Telegram stopped waiting for
 * the answer ("query is too old"). The press still counts: the answer is treated as given, so
 * the handler goes on and does what was asked — an erase, a film — instead of stopping there.
 */
export const tolerateExpiredCallbackQueries: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (
    method === "answerCallbackQuery" &&
    !result.ok &&
    /query is too old|query ID is invalid/i.test(result.description)
  ) {
    return { ok: true, result: true } as unknown as typeof result;
  }
  return result;
};

/**
 * Notes every callback query that got its answer, whichever Api instance answered it — the
 * update's own or a conversation's — so the guard answers only those still spinning.
 */
export function trackCallbackAnswers(app: AppServices): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === "answerCallbackQuery") {
      app.answeredCallbackQueries.add(String((payload as { callback_query_id?: unknown }).callback_query_id));
    }
    return result;
  };
}

/** How many messages' last content skipUnchangedEdits remembers (the most recently touched). */
const EDIT_MEMORY_SIZE = 1000;

type EditPayload = {
  chat_id?: number | string;
  message_id?: number;
  inline_message_id?: string;
  text?: string;
  parse_mode?: string;
  entities?: unknown;
  link_preview_options?: unknown;
  reply_markup?: unknown;
};

/**
 * Skips an edit that would not change the message — a progress figure that did not move, a
 * button pressed twice — instead of sending it and getting "message is not modified" back. It
 * remembers, in memory only and for the last EDIT_MEMORY_SIZE messages, what the bot itself last
 * put into each message (text and keyboard as sent, as digests); a skipped edit resolves as if
 * Telegram had accepted it. What it does not know it sends, as before.
 */
export function skipUnchangedEdits(): Transformer {
  const known = new Map<string, { text?: string; markup: string }>();
  const keyOf = (p: EditPayload, messageId = p.message_id) =>
    p.inline_message_id !== undefined ? `i:${p.inline_message_id}` : `${p.chat_id}:${messageId}`;
  const textOf = (p: EditPayload) =>
    digest([p.text, p.parse_mode ?? null, p.entities ?? null, p.link_preview_options ?? null]);
  const remember = (key: string, entry: { text?: string; markup: string }) => {
    known.delete(key);
    known.set(key, entry);
    if (known.size > EDIT_MEMORY_SIZE) known.delete(known.keys().next().value as string);
  };
  return async (prev, method, payload, signal) => {
    const p = payload as EditPayload;
    if (method === "editMessageText" || method === "editMessageReplyMarkup") {
      const key = keyOf(p);
      const before = known.get(key);
      const next = {
        text: method === "editMessageText" ? textOf(p) : before?.text,
        markup: digest(p.reply_markup ?? null),
      };
      if (before && before.text === next.text && before.markup === next.markup) {
        return { ok: true, result: true } as Awaited<ReturnType<typeof prev>>;
      }
      const result = await prev(method, payload, signal);
      if (result.ok || /message is not modified/.test(result.description)) remember(key, next);
      else known.delete(key);
      return result;
    }
    const result = await prev(method, payload, signal);
    if (method.startsWith("delete") || method.startsWith("edit")) {
      for (const id of [p.message_id, ...((payload as { message_ids?: number[] }).message_ids ?? [])]) {
        known.delete(keyOf(p, id));
      }
    } else if (result.ok && method.startsWith("send") && !Array.isArray(result.result)) {
      const sent = result.result as SentMessage;
      if (typeof sent?.message_id === "number" && sent.chat) {
        remember(`${sent.chat.id}:${sent.message_id}`, {
          text: method === "sendMessage" ? textOf(p) : undefined,
          markup: digest(p.reply_markup ?? null),
        });
      }
    }
    return result;
  };
}

function digest(value: unknown): string {
  return createHash("sha1")
    .update(JSON.stringify(value) ?? "")
    .digest("base64");
}

/**
 * The transformers every Api instance gets, outside and inside conversations. grammY runs the
 * last installed first, so auto-retry sits next to the network (429 retry_after, 5xx, network
 * errors) and the others see only its final result.
 */
export function apiTransformers(app: AppServices): Transformer[] {
  return [
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowInternalServerErrors: false }),
    htmlByDefault,
    rememberSentMessages(app),
    tolerateExpiredCallbackQueries,
    trackCallbackAnswers(app),
    skipUnchangedEdits(),
  ];
}
