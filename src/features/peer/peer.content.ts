import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isLang, LANGUAGES } from "../../bot/i18n.js";
import { ContentError } from "../../content/content-error.js";
import * as v from "../../validation.js";

/** The shipped file; operators edit it (format in src/content/README.md, "Peer consultants"). */
export const DEFAULT_CONSULTANTS_PATH = fileURLToPath(new URL("../../content/consultants.json", import.meta.url));
const FILE = "src/content/consultants.json";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Languages a consultant may answer in: the bot's (all twelve of the region). */
const SERVED: readonly string[] = LANGUAGES;

const TIME_ZONE_ERROR = "must be an IANA time zone such as Asia/Tbilisi";

const clock = (what: string) =>
  v.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, `must be a time of day written HH:MM (${what})`);

const schema = v.strictObject({
  about: v.string().optional(),
  // Checked against ICU's time-zone data after parsing, when the feature is on (see loadConsultants).
  timeZone: v.string().min(1, TIME_ZONE_ERROR),
  hours: v
    .array(
      v
        .strictObject({
          days: v.array(v.oneOf(WEEKDAYS, `must be one of ${WEEKDAYS.join(", ")}`)).min(1),
          from: clock("e.g. 10:00"),
          to: clock("e.g. 20:00; 24:00 for midnight"),
        })
        .refine((span) => span.from < span.to, '"from" must be earlier than "to"', ["to"]),
    )
    .min(1, "must list at least one span of hours"),
  languages: v
    .array(v.string().refine((code) => SERVED.includes(code), `must be one of ${SERVED.join(", ")}`))
    .min(1, "must name at least one language consultants answer in"),
  replyWithinHours: v
    .number("must be a number of hours")
    .int("must be a whole number of hours")
    .min(1, "must be 1–168 hours")
    .max(168, "must be 1–168 hours"),
  groupLanguage: v.string().refine(isLang, `must be a language the bot speaks: ${LANGUAGES.join(", ")}`),
});

export type ConsultantsContent = v.Infer<typeof schema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "hours[0].days[2]" from an issue's path. */
function keyOf(path: v.Path): string {
  return path.reduce<string>(
    (key, part) => (typeof part === "number" ? `${key}[${part}]` : key === "" ? part : `${key}.${part}`),
    "",
  );
}

/**
 * Reads and validates the consultants' hours and languages at start-up. Throws a ContentError
 * naming the file and the field, so an operator knows what to fix.
 *
 * The time zone is checked against ICU's time-zone data only when `checkTimeZone` (Ask a peer is
 * configured): loading that data costs the process about 5 MB of memory for good, which a bot
 * without consultants never needs.
 */
export function loadConsultants(
  file = DEFAULT_CONSULTANTS_PATH,
  { checkTimeZone = true }: { checkTimeZone?: boolean } = {},
): ConsultantsContent {
  if (!existsSync(file)) throw new ContentError(FILE, "", "is missing");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ContentError(FILE, "", `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const problem =
      issue?.code === "unrecognized_keys" ? `has unknown keys: ${issue.keys?.join(", ")}` : issue?.message;
    throw new ContentError(FILE, keyOf(issue?.path ?? []), problem ?? "is invalid");
  }
  if (checkTimeZone && !isTimeZone(parsed.data.timeZone)) throw new ContentError(FILE, "timeZone", TIME_ZONE_ERROR);
  return parsed.data;
}

/** The weekday and time of day ("HH:MM") at `now` in the consultants' time zone. */
function localTime(content: ConsultantsContent, now: number): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: content.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: part("weekday").toLowerCase() as Weekday, time: `${part("hour")}:${part("minute")}` };
}

/** Whether consultants are at work at `now`. */
export function isWorkingTime(content: ConsultantsContent, now: number): boolean {
  const { day, time } = localTime(content, now);
  return content.hours.some((span) => span.days.includes(day) && span.from <= time && time < span.to);
}

/** 2026-11-30 was a Monday: weekday names are formatted from the days after it. */
const MONDAY = Date.UTC(2026, 10, 30, 12);

function weekdayName(lang: string, day: Weekday): string {
  const date = MONDAY + WEEKDAYS.indexOf(day) * 24 * 60 * 60 * 1000;
  return new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" }).format(date);
}

/** Consecutive days as ranges: mon,tue,wed,fri → "Mon–Wed, Fri". */
function dayRanges(lang: string, days: readonly Weekday[]): string {
  const sorted = [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  const ranges: Weekday[][] = [];
  for (const day of sorted) {
    const last = ranges.at(-1);
    if (last && WEEKDAYS.indexOf(day) === WEEKDAYS.indexOf(last.at(-1) as Weekday) + 1) last.push(day);
    else ranges.push([day]);
  }
  return ranges
    .map((range) =>
      range.length > 2
        ? `${weekdayName(lang, range[0] as Weekday)}–${weekdayName(lang, range.at(-1) as Weekday)}`
        : range.map((day) => weekdayName(lang, day)).join(", "),
    )
    .join(", ");
}

/** The hours as a person reads them in their language: "Mon–Fri 10:00–20:00 (GMT+4)". Plain text. */
export function hoursText(content: ConsultantsContent, lang: string, now: number): string {
  const spans = content.hours.map((span) => `${dayRanges(lang, span.days)} ${span.from}–${span.to}`).join("; ");
  const offset =
    new Intl.DateTimeFormat(lang, { timeZone: content.timeZone, timeZoneName: "shortOffset" })
      .formatToParts(now)
      .find((part) => part.type === "timeZoneName")?.value ?? content.timeZone;
  return `${spans} (${offset})`;
}

/** The languages consultants answer in, named in `lang` ("Russian, Georgian"). Plain text. */
export function languagesText(content: ConsultantsContent, lang: string): string {
  const names = new Intl.DisplayNames([lang], { type: "language" });
  return content.languages.map((code) => names.of(code) ?? code).join(", ");
}
