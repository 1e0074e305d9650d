import { afterEach, describe, expect, it } from "vitest";
import { startVideosApp } from "../features/videos/e2e.js";
import { startTestApp, stopAll } from "../support/app-harness.js";

afterEach(stopAll);

const HINT = "I only understand buttons and commands. What you sent has not been saved anywhere.";
const MENU = "Choose a section:";

async function englishPerson(id: number) {
  const t = await startTestApp();
  const person = t.fake.privateChat({ id, first_name: "Lev", language_code: "en" });
  person.send("/start");
  await person.nextBotMessage();
  await person.click("English");
  await person.settle();
  return { t, person };
}

describe("anything the bot does not understand gets a hint and the menu", () => {
  it.each([
    [
      "free text",
      (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.send("they took my phone, what do I do"),
    ],
    ["a sticker", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendSticker()],
    ["a photo", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendPhoto({ caption: "look" })],
    ["a voice message", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendVoice()],
    ["a document", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendDocument()],
    [
      "a shared contact",
      (p: Awaited<ReturnType<typeof englishPerson>>["person"]) =>
        p.sendContact({ phone_number: "+995555123456", first_name: "Lev" }),
    ],
    ["a location", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendLocation()],
    ["an unknown command", (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.send("/whatever")],
    [
      "a video from someone who is not an operator",
      (p: Awaited<ReturnType<typeof englishPerson>>["person"]) => p.sendVideo(),
    ],
  ])("%s", async (_kind, act) => {
    const { t, person } = await englishPerson(7301234601);
    act(person);
    const reply = await person.nextBotMessage();
    expect(reply.text).toBe(`${HINT}\n\n${MENU}`);
    expect(reply.buttons.length).toBeGreaterThanOrEqual(3);
    await person.settle();
    expect(person.botMessages().filter((m) => m.text?.startsWith(HINT))).toHaveLength(1);
    expect(t.logText()).not.toMatch(/error/i);
  });

  it("forged callback data: the button stops spinning and a fresh menu replaces the message", async () => {
    const { t, person } = await englishPerson(7301234602);
    const menu = person.lastBotMessage();
    if (!menu) throw new Error("no menu");
    for (const forged of ["lang:xx", "priv:drop-table", "zzz", "m:1:2:3", "v:999", "x".repeat(64)]) {
      const answer = await person.clickData(forged, menu.message_id);
      expect(answer.text, forged).toBeTypeOf("string");
    }
    await person.settle();
    expect(person.lastBotMessage()?.text).toBe(MENU);
    expect(t.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("a button from before a restart still works or is answered with a fresh menu", async () => {
    const { t, person } = await englishPerson(7301234603);
    person.send("/privacy");
    const privacy = await person.nextBotMessage();
    const restarted = await t.restart();
    // A stale button whose action still exists works after the restart.
    await person.click("« Menu", { message: privacy.message_id });
    await person.settle();
    expect(person.lastBotMessage()?.text).toBe(MENU);
    // One whose callback query has expired (answered late) is still handled without an error.
    restarted.fake.advanceClock(60_000);
    await person.click("❓ Help");
    await person.settle();
    expect(person.lastBotMessage()?.text).toContain("What this bot does");
    expect(restarted.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("/cancel with nothing running: says so, with the menu (not the unknown-input hint)", async () => {
    const { t, person } = await englishPerson(7301234607);
    person.send("/cancel");
    const reply = await person.nextBotMessage();
    expect(reply.text).toBe(`Nothing to cancel.\n\n${MENU}`);
    expect(reply.buttons.length).toBeGreaterThanOrEqual(3);
    expect(t.logText()).not.toMatch(/error/i);
  });

  it("edited messages get no second answer", async () => {
    const { person } = await englishPerson(7301234604);
    const before = person.botMessages().length;
    person.send("hello");
    await person.nextBotMessage();
    person.editLast("hello again");
    await person.settle(300);
    expect(person.botMessages().length).toBe(before + 1);
  });
});

describe("flooding", () => {
  it("slows one person down without slowing anyone else", async () => {
    const { t, person } = await englishPerson(7301234605);
    const other = t.fake.privateChat({ id: 7301234606, first_name: "Other", language_code: "en" });
    for (let i = 0; i < 30; i++) person.send(`spam ${i}`);
    other.send("/help");
    const help = await other.nextBotMessage();
    expect(help.text).toContain("What this bot does");
    await person.settle(400);
    const replies = person.botMessages().map((m) => m.text ?? "");
    expect(replies.filter((text) => text.startsWith(HINT)).length).toBeLessThan(20);
    expect(replies.filter((text) => text.startsWith("That's a lot of messages"))).toHaveLength(1);
  });

  it("inline queries have their own allowance: a person slowed down for messages still gets every search answered", async () => {
    const t = await startVideosApp({ app: { floodWindowMs: 60_000, floodLimit: 15 } });
    const person = t.person("en");
    for (let i = 0; i < 20; i++) person.send(`spam ${i}`);
    await person.settle(300);
    expect(person.botMessages().some((m) => m.text?.startsWith("That's a lot of messages"))).toBe(true);
    // Typing "@bot film" sends a query per keystroke.
    for (const query of ["", "h", "hi", "hiv", "hiv ", "hiv"]) {
      const answer = await person.inlineQuery(query);
      expect((answer.results as unknown[]).length, query).toBeGreaterThan(0);
    }
    expect(t.fake.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("inline queries over their own allowance are still answered, with nothing", async () => {
    const t = await startVideosApp({ app: { floodWindowMs: 60_000, inlineFloodLimit: 3 } });
    const person = t.person("en");
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await person.inlineQuery(""));
    expect(answers.map((a) => (a.results as unknown[]).length > 0)).toEqual([true, true, true, false, false, false]);
  });
});
