import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Anonymous aggregate counts by UTC day: how often something happened, broken down by a few
 * categorical dimensions (a video, a language, a deep-link source tag). There is no column that
 * could hold a person, a chat or a message, and none may ever be added: a row is "12 views of
 * video `prison` in Georgian on 2026-11-28", never "who".
 */
export const dailyCounters = sqliteTable(
  "daily_counters",
  {
    /** UTC day, `YYYY-MM-DD`. */
    day: text("day").notNull(),
    /** What was counted, e.g. `video.view`. */
    metric: text("metric").notNull(),
    /** The dimensions as canonical JSON (keys sorted), `{}` when there are none. */
    dims: text("dims").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.day, table.metric, table.dims] }),
    // Reports read one metric over a range of days.
    index("daily_counters_metric_day").on(table.metric, table.day),
  ],
);

/**
 * Deep-link source tags that operators created (with /qr). Only these are counted by name: a tag
 * anyone could type into a link (`?start=__anything`) would let a single visit be singled out, or
 * put a person's text into the database, so unknown tags are counted as "other".
 */
export const sourceTags = sqliteTable("source_tags", {
  tag: text("tag").primaryKey(),
  /** UTC day the tag was first used, `YYYY-MM-DD`. */
  created: text("created").notNull(),
});
