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
export const htmlByDefault: Transformer = (prev, method, payload, signal) =>
  prev(method, withHtmlDefault(method, payload), signal);

function withHtmlDefault<P>(method: string, payload: P): P {
  const p = payload as Record<string, unknown>;
  if (
    FORMATTED.has(method) &&
    p.parse_mode === undefined &&
    p.entities === undefined &&
    p.caption_entities === undefined &&
    (p.text !== undefined || p.caption !== undefined)
  ) {
    return { ...payload, parse_mode: "HTML" };
  }
  return payload;
}

interface SentMessage {
  message_id: number;
  chat?: { id: number; type: string };
}

/**
 * Remembers the numbers of messages the bot sends into private chats for 48 hours (the window in
 * which Telegram lets a bot delete them), so /forget can delete them. Content is never kept.
 */
export function rememberSentMessages(app: SentMessageMemory): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    rememberSent(app, method, payload, result);
    return result;
  };
}

type SentMessageMemory = Pick<AppServices, "recentMessages" | "privacy" | "clock">;

function rememberSent(app: SentMessageMemory, method: string, payload: unknown, result: ApiResult): void {
  if (!result.ok || !(method.startsWith("send") || method === "copyMessage" || method === "forwardMessage")) return;
  const sent = (Array.isArray(result.result) ? result.result : [result.result]) as SentMessage[];
  const chatId = (payload as { chat_id?: unknown }).chat_id;
  const ids = sent.filter((m) => typeof m?.message_id === "number").map((m) => m.message_id);
  // Private chats are the ones whose id is a user's id: positive. Groups and channels are negative.
  const privateChat = sent[0]?.chat ? sent[0].chat.type === "private" : typeof chatId === "number" && chatId > 0;
  if (privateChat && ids.length > 0 && typeof chatId !== "undefined") {
    app.recentMessages.record(app.privacy.hashId(String(chatId)), ids, app.clock());
  }
}

/** An answer from the Bot API as transformers see it. */
type ApiResult = Awaited<ReturnType<Parameters<Transformer>[0]>>;

const EXPIRED_QUERY = /query is too old|query ID is invalid/i;

/**
 * The bot's policy for every call, in one transformer (each layer of a transformer chain costs an
 * async hop per call, and every update makes one or two calls):
 *
 * - texts and captions in HTML by default (`htmlByDefault`);
 * - numbers of messages sent into private chats remembered for /forget (`rememberSentMessages`);
 * - a button pressed while the bot was down or busy reaches it after Telegram stopped waiting for
 *   the answer ("query is too old"). The press still counts: the answer is treated as given, so
 *   the handler goes on and does what was asked — an erase, a film — instead of stopping there;
 * - every callback query that got its answer is noted, whichever Api instance answered it — the
 *   update's own or a conversation's — so the guard answers only those still spinning.
 */
export function botApiPolicy(app: SentMessageMemory & Pick<AppServices, "answeredCallbackQueries">): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, withHtmlDefault(method, payload), signal);
    if (method !== "answerCallbackQuery") {
      rememberSent(app, method, payload, result);
      return result;
    }
    app.answeredCallbackQueries.add(String((payload as { callback_query_id?: unknown }).callback_query_id));
    if (!result.ok && EXPIRED_QUERY.test(result.description)) {
      return { ok: true, result: true } as unknown as typeof result;
    }
    return result;
  };
}

/**
 * The transformers every Api instance gets, outside and inside conversations. grammY runs the
 * last installed first, so auto-retry sits next to the network (429 retry_after, 5xx, network
 * errors) and the policy sees only its final result.
 */
export function apiTransformers(app: AppServices): Transformer[] {
  return [
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowInternalServerErrors: false }),
    botApiPolicy(app),
  ];
}
