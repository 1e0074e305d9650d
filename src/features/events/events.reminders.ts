import { LANGUAGES, type Lang } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { utcDay } from "../../db/counters.repo.js";
import type { Topic } from "../../delivery/audience.js";
import type { Delivery } from "../../delivery/delivery.js";
import { daysBetween, type EventEntry } from "./events.model.js";
import { renderCancelNotice, renderReminder } from "./events.render.js";
import type { EventsRepo } from "./events.repo.js";
import type { EventsCatalog } from "./events.service.js";

/** The topic whose subscribers hear about events. */
export const EVENTS_TOPIC: Topic = "events";

/** What reminders need from the shared delivery (services.delivery). */
export type ReminderDelivery = Pick<Delivery, "enqueue">;

export interface Reminders {
  /** Queues every reminder that is due today and was not queued before; resolves when all are queued. */
  runPending(): Promise<number>;
  /** Queues the short cancellation notice if a reminder of this event already went out. */
  cancelled(event: EventEntry): Promise<boolean>;
  /** Resolves once a check under way (if any) has finished. */
  idle(): Promise<void>;
}

/**
 * Reminders of upcoming events to subscribers of the «Events» topic, in their language, through
 * the shared durable delivery.
 *
 * Exactly once: a reminder is recorded (event, days) in the same SQLite transaction in which its
 * delivery jobs are created — `enqueue` writes its job synchronously, before its first await —
 * so a crash either leaves both (the delivery resumes the job at the next start) or neither (the
 * next check queues it again).
 *
 * A reminder is due from `start − days` until the day before the start; if the bot was down on
 * that day it goes out late, saying how many days are actually left, and reminders that fell due
 * together are sent as one (the nearest).
 */
export function createReminders(
  app: Pick<AppServices, "clock" | "i18n" | "logger">,
  deps: { repo: EventsRepo; catalog: EventsCatalog; delivery: ReminderDelivery },
): Reminders {
  const logger = app.logger.child({ feature: "events" });
  let running: Promise<number> | undefined;

  /** One job per language, created inside the caller's transaction; the promises resolve after it. */
  function enqueueAll(html: (lang: Lang) => string): Array<Promise<unknown>> {
    return LANGUAGES.map((lang) =>
      deps.delivery.enqueue({
        content: { kind: "text", html: html(lang), linkPreview: false },
        audience: { kind: "topic", value: EVENTS_TOPIC, lang },
      }),
    );
  }

  const speaker = (lang: Lang) => ({ t: app.i18n.fixedT(lang), lang });

  async function check(): Promise<number> {
    const today = utcDay(app.clock());
    let queued = 0;
    for (const event of deps.catalog.upcoming(today)) {
      const left = daysBetween(today, event.start);
      if (left < 1) continue;
      const due = event.remindDays.filter((days) => days >= left);
      if (due.length === 0) continue;
      let jobs: Array<Promise<unknown>> = [];
      const claimed = deps.repo.claim(event.key, due, today, () => {
        jobs = enqueueAll((lang) => renderReminder(speaker(lang), event, left));
      });
      if (!claimed) continue;
      await Promise.all(jobs);
      queued++;
      logger.info({ event: event.key, daysLeft: left }, "events: reminder queued");
    }
    return queued;
  }

  return {
    runPending() {
      running ??= check().finally(() => {
        running = undefined;
      });
      return running;
    },
    async idle() {
      await running;
    },
    async cancelled(event) {
      if (!deps.repo.reminded(event.key).some((days) => days > 0)) return false;
      let jobs: Array<Promise<unknown>> = [];
      const claimed = deps.repo.claim(event.key, [0], utcDay(app.clock()), () => {
        jobs = enqueueAll((lang) => renderCancelNotice(speaker(lang), event));
      });
      await Promise.all(jobs);
      if (claimed) logger.info({ event: event.key }, "events: cancellation notice queued");
      return claimed;
    },
  };
}
