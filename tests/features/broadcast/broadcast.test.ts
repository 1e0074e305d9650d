import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { topicBit } from "../../../src/features/subscriptions/subscriptions.topics.js";
import { keptFiles, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import { scanFiles } from "../../support/privacy-scan.js";
import { seedSubscribers, TEST_SECRET_KEY } from "./seed.js";

afterEach(stopAll);

const OPERATOR = 7301260001;
const BASE = 7301261000;

/**
 * Telegram's overall limit (about 30 messages a second) is always on. The per-chat one (about 1 a
 * second) is on where a test is about limits; elsewhere it would only make the operator's
 * screens wait.
 */
async function start(env: Record<string, string> = {}, perChatPerSecond?: number) {
  const fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30, perChatPerSecond }, waitTimeoutMs: 5_000 });
  return startTestApp({ fake, env: { ADMIN_IDS: String(OPERATOR), SECRET_KEY: TEST_SECRET_KEY, ...env } });
}

async function operatorChat(t: TestApp): Promise<SimChat> {
  const chat = t.fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
  chat.send("/start");
  await chat.nextBotMessage();
  await chat.click("English");
  await chat.settle();
  return chat;
}

function rows(t: TestApp, sql: string): Array<Record<string, unknown>> {
  const db = new Database(t.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

/** Waits for the operator's final report (a new message, after the progress message's last edit). */
async function report(chat: SimChat, timeout = 15_000): Promise<string> {
  for (;;) {
    const message = await chat.nextBotMessage({ timeout });
    if (/is finished|was stopped/.test(message.text ?? "")) return message.text ?? "";
  }
}

/** Messages the bot sent into a chat that came from a broadcast (they carry the Unsubscribe button). */
function broadcastsIn(t: TestApp, id: number) {
  return (t.fake.chat(id)?.botMessages() ?? []).filter((m) => m.buttons.some((b) => b.callback_data === "sub:off:b"));
}

/**
 * Presses a button once the bot shows it. Buttons of the /broadcast flow are answered at once and
 * the next screen follows, sometimes after Telegram's per-chat limit made the bot wait.
 */
async function press(chat: SimChat, label: string) {
  return chat.click(label, { message: await shown(chat, label) });
}

/** The latest bot message with this button, once it is there. */
async function shown(chat: SimChat, label: string, timeout = 5_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const message = chat.botMessages().findLast((m) => m.buttons.some((b) => b.text === label));
    if (message) return message;
    if (Date.now() > end) throw new Error(`no button "${label}" appeared; last: ${chat.lastBotMessage()?.text}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function compose(op: SimChat, send: () => void, audience: string[]): Promise<void> {
  op.send("/broadcast");
  expect((await op.nextBotMessage()).text).toContain("New broadcast");
  send();
  expect((await op.nextBotMessage()).text).toBe("Who should get it?");
  for (const button of audience) await press(op, button);
}

describe("broadcasts", () => {
  it("reach exactly the chosen segment, once each, looking exactly like the preview; recipients leave in one tap", async () => {
    const t = await start();
    const georgian = [0, 1, 2, 3].map((i) => ({ id: BASE + i, lang: "ka" }));
    const english = [4, 5, 6].map((i) => ({ id: BASE + i, lang: "en" }));
    seedSubscribers(t.fake, t.dbPath, [...georgian, ...english]);
    const op = await operatorChat(t);

    await compose(op, () => op.send("<b>New film</b> is out & <i>free</i> <3"), ["By language", "ქართული · 4"]);
    await shown(op, "📣 Send (4)");
    const operatorMessages = op.botMessages();
    const preview = operatorMessages.at(-2);
    expect(preview?.text).toBe("New film is out & free <3");
    expect(preview?.entities.map((e) => e.type)).toEqual(["bold", "italic"]);
    expect(preview?.buttons.map((b) => [b.text, b.callback_data])).toEqual([["🔕 გამოწერის გაუქმება", "sub:off:b"]]);
    expect(operatorMessages.at(-1)?.text).toContain("Audience: language: ქართული. Subscribers right now: 4.");
    await press(op, "📣 Send (4)");

    const text = await report(op);
    expect(text).toMatch(/Broadcast #1 is finished[\s\S]*Delivered: 4[\s\S]*blocked the bot: 0[\s\S]*Failed: 0/);
    for (const { id } of georgian) {
      const got = broadcastsIn(t, id);
      expect(got, `subscriber ${id}`).toHaveLength(1);
      expect(got[0]?.text).toBe(preview?.text);
      expect(got[0]?.entities).toEqual(preview?.entities);
    }
    for (const { id } of english) expect(broadcastsIn(t, id), `subscriber ${id}`).toHaveLength(0);

    // One tap under the broadcast: unsubscribed, the button goes, a confirmation comes.
    const recipient = t.fake.privateChat({ id: BASE, first_name: "Subscriber1000" });
    const received = broadcastsIn(t, BASE)[0];
    const toast = await recipient.click("🔕 გამოწერის გაუქმება", { message: received });
    expect(toast.text).toBe("გამოწერა გაუქმდა");
    await recipient.settle();
    expect(recipient.message(received?.message_id ?? 0)?.buttons).toEqual([]);
    expect(recipient.lastBotMessage()?.text).toContain("გამოწერა გაუქმებულია");
    expect(rows(t, "select count(*) as n from subscribers")[0]?.n).toBe(6);
    expect(rows(t, "select count(*) as n from broadcast_recipients")[0]?.n).toBe(0);

    const leaks = scanFiles(keptFiles(t), [
      { label: "operator id", value: OPERATOR },
      ...[...georgian, ...english].map((p) => ({ label: `subscriber ${p.id}`, value: p.id })),
      { label: "typed text", value: "is out & " },
    ]);
    expect(leaks).toEqual([]);
  });

  it("send videos by file_id and copy other messages; target topics and countries", async () => {
    const t = await start();
    seedSubscribers(t.fake, t.dbPath, [
      { id: BASE + 10, topics: topicBit("events"), country: "ge" },
      { id: BASE + 11, topics: topicBit("news"), country: "ua" },
    ]);
    const op = await operatorChat(t);

    await compose(op, () => op.sendVideo({ caption: "Film 3" }), ["By topic", "Events · 1"]);
    await press(op, "📣 Send (1)");
    await report(op);
    const video = broadcastsIn(t, BASE + 10)[0];
    expect(video?.media).toBe("video");
    expect(video?.caption).toBe("Film 3");
    expect(broadcastsIn(t, BASE + 11)).toHaveLength(0);

    await compose(op, () => op.sendVoice(), ["By country", "Ukraine · 1"]);
    await press(op, "📣 Send (1)");
    await report(op);
    expect(broadcastsIn(t, BASE + 11)[0]?.media).toBe("voice");
    expect(t.fake.callsOf("copyMessage").filter((c) => c.ok)).toHaveLength(2);
    expect(t.fake.uploads).toHaveLength(0);
  });

  it("handle 429 (waits retry_after), 5xx (retries), 403 and chat not found (removes), other 400 (fails once)", async () => {
    const t = await start();
    const ok = [20, 21, 22, 23].map((i) => ({ id: BASE + i }));
    const [limited, flaky, blocked, refused] = [BASE + 30, BASE + 31, BASE + 32, BASE + 33];
    seedSubscribers(t.fake, t.dbPath, [...ok, { id: limited }, { id: flaky }, { id: blocked }, { id: refused }]);
    seedSubscribers(t.fake, t.dbPath, [{ id: BASE + 34 }], { known: false });
    t.fake.failFor(limited, { error_code: 429, retry_after: 1, times: 1 });
    t.fake.failFor(flaky, { error_code: 502, times: 1 });
    t.fake.failFor(blocked, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    t.fake.failFor(refused, { error_code: 400, description: "Bad Request: message is too long", times: 5 });
    const op = await operatorChat(t);

    await compose(op, () => op.send("Update"), ["Everyone · 9"]);
    await press(op, "📣 Send (9)");
    const text = await report(op, 20_000);
    expect(text).toMatch(/Delivered: 6[\s\S]*blocked the bot: 2[\s\S]*Failed: 1/);

    const attempts = (id: number) => t.fake.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === id);
    for (const { id } of ok) expect(broadcastsIn(t, id)).toHaveLength(1);
    expect(broadcastsIn(t, limited)).toHaveLength(1);
    expect(attempts(limited)).toHaveLength(2);
    expect(broadcastsIn(t, flaky)).toHaveLength(1);
    expect(attempts(flaky)).toHaveLength(2);
    expect(attempts(blocked)).toHaveLength(1);
    expect(attempts(refused)).toHaveLength(1);
    const left = rows(t, "select owner from subscribers").length;
    expect(left).toBe(7);
  });

  it("show progress every few seconds with a Stop button, and stop when it is pressed", async () => {
    const t = await start({ BROADCAST_RATE: "4" });
    seedSubscribers(
      t.fake,
      t.dbPath,
      Array.from({ length: 40 }, (_, i) => ({ id: BASE + 100 + i })),
    );
    const op = await operatorChat(t);
    await compose(op, () => op.send("Slowly"), ["Everyone · 40"]);
    await press(op, "📣 Send (40)");

    const progress = await op.nextBotMessage();
    expect(progress.text).toContain("📣 Broadcast #1");
    expect(progress.buttons.map((b) => b.text)).toEqual(["⛔ Stop the broadcast"]);
    // Edited in place while sending, with the counts and an estimated finish.
    const edited = () => op.message(progress.message_id)?.text ?? "";
    for (
      const end = Date.now() + 8_000;
      !/Delivered: [1-9]/.test(edited()) || !/Should finish in about/.test(edited());
    ) {
      if (Date.now() > end) throw new Error(`progress not updated: ${edited()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(edited()).toMatch(/Sending…[\s\S]*Remaining: \d+ of 40/);

    const toast = await op.click("⛔ Stop the broadcast", { message: progress });
    expect(toast.text).toBe("Stopping the broadcast…");
    const text = await report(op);
    expect(text).toMatch(/was stopped[\s\S]*Not sent: \d+/);
    const delivered = Array.from({ length: 40 }, (_, i) => broadcastsIn(t, BASE + 100 + i).length);
    expect(delivered.every((n) => n <= 1)).toBe(true);
    expect(delivered.filter((n) => n === 1).length).toBeLessThan(40);
    expect(rows(t, "select status from broadcast_jobs")).toEqual([{ status: "cancelled" }]);
    // Progress edits that would change nothing are not sent.
    expect(t.fake.calls.filter((c) => c.description?.includes("message is not modified"))).toEqual([]);
  });

  it("cannot be started or confirmed by anyone but an operator, however the data is forged", async () => {
    const t = await start();
    seedSubscribers(t.fake, t.dbPath, [{ id: BASE + 200 }]);
    const stranger = t.fake.privateChat({ id: 7301269999, first_name: "Stranger", language_code: "en" });
    stranger.send("/start");
    await stranger.nextBotMessage();
    await stranger.click("English");
    await stranger.settle();

    stranger.send("/broadcast");
    expect((await stranger.nextBotMessage()).text).toContain("I only understand buttons and commands");
    const menu = stranger.lastBotMessage()?.message_id ?? 0;
    for (const data of ["bc:send", "bc:a:all", "dl:x:1"]) {
      const answer = await stranger.clickData(data, menu);
      expect(answer.text).toBe("That button is out of date. Here is a fresh menu.");
    }
    stranger.send("/stats");
    expect((await stranger.nextBotMessage()).text).toContain("I only understand buttons and commands");
    await stranger.settle();
    expect(rows(t, "select count(*) as n from broadcast_jobs")[0]?.n).toBe(0);
    expect(broadcastsIn(t, BASE + 200)).toHaveLength(0);
  });

  it("resume after a restart: nobody is skipped, nobody gets it twice", async () => {
    let t = await start({ BROADCAST_RATE: "10" });
    const people = Array.from({ length: 30 }, (_, i) => ({ id: BASE + 300 + i }));
    seedSubscribers(t.fake, t.dbPath, people);
    const op = await operatorChat(t);
    await compose(op, () => op.send("Survives restarts"), ["Everyone · 30"]);
    await press(op, "📣 Send (30)");
    const delivered = () => people.filter((p) => broadcastsIn(t, p.id).length > 0).length;
    for (const end = Date.now() + 10_000; delivered() < 8; ) {
      if (Date.now() > end) throw new Error("broadcast did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    t = await t.restart();
    const text = await report(op, 20_000);
    expect(text).toMatch(/Delivered: 30/);
    for (const p of people) expect(broadcastsIn(t, p.id), `subscriber ${p.id}`).toHaveLength(1);
  });
});
