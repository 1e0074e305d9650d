import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";

afterEach(stopAll);

const OPERATOR = 7301270001;
const PERSON = 7301270002;

describe("/help: the commands this reader may use, in their language", () => {
  it("an operator's help lists the operator commands, a person's does not; each in the chosen language, every time", async () => {
    const fake = await FakeBotApi.start({ waitTimeoutMs: 5_000 });
    await startTestApp({ fake, env: { ADMIN_IDS: String(OPERATOR) } });
    const operator = fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    const person = fake.privateChat({ id: PERSON, first_name: "Person", language_code: "en" });

    const helpOf = async (chat: typeof person) => {
      chat.send("/help");
      return (await chat.nextBotMessage()).text ?? "";
    };
    for (let round = 0; round < 2; round++) {
      const forOperator = await helpOf(operator);
      const forPerson = await helpOf(person);
      expect(forOperator).toContain("What this bot does");
      expect(forOperator).toMatch(/\/broadcast — /);
      expect(forOperator).toMatch(/\/reach — /);
      expect(forPerson).toContain("What this bot does");
      expect(forPerson).toMatch(/\/help — /);
      expect(forPerson).not.toMatch(/\/broadcast|\/reach|\/stats|\/films/);
    }

    person.send("/language");
    await person.nextBotMessage();
    await person.click("Русский");
    await person.settle();
    const russian = await helpOf(person);
    expect(russian).toContain("Что умеет этот бот");
    expect(russian).toMatch(/\/help — Что умеет бот/);
    expect(russian).not.toMatch(/\/broadcast/);
    expect(await helpOf(operator)).toContain("What this bot does");
  });
});
