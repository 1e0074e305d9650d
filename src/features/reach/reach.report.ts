import type { CountersRepo } from "../../db/counters.repo.js";
import { FIRST_ANSWER_METRIC, SECTIONS, type SectionSpec } from "./reach.sections.js";

/** Figures below this, for one item on one day or over a period, are shown as "<5". */
export const SMALL = 5;
export const HIDDEN = "<5";

/** A figure as it may be shown: 0, or the number from SMALL up, else "<5". */
export function shown(count: number): string {
  return count >= SMALL || count === 0 ? String(count) : HIDDEN;
}

/** A day's count that may be shown as it is (0 or from SMALL up); the others show as "<5". */
export function isVisible(count: number): boolean {
  return count === 0 || count >= SMALL;
}

/** The part of items' daily counts that may be shown, and whether any day behind them is hidden. */
export function visiblePart(items: readonly ReportItem[]): { visible: number; hidden: boolean; total: number } {
  let visible = 0;
  let hidden = false;
  let total = 0;
  for (const item of items)
    for (const count of item.daily.values()) {
      total += count;
      if (isVisible(count)) visible += count;
      else hidden = true;
    }
  return { visible, hidden, total };
}

/**
 * A total over a period. Exact when every day behind it may be shown; otherwise only its visible
 * part with "+" ("40+"), never the exact figure: the CSV lists every day, so an exact total minus
 * the visible days would give away the hidden ones — the people at a small meeting.
 */
export function shownTotal(items: readonly ReportItem[]): string {
  const { visible, hidden, total } = visiblePart(items);
  if (!hidden) return String(total);
  if (total < SMALL) return HIDDEN;
  return `${Math.max(visible, SMALL)}+`;
}

export type PeriodKind = "7" | "30" | "month" | "all";

export interface Period {
  kind: PeriodKind;
  /** First and last UTC day included, `YYYY-MM-DD`. `from` is undefined for all time. */
  from?: string;
  to: string;
  /** For a month: `YYYY-MM`. */
  month?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` days up to and including today. */
export function lastDays(today: string, days: 7 | 30): Period {
  const end = Date.parse(`${today}T00:00:00Z`);
  return { kind: days === 7 ? "7" : "30", from: dayOf(end - (days - 1) * DAY_MS), to: today };
}

/** A calendar month, `YYYY-MM` (up to today when it is the current month). */
export function monthPeriod(month: string, today: string): Period {
  const [year, index] = month.split("-").map(Number) as [number, number];
  const last = dayOf(Date.UTC(year, index, 0));
  return { kind: "month", month, from: `${month}-01`, to: last < today ? last : today };
}

export function allTime(today: string): Period {
  return { kind: "all", to: today };
}

/** The Monday-to-Sunday week before the one that holds `today`. */
export function lastWeek(today: string): Period {
  const date = Date.parse(`${today}T00:00:00Z`);
  const weekday = (new Date(date).getUTCDay() + 6) % 7;
  const monday = date - (weekday + 7) * DAY_MS;
  return { kind: "7", from: dayOf(monday), to: dayOf(monday + 6 * DAY_MS) };
}

/** One item of a section over the period: its daily counts and total. */
export interface ReportItem {
  metric: string;
  /** The metric's name with "_" for ".", or the part's label: its locale key and CSV name. */
  label: string;
  /** The breakdown values; empty for a part without `by`. */
  dims: Record<string, string | null>;
  total: number;
  /** `YYYY-MM-DD` → count, days with counts only. */
  daily: Map<string, number>;
}

export interface ReportSection {
  id: string;
  /** Largest first. Empty: no counts in the period, or the counters don't exist yet. */
  items: ReportItem[];
  /** Whether any of the section's counters has ever counted anything. */
  exists: boolean;
}

export interface Report {
  period: Period;
  /** The first day actually covered (for all time: the earliest count). */
  from: string;
  sections: ReportSection[];
  /** Peer conversations: first-answer counts by bucket upper bound in minutes (Infinity: "more"). */
  firstAnswers: Array<{ within: number; count: number }>;
}

/** The daily counts of the parts of one section over the period, grouped into items. */
function readSection(counters: CountersRepo, known: Set<string>, spec: SectionSpec, period: Period): ReportSection {
  const items: ReportItem[] = [];
  let exists = false;
  for (const part of spec.parts) {
    if (!known.has(part.metric)) continue;
    exists = true;
    const byKey = new Map<string, ReportItem>();
    const label = part.label ?? part.metric.replace(".", "_");
    const rows = counters.dailyTotals(part.metric, {
      from: period.from,
      to: period.to,
      where: part.where,
      by: part.by ?? [],
    });
    for (const row of rows) {
      const key = JSON.stringify(row.dims);
      let item = byKey.get(key);
      if (!item) {
        item = { metric: part.metric, label, dims: row.dims, total: 0, daily: new Map() };
        byKey.set(key, item);
      }
      item.total += row.count;
      item.daily.set(row.day, (item.daily.get(row.day) ?? 0) + row.count);
    }
    // A part without breakdown is always listed, so the text can say it was zero.
    if (!part.by?.length && byKey.size === 0)
      byKey.set("{}", { metric: part.metric, label, dims: {}, total: 0, daily: new Map() });
    items.push(...byKey.values());
  }
  if (spec.parts.every((part) => part.by?.length)) items.sort((a, b) => b.total - a.total);
  return { id: spec.id, items, exists };
}

/** A bucket's upper bound in minutes: "15m", "2h", "60" (minutes), or "more" (above the last). */
function bucketBound(value: string | null): number | undefined {
  if (value === "more") return Number.POSITIVE_INFINITY;
  const match = value ? /^(\d{1,6})(m|h)?$/.exec(value) : null;
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === "h" ? 60 : 1);
}

/** Reads everything a report shows from the counters: one query per counter and breakdown. */
export function buildReport(counters: CountersRepo, period: Period): Report {
  const known = new Set(counters.metrics());
  const sections = SECTIONS.map((spec) => readSection(counters, known, spec, period));
  let from = period.from ?? period.to;
  if (!period.from) {
    for (const section of sections)
      for (const item of section.items) for (const day of item.daily.keys()) if (day < from) from = day;
  }
  const firstAnswers = known.has(FIRST_ANSWER_METRIC)
    ? counters
        .totals(FIRST_ANSWER_METRIC, { from: period.from, to: period.to, by: ["within"] })
        .map((row) => ({ within: bucketBound(row.dims.within ?? null), count: row.count }))
        .filter((row): row is { within: number; count: number } => row.within !== undefined)
        .sort((a, b) => a.within - b.within)
    : [];
  return { period, from, sections, firstAnswers };
}

/**
 * The bucket holding the median first answer (its upper bound in minutes), or undefined when
 * there are fewer than SMALL answers in all: a median of very few says too much about each.
 */
export function medianBucket(firstAnswers: Report["firstAnswers"]): number | undefined {
  const total = firstAnswers.reduce((sum, row) => sum + row.count, 0);
  if (total < SMALL) return undefined;
  let seen = 0;
  for (const row of firstAnswers) {
    seen += row.count;
    if (seen * 2 >= total) return row.within;
  }
  return undefined;
}

/** Every day of the report, oldest first. */
export function daysOf(report: Report): string[] {
  const days: string[] = [];
  const end = Date.parse(`${report.period.to}T00:00:00Z`);
  for (let time = Date.parse(`${report.from}T00:00:00Z`); time <= end; time += DAY_MS) days.push(dayOf(time));
  return days;
}

/** A section's total over the period (all its items; for several counters, the first's). */
export function sectionTotal(section: ReportSection): number {
  return sectionItems(section).reduce((sum, item) => sum + item.total, 0);
}

/** The items a section's total adds up: those of its first counter. */
export function sectionItems(section: ReportSection): ReportItem[] {
  const first = section.items[0]?.label;
  return section.items.filter((item) => item.label === first);
}
