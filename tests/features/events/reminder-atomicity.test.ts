import { afterAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "../../../src/bot/i18n.js";
import type { Delivery } from "../../../src/delivery/delivery.js";
import type { EventEntry } from "../../../src/features/events/events.model.js";
import { createReminders } from "../../../src/features/events/events.reminders.js";
import { createEventsRepo } from "../../../src/features/events/events.repo.js";
import { createEventsCatalog } from "../../../src/features/events/events.service.js";
import { memoryServices } from "../../support/memory-services.js";

const NOW = Date.UTC(2027, 2, 13, 9);
const services = memoryServices();
afterAll(() => services.close());

/** The CND session three days after NOW, with the usual 7- and 1-day reminders. */
const event: EventEntry = {
  key: "o:1",
  origin: "operator",
  kind: "international",
  preset: "cnd",
  start: "2027-03-16",
  end: "2027-03-20",
  title: null,
  description: null,
  city: "Vienna",
  link: null,
  remindDays: [7, 1],
  cancelled: false,
};

describe("a reminder and its delivery jobs", () => {
  it("commit together or not at all: a failure while queuing leaves neither, the next check queues it once", async () => {
    const app = { ...services, clock: () => NOW };
    const repo = createEventsRepo(services.db);
    const catalog = createEventsCatalog([event], repo);
    const jobs = () => services.delivery.activeCount();

    // A crash after the first language's job was written: the transaction is rolled back.
    let calls = 0;
    const started: Array<Promise<unknown>> = [];
    const failing: Pick<Delivery, "enqueue"> = {
      enqueue(request) {
        calls++;
        if (calls === 2) throw new Error("crash while queuing");
        const job = services.delivery.enqueue(request);
        started.push(job);
        return job;
      },
    };
    await expect(createReminders(app, { repo, catalog, delivery: failing }).runPending()).rejects.toThrow(
      "crash while queuing",
    );
    // Whatever the first enqueue went on to do after the rollback has finished by now.
    await Promise.allSettled(started);
    expect(repo.reminded(event.key)).toEqual([]);
    expect(jobs()).toBe(0);

    const reminders = createReminders(app, { repo, catalog, delivery: services.delivery });
    expect(await reminders.runPending()).toBe(1);
    // Three days left: the 7-day reminder is due (late), the 1-day one is not yet.
    expect(repo.reminded(event.key)).toEqual([7]);
    expect(jobs()).toBe(LANGUAGES.length);
    expect(await reminders.runPending()).toBe(0);
    expect(jobs()).toBe(LANGUAGES.length);
  });
});
