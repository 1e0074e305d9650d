import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";

afterEach(stopAll);

/** Updates of different chats the bot handles at once in polling mode (src/app.ts). */
const LIMIT = 256;

describe("many people writing at once (long polling)", () => {
  it(`handles up to ${LIMIT} chats' updates at a time, leaves the rest with Telegram until one finishes, and answers everyone`, async () => {
    const t = await startTestApp({ app: { floodLimit: 10_000 } });
    const people = Array.from({ length: LIMIT + 40 }, (_, i) =>
      t.fake.privateChat({ id: 7303000000 + i, first_name: `P${i}`, language_code: "en" }),
    );
    // Telegram answers nothing for now: every update the bot takes stays in progress.
    const release = t.fake.holdAnswers();
    let undelivered: number;
    try {
      for (const person of people) person.send("/start");
      await t.fake.untilInFlight(LIMIT, 15_000);
      // The bot stopped taking updates: the rest are still waiting at Telegram.
      undelivered = t.fake.undeliveredUpdates();
    } finally {
      release();
    }
    await Promise.all(people.map((person) => person.nextBotMessage({ timeout: 15_000 })));

    expect(undelivered).toBe(40);
    expect(t.fake.peakInFlight).toBe(LIMIT);
    for (const person of people) expect(person.lastBotMessage()?.buttons.map((b) => b.text)).toContain("English");
    expect(t.fake.calls.filter((call) => !call.ok)).toEqual([]);
  });
});
