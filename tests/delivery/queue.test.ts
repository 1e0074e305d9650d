import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryRepo } from "../../src/delivery/delivery.repo.js";
import { createSubscriptionsRepo } from "../../src/features/subscriptions/subscriptions.repo.js";
import { ALL_TOPICS, topicBit } from "../../src/features/subscriptions/subscriptions.topics.js";
import { memoryServices } from "../support/memory-services.js";

const BASE = 7_301_000_000;
let app: ReturnType<typeof memoryServices>;
afterEach(() => app?.close());

function seed(count: number, pick: (i: number) => { lang: string; country: string | null; topics: number }) {
  const subs = createSubscriptionsRepo(app.db, app.privacy);
  for (let i = 0; i < count; i++)
    subs.subscribe({ owner: app.ownerKey(BASE + i), chatId: BASE + i, now: Date.UTC(2026, 10, 28, 13), ...pick(i) });
}

describe("subscriptions repo", () => {
  it("keeps the chat id only encrypted and the day only", () => {
    app = memoryServices();
    seed(1, () => ({ lang: "ka", country: "ge", topics: ALL_TOPICS }));
    const row = app.sqlite.prepare("select * from subscribers").get() as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual(["chat", "country", "created", "lang", "owner", "topics"]);
    expect(String(row.chat)).not.toContain(String(BASE));
    expect(row.owner).toBe(app.ownerKey(BASE));
    expect(row.created).toBe("2026-11-28");
    expect(createSubscriptionsRepo(app.db, app.privacy).recipient(app.ownerKey(BASE))?.chatId).toBe(BASE);
  });

  it("counts by language, country and topic", () => {
    app = memoryServices();
    seed(6, (i) => ({
      lang: i < 4 ? "ru" : "ka",
      country: i % 2 ? "ge" : null,
      topics: i < 3 ? topicBit("news") : ALL_TOPICS,
    }));
    const stats = createSubscriptionsRepo(app.db, app.privacy).stats();
    expect(stats.total).toBe(6);
    expect(stats.byLang).toEqual([
      { key: "ru", count: 4 },
      { key: "ka", count: 2 },
    ]);
    expect(stats.byCountry).toEqual(
      expect.arrayContaining([
        { key: "ge", count: 3 },
        { key: null, count: 3 },
      ]),
    );
    expect(stats.byTopic).toEqual([
      { key: "videos", count: 3 },
      { key: "news", count: 6 },
      { key: "events", count: 3 },
      { key: "rights", count: 3 },
    ]);
  });
});

describe("broadcast queue", () => {
  const job = (audience: Parameters<ReturnType<typeof createDeliveryRepo>["create"]>[0]["audience"]) => {
    const repo = createDeliveryRepo(app.db, app.subscribers);
    const id = repo.create({ content: "sealed", audience, operatorChat: "sealed", operatorLang: "en", now: 1 });
    return { repo, id };
  };

  it("snapshots exactly the audience, page by page, resuming from its cursor", () => {
    app = memoryServices();
    seed(25, (i) => ({ lang: i % 5 === 0 ? "ka" : "ru", country: null, topics: ALL_TOPICS }));
    const { repo, id } = job({ kind: "lang", value: "ru" });
    const pages: boolean[] = [];
    for (let done = false; !done; ) {
      done = repo.snapshotPage(id, { kind: "lang", value: "ru" }, 7);
      pages.push(done);
    }
    expect(pages).toEqual([false, false, true]);
    expect(repo.get(id)).toMatchObject({ status: "queued", total: 20, snapshotCursor: null });
    expect(repo.remaining(id)).toBe(20);
    expect(app.subscribers.count({ kind: "lang", value: "ka" })).toBe(5);
  });

  it("claims one due recipient at a time, records outcomes with counters, requeues in-flight after a crash", () => {
    app = memoryServices();
    seed(4, () => ({ lang: "en", country: null, topics: ALL_TOPICS }));
    const { repo, id } = job({ kind: "all" });
    while (!repo.snapshotPage(id, { kind: "all" }, 100)) {}
    const first = repo.claim(id, 0);
    const second = repo.claim(id, 0);
    expect(first && second && first.id !== second.id).toBe(true);
    if (!first || !second) return;
    repo.finish(id, first, "sent");
    repo.retryLater(second.id, 5_000);
    const third = repo.claim(id, 0);
    expect(third?.id).not.toBe(second.id);
    if (!third) return;
    repo.finish(id, third, "removed");
    expect(createSubscriptionsRepo(app.db, app.privacy).get(third.owner)).toBeUndefined();
    // The fourth is claimed, with where to send it, and "crashes" in flight.
    const fourth = repo.claim(id, 0);
    const owners = Array.from({ length: 4 }, (_, i) => app.ownerKey(BASE + i));
    const rest = owners.filter((owner) => ![first.owner, second.owner, third.owner].includes(owner));
    expect(fourth).toMatchObject({ owner: rest[0], chatId: BASE + owners.indexOf(rest[0] ?? ""), lang: "en" });
    expect(repo.claim(id, 0)).toBeUndefined();
    expect(repo.requeueInFlight()).toBe(1);
    expect(repo.claim(id, 0)?.id).toBe(fourth?.id);
    expect(repo.nextRetryAt(id)).toBe(5_000);
    expect(repo.claim(id, 5_000)?.id).toBe(second.id);
    expect(repo.get(id)).toMatchObject({ sent: 1, removed: 1, failed: 0 });
  });

  it("drops queue rows of people who left before their turn, and erases a person from every queue", () => {
    app = memoryServices();
    seed(3, () => ({ lang: "en", country: null, topics: ALL_TOPICS }));
    const { repo, id } = job({ kind: "all" });
    while (!repo.snapshotPage(id, { kind: "all" }, 100)) {}
    createSubscriptionsRepo(app.db, app.privacy).remove(app.ownerKey(BASE + 1));
    repo.eraseOwner(app.ownerKey(BASE + 2));
    const owners = [repo.claim(id, 0)?.owner, repo.claim(id, 0)?.owner];
    expect(owners).toEqual([app.ownerKey(BASE), undefined]);
  });
});
