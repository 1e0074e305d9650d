import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Events operators added from Telegram. Public information typed by an operator (a title, a
 * line, a city, a link) — nothing about a person, and no trace of which operator added it.
 * `preset` events take their title and description from the locale files instead.
 */
export const operatorEvents = sqliteTable("operator_events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: ["international", "local"] }).notNull(),
  preset: text("preset"),
  title: text("title"),
  description: text("description"),
  /** null: online. */
  city: text("city"),
  link: text("link"),
  start: text("start").notNull(),
  end: text("end").notNull(),
  /** Days before the start to remind, comma-separated, largest first ("7,1"). */
  remindDays: text("remind_days").notNull(),
  cancelled: integer("cancelled", { mode: "boolean" }).notNull().default(false),
});

/** Content-file events an operator cancelled or whose reminders they changed. */
export const eventOverrides = sqliteTable("event_overrides", {
  /** `c:<id>` */
  key: text("key").primaryKey(),
  cancelled: integer("cancelled", { mode: "boolean" }).notNull().default(false),
  remindDays: text("remind_days"),
});

/**
 * Reminders handed to delivery: one row per event and day count, written in the same transaction
 * that queues the delivery, so each reminder goes out exactly once across restarts. `days` 0 is
 * the cancellation notice.
 */
export const eventReminders = sqliteTable(
  "event_reminders",
  {
    key: text("key").notNull(),
    days: integer("days").notNull(),
    /** UTC day it was queued. */
    queued: text("queued").notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.days] })],
);
