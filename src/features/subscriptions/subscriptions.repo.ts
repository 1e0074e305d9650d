import { and, asc, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { utcDay } from "../../db/counters.repo.js";
import { type Audience, type Recipient, type SubscriberStats, TOPICS, type Topic } from "../../delivery/audience.js";
import type { Privacy } from "../../privacy/privacy.js";
import { subscribers } from "./subscriptions.schema.js";
import { topicBit } from "./subscriptions.topics.js";

/** A subscription as the person sees it (the chat id stays encrypted in the database). */
export interface Subscription {
  lang: string;
  country: string | null;
  topics: number;
  /** YYYY-MM-DD */
  created: string;
}

export interface NewSubscription {
  owner: string;
  chatId: number;
  lang: string;
  country: string | null;
  topics: number;
  /** Epoch ms; only the day is kept. */
  now: number;
}

/** The SQL condition on `subscribers` that selects an audience (undefined: everyone). */
function audienceCondition(audience: Audience): SQL | undefined {
  const lang =
    audience.kind !== "lang" && audience.lang !== undefined ? eq(subscribers.lang, audience.lang) : undefined;
  switch (audience.kind) {
    case "all":
      return lang;
    case "lang":
      return eq(subscribers.lang, audience.value);
    case "country":
      return and(audience.value === null ? isNull(subscribers.country) : eq(subscribers.country, audience.value), lang);
    case "topic":
      return and(sql`(${subscribers.topics} & ${topicBit(audience.value)}) != 0`, lang);
  }
}

/** Subscriptions: keyed by the HMAC of the Telegram id, with the chat id only encrypted. */
export function createSubscriptionsRepo(db: Db, privacy: Privacy) {
  const byOwner = db
    .select({
      lang: subscribers.lang,
      country: subscribers.country,
      topics: subscribers.topics,
      created: subscribers.created,
    })
    .from(subscribers)
    .where(eq(subscribers.owner, sql.placeholder("owner")))
    .prepare();
  // Prepared once: a delivery asks this for every message it sends.
  const addressOf = db
    .select({ chat: subscribers.chat, lang: subscribers.lang })
    .from(subscribers)
    .where(eq(subscribers.owner, sql.placeholder("owner")))
    .prepare();
  const decryptChat = (sealed: string): number | undefined => {
    try {
      const id = Number(privacy.decrypt(sealed, "chat-id"));
      return Number.isSafeInteger(id) ? id : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    get(owner: string): Subscription | undefined {
      return byOwner.get({ owner });
    },

    /** Creates the subscription, or replaces its settings when it exists (keeping its date). */
    subscribe(input: NewSubscription): void {
      const chat = privacy.encrypt(String(input.chatId), "chat-id");
      db.insert(subscribers)
        .values({
          owner: input.owner,
          chat,
          lang: input.lang,
          country: input.country,
          topics: input.topics,
          created: utcDay(input.now),
        })
        .onConflictDoUpdate({
          target: subscribers.owner,
          set: { chat, lang: input.lang, country: input.country, topics: input.topics },
        })
        .run();
    },

    setTopics(owner: string, topics: number): boolean {
      return db.update(subscribers).set({ topics }).where(eq(subscribers.owner, owner)).run().changes > 0;
    },

    /** Keeps language and country in step with what the person chose elsewhere in the bot. */
    setSettings(owner: string, lang: string, country: string | null): boolean {
      return db.update(subscribers).set({ lang, country }).where(eq(subscribers.owner, owner)).run().changes > 0;
    },

    /** Deletes the subscription; true if there was one. */
    remove(owner: string): boolean {
      return db.delete(subscribers).where(eq(subscribers.owner, owner)).run().changes > 0;
    },

    /** How many subscribers an audience has right now. */
    count(audience: Audience): number {
      return (
        db.select({ count: sql<number>`count(*)` }).from(subscribers).where(audienceCondition(audience)).get()?.count ??
        0
      );
    },

    /** Up to `limit` subscriber keys of an audience after `after`, ascending (keyset paging on the key). */
    page(audience: Audience, after: string | null, limit: number): string[] {
      return db
        .select({ owner: subscribers.owner })
        .from(subscribers)
        .where(and(after === null ? undefined : gt(subscribers.owner, after), audienceCondition(audience)))
        .orderBy(asc(subscribers.owner))
        .limit(limit)
        .all()
        .map((row) => row.owner);
    },

    /** Where to deliver now: the chat id decrypted (undefined if it can't be read, e.g. the key changed). */
    recipient(owner: string): Recipient | undefined {
      const row = addressOf.get({ owner });
      return row ? { chatId: decryptChat(row.chat), lang: row.lang } : undefined;
    },

    stats(): SubscriberStats {
      const total = db.select({ count: sql<number>`count(*)` }).from(subscribers).get()?.count ?? 0;
      const byLang = db
        .select({ key: subscribers.lang, count: sql<number>`count(*)` })
        .from(subscribers)
        .groupBy(subscribers.lang)
        .orderBy(sql`count(*) desc`, subscribers.lang)
        .all();
      const byCountry = db
        .select({ key: subscribers.country, count: sql<number>`count(*)` })
        .from(subscribers)
        .groupBy(subscribers.country)
        .orderBy(sql`count(*) desc`, subscribers.country)
        .all();
      const sums = db
        .select(
          Object.fromEntries(
            TOPICS.map((topic) => [
              topic,
              sql<number>`coalesce(sum((${subscribers.topics} & ${topicBit(topic)}) != 0), 0)`,
            ]),
          ) as Record<Topic, ReturnType<typeof sql<number>>>,
        )
        .from(subscribers)
        .get();
      const byTopic = TOPICS.map((key) => ({ key, count: Number(sums?.[key] ?? 0) }));
      return { total, byLang, byCountry, byTopic };
    },
  };
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;
