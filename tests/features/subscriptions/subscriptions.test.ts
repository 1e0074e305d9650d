import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { formatDate } from "../../../src/bot/ui/dates.js";
import { keptFiles, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { scanFiles } from "../../support/privacy-scan.js";

afterEach(stopAll);

const OPERATOR = 7301250001;

/** Polls until the check passes: some updates (my_chat_member) leave no message to wait for. */
async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function subscriberRows(t: TestApp): Array<Record<string, unknown>> {
  const db = new Database(t.dbPath, { readonly: true });
  try {
    return db.prepare("select * from subscribers").all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

/** The app's clock in the test that checks the stored day: a second before midnight UTC. */
const BEFORE_MIDNIGHT = Date.UTC(2026, 10, 28, 23, 59, 59);

async function start(clock?: () => number) {
  // Telegram's overall limit is on; the per-chat one (about 1 a second) would only slow these flows down.
  const fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30 } });
  return startTestApp({ fake, env: { ADMIN_IDS: String(OPERATOR) }, app: { clock } });
}

/** A person who has picked English, at the main menu. */
async function person(t: TestApp, id: number, first_name = "Nino") {
  const chat = t.fake.privateChat({ id, first_name, username: `user_${id}`, language_code: "en" });
  chat.send("/start");
  await chat.nextBotMessage();
  await chat.click("English");
  await chat.settle();
  return chat;
}

describe("subscriptions", () => {
  it("shows what is kept, stores nothing until Subscribe, then keeps exactly the listed fields", async () => {
    const t = await start(() => BEFORE_MIDNIGHT);
    const nino = await person(t, 7301250101);
    await nino.click("🔔 Subscribe");
    await nino.settle();
    const consent = nino.lastBotMessage();
    expect(consent?.text).toContain("If you subscribe, the bot keeps only:");
    expect(consent?.text).toContain("Nothing is saved until you press «Subscribe».");
    expect(consent?.protect_content).toBe(true);
    expect(consent?.buttons.map((b) => b.text)).toEqual([
      "✅ New films",
      "✅ Campaign news",
      "✅ Events",
      "✅ Rights updates",
      "✅ Subscribe",
      "Not now",
    ]);

    // Choosing topics stores nothing: the choice travels in the buttons.
    await nino.click("✅ Campaign news");
    await nino.click("✅ Events");
    await nino.settle();
    expect(
      nino
        .lastBotMessage()
        ?.buttons.map((b) => b.text)
        .slice(0, 4),
    ).toEqual(["✅ New films", "▫️ Campaign news", "▫️ Events", "✅ Rights updates"]);
    expect(subscriberRows(t)).toEqual([]);

    await nino.click("✅ Subscribe");
    await nino.settle();
    expect(nino.lastBotMessage()?.text).toContain("Topics: New films, Rights updates.");
    const rows = subscriberRows(t);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(["chat", "country", "created", "lang", "owner", "topics"]);
    expect(rows[0]).toMatchObject({
      lang: "en",
      country: null,
      topics: 1 | 8,
      // The day of the app's clock (injected), whatever the time of the machine running the test.
      created: "2026-11-28",
    });

    // The privacy page says the same as the consent screen.
    nino.send("/privacy");
    const privacy = await nino.nextBotMessage();
    expect(privacy.text).toContain("only if you subscribe to updates: the address of this chat, encrypted");

    const leaks = scanFiles(keptFiles(t), [
      { label: "user id", value: 7301250101 },
      { label: "username", value: "user_7301250101" },
    ]);
    expect(leaks).toEqual([]);
  });

  it("lets a subscriber change topics at once, keeps at least one, and leave with /unsubscribe", async () => {
    const t = await start();
    const nino = await person(t, 7301250102);
    nino.send("/subscribe");
    await nino.nextBotMessage();
    await nino.click("✅ Subscribe");
    await nino.settle();

    nino.send("/subscribe");
    const manage = await nino.nextBotMessage();
    expect(manage.text).toContain("Your subscription");
    expect(manage.text).toContain("Language: English");
    // The day of subscription is written like other dates in the bot, not as 2026-11-28.
    const created = String(subscriberRows(t)[0]?.created);
    expect(manage.text).toContain(`Subscribed on: ${formatDate("en", created)}\n`);
    expect(manage.text).not.toContain(created);
    await nino.click("✅ New films");
    await nino.click("✅ Campaign news");
    await nino.click("✅ Events");
    await nino.settle();
    expect(subscriberRows(t)[0]?.topics).toBe(8);
    const refusal = await nino.click("✅ Rights updates");
    expect(refusal.text).toContain("Keep at least one topic");
    expect(subscriberRows(t)[0]?.topics).toBe(8);

    nino.send("/unsubscribe");
    expect((await nino.nextBotMessage()).text).toContain("You have unsubscribed.");
    expect(subscriberRows(t)).toEqual([]);
    nino.send("/unsubscribe");
    expect((await nino.nextBotMessage()).text).toContain("You are not subscribed");
  });

  it("ends the subscription when the person blocks the bot, and with /forget", async () => {
    const t = await start();
    const [a, b] = [await person(t, 7301250103, "Ana"), await person(t, 7301250104, "Bela")];
    for (const chat of [a, b]) {
      chat.send("/subscribe");
      await chat.nextBotMessage();
      await chat.click("✅ Subscribe");
      await chat.settle();
    }
    expect(subscriberRows(t)).toHaveLength(2);
    a.block();
    await eventually(() => subscriberRows(t).length === 1);

    b.send("/forget");
    await b.nextBotMessage();
    await b.click("Yes, erase everything");
    await b.settle();
    expect(subscriberRows(t)).toEqual([]);
  });

  it("gives operators counts by language, country and topic, and everyone else the usual answer", async () => {
    const t = await start();
    const nino = await person(t, 7301250105);
    nino.send("/subscribe");
    await nino.nextBotMessage();
    await nino.click("✅ Subscribe");
    await nino.settle();

    nino.send("/stats");
    expect((await nino.nextBotMessage()).text).toContain("I only understand buttons and commands");

    const operator = await person(t, OPERATOR, "Operator");
    operator.send("/stats");
    const stats = await operator.nextBotMessage();
    expect(stats.text).toContain("Subscribers: 1");
    expect(stats.text).toMatch(/English: 1/);
    expect(stats.text).toMatch(/not chosen: 1/);
    expect(stats.text).toMatch(/Rights updates: 1/);
  });

  it("follows a subscriber's later change of language or country, made anywhere in the bot", async () => {
    const t = await start();
    const nino = await person(t, 7301250199);
    nino.send("/subscribe");
    await nino.nextBotMessage();
    await nino.click("✅ Subscribe");
    await nino.settle();
    expect(subscriberRows(t)[0]).toMatchObject({ lang: "en", country: null });

    nino.send("/language");
    await nino.nextBotMessage();
    await nino.click("ქართული");
    await nino.settle();
    expect(subscriberRows(t)[0]).toMatchObject({ lang: "ka", country: null });

    // The country is chosen inside the rights conversation.
    nino.send("/rights");
    await nino.nextBotMessage();
    await nino.click((button) => button.callback_data?.endsWith(":ua") === true);
    await nino.settle();
    expect(subscriberRows(t)[0]).toMatchObject({ lang: "ka", country: "ua" });
  });
});
