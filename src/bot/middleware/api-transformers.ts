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

/**
 * Every text and caption goes out with parse_mode HTML unless a call says otherwise — or carries
 * its formatting as entities (a message copied with a line added), which HTML must not reinterpret.
 */
export const htmlByDefault: Transformer = (prev, method, payload, signal) => {
  const p = payload as Record<string, unknown>;
  if (
    FORMATTED.has(method) &&
    p.parse_mode === undefined &&
    p.entities === undefined &&
    p.caption_entities === undefined &&
    (p.text !== undefined || p.caption !== undefined)
  ) {
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
  ];
}
