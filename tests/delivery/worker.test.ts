import { setTimeout as sleep } from "node:timers/promises";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryContent } from "../../src/delivery/delivery.content.js";
import { createDelivery, type Delivery } from "../../src/delivery/delivery.js";
import { createDeliveryRepo } from "../../src/delivery/delivery.repo.js";
import type { WorkerOptions } from "../../src/delivery/delivery.worker.js";
import { createSubscriptionsRepo } from "../../src/features/subscriptions/subscriptions.repo.js";
import { ALL_TOPICS, topicBit } from "../../src/features/subscriptions/subscriptions.topics.js";
import { memoryServices } from "../support/memory-services.js";

const BASE = 7_302_000_000;
const OPERATOR = 7_302_999_999;

interface Call {
  method: string;
  chat: number;
  body: Record<string, unknown>;
}

type Answer = { ok: true } | { ok: false; error_code: number; description: string; retry_after?: number };

/** A Bot API stand-in behind grammY's `fetch` option: answers per chat, records every call. */
function stubTelegram(answer: (call: Call, nth: number) => Answer = () => ({ ok: true })) {
  const calls: Call[] = [];
  const perChat = new Map<number, number>();
  let messageId = 0;
  const fetchStub = async (url: string, init: { body?: string }) => {
    const method = url.split("/").at(-1) ?? "";
    const body = JSON.parse(init.body ?? "{}") as Record<string, unknown>;
    const chat = Number(body.chat_id);
    const call = { method, chat, body };
    calls.push(call);
    const nth = (perChat.get(chat) ?? 0) + 1;
    perChat.set(chat, nth);
    const result = chat === OPERATOR ? ({ ok: true } as const) : answer(call, nth);
    const json = result.ok
      ? {
          ok: true,
          result: method.startsWith("edit")
            ? true
            : { message_id: ++messageId, date: 0, chat: { id: chat, type: "private" } },
        }
      : {
          ok: false,
          error_code: result.error_code,
          description: result.description,
          ...(result.retry_after ? { parameters: { retry_after: result.retry_after } } : {}),
        };
    return new Response(JSON.stringify(json), { headers: { "content-type": "application/json" } });
  };
  const api = new Api("123456:TEST-token", { apiRoot: "http://stub.invalid", fetch: fetchStub as never });
  const sends = () => calls.filter((c) => c.chat !== OPERATOR && c.method === "sendMessage");
  return { api, calls, sends, operatorCalls: () => calls.filter((c) => c.chat === OPERATOR) };
}

let app: ReturnType<typeof memoryServices>;
let worker: Delivery | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  app?.close();
});

function seed(count: number): number[] {
  const subs = createSubscriptionsRepo(app.db, app.privacy);
  const ids = Array.from({ length: count }, (_, i) => BASE + i);
  for (const id of ids)
    subs.subscribe({ owner: app.ownerKey(id), chatId: id, lang: "en", country: null, topics: ALL_TOPICS, now: 0 });
  return ids;
}

const TEXT: DeliveryContent = { kind: "text", html: "<b>News</b>", linkPreview: false };

function startWorker(api: Api, options: Partial<WorkerOptions> = {}) {
  worker = createDelivery(app, {
    rate: 500,
    backoffMs: () => 30,
    maxAttempts: 3,
    progressEveryMs: 40,
    ...options,
  });
  worker.start(api);
  return worker;
}

async function until(check: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(10);
  }
}

const finished = (jobId: number) => () => createDeliveryRepo(app.db, app.subscribers).get(jobId)?.finishedAt != null;

describe("delivery worker", () => {
  it("delivers to everyone once and sorts out 403, chat not found, other 400s, 5xx and 429", async () => {
    app = memoryServices();
    const ids = seed(12);
    const [blocked, gone, bad, flaky, broken, limited] = ids;
    const telegram = stubTelegram((call, nth) => {
      if (call.chat === blocked)
        return { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" };
      if (call.chat === gone) return { ok: false, error_code: 400, description: "Bad Request: chat not found" };
      if (call.chat === bad) return { ok: false, error_code: 400, description: "Bad Request: can't parse entities" };
      if (call.chat === flaky && nth <= 2) return { ok: false, error_code: 502, description: "Bad Gateway" };
      if (call.chat === broken) return { ok: false, error_code: 500, description: "Internal Server Error" };
      if (call.chat === limited && nth === 1)
        return { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 };
      return { ok: true };
    });
    const w = startWorker(telegram.api);
    const { jobId, total } = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    expect(total).toBe(12);
    await until(finished(jobId));

    const attempts = (chat: number | undefined) => telegram.sends().filter((c) => c.chat === chat).length;
    expect(attempts(blocked)).toBe(1);
    expect(attempts(gone)).toBe(1);
    expect(attempts(bad)).toBe(1);
    expect(attempts(flaky)).toBe(3);
    expect(attempts(broken)).toBe(3);
    expect(attempts(limited)).toBe(2);
    for (const id of ids.slice(6)) expect(attempts(id), `recipient ${id - BASE}`).toBe(1);
    expect(createDeliveryRepo(app.db, app.subscribers).get(jobId)).toMatchObject({
      status: "done",
      sent: 8,
      removed: 2,
      failed: 2,
      content: null,
      operatorChat: null,
    });
    const subs = createSubscriptionsRepo(app.db, app.privacy);
    expect(subs.get(app.ownerKey(blocked ?? 0))).toBeUndefined();
    expect(subs.get(app.ownerKey(gone ?? 0))).toBeUndefined();
    // A refused message is not a reason to end a subscription.
    expect(subs.get(app.ownerKey(bad ?? 0))).toMatchObject({ lang: "en", topics: ALL_TOPICS });
    expect(w.counters.tooManyRequests).toBe(1);
    // The queue rows are gone once the job has ended.
    expect(app.sqlite.prepare("select count(*) from broadcast_recipients").pluck().get()).toBe(0);

    // Every message carries the Unsubscribe button in the recipient's language.
    const markup = telegram.sends()[0]?.body.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    expect(markup.inline_keyboard[0]?.[0]).toEqual({ text: "🔕 Unsubscribe", callback_data: "sub:off:b" });

    // The operator got a progress message, edits of it, and a report.
    const operator = telegram.operatorCalls();
    expect(operator[0]?.method).toBe("sendMessage");
    expect(String(operator[0]?.body.text)).toContain("Broadcast #1");
    const report = operator.at(-1);
    expect(report?.method).toBe("sendMessage");
    expect(String(report?.body.text)).toMatch(/finished[\s\S]*Delivered: 8[\s\S]*blocked the bot: 2[\s\S]*Failed: 2/);
  });

  it("delivers another feature's job to one topic in one language, telling nobody about it", async () => {
    app = memoryServices();
    const subs = createSubscriptionsRepo(app.db, app.privacy);
    const person = (id: number, lang: string, topics: number) =>
      subs.subscribe({ owner: app.ownerKey(id), chatId: id, lang, country: null, topics, now: 0 });
    person(BASE + 1, "ka", topicBit("events"));
    person(BASE + 2, "ka", topicBit("news"));
    person(BASE + 3, "ru", topicBit("events"));
    person(BASE + 4, "ka", ALL_TOPICS);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api);
    const { jobId, total } = await w.enqueue({
      content: TEXT,
      audience: { kind: "topic", value: "events", lang: "ka" },
    });
    expect(total).toBe(2);
    await until(finished(jobId));
    expect(
      telegram
        .sends()
        .map((c) => c.chat)
        .sort(),
    ).toEqual([BASE + 1, BASE + 4]);
    expect(telegram.operatorCalls()).toEqual([]);
    expect(telegram.calls.filter((c) => c.method !== "sendMessage")).toEqual([]);
    // An audience the bot can't have (a language it does not speak) is refused before anything is queued.
    await expect(
      w.enqueue({ content: TEXT, audience: { kind: "topic", value: "events", lang: "xx" } }),
    ).rejects.toThrow();
    expect(w.activeCount()).toBe(0);
  });

  it("never goes above the configured rate", async () => {
    app = memoryServices();
    seed(30);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api, { rate: 40, concurrency: 4 });
    const started = performance.now();
    const { jobId } = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    await until(finished(jobId));
    // 30 messages at 40/s: the last can't leave before 29 intervals of 25 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(29 * 25);
    expect(telegram.sends()).toHaveLength(30);
  });

  it("stops on Cancel: the rest is not sent and the report says so", async () => {
    app = memoryServices();
    seed(40);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api, { rate: 50 });
    const { jobId } = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    await until(() => telegram.sends().length >= 5);
    expect(w.cancel(jobId)).toBe(true);
    await until(finished(jobId));
    const job = createDeliveryRepo(app.db, app.subscribers).get(jobId);
    expect(job?.status).toBe("cancelled");
    expect(telegram.sends().length).toBeLessThan(40);
    expect(String(telegram.operatorCalls().at(-1)?.body.text)).toMatch(/stopped[\s\S]*Not sent: \d+/);
    expect(w.cancel(jobId)).toBe(false);
  });

  it("closes a waiting broadcast at once when it is stopped, while another keeps sending", async () => {
    app = memoryServices();
    seed(30);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api, { rate: 50 });
    const first = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    const second = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    expect(w.cancel(second.jobId)).toBe(true);
    await until(finished(second.jobId));
    const repo = createDeliveryRepo(app.db, app.subscribers);
    expect(repo.get(first.jobId)?.finishedAt).toBeNull();
    expect(repo.get(second.jobId)).toMatchObject({ status: "cancelled", sent: 0 });
    await until(finished(first.jobId));
    expect(telegram.sends()).toHaveLength(30);
  });

  it("sends one broadcast at a time, in the order they were queued", async () => {
    app = memoryServices();
    seed(10);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api, { rate: 200 });
    const first = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    const second = await w.enqueue({
      content: { kind: "text", html: "second", linkPreview: false },
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    await until(finished(second.jobId));
    const texts = telegram.sends().map((c) => c.body.text);
    expect(texts.slice(0, 10).every((t) => t === "<b>News</b>")).toBe(true);
    expect(texts.slice(10).every((t) => t === "second")).toBe(true);
    expect(texts).toHaveLength(20);
    expect(String(telegram.operatorCalls()[1]?.body.text)).toMatch(/Waiting/);
    expect(createDeliveryRepo(app.db, app.subscribers).get(first.jobId)?.status).toBe("done");
  });

  it("resumes after a stop without sending anyone the message twice", async () => {
    app = memoryServices();
    const ids = seed(30);
    const telegram = stubTelegram();
    const w = startWorker(telegram.api, { rate: 60 });
    const { jobId } = await w.enqueue({
      content: TEXT,
      audience: { kind: "all" },
      requester: { chatId: OPERATOR, lang: "en" },
    });
    await until(() => telegram.sends().length >= 10);
    await w.stop();
    const before = telegram.sends().length;
    expect(before).toBeLessThan(30);
    startWorker(telegram.api, { rate: 200 });
    await until(finished(jobId));
    const perChat = ids.map((id) => telegram.sends().filter((c) => c.chat === id).length);
    expect(perChat.every((n) => n === 1)).toBe(true);
  });

  it("delivers from one process at a time: a second one on the same database stands by, then takes over", async () => {
    app = memoryServices();
    const ids = seed(40);
    const telegram = stubTelegram();
    const standbyTelegram = stubTelegram();
    // Both processes read the same stopped clock, so the first's lease can't run out however slow
    // this machine is; the standby's clock counts its attempts to take the lease.
    const now = Date.UTC(2026, 10, 28, 12);
    let standbyAttempts = 0;
    const options = { backoffMs: () => 30, progressEveryMs: 40, leaseTtlMs: 300 };
    const first = createDelivery({ ...app, clock: () => now }, { rate: 20, ...options });
    worker = first;
    first.start(telegram.api);
    const second = createDelivery(
      {
        ...app,
        clock: () => {
          standbyAttempts++;
          return now;
        },
      },
      { rate: 80, ...options },
    );
    second.start(standbyTelegram.api);
    try {
      const { jobId } = await first.enqueue({
        content: TEXT,
        audience: { kind: "all" },
        requester: { chatId: OPERATOR, lang: "en" },
      });
      await until(() => telegram.sends().length >= 10);
      const attempted = standbyAttempts;
      // The standby tries again and again while the first delivers, and sends nothing.
      await until(() => standbyAttempts >= attempted + 3);
      expect(standbyTelegram.calls).toEqual([]);
      await first.stop();
      // The standby takes the lease once it is free and finishes the job.
      await until(finished(jobId));
      expect(standbyTelegram.sends().length).toBeGreaterThan(0);
      const all = [...telegram.sends(), ...standbyTelegram.sends()];
      const perChat = ids.map((id) => all.filter((c) => c.chat === id).length);
      expect(perChat.every((n) => n === 1)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
