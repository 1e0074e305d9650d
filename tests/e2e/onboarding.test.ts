import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

afterEach(stopAll);

const WELCOME_START = {
  ru: "Здравствуйте! Это «Люди по праву»",
  ka: "გამარჯობა! ეს არის „ადამიანები უფლებით“",
  uk: "Вітаємо! Це «Люди за правом»",
  en: "Hello! This is People by Right",
} as const;

const PICKER = { ru: "Выберите язык:", ka: "აირჩიეთ ენა:", uk: "Оберіть мову:", en: "Choose your language:" } as const;
const MENU = {
  ru: "Выберите раздел:",
  ka: "აირჩიეთ განყოფილება:",
  uk: "Оберіть розділ:",
  en: "Choose a section:",
} as const;

/** The picker: all twelve languages, each in its own name, three a row. */
const PICKER_ROWS = [
  ["Русский", "ქართული", "Українська"],
  ["English", "Қазақша", "Кыргызча"],
  ["Română", "Հայերեն", "Azərbaycanca"],
  ["Oʻzbekcha", "Тоҷикӣ", "Беларуская"],
];

/** Words that must never be on the first screen or in the bot's profile: the chat may be seen. */
const DRUG_WORDS = /drug|narco|наркот|нарко|наркоман|метадон|methadone|ნარკო|მეთადონ|overdose|передоз|ოვერდოზ/i;

describe("onboarding", () => {
  it.each([
    ["ru", "ru"],
    ["ka", "ka"],
    ["uk", "uk"],
    ["en", "en"],
    ["uk-UA", "uk"],
    ["de", "en"],
    [undefined, "en"],
  ] as const)("language_code %s: welcome and picker in %s, then the menu", async (code, lang) => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301234501, first_name: "Nino", language_code: code });
    person.send("/start");
    const welcome = await person.nextBotMessage();
    expect(welcome.text).toContain(WELCOME_START[lang]);
    expect(welcome.text).toContain(PICKER[lang]);
    expect(welcome.text).not.toMatch(DRUG_WORDS);
    const rows = (welcome.reply_markup?.inline_keyboard ?? []) as { text: string }[][];
    expect(rows.map((row) => row.map((b) => b.text))).toEqual(PICKER_ROWS);

    await person.click("ქართული");
    await person.settle();
    const menu = person.lastBotMessage();
    expect(menu?.text).toContain(WELCOME_START.ka);
    expect(menu?.text).toContain(MENU.ka);
    const labels = menu?.buttons.map((b) => b.text) ?? [];
    expect(labels).toEqual(expect.arrayContaining(["🌐 ენა", "🔒 კონფიდენციალურობა", "❓ დახმარება"]));

    // Next time /start goes straight to the menu, in the chosen language.
    person.send("/start");
    const again = await person.nextBotMessage();
    expect(again.text).toContain(MENU.ka);
    expect(again.text).not.toContain(PICKER.ka);
    expect(t.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("remembers a language switch across a restart", async () => {
    const first = await startTestApp();
    const person = first.fake.privateChat({ id: 7301234502, first_name: "Olena", language_code: "ru" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("Русский");
    person.send("/language");
    const picker = await person.nextBotMessage();
    expect(picker.text).toBe(PICKER.ru);
    await person.click("Українська");
    await person.settle();
    expect(person.lastBotMessage()?.text).toBe(`Мова: Українська.\n\n${MENU.uk}`);

    const second = await first.restart();
    person.send("/start");
    const menu = await person.nextBotMessage();
    expect(menu.text).toContain(MENU.uk);
    expect(second.app.services.config.databasePath).toBe(first.dbPath);
  });

  it("registers commands, descriptions and short descriptions for every language", async () => {
    const t = await startTestApp();
    const chat = t.fake.privateChat({ id: 7301234503, first_name: "Ira" });
    const group = t.fake.groupChat({ id: -1001234567890, title: "Partners" });
    for (const [code, start] of [
      ["ru", "Главное меню"],
      ["ka", "მთავარი მენიუ"],
      ["uk", "Головне меню"],
      ["en", "Main menu"],
      ["", "Main menu"],
    ] as const) {
      const commands = t.fake.commandsSeenBy(chat, code);
      expect(commands.find((c) => c.command === "start")?.description, code).toBe(start);
      expect(commands.map((c) => c.command)).toEqual(
        expect.arrayContaining(["start", "help", "language", "privacy", "forget"]),
      );
      expect(t.fake.description(code)).not.toBe("");
      expect(t.fake.shortDescription(code)).not.toBe("");
      expect(t.fake.description(code)).not.toMatch(DRUG_WORDS);
      expect(t.fake.shortDescription(code)).not.toMatch(DRUG_WORDS);
    }
    expect(t.fake.description("ka")).toContain("ადამიანები უფლებით");
    // Groups get only the public commands.
    const groupCommands = t.fake.commandsSeenBy(group, "ru").map((c) => c.command);
    expect(groupCommands).toEqual(expect.arrayContaining(["start", "help"]));
    expect(groupCommands).not.toContain("forget");
    expect(groupCommands).not.toContain("language");
    expect(t.fake.unknownParams).toEqual([]);

    // A restart with nothing changed registers nothing again.
    const before = t.fake.callsOf("setMyCommands").length;
    await t.restart();
    expect(t.fake.callsOf("setMyCommands").length).toBe(before);
  });

  it("/help lists what the bot does and its commands", async () => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301234504, first_name: "Sam", language_code: "en" });
    person.send("/help");
    const help = await person.nextBotMessage();
    expect(help.text).toContain("What this bot does");
    for (const command of ["/start", "/language", "/help", "/privacy", "/forget"]) expect(help.text).toContain(command);
  });

  it("operators see the operator commands in their chat and in /help; nobody else does", async () => {
    const operator = 7301234590;
    const fake = await FakeBotApi.start();
    const boss = fake.privateChat({ id: operator, first_name: "Op", language_code: "ru" });
    const person = fake.privateChat({ id: 7301234591, first_name: "P", language_code: "ru" });
    boss.send("/start");
    person.send("/start");
    const t = await startTestApp({ fake, env: { ADMIN_IDS: String(operator) } });
    await boss.settle();
    const bossCommands = fake.commandsSeenBy(boss, "ru").map((c) => c.command);
    expect(bossCommands).toEqual(expect.arrayContaining(["start", "broadcast", "stats"]));
    const personCommands = fake.commandsSeenBy(person, "ru").map((c) => c.command);
    expect(personCommands).toContain("start");
    expect(personCommands).not.toContain("broadcast");
    expect(personCommands).not.toContain("stats");

    boss.send("/help");
    expect((await boss.nextBotMessage()).text).toContain("/broadcast");
    person.send("/help");
    expect((await person.nextBotMessage()).text).not.toContain("/broadcast");
    expect(t.fake.unknownParams).toEqual([]);
  });

  it("an operator who has not written yet gets the operator commands when they first write, and no call fails", async () => {
    const fake = await FakeBotApi.start();
    const boss = fake.privateChat({ id: 7301234592, first_name: "Op", language_code: "en" });
    // A second operator never opens the bot at all.
    const env = { ADMIN_IDS: "7301234592,7301234593" };
    const t = await startTestApp({ fake, env });
    const chatScoped = () =>
      fake.callsOf("setMyCommands").filter((c) => (c.params.scope as { type?: string }).type === "chat");
    expect(chatScoped()).toEqual([]);
    expect(fake.commandsSeenBy(boss, "en").map((c) => c.command)).not.toContain("broadcast");

    boss.send("/start");
    await boss.nextBotMessage();
    await boss.settle();
    expect(fake.commandsSeenBy(boss, "en").map((c) => c.command)).toEqual(
      expect.arrayContaining(["start", "broadcast", "stats"]),
    );
    expect(fake.commandsSeenBy(boss, "ru").map((c) => c.command)).toContain("broadcast");
    const setOnce = chatScoped().length;
    expect(setOnce).toBeGreaterThan(0);
    boss.send("/help");
    await boss.nextBotMessage();
    await boss.settle();
    expect(chatScoped()).toHaveLength(setOnce);

    // At the next start the operator is known to work: nothing changed, nothing is sent again.
    const again = await t.restart();
    expect(chatScoped()).toHaveLength(setOnce);
    // Telegram said no to nothing, and the logs carry no warning about command lists.
    expect(fake.calls.filter((c) => !c.ok)).toEqual([]);
    expect(fake.calls.some((c) => c.description?.includes("chat not found"))).toBe(false);
    const logs = t.logText() + again.logText();
    expect(logs).not.toMatch(/command|not found|"level":50/);
    expect(again.logText()).not.toContain("chat not found");
  });
});
