import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";

afterEach(stopAll);

describe("a button pressed twice", () => {
  it("changes the screen once: the second press sends no edit that would change nothing", async () => {
    const t = await startTestApp({ app: { floodLimit: 10_000 } });
    const person = t.fake.privateChat({ id: 7301234701, first_name: "Dana", language_code: "en" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("English");
    await person.settle();
    const menu = person.lastBotMessage();
    if (!menu) throw new Error("no menu");
    const sections = menu.buttons.map((b) => b.text);
    expect(sections.length).toBeGreaterThan(3);
    for (const section of sections) {
      // Both presses come from the menu as the person saw it, before the first was handled.
      const shown = person.message(menu.message_id);
      if (!shown?.buttons.some((b) => b.text === section)) continue;
      await Promise.all([
        person.click(section, { message: menu.message_id }),
        person.click(section, { message: menu.message_id }),
      ]);
      await person.settle();
      const back = person.message(menu.message_id)?.buttons.find((b) => b.text === "« Menu");
      if (back) {
        await Promise.all([
          person.click("« Menu", { message: menu.message_id }),
          person.click("« Menu", { message: menu.message_id }),
        ]);
        await person.settle();
      }
    }
    const edits = t.fake.calls.filter((c) => c.method.startsWith("editMessage"));
    expect(edits.length).toBeGreaterThan(0);
    expect(t.fake.calls.filter((c) => c.description?.includes("message is not modified"))).toEqual([]);
    expect(t.fake.unansweredCallbackQueries()).toEqual([]);
  });
});
