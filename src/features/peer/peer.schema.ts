import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Conversations between a person and the peer consultants. While a conversation is open its row
 * holds what routing needs and nothing a person said: `owner` is the HMAC of the person's Telegram
 * id, `chat` their chat id encrypted with AES-256-GCM (purpose "chat-id"), language and country as
 * chosen in the bot, days (YYYY-MM-DD) and the few times (epoch ms) the flow needs. When it closes
 * every column but the number and the status is cleared: `number` is what consultants see (#17),
 * and numbers are never reused.
 */
export const peerConversations = sqliteTable(
  "peer_conversations",
  {
    number: integer("number").primaryKey({ autoIncrement: true }),
    /** `waiting` (the person pressed "write", nothing sent yet), `open`, `closed`. */
    status: text("status", { enum: ["waiting", "open", "closed"] }).notNull(),
    owner: text("owner"),
    chat: text("chat"),
    lang: text("lang"),
    country: text("country"),
    /** Topics mode: the forum topic of this conversation in the consultants' group. */
    thread: integer("thread"),
    /** Reply mode: the header message every relayed message replies to. */
    header: integer("header"),
    opened: text("opened"),
    lastActive: text("last_active"),
    /** When the person's first unanswered message came (for /tickets and time to first answer). */
    waitingSince: integer("waiting_since"),
    /** Whether a consultant answered at least once (first-answer time is counted once). */
    answered: integer("answered", { mode: "boolean" }),
    /** Flood window of the person's messages while they wait: its start and the count in it. */
    windowStart: integer("window_start"),
    windowCount: integer("window_count"),
    /** When the person was last told it is outside the consultants' hours. */
    offHoursNoted: integer("off_hours_noted"),
    /** When the row was last touched (a "waiting" row nobody writes in is dropped after a day). */
    touched: integer("touched"),
  },
  (table) => [index("peer_conversations_owner").on(table.owner), index("peer_conversations_status").on(table.status)],
);

/**
 * Reply mode: the consultants' group messages that belong to an open conversation (the header,
 * relayed messages, consultants' replies), so a reply to any of them reaches the right person.
 * `at` (epoch ms) lets closing delete the ones Telegram still allows (under 48 hours).
 * Deleted when the conversation closes.
 */
export const peerRoutes = sqliteTable(
  "peer_routes",
  {
    message: integer("message").primaryKey(),
    conversation: integer("conversation")
      .notNull()
      .references(() => peerConversations.number, { onDelete: "cascade" }),
    at: integer("at").notNull(),
  },
  (table) => [index("peer_routes_conversation").on(table.conversation)],
);

/**
 * Topics of closed conversations waiting to be deleted (topics mode): only the topic's number in
 * the group and when to delete it; nothing links it to a person.
 */
export const peerTopicCleanup = sqliteTable("peer_topic_cleanup", {
  thread: integer("thread").primaryKey(),
  deleteAfter: integer("delete_after").notNull(),
});

/**
 * People consultants blocked: the keyed hash only, and the number of the conversation it came
 * from, so an operator can lift it (`/unblock 17`).
 */
export const peerBlocks = sqliteTable("peer_blocks", {
  owner: text("owner").primaryKey(),
  conversation: integer("conversation").notNull(),
  day: text("day").notNull(),
});

/**
 * How consultants sign their replies: keyed by the HMAC of the consultant's Telegram id, the
 * pseudonym encrypted (purpose "pseudonym"), since a consultant might type a real name.
 */
export const peerPseudonyms = sqliteTable("peer_pseudonyms", {
  owner: text("owner").primaryKey(),
  name: text("name").notNull(),
});
