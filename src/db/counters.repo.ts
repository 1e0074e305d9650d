import { and, asc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { dailyCounters, sourceTags } from "./counters.schema.js";

/**
 * The dimensions of a count: a few categorical values, e.g. `{ video: "prison", lang: "ka" }`.
 * Values are short tokens (A–Z a–z 0–9 _ . -). Never a person, a chat, a message or anything a
 * person typed: these counts must stay anonymous however they are sliced.
 */
export type CounterDims = Readonly<Record<string, string>>;

export interface CounterQuery {
  /** First UTC day included, `YYYY-MM-DD`. */
  from?: string;
  /** Last UTC day included, `YYYY-MM-DD`. */
  to?: string;
  /** Only counts whose dimensions have these values. */
  where?: CounterDims;
  /** Dimensions to break the total down by (none: one grand total). */
  by?: readonly string[];
}

export interface CounterTotal {
  /** The `by` dimensions of this group; null where a count did not have that dimension. */
  dims: Record<string, string | null>;
  count: number;
}

export interface DailyCount {
  day: string;
  count: number;
}

export interface DailyTotal extends CounterTotal {
  day: string;
}

export interface CountersRepo {
  /** Adds `by` (default 1) to today's count of `metric` with these dimensions. */
  increment(metric: string, dims?: CounterDims, by?: number): void;
  /** Sums per combination of the `by` dimensions, largest first. */
  totals(metric: string, query?: CounterQuery): CounterTotal[];
  /** The sum over everything the query selects. */
  total(metric: string, query?: Omit<CounterQuery, "by">): number;
  /** Sums per day, oldest first (days without counts are absent). */
  daily(metric: string, query?: Omit<CounterQuery, "by">): DailyCount[];
  /**
   * Sums per day and combination of the `by` dimensions, oldest day first: what a report needs to
   * hide the figures of one item on one day that are too small to show.
   */
  dailyTotals(metric: string, query?: CounterQuery): DailyTotal[];
  /** Metrics that have any count, alphabetically. */
  metrics(): string[];
  /** Registers a deep-link source tag an operator created, so visits through it are counted by name. */
  registerSource(tag: string): void;
  /** Whether visits through this tag are counted by name (see `sourceTags`). */
  isKnownSource(tag: string): boolean;
}

const METRIC = /^[a-z][a-z0-9_.]{0,47}$/;
const DIM_KEY = /^[a-z][a-zA-Z0-9_]{0,23}$/;
const DIM_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Telegram user and chat ids are long numbers; no dimension should ever look like one. */
const LOOKS_LIKE_AN_ID = /^-?\d{7,}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DIMS = 6;

/** The UTC day of an epoch-millisecond time, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function checkMetric(metric: string): void {
  if (!METRIC.test(metric)) throw new Error(`counter metric "${metric}" must match ${METRIC}`);
}

function checkKey(key: string): void {
  if (!DIM_KEY.test(key)) throw new Error(`counter dimension "${key}" must match ${DIM_KEY}`);
}

/** Dimensions as canonical JSON (sorted keys), after checking they are safe, anonymous tokens. */
export function canonicalDims(dims: CounterDims): string {
  const keys = Object.keys(dims).sort();
  if (keys.length > MAX_DIMS) throw new Error(`a counter takes at most ${MAX_DIMS} dimensions`);
  const sorted: Record<string, string> = {};
  for (const key of keys) {
    checkKey(key);
    const value = dims[key] as string;
    if (!DIM_VALUE.test(value)) throw new Error(`counter dimension ${key}="${value}" must match ${DIM_VALUE}`);
    if (LOOKS_LIKE_AN_ID.test(value))
      throw new Error(`counter dimension ${key} looks like an identifier; counts are anonymous`);
    sorted[key] = value;
  }
  return JSON.stringify(sorted);
}

/** `json_extract(dims, '$.key')`; the key is checked against DIM_KEY first, so inlining it is safe. */
function dimension(key: string): SQL<string | null> {
  checkKey(key);
  return sql<string | null>`json_extract(${dailyCounters.dims}, ${sql.raw(`'$.${key}'`)})`;
}

function conditions(metric: string, query: Omit<CounterQuery, "by">): SQL | undefined {
  checkMetric(metric);
  for (const day of [query.from, query.to]) {
    if (day !== undefined && !DAY.test(day)) throw new Error(`"${day}" is not a YYYY-MM-DD day`);
  }
  const where = query.where ? (JSON.parse(canonicalDims(query.where)) as Record<string, string>) : {};
  return and(
    eq(dailyCounters.metric, metric),
    query.from ? gte(dailyCounters.day, query.from) : undefined,
    query.to ? lte(dailyCounters.day, query.to) : undefined,
    ...Object.entries(where).map(([key, value]) => eq(dimension(key), value)),
  );
}

/**
 * Anonymous daily counters, shared by every feature: `increment("video.view", { video, lang })`
 * on the hot path (one prepared upsert), `totals`/`daily` for the operators' reports.
 */
export function createCountersRepo(db: Db, clock: () => number = Date.now): CountersRepo {
  const upsert = db
    .insert(dailyCounters)
    .values({
      day: sql.placeholder("day"),
      metric: sql.placeholder("metric"),
      dims: sql.placeholder("dims"),
      count: sql.placeholder("by"),
    })
    .onConflictDoUpdate({
      target: [dailyCounters.day, dailyCounters.metric, dailyCounters.dims],
      set: { count: sql`${dailyCounters.count} + excluded.count` },
    })
    .prepare();
  const sum = sql<number>`coalesce(sum(${dailyCounters.count}), 0)`;
  const insertSource = db
    .insert(sourceTags)
    .values({ tag: sql.placeholder("tag"), created: sql.placeholder("created") })
    .onConflictDoNothing()
    .prepare();
  const findSource = db
    .select({ tag: sourceTags.tag })
    .from(sourceTags)
    .where(eq(sourceTags.tag, sql.placeholder("tag")))
    .prepare();

  return {
    increment(metric, dims = {}, by = 1) {
      checkMetric(metric);
      if (!Number.isSafeInteger(by) || by < 1) throw new Error(`a counter grows by a positive whole number, not ${by}`);
      upsert.run({ day: utcDay(clock()), metric, dims: canonicalDims(dims), by });
    },
    totals(metric, query = {}) {
      const by = [...new Set(query.by ?? [])];
      const columns: Record<string, SQL> = { count: sum };
      by.forEach((key, index) => {
        columns[`d${index}`] = dimension(key);
      });
      const rows = db
        .select(columns)
        .from(dailyCounters)
        .where(conditions(metric, query))
        .groupBy(...by.map((key) => dimension(key)))
        .all() as Array<Record<string, unknown>>;
      return rows
        .map((row) => ({
          dims: Object.fromEntries(by.map((key, index) => [key, (row[`d${index}`] as string | null) ?? null])),
          count: Number(row.count),
        }))
        .filter((row) => by.length > 0 || row.count > 0)
        .sort((a, b) => b.count - a.count || JSON.stringify(a.dims).localeCompare(JSON.stringify(b.dims)));
    },
    total(metric, query = {}) {
      return Number(db.select({ count: sum }).from(dailyCounters).where(conditions(metric, query)).get()?.count ?? 0);
    },
    daily(metric, query = {}) {
      return db
        .select({ day: dailyCounters.day, count: sum })
        .from(dailyCounters)
        .where(conditions(metric, query))
        .groupBy(dailyCounters.day)
        .orderBy(asc(dailyCounters.day))
        .all()
        .map((row) => ({ day: row.day, count: Number(row.count) }));
    },
    dailyTotals(metric, query = {}) {
      // Rows are read as stored and grouped here: parsing each distinct `dims` once is far
      // cheaper than json_extract on every row (two years of a busy counter are 40 000 rows).
      const by = [...new Set(query.by ?? [])];
      by.forEach(checkKey);
      const stored = db
        .select({ day: dailyCounters.day, dims: dailyCounters.dims, count: dailyCounters.count })
        .from(dailyCounters)
        .where(conditions(metric, query))
        .orderBy(asc(dailyCounters.day))
        .all();
      const projected = new Map<string, { key: string; dims: Record<string, string | null> }>();
      const project = (json: string) => {
        let hit = projected.get(json);
        if (!hit) {
          const all = JSON.parse(json) as Record<string, string>;
          const dims = Object.fromEntries(by.map((key) => [key, all[key] ?? null]));
          hit = { key: JSON.stringify(dims), dims };
          projected.set(json, hit);
        }
        return hit;
      };
      const out: DailyTotal[] = [];
      let day = "";
      let groups = new Map<string, DailyTotal>();
      for (const row of stored) {
        if (row.day !== day) {
          out.push(...groups.values());
          groups = new Map();
          day = row.day;
        }
        const { key, dims } = project(row.dims);
        const group = groups.get(key);
        if (group) group.count += row.count;
        else groups.set(key, { day, dims, count: row.count });
      }
      out.push(...groups.values());
      return out;
    },
    metrics() {
      return db
        .selectDistinct({ metric: dailyCounters.metric })
        .from(dailyCounters)
        .orderBy(asc(dailyCounters.metric))
        .all()
        .map((row) => row.metric);
    },
    registerSource(tag) {
      if (!DIM_VALUE.test(tag) || LOOKS_LIKE_AN_ID.test(tag)) throw new Error(`"${tag}" is not a valid source tag`);
      insertSource.run({ tag, created: utcDay(clock()) });
    },
    isKnownSource(tag) {
      return findSource.get({ tag }) !== undefined;
    },
  };
}

/**
 * Counts without ever failing the caller: a count that can't be written is logged (metric name
 * only) and dropped, so counting never costs anyone the screen they asked for.
 */
export function countQuietly(
  counters: CountersRepo,
  logger: { warn(obj: object, msg: string): void },
  metric: string,
  dims: CounterDims = {},
): void {
  try {
    counters.increment(metric, dims);
  } catch (error) {
    logger.warn({ err: error, metric }, "could not count");
  }
}
