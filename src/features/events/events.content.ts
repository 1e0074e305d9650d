import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ContentError } from "../../content/content-error.js";
import * as v from "../../validation.js";
import { EVENT_KINDS, EVENT_LANGUAGES, type EventEntry, REMIND_MAX_DAYS } from "./events.model.js";

/** The shipped events; format in src/content/README.md, "Events". */
export const DEFAULT_EVENTS_PATH = fileURLToPath(new URL("../../content/events.json", import.meta.url));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 400;
const CITY_MAX = 60;

/** A real calendar day written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const text = (max: number) =>
  v
    .string((issue) => (issue.input === undefined ? "is missing" : "must be text in quotes"))
    .trim()
    .min(1, "is empty")
    .max(max, `is longer than ${max} characters`)
    .refine((value) => !/[<>]/.test(value), "must be plain text (no < or >)");

const localized = (max: number) =>
  v.strictObject(Object.fromEntries(EVENT_LANGUAGES.map((lang) => [lang, text(max)])), (issue) =>
    issue.input === undefined ? "is missing" : `must be an object with ${EVENT_LANGUAGES.join(", ")}`,
  );

const day = v
  .string("must be a date in quotes, YYYY-MM-DD")
  .refine(isCalendarDay, "must be a real date written YYYY-MM-DD");

const https = v.url(/^https$/, "must be an https:// address");

const event = v
  .strictObject({
    id: v.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters, digits and dashes"),
    kind: v.oneOf(EVENT_KINDS, `must be one of ${EVENT_KINDS.join(", ")}`),
    start: day,
    end: day,
    title: localized(TITLE_MAX),
    description: localized(DESCRIPTION_MAX),
    city: v.union(
      [v.literal("online"), localized(CITY_MAX)],
      `must be "online" or an object with ${EVENT_LANGUAGES.join(", ")}`,
    ),
    link: https.nullable(),
    remindDays: v
      .array(v.int().min(1).max(REMIND_MAX_DAYS), `must be a list of whole days, 1–${REMIND_MAX_DAYS}`)
      .max(5),
    source: v.strictObject({
      url: https,
      read: day,
      note: text(500).optional(),
    }),
  })
  .refine((value) => value.end >= value.start, "ends before it starts", ["end"]);

const file = v.strictObject({ about: v.string().optional(), events: v.array(event) });

function where(path: v.Path): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${part}`)).join("");
}

/**
 * Reads and checks the events file. Any problem stops the start with the file and the field to
 * fix (ContentError), so a wrong date never reaches subscribers.
 */
export function loadEvents(path: string = DEFAULT_EVENTS_PATH): EventEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ContentError(path, "", `can't be read as JSON: ${(error as Error).message}`);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ContentError(path, issue ? where(issue.path) : "", issue?.message ?? "is not valid");
  }
  const seen = new Set<string>();
  return parsed.data.events.map((entry, index) => {
    if (seen.has(entry.id)) throw new ContentError(path, `events[${index}].id`, `"${entry.id}" is used twice`);
    seen.add(entry.id);
    return {
      key: `c:${entry.id}`,
      origin: "content",
      kind: entry.kind,
      preset: null,
      start: entry.start,
      end: entry.end,
      title: entry.title,
      description: entry.description,
      city: entry.city === "online" ? null : entry.city,
      link: entry.link,
      remindDays: [...new Set(entry.remindDays)].sort((a, b) => b - a),
      cancelled: false,
    } satisfies EventEntry;
  });
}
