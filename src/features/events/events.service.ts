import type { EventEntry } from "./events.model.js";
import type { EventsRepo } from "./events.repo.js";

/** Most events /events lists at once. */
export const LIST_MAX = 10;

export interface EventsCatalog {
  /** Events not cancelled that end on or after `today`, soonest first. */
  upcoming(today: string): EventEntry[];
  /** Every event ending on or after `today`, cancelled ones included. */
  current(today: string): EventEntry[];
  find(key: string, today: string): EventEntry | undefined;
}

/** The content file's events with operators' changes applied, and the events operators added. */
export function createEventsCatalog(content: readonly EventEntry[], repo: EventsRepo): EventsCatalog {
  const current = (today: string) => {
    const overrides = repo.overrides();
    const fromContent = content
      .filter((event) => event.end >= today)
      .map((event) => {
        const override = overrides.get(event.key);
        if (!override) return event;
        return {
          ...event,
          cancelled: override.cancelled,
          remindDays: override.remindDays ?? event.remindDays,
        };
      });
    return [...fromContent, ...repo.operatorEvents(today)].sort(
      (a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key),
    );
  };
  return {
    current,
    upcoming: (today) => current(today).filter((event) => !event.cancelled),
    find: (key, today) => current(today).find((event) => event.key === key),
  };
}
