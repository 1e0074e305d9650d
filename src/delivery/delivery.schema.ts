import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A delivery job — an operator's broadcast, or a message another feature sends to an audience:
 * what to send (encrypted), to whom (an audience filter, no people), and counters. The tables
 * keep the names they had when broadcasts were their only use (renaming them buys nothing).
 *
 * Life cycle: `preparing` (recipients are being snapshotted, page by page) → `queued` → `sending`
 * → `done` or `cancelled`. Only one job sends at a time, the oldest first. When a job ends its
 * content, operator chat and recipient rows are deleted; the counters stay for the record.
 */
export const broadcastJobs = sqliteTable("broadcast_jobs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  status: text("status", { enum: ["preparing", "queued", "sending", "done", "cancelled"] }).notNull(),
  /** The message (kind, HTML or file id, operator's chat for copies) as JSON, AES-GCM "broadcast"; null once ended. */
  content: text("content"),
  /** The audience filter as JSON, e.g. {"kind":"lang","value":"ka"}: a segment, never a person. */
  audience: text("audience").notNull(),
  /** The requester's (operator's) chat id, AES-GCM "broadcast", for progress and the report; null once ended or when nobody asked to be told. */
  operatorChat: text("operator_chat"),
  /** The requester's language; "en" when there is no requester. */
  operatorLang: text("operator_lang").notNull(),
  progressMessageId: integer("progress_message_id"),
  /** The last subscriber key snapshotted (keyset paging), so a crash mid-snapshot resumes. */
  snapshotCursor: text("snapshot_cursor"),
  total: integer("total").notNull().default(0),
  sent: integer("sent").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  removed: integer("removed").notNull().default(0),
  createdAt: integer("created_at").notNull(),
  startedAt: integer("started_at"),
  finishedAt: integer("finished_at"),
});

/**
 * The per-recipient queue of a job: one row per subscriber in the audience at confirmation,
 * identified by the subscriber key only (the address is asked of `Subscribers` at send time,
 * so someone who leaves meanwhile is not messaged). `sending` marks the message in flight: a
 * crash leaves it so, and it is sent again on restart — the only duplicate a crash can cause.
 */
export const broadcastRecipients = sqliteTable(
  "broadcast_recipients",
  {
    id: integer("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => broadcastJobs.id, { onDelete: "cascade" }),
    owner: text("owner").notNull(),
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "removed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms before which a retry (after a 5xx or network error) must not be tried. */
    notBefore: integer("not_before").notNull().default(0),
  },
  (table) => [
    uniqueIndex("broadcast_recipients_job_owner").on(table.jobId, table.owner),
    index("broadcast_recipients_job_status").on(table.jobId, table.status),
    index("broadcast_recipients_owner").on(table.owner),
  ],
);
