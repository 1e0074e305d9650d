import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { scanFiles } from "../support/privacy-scan.js";

afterEach(stopAll);

/** Rows in every table that are keyed by a person (key / owner columns). */
function personalRows(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of ["sessions", "conversation_state", "recent_messages"]) {
      counts[table] = db.prepare(`select count(*) as n from ${table}`).pluck().get() as number;
    }
    return counts;
  } finally {
    db.close();
  }
}

describe("/forget", () => {
  it("asks once, erases everything, deletes this chat's recent messages and explains how to remove the chat", async () => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301234701, first_name: "Mariam", language_code: "ka" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("English");
    person.send("some text");
    await person.nextBotMessage();
    person.send("/privacy");
    await person.nextBotMessage();
    // Message numbers are gathered for a moment and written together: write them now to count them.
    t.app.services.recentMessages.flush();
    expect(personalRows(t.dbPath).sessions).toBe(1);
    expect(personalRows(t.dbPath).recent_messages).toBeGreaterThan(4);

    person.send("/forget");
    const confirm = await person.nextBotMessage();
    expect(confirm.text).toContain("Erase everything?");
    expect(confirm.protect_content).toBe(true);
    await person.click("Cancel");
    await person.settle();
    expect(person.lastBotMessage()?.text).toBe("Nothing was erased.");
    expect(personalRows(t.dbPath).sessions).toBe(1);

    person.send("/forget");
    await person.nextBotMessage();
    await person.click("Yes, erase everything");
    await person.settle();

    // Only the closing note is left in the chat: every earlier message (the person's and the bot's) is deleted.
    expect(person.messages.map((m) => m.text)).toEqual([
      expect.stringContaining("Everything the bot knew about you has been erased"),
    ]);
    expect(person.lastBotMessage()?.text).toContain("Auto-Delete Messages");
    expect(personalRows(t.dbPath)).toEqual({ sessions: 0, conversation_state: 0, recent_messages: 0 });

    // Afterwards the person is new again: the language picker comes back.
    person.send("/start");
    const welcome = await person.nextBotMessage();
    expect(welcome.text).toContain("აირჩიეთ ენა:");
  });

  it("deletes only what Telegram still allows: messages under 48 hours old", async () => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301234702, first_name: "Old", language_code: "en" });
    person.send("/start");
    await person.nextBotMessage();
    t.fake.advanceClock(49 * 60 * 60 * 1000);
    person.send("/forget");
    await person.nextBotMessage();
    await person.click("Yes, erase everything");
    await person.settle();
    const deleteCalls = t.fake.callsOf("deleteMessages");
    expect(deleteCalls.length).toBeGreaterThan(0);
    expect(deleteCalls.every((call) => call.ok)).toBe(true);
    // The /start exchange from two days ago is still there (Telegram would refuse); the recent ones are gone.
    expect(person.messages.map((m) => m.text?.slice(0, 20))).toEqual([
      "/start",
      expect.stringContaining("Hello! This is"),
      expect.stringContaining("Done."),
    ]);
  });

  it("leaves nothing in the database file itself, even when a guided flow was waiting", async () => {
    const t = await startTestApp();
    const id = 7301234703;
    const person = t.fake.privateChat({ id, first_name: "Flowing", username: "flowing_person", language_code: "ru" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("Русский");
    person.send("/forget");
    const confirm = await person.nextBotMessage();
    // A guided flow starts and waits for an answer; then the older "Yes" is pressed.
    person.send("/relatives");
    await person.nextBotMessage();
    await person.settle();
    expect(personalRows(t.dbPath).conversation_state).toBe(1);
    await person.click("Да, стереть всё", { message: confirm.message_id });
    await person.settle();

    // The main file alone, as a copied database without its -wal would be.
    const copy = path.join(mkdtempSync(path.join(tmpdir(), "pbr-copy-")), "copy.sqlite");
    copyFileSync(t.dbPath, copy);
    expect(personalRows(copy)).toEqual({ sessions: 0, conversation_state: 0, recent_messages: 0 });
    const owner = t.app.services.ownerKey(id);
    expect(scanFiles([copy], [{ label: "record key", value: owner }])).toEqual([]);
  });

  it("a press that reaches the bot too late for Telegram's answer still erases everything", async () => {
    const fake = await FakeBotApi.start({ callbackQueryTimeoutMs: 200 });
    const t = await startTestApp({ fake });
    const person = fake.privateChat({ id: 7301234704, first_name: "Late", language_code: "en" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("English");
    person.send("/forget");
    await person.nextBotMessage();
    await person.settle();
    await t.stop();
    // The bot is down when the button is pressed; by the time it is back, Telegram no longer waits.
    const pressed = person.click("Yes, erase everything").catch(() => undefined);
    fake.advanceClock(1_000);
    await t.restart();
    await pressed;
    await person.settle();
    expect(person.lastBotMessage()?.text).toContain("Everything the bot knew about you has been erased");
    expect(personalRows(t.dbPath)).toEqual({ sessions: 0, conversation_state: 0, recent_messages: 0 });
  });
});
