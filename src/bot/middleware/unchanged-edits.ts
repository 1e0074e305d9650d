import { hash } from "node:crypto";
import { type BotApiRequestInit, botApiFetch } from "../telegram/http-fetch.js";

/**
 * The part of `fetch` grammY uses: it POSTs a JSON (or multipart) body to `<root>/bot<token>/<method>`
 * and reads the answer with `json()`.
 */
export type BotApiFetch = (url: string | URL, init?: BotApiRequestInit) => Promise<{ json(): Promise<unknown> }>;

/** How many messages' last content is remembered (the most recently touched). */
const MEMORY_SIZE = 1000;

interface Payload {
  chat_id?: number | string;
  message_id?: number;
  message_ids?: number[];
  inline_message_id?: string;
  text?: string;
  parse_mode?: string;
  entities?: unknown;
  link_preview_options?: unknown;
  reply_markup?: unknown;
}

interface Answer {
  ok: boolean;
  description?: string;
  result?: unknown;
}

/** What a message looks like as far as an edit is concerned: its text (unknown for media) and keyboard. */
interface Content {
  text?: string;
  markup: string;
}

/** One-shot hashing: a Hash object per call cost more than the rest of this module together. */
function digest(value: unknown): string {
  return hash("sha1", JSON.stringify(value) ?? "", "base64");
}

const answer = (data: unknown) => ({ json: async () => data });

/**
 * The Bot API client's fetch, skipping an edit that would not change the message — a progress
 * figure that did not move, a button pressed twice — instead of sending it and getting "message
 * is not modified" back. A skipped edit is answered as Telegram answers an accepted one.
 *
 * It remembers, in memory only and for the last MEMORY_SIZE messages, what the bot itself last
 * put into each message (text and keyboard as sent, as digests), from its sends and edits; what
 * it does not know it sends, as before. It sits at the network rather than among the API
 * transformers so that the conversations plugin records a skipped call's answer like any other:
 * its replays then stay in step.
 */
export function skipUnchangedEdits(base: BotApiFetch = botApiFetch): BotApiFetch {
  const known = new Map<string, Content>();
  const keyOf = (p: Payload, messageId = p.message_id) =>
    p.inline_message_id !== undefined ? `i:${p.inline_message_id}` : `${p.chat_id}:${messageId}`;
  const textOf = (p: Payload) =>
    digest([p.text, p.parse_mode ?? null, p.entities ?? null, p.link_preview_options ?? null]);
  const remember = (key: string, content: Content) => {
    known.delete(key);
    known.set(key, content);
    if (known.size > MEMORY_SIZE) known.delete(known.keys().next().value as string);
  };

  return async (url, init) => {
    const href = String(url);
    const method = href.slice(href.lastIndexOf("/") + 1);
    const sends = method.startsWith("send");
    const changes = method.startsWith("edit") || method.startsWith("delete");
    if (!sends && !changes) return base(url, init);
    // Multipart bodies (uploads) are not read: a send of a file is a new message, and an edit
    // with one forgets everything (it is rare, and forgetting only costs a skip).
    const p = typeof init?.body === "string" ? (JSON.parse(init.body) as Payload) : undefined;

    if (p && (method === "editMessageText" || method === "editMessageReplyMarkup")) {
      const key = keyOf(p);
      const before = known.get(key);
      const next: Content = {
        text: method === "editMessageText" ? textOf(p) : before?.text,
        markup: digest(p.reply_markup ?? null),
      };
      if (before && before.text === next.text && before.markup === next.markup) {
        return answer({ ok: true, result: true });
      }
      const data = (await (await base(url, init)).json()) as Answer;
      if (data.ok || /message is not modified/.test(data.description ?? "")) remember(key, next);
      else known.delete(key);
      return answer(data);
    }
    if (changes) {
      if (!p) known.clear();
      else for (const id of [p.message_id, ...(p.message_ids ?? [])]) known.delete(keyOf(p, id));
      return base(url, init);
    }
    if (!p) return base(url, init);
    const data = (await (await base(url, init)).json()) as Answer;
    const sent = data.result as { message_id?: unknown; chat?: { id?: unknown } } | undefined;
    if (data.ok && typeof sent?.message_id === "number" && sent.chat?.id !== undefined) {
      remember(`${sent.chat.id}:${sent.message_id}`, {
        text: method === "sendMessage" ? textOf(p) : undefined,
        markup: digest(p.reply_markup ?? null),
      });
    }
    return answer(data);
  };
}
