import { and, eq, gte } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { EventEntry, EventKind, Preset } from "./events.model.js";
import { eventOverrides, eventReminders, operatorEvents } from "./events.schema.js";

export interface NewEvent {
  kind: EventKind;
  preset: Preset | null;
  title: string | null;
  description: string | null;
  city: string | null;
  link: string | null;
  start: string;
  end: string;
  remindDays: readonly number[];
}

export type EventChange = Partial<NewEvent>;

export interface EventsRepo {
  add(event: NewEvent): string;
  /** Changes an operator event; false if there is none with this key. */
  edit(key: string, change: EventChange): boolean;
  /** Cancels an event (operator or content); false if it already was. */
  cancel(key: string): boolean;
  /** Operator events ending on or after `today`, and the overrides of content events. */
  operatorEvents(today: string): EventEntry[];
  overrides(): Map<string, { cancelled: boolean; remindDays: number[] | null }>;
  setContentReminders(key: string, days: readonly number[]): void;
  /** The reminders of an event already queued (days before; 0 is the cancellation notice). */
  reminded(key: string): number[];
  /**
   * Records these reminders and runs `queue` in the same transaction, if any of them was not
   * recorded yet: the delivery jobs `queue` creates and the record commit together or not at all.
   * False (and `queue` not run) when all were recorded already.
   */
  claim(key: string, days: readonly number[], today: string, queue: () => void): boolean;
}

const days = (value: string): number[] => value.split(",").filter(Boolean).map(Number);

function fromRow(row: typeof operatorEvents.$inferSelect): EventEntry {
  return {
    key: `o:${row.id}`,
    origin: "operator",
    kind: row.kind,
    preset: (row.preset as Preset | null) ?? null,
    start: row.start,
    end: row.end,
    title: row.title,
    description: row.description,
    city: row.city,
    link: row.link,
    remindDays: days(row.remindDays),
    cancelled: row.cancelled,
  };
}

function operatorId(key: string): number | undefined {
  const match = /^o:(\d{1,9})$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

export function createEventsRepo(db: Db): EventsRepo {
  return {
    add(event) {
      const row = db
        .insert(operatorEvents)
        .values({ ...event, remindDays: event.remindDays.join(",") })
        .returning({ id: operatorEvents.id })
        .get();
      return `o:${row.id}`;
    },
    edit(key, change) {
      const id = operatorId(key);
      if (id === undefined) return false;
      const { remindDays, ...rest } = change;
      const set = { ...rest, ...(remindDays ? { remindDays: remindDays.join(",") } : {}) };
      if (Object.keys(set).length === 0) return true;
      return db.update(operatorEvents).set(set).where(eq(operatorEvents.id, id)).run().changes > 0;
    },
    cancel(key) {
      const id = operatorId(key);
      if (id !== undefined) {
        return (
          db
            .update(operatorEvents)
            .set({ cancelled: true })
            .where(and(eq(operatorEvents.id, id), eq(operatorEvents.cancelled, false)))
            .run().changes > 0
        );
      }
      return (
        db
          .insert(eventOverrides)
          .values({ key, cancelled: true })
          .onConflictDoUpdate({
            target: eventOverrides.key,
            set: { cancelled: true },
            setWhere: eq(eventOverrides.cancelled, false),
          })
          .run().changes > 0
      );
    },
    operatorEvents(today) {
      return db.select().from(operatorEvents).where(gte(operatorEvents.end, today)).all().map(fromRow);
    },
    overrides() {
      return new Map(
        db
          .select()
          .from(eventOverrides)
          .all()
          .map((row) => [
            row.key,
            { cancelled: row.cancelled, remindDays: row.remindDays ? days(row.remindDays) : null },
          ]),
      );
    },
    setContentReminders(key, list) {
      db.insert(eventOverrides)
        .values({ key, remindDays: list.join(",") })
        .onConflictDoUpdate({ target: eventOverrides.key, set: { remindDays: list.join(",") } })
        .run();
    },
    reminded(key) {
      return db
        .select({ days: eventReminders.days })
        .from(eventReminders)
        .where(eq(eventReminders.key, key))
        .all()
        .map((row) => row.days);
    },
    claim(key, list, today, queue) {
      return db.transaction((tx) => {
        let fresh = 0;
        for (const days of list) {
          fresh += tx.insert(eventReminders).values({ key, days, queued: today }).onConflictDoNothing().run().changes;
        }
        if (fresh === 0) return false;
        queue();
        return true;
      });
    },
  };
}
