import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { callApi, fails, ok } from "./raw-api.js";

interface Update {
  update_id: number;
  [kind: string]: unknown;
}

let fake: FakeBotApi;

beforeEach(async () => {
  fake = await FakeBotApi.start({ webhook: { retries: 2, retryDelayMs: 5 } });
});

afterEach(async () => {
  await fake.stop();
});

const textUpdate = (text: string) => ({
  message: {
    message_id: 1,
    date: 0,
    chat: { id: 1, type: "private" },
    from: { id: 1, is_bot: false, first_name: "A" },
    text,
  },
});

describe("getUpdates", () => {
  test("a long poll returns as soon as an update is pushed", async () => {
    const started = performance.now();
    const poll = ok<Update[]>(fake, "getUpdates", { timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    fake.pushUpdate(textUpdate("now"));
    const updates = await poll;
    // Well under the poll's 10 s: it returned because of the update, not at its timeout.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(updates).toEqual([{ update_id: 1, ...textUpdate("now") }]);
  });

  test("timeout 0 answers at once; offset confirms and forgets; limit caps the batch", async () => {
    expect(await ok<Update[]>(fake, "getUpdates", { timeout: 0 })).toEqual([]);
    for (const text of ["a", "b", "c"]) fake.pushUpdate(textUpdate(text));
    expect((await ok<Update[]>(fake, "getUpdates", { limit: 2 })).map((u) => u.update_id)).toEqual([1, 2]);
    expect((await ok<Update[]>(fake, "getUpdates", {})).map((u) => u.update_id)).toEqual([1, 2, 3]);
    expect((await ok<Update[]>(fake, "getUpdates", { offset: 3 })).map((u) => u.update_id)).toEqual([3]);
    expect(await ok<Update[]>(fake, "getUpdates", { offset: 4 })).toEqual([]);
    expect(await ok<Update[]>(fake, "getUpdates", { offset: 1 })).toEqual([]);
  });

  test("a newer getUpdates terminates the pending one with 409", async () => {
    const first = callApi(fake, "getUpdates", { timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await callApi(fake, "getUpdates", { timeout: 0 });
    expect(second.body.ok).toBe(true);
    expect((await first).body).toEqual({
      ok: false,
      error_code: 409,
      description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
  });

  test("a disconnected client drops its waiter without losing updates", async () => {
    const abort = new AbortController();
    const poll = callApi(fake, "getUpdates", { timeout: 10 }, { signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    await expect(poll).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.pushUpdate(textUpdate("kept"));
    expect((await ok<Update[]>(fake, "getUpdates", {}))[0]).toMatchObject({ message: { text: "kept" } });
    expect(fake.callsOf("getUpdates").filter((call) => !call.ok)).toEqual([]);
  });

  test("allowed_updates filters, and is remembered until changed", async () => {
    fake.pushUpdate(textUpdate("dropped"));
    fake.pushUpdate({
      callback_query: { id: "1", from: { id: 1, is_bot: false, first_name: "A" }, chat_instance: "1", data: "x" },
    });
    const updates = await ok<Update[]>(fake, "getUpdates", { allowed_updates: ["callback_query"] });
    expect(updates.map((update) => Object.keys(update)[1])).toEqual(["callback_query"]);
    fake.pushUpdate(textUpdate("still dropped"));
    expect(await ok<Update[]>(fake, "getUpdates", { offset: 3 })).toEqual([]);
    fake.pushUpdate({ chat_member: {} });
    expect(await ok<Update[]>(fake, "getUpdates", { allowed_updates: [] })).toEqual([]);
  });
});

describe("webhooks", () => {
  let receiver: Server;
  let received: Array<{ headers: IncomingHttpHeaders; body: Update }>;
  let statuses: number[];

  beforeEach(async () => {
    received = [];
    statuses = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) as Update });
        res.writeHead(statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  });

  afterEach(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  const webhookUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/telegram`;
  /** Waits (up to 3 s of real time) until the fake has recorded this many webhook attempts. */
  const delivered = async (count: number) => {
    for (let i = 0; i < 300 && fake.webhookDeliveries.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  test("delivers each update as JSON with the secret header; getUpdates is then a conflict", async () => {
    await ok(fake, "setWebhook", { url: webhookUrl(), secret_token: "s3cr3t_-" });
    fake.pushUpdate(textUpdate("hello"));
    await delivered(1);
    expect(received[0]?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cr3t_-");
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(received[0]?.body).toEqual({ update_id: 1, ...textUpdate("hello") });
    expect(await fails(fake, "getUpdates")).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    expect(await ok(fake, "getWebhookInfo")).toMatchObject({ url: webhookUrl(), pending_update_count: 0 });
    await ok(fake, "deleteWebhook");
    expect(await ok(fake, "getUpdates")).toEqual([]);
  });

  test("retries a failing webhook and reports the error in getWebhookInfo", async () => {
    statuses = [500, 502];
    await ok(fake, "setWebhook", { url: webhookUrl() });
    fake.pushUpdate(textUpdate("retry me"));
    await delivered(3);
    expect(fake.webhookDeliveries.map((delivery) => delivery.status)).toEqual([500, 502, 200]);
    expect(received[2]?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
    expect(await ok(fake, "getWebhookInfo")).toMatchObject({
      last_error_message: "Wrong response from the webhook: 502 Bad Gateway",
    });
  });

  test("refuses insecure secrets and anything but loopback", async () => {
    expect(await fails(fake, "setWebhook", { url: "https://example.com/hook" })).toBe(
      "Bad Request: bad webhook: fake-bot-api only delivers to 127.0.0.1, localhost or [::1]",
    );
    expect(await fails(fake, "setWebhook", { url: webhookUrl(), secret_token: "has space" })).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
  });

  test("a method call in the webhook's response body is executed, as Telegram does", async () => {
    const alice = fake.privateChat({ id: 1001, first_name: "Alice" });
    receiver.removeAllListeners("request");
    receiver.on("request", (req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: "sendMessage", chat_id: 1001, text: "answered in the webhook reply" }));
      });
    });
    await ok(fake, "setWebhook", { url: webhookUrl() });
    alice.send("hi");
    expect((await alice.nextBotMessage()).text).toBe("answered in the webhook reply");
  });

  test("drop_pending_updates forgets the queue", async () => {
    fake.pushUpdate(textUpdate("old"));
    await ok(fake, "setWebhook", { url: webhookUrl(), drop_pending_updates: true });
    fake.pushUpdate(textUpdate("new"));
    await delivered(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.map((request) => (request.body.message as { text: string }).text)).toEqual(["new"]);
  });
});
