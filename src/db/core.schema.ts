import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Per-person settings (language, country). `key` is the HMAC of the Telegram id — never the id.
 * Rows exist only once a person chose something; idle rows are purged after 90 days.
 */
export const sessions = sqliteTable("sessions", {
  key: text("key").primaryKey(),
  data: text("data").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * The conversations plugin's replay state, which holds whole updates (names, typed text): stored
 * only AES-256-GCM encrypted, keyed by HMAC, purged after a day.
 */
export const conversationState = sqliteTable("conversation_state", {
  key: text("key").primaryKey(),
  data: text("data").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Numbers of messages in a private chat from the last 48 hours (no content), so that /forget can
 * delete them: Telegram lets bots delete messages only by id, and only for 48 hours.
 */
export const recentMessages = sqliteTable(
  "recent_messages",
  {
    owner: text("owner").notNull(),
    messageId: integer("message_id").notNull(),
    at: integer("at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.owner, table.messageId] })],
);

/** Small facts about the installation itself, e.g. a hash of the last registered command lists. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
