import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Operators who switched on the weekly digest. `owner` is the keyed hash of the operator's
 * Telegram id, `chat` their private chat id encrypted (AES-GCM, purpose "chat-id") because the
 * digest must be delivered to it; `lastWeek` the Monday of the last week a digest went out for.
 */
export const reachDigests = sqliteTable("reach_digests", {
  owner: text("owner").primaryKey(),
  chat: text("chat").notNull(),
  lang: text("lang").notNull(),
  /** `YYYY-MM-DD` (a Monday), null until the first digest. */
  lastWeek: text("last_week"),
});
