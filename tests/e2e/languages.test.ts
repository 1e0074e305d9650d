import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, stopAll, type TestApp } from "../support/app-harness.js";
import { formatMessageText } from "../support/fake-bot-api/formatted-text.js";

/**
 * A person whose Telegram speaks one of the eight languages added in issue 9 meets the bot in it
 * from the first screen: welcome, picker, menu, command lists and descriptions. Expected texts
 * come from the locale files.
 */

const LOCALES = path.resolve(import.meta.dirname, "../../locales");
const locale = (lang: string, ns: string) => JSON.parse(readFileSync(path.join(LOCALES, lang, `${ns}.json`), "utf8"));
const seen = (html: string) => formatMessageText(html, "HTML", undefined, { strictAmpersand: true }).text;

/** Telegram's language_code as clients send it, and the language the bot must answer in. */
const CODES = [
  ["kk", "kk"],
  ["ky", "ky"],
  ["ro", "ro"],
  ["ro-MD", "ro"],
  ["mo", "ro"],
  ["hy", "hy"],
  ["az", "az"],
  ["uz", "uz"],
  ["tg", "tg"],
  ["be", "be"],
] as const;

/** Words that must never be on the first screen or in the profile: the chat may be seen. */
const DRUG_WORDS =
  /drug|narco|нарко|есірткі|баңгі|наркот|droguri|droga|թմրանյութ|narkotik|giyohvand|нашъа|наркатык|overdose|передоз|supradoz/i;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(stopAll);

let nextId = 7_301_239_000;

describe.each(CODES)("language_code %s", (code, lang) => {
  const onboarding = locale(lang, "onboarding");
  const common = locale(lang, "common");

  it(`welcome and picker in ${lang}; choosing it opens the menu in ${lang}`, async () => {
    const person = app.fake.privateChat({ id: ++nextId, first_name: "Aru", language_code: code });
    person.send("/start");
    const welcome = await person.nextBotMessage();
    expect(welcome.text).toBe(seen(`${onboarding.welcome}\n\n${onboarding.language.prompt}`));
    expect(welcome.text).not.toMatch(DRUG_WORDS);
    expect(welcome.buttons.map((b) => b.text)).toContain(common.languageName);

    await person.click(common.languageName);
    await person.settle();
    const menu = person.lastBotMessage();
    expect(menu?.text).toBe(seen(`${onboarding.welcome}\n\n${common.menu.title}`));
    expect(menu?.buttons.map((b) => b.text)).toContain(onboarding.language.menu);
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it(`command lists, description and short description registered in ${lang}`, () => {
    if (code !== lang) return; // Telegram registers by two-letter code only.
    const chat = app.fake.privateChat({ id: ++nextId, first_name: "Bek" });
    const commands = app.fake.commandsSeenBy(chat, lang);
    expect(commands.find((c) => c.command === "start")?.description).toBe(onboarding.commands.start);
    expect(commands.find((c) => c.command === "language")?.description).toBe(onboarding.commands.language);
    const profile = locale(lang, "profile");
    expect(app.fake.description(lang)).toBe(profile.description);
    expect(app.fake.shortDescription(lang)).toBe(profile.shortDescription);
    expect(`${profile.description} ${profile.shortDescription}`).not.toMatch(DRUG_WORDS);
    expect(app.fake.unknownParams).toEqual([]);
  });
});
