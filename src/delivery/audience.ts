import type { InlineKeyboardMarkup } from "grammy/types";
import { isLang, type Translate } from "../bot/i18n.js";

/**
 * What a person can subscribe to, in the order screens list them. The subscriptions feature
 * stores them as bits (see subscriptions.topics.ts): only append here, never reorder or remove.
 */
export const TOPICS = ["videos", "news", "events", "rights"] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}

/**
 * Who a delivery goes to: every subscriber, or one segment — a language, a country (null: none
 * chosen), a topic — optionally narrowed to one language (`lang`), e.g. the "events" topic in
 * Georgian. A segment, never a person.
 */
export type Audience =
  | { kind: "all"; lang?: string }
  | { kind: "lang"; value: string }
  | { kind: "country"; value: string | null; lang?: string }
  | { kind: "topic"; value: Topic; lang?: string };

/** The segment kinds an operator picks from. */
export type SegmentKind = "lang" | "country" | "topic";

/** Country codes as the rights content uses them: lower-case letters, or "general". */
const COUNTRY = /^[a-z]{2,8}$/;

/** The audience described by callback-data parts (`all`, `lang ka`, `country ge`, `country none`, `topic news`). */
export function audienceFromParts(kind: string | undefined, value: string | undefined): Audience | undefined {
  if (kind === "all") return { kind: "all" };
  if (kind === "lang" && isLang(value)) return { kind: "lang", value };
  if (kind === "country" && value === "none") return { kind: "country", value: null };
  if (kind === "country" && value !== undefined && COUNTRY.test(value)) return { kind: "country", value };
  if (kind === "topic" && isTopic(value)) return { kind: "topic", value };
  return undefined;
}

/** An audience as stored with a job (JSON), checked again: stored data is not trusted blindly. */
export function parseAudience(json: string): Audience {
  const value = JSON.parse(json) as Audience;
  const parsed = audienceFromParts(value.kind, value.kind === "all" ? undefined : (value.value ?? "none"));
  if (!parsed) throw new Error("stored audience is not valid");
  if (value.kind !== "lang" && value.lang !== undefined) {
    if (!isLang(value.lang)) throw new Error("stored audience is not valid");
    return { ...parsed, lang: value.lang } as Audience;
  }
  return parsed;
}

/** Subscriber counts for operators: numbers only, never a person. */
export interface SubscriberStats {
  total: number;
  byLang: Array<{ key: string; count: number }>;
  /** `key` null: no country chosen. */
  byCountry: Array<{ key: string | null; count: number }>;
  byTopic: Array<{ key: Topic; count: number }>;
}

/** Where one subscriber's message goes. `chatId` is undefined when the stored address can't be read. */
export interface Recipient {
  chatId: number | undefined;
  lang: string;
}

/**
 * The subscribers as deliveries and operators see them. The subscriptions feature owns the
 * table and implements this (subscriptions.audience.ts); the composition root puts it on the
 * services as `subscribers`. All methods are synchronous, so a delivery queue can call them
 * inside its own transaction on the same database.
 */
export interface Subscribers {
  /** How many subscribers an audience has right now. */
  count(audience: Audience): number;
  stats(): SubscriberStats;
  /** Up to `limit` subscriber keys of the audience, in ascending order, after `after` (keyset paging). */
  page(audience: Audience, after: string | null, limit: number): string[];
  /** Where to deliver to this subscriber now; undefined once they have left. */
  recipient(owner: string): Recipient | undefined;
  /** Ends the subscription of someone Telegram says the bot can't reach (blocked, deleted). */
  remove(owner: string): void;
  /** The one-tap Unsubscribe button that goes under every delivered message, in `lang`. */
  unsubscribeMarkup(lang: string): InlineKeyboardMarkup;
  /** A topic's name, as the subscription screens call it. */
  topicName(t: Translate, topic: Topic): string;
  /** A country's name for operators (known codes translated, others upper-cased; null: none chosen). */
  countryName(t: Translate, code: string | null): string;
}
