import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Today's "was this helpful?" presses, only to count one press per person per item per day:
 * `press` is a keyed hash of (person's record key, item, day) — it can't be linked back to the
 * person or to their other presses — and every row of an earlier day is purged.
 */
export const helpfulPresses = sqliteTable("helpful_presses", {
  press: text("press").primaryKey(),
  /** UTC day, `YYYY-MM-DD`. */
  day: text("day").notNull(),
});
