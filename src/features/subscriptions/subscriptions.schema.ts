import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * People who opted in to receive broadcasts. Exactly what the consent screen lists, nothing else:
 * `owner` is the HMAC of the Telegram id (never the id), `chat` the chat id encrypted with
 * AES-256-GCM (purpose "chat-id") — the only identifier kept in recoverable form, because
 * messages must be delivered to it. `topics` is a bit set (see subscriptions.topics.ts);
 * `created` a day (YYYY-MM-DD), no time of day.
 */
export const subscribers = sqliteTable("subscribers", {
  owner: text("owner").primaryKey(),
  chat: text("chat").notNull(),
  lang: text("lang").notNull(),
  country: text("country"),
  topics: integer("topics").notNull(),
  created: text("created").notNull(),
});
