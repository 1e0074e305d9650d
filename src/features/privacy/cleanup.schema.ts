import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * People who switched on "clean up this chat". `owner` is the HMAC of the Telegram id; `chat` the
 * chat id encrypted with AES-256-GCM (purpose "cleanup-chat") — kept only while clean-up is on,
 * because deleting messages later needs the chat. `afterMs` is the chosen age; `activeDay`
 * (YYYY-MM-DD) the last day something was deleted or the setting changed, so that a setting
 * nobody has used for 90 days is purged like idle settings.
 */
export const chatCleanup = sqliteTable("chat_cleanup", {
  owner: text("owner").primaryKey(),
  chat: text("chat").notNull(),
  afterMs: integer("after_ms").notNull(),
  activeDay: text("active_day").notNull(),
});

/**
 * One-off deletions due at a moment: the neutral line left by /hide, which removes itself after a
 * minute. The chat id is encrypted as above; rows live about a minute.
 */
export const scheduledDeletions = sqliteTable(
  "scheduled_deletions",
  {
    owner: text("owner").notNull(),
    chat: text("chat").notNull(),
    messageId: integer("message_id").notNull(),
    dueAt: integer("due_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.owner, table.messageId] })],
);
