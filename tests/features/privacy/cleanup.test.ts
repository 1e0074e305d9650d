import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Feature } from "../../../src/bot/feature.js";
import { keptFiles, type StartTestAppOptions, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import { type Needle, scanFiles } from "../../support/privacy-scan.js";

afterEach(stopAll);

const LOCALES = path.resolve(import.meta.dirname, "../../../locales");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 11, 3, 10, 0, 0);

/** The English texts, read from the locale file (never from the code under test). */
const en = JSON.parse(readFileSync(path.join(LOCALES, "en/cleanup.json"), "utf8")) as {
  choice: Record<string, string>;
  hide: { button: string; done: string };
  limits: string;
};
const visible = (html: string) => html.replace(/<[^>]+>/g, "");

/** A fake Telegram whose clock moves only when told, shared with the bot as its clock. */
async function start(options: StartTestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await FakeBotApi.start({ startTime: START, freezeClock: true }));
  return startTestApp({
    ...options,
    fake,
    // The timer is far away: each test runs the clean-up pass itself, after moving the clock.
    app: { clock: () => fake.now(), cleanupEveryMs: 24 * HOUR, floodLimit: 10_000, ...options.app },
  });
}

function privacyFeature(t: TestApp): Feature & { runPending(): Promise<unknown> } {
  const feature = t.app.features.find((f) => f.name === "privacy");
  if (!feature?.runPending) throw new Error("the privacy feature has no clean-up pass");
  return feature as Feature & { runPending(): Promise<unknown> };
}

const texts = (chat: SimChat) => chat.messages.map((m) => m.text ?? m.caption ?? "");

function rows(t: TestApp, table: string): number {
  const db = new Database(t.dbPath, { readonly: true });
  try {
    return db.prepare(`select count(*) from ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** An English-speaking person who has chosen the language, so one text gets one answer. */
async function newPerson(t: TestApp, id: number): Promise<SimChat> {
  const person = t.fake.privateChat({ id, first_name: "Clean", language_code: "en" });
  person.send("/start");
  await person.nextBotMessage();
  await person.click("English");
  await t.handled();
  return person;
}

async function switchOn(t: TestApp, person: SimChat, choice: string): Promise<void> {
  person.send("/privacy");
  await person.nextBotMessage();
  await person.click(en.choice[choice] as string);
  await t.handled();
}

/** Sends a text and waits until the bot has answered it and recorded both message numbers. */
async function say(t: TestApp, person: SimChat, text: string): Promise<void> {
  person.send(text);
  await person.nextBotMessage();
  await t.handled();
}

describe("clean up this chat", () => {
  for (const [choice, afterMs] of [
    ["15", 15 * MINUTE],
    ["60", HOUR],
    ["1440", 24 * HOUR],
  ] as const) {
    it(`after ${choice} minutes deletes exactly what is that old, the person's and the bot's, and nothing newer`, async () => {
      const t = await start();
      const person = await newPerson(t, 7301255001 + Number(choice));
      await switchOn(t, person, choice);
      const screen = person.lastBotMessage();
      expect(screen?.text).toContain("Clean-up is on");
      // The limits are said when clean-up is switched on.
      expect(screen?.text).toContain(visible(en.limits).split("\n")[0]?.slice(0, 60));
      const early = texts(person);
      expect(early.length).toBeGreaterThanOrEqual(4);

      t.fake.advanceClock(afterMs - MINUTE);
      await say(t, person, "a message a minute before the first ones are due");
      await privacyFeature(t).runPending();
      expect(t.fake.callsOf("deleteMessages")).toHaveLength(0);
      expect(texts(person)).toHaveLength(early.length + 2);

      t.fake.advanceClock(MINUTE);
      await privacyFeature(t).runPending();
      // Everything from before the clock moved is gone; the last exchange stays.
      expect(texts(person)).toEqual(["a message a minute before the first ones are due", expect.any(String)]);
      expect(t.fake.callsOf("deleteMessages").every((call) => call.ok)).toBe(true);

      t.fake.advanceClock(afterMs);
      await privacyFeature(t).runPending();
      expect(texts(person)).toEqual([]);
    });
  }

  it("the screen marks the current choice, and switching off stops deleting", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255101);
    await switchOn(t, person, "60");
    expect(person.lastBotMessage()?.buttons.map((b) => b.text)).toContain(`✓ ${en.choice["60"]}`);
    await person.click(en.choice["0"] as string);
    expect(person.lastBotMessage()?.text).toContain("Clean-up is off");
    expect(rows(t, "chat_cleanup")).toBe(0);
    const before = texts(person);
    t.fake.advanceClock(2 * HOUR);
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual(before);
  });

  it("survives a restart and catches up after downtime", async () => {
    let t = await start();
    const person = await newPerson(t, 7301255201);
    await switchOn(t, person, "15");
    await say(t, person, "before the restart");
    await t.stop();
    t.fake.advanceClock(20 * MINUTE);
    t = await t.restart();
    // The first pass runs at start; runPending waits for it and runs once more.
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual([]);
  });

  it("leaves what is past Telegram's 48 hours alone and still deletes what is just inside", async () => {
    let t = await start();
    const person = await newPerson(t, 7301255301);
    await switchOn(t, person, "15");
    await say(t, person, "three minutes later");
    const all = texts(person);
    // After the downtime below the first messages are 47 h 58 min old, the last ones 47 h 55 min: all deletable.
    t.fake.advanceClock(3 * MINUTE);
    await say(t, person, "just inside");
    await t.stop();
    t.fake.advanceClock(47 * HOUR + 55 * MINUTE);
    t = await t.restart();
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual([]);
    expect(all.length).toBeGreaterThan(4);

    // Another person's messages cross the 48-hour line during the downtime: nothing is attempted.
    const late = await newPerson(t, 7301255302);
    await switchOn(t, late, "15");
    const kept = texts(late);
    await t.stop();
    const calls = t.fake.callsOf("deleteMessages").length;
    t.fake.advanceClock(48 * HOUR + MINUTE);
    t = await t.restart();
    await privacyFeature(t).runPending();
    expect(texts(late)).toEqual(kept);
    expect(t.fake.callsOf("deleteMessages")).toHaveLength(calls);
  });

  it("deletes more than 100 messages in batches of at most 100", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255401);
    await switchOn(t, person, "15");
    for (let i = 0; i < 70; i += 1) await say(t, person, `message ${i}`);
    expect(texts(person).length).toBeGreaterThan(140);
    t.fake.advanceClock(16 * MINUTE);
    await privacyFeature(t).runPending();
    const calls = t.fake.callsOf("deleteMessages");
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(call.ok).toBe(true);
      expect((call.params.message_ids as number[]).length).toBeLessThanOrEqual(100);
    }
    expect(texts(person)).toEqual([]);
  });

  it("a message the person already deleted is not an error", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255501);
    await switchOn(t, person, "15");
    const mine = person.send("I will delete this one myself");
    await person.nextBotMessage();
    await t.handled();
    person.deleteOwn(mine.message_id);
    t.fake.advanceClock(16 * MINUTE);
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual([]);
    expect(t.fake.callsOf("deleteMessages").every((call) => call.ok)).toBe(true);
    expect(t.logText()).not.toMatch(/clean-up pass failed|could not delete/);
    expect(rows(t, "recent_messages")).toBe(0);
  });

  it("/forget erases the clean-up setting too", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255601);
    await switchOn(t, person, "60");
    expect(rows(t, "chat_cleanup")).toBe(1);
    person.send("/forget");
    await person.nextBotMessage();
    await person.click("Yes, erase everything");
    await t.handled();
    expect(rows(t, "chat_cleanup")).toBe(0);
  });
});

describe("/hide", () => {
  it("deletes everything it may now, keeps the settings, and its neutral line removes itself after a minute", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255701);
    await say(t, person, "something I do not want seen");
    person.send("/hide");
    const note = await person.nextBotMessage();
    await t.handled();
    expect(note.text).toBe(en.hide.done);
    expect(texts(person)).toEqual([en.hide.done]);
    expect(rows(t, "sessions")).toBe(1);

    t.fake.advanceClock(59_000);
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual([en.hide.done]);
    t.fake.advanceClock(1_000);
    await privacyFeature(t).runPending();
    expect(texts(person)).toEqual([]);
    expect(rows(t, "scheduled_deletions")).toBe(0);

    // The language is still known: /start goes straight to the menu, no picker.
    person.send("/start");
    expect((await person.nextBotMessage()).buttons.map((b) => b.text)).not.toContain("English");
  });

  it("is a button on the privacy screen, two taps from the menu", async () => {
    const t = await start();
    const person = await newPerson(t, 7301255801);
    person.send("/menu");
    await person.nextBotMessage();
    await person.click("🔒 Privacy");
    await person.click(en.hide.button);
    await person.nextBotMessage();
    await t.handled();
    expect(texts(person)).toEqual([en.hide.done]);
  });

  it("the neutral line says nothing about the campaign or drugs, in any language", () => {
    const words = /drug|нарко|наркот|ნარკო|campaign|кампан|right|прав|უფლ|people|люди|ადამიან|bot|бот|ბოტ/i;
    for (const lng of ["ru", "ka", "uk", "en", "kk", "ky", "ro", "hy", "az", "uz", "tg", "be"]) {
      const file = JSON.parse(readFileSync(path.join(LOCALES, lng, "cleanup.json"), "utf8"));
      expect(file.hide.done, lng).not.toMatch(words);
      expect(file.hide.done.length, lng).toBeLessThan(80);
    }
  });
});

describe("privacy with clean-up on", () => {
  it("keeps no id, name, username or typed text in the files", async () => {
    const t = await start();
    const id = 7301255901;
    const person = t.fake.privateChat({
      id,
      first_name: "Nestanka",
      last_name: "Gelovaniani",
      username: "nestan_hidden_51",
      language_code: "en",
    });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("English");
    await t.handled();
    await switchOn(t, person, "15");
    const typed = "they took my phone at the station";
    await say(t, person, typed);
    person.send("/hide");
    await person.nextBotMessage();
    await t.handled();
    t.fake.advanceClock(16 * MINUTE);
    await privacyFeature(t).runPending();
    await t.stop();
    const needles: Needle[] = [
      { label: "user id", value: id },
      { label: "first name", value: "Nestanka" },
      { label: "last name", value: "Gelovaniani" },
      { label: "username", value: "nestan_hidden_51" },
      { label: "typed text", value: typed },
    ];
    expect(scanFiles(keptFiles(t), needles)).toEqual([]);
  });
});
