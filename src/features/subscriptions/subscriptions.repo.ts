import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { utcDay } from "../../db/counters.repo.js";
import type { Privacy } from "../../privacy/privacy.js";
import { subscribers } from "./subscriptions.schema.js";
import { TOPICS, type Topic, topicBit } from "./subscriptions.topics.js";

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

/** Subscriber counts for operators: numbers only, never a person. */
export interface SubscriberStats {
  total: number;
  byLang: Array<{ key: string; count: number }>;
  /** `key` null: no country chosen. */
  byCountry: Array<{ key: string | null; count: number }>;
  byTopic: Array<{ key: Topic; count: number }>;
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

    /** The deliverable chat id, decrypted, or undefined when it can't be read (e.g. the key changed). */
    decryptChat(sealed: string): number | undefined {
      try {
        const id = Number(privacy.decrypt(sealed, "chat-id"));
        return Number.isSafeInteger(id) ? id : undefined;
      } catch {
        return undefined;
      }
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
