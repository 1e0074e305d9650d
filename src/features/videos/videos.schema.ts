import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Telegram file ids of the campaign videos, by catalog slug. Two origins per video:
 * `operator` — a file an operator sent the bot and attached in Telegram (wins over the content
 * file until the video's `media` there changes); `upload` — the file_id Telegram returned when a
 * local file from the content file was uploaded, reused for every later send. `basis` records
 * what the row was made from (the content file's `media` at attach time, or the local file's
 * path, size and modification time), so a changed content file is noticed. Nothing about people.
 */
export const videoFiles = sqliteTable(
  "video_files",
  {
    slug: text("slug").notNull(),
    origin: text("origin", { enum: ["operator", "upload"] }).notNull(),
    fileId: text("file_id").notNull(),
    /** What Telegram stored it as: `video`, or `animation`/`document` for odd uploads. */
    kind: text("kind", { enum: ["video", "animation", "document"] }).notNull(),
    basis: text("basis").notNull(),
    duration: integer("duration"),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.slug, table.origin] })],
);

/**
 * Films an operator added from Telegram beyond the content file ("add as a new film"): public
 * campaign content — a title and an optional description in the operator's language — shown
 * after the content file's videos until someone adds the slug to the content file with all four
 * languages, which then takes over the texts.
 */
export const videoExtras = sqliteTable("video_extras", {
  slug: text("slug").primaryKey(),
  lang: text("lang").notNull(),
  title: text("title").notNull(),
  description: text("description").notNull(),
  createdAt: integer("created_at").notNull(),
});

/**
 * The order of the film list when an operator has changed it (/films): every film's slug and its
 * place. Films not in it (new ones in the content file or added since) come after, in their own
 * order. Content only.
 */
export const videoOrder = sqliteTable("video_order", {
  slug: text("slug").primaryKey(),
  position: integer("position").notNull(),
});
