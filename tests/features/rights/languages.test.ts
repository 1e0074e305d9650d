import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTRIES, TOPICS } from "../../../src/country/country.content.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { labels, personId, press, seen } from "./e2e-helpers.js";

/**
 * The eight languages added in issue 9, end to end: the detained card of every country in the
 * person's language; the own country's articles in it; another country's articles in Russian
 * under a line, in the person's language, that says so. Expected texts are read from the locale
 * files and src/content/languages.json, not from the code that renders them.
 */

const ROOT = path.resolve(import.meta.dirname, "../../..");
const json = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
const languages = json("src/content/languages.json").languages as Record<
  string,
  { original: boolean; nativeReview: unknown; rights: "all" | string[] }
>;

interface Named {
  name: string;
}

/** Each new language and its own country (the one whose law it has in full), if any. */
const NEW_LANGUAGES = [
  ["kk", "kz"],
  ["ky", "kg"],
  ["ro", "md"],
  ["hy", "am"],
  ["az", undefined],
  ["uz", undefined],
  ["tg", undefined],
  ["be", undefined],
] as const;

/** What a person sees of a text's first paragraph (one paragraph is never split over pages). */
const firstParagraph = (html: string) => seen(html.split(/\n{2,}/)[0] as string);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ app: { floodLimit: 100_000 } });
});
afterAll(stopAll);

describe.each(NEW_LANGUAGES)("rights in %s", (lang, own) => {
  const ui = json(`locales/${lang}/rights.json`);
  const countries = ui.countries as Record<string, string>;
  const topics = ui.topics as Record<string, string>;
  const unchecked = !languages[lang]?.original && languages[lang]?.nativeReview === null;

  it("records its status honestly: a translation nobody has checked, complete where the issue says", () => {
    expect(languages[lang]).toEqual({
      original: false,
      nativeReview: null,
      rights: own ? ["general", own] : ["general"],
    });
  });

  it("the detained card of every country, in the person's language, says it is an unchecked translation", async () => {
    for (const country of COUNTRIES) {
      const person = app.fake.privateChat({ id: personId(), first_name: "Card", language_code: lang });
      person.send("/sos");
      await person.nextBotMessage();
      const card = await press(person, countries[country] as string);
      const where = `${lang} ${country} card`;
      expect(card.text, where).toContain(firstParagraph(json(`locales/${lang}/rights-${country}.json`).sos));
      expect(card.text, where).toContain(ui.sos.title);
      expect(card.text?.includes(ui.article.notNativeChecked), where).toBe(unchecked);
      expect(card.text, where).not.toContain(ui.article.fallback);
      // The hotline buttons: the organisation's name in the language, or its address — never a Russian name.
      const own = json(`locales/${lang}/rights-${country}.json`).contacts ?? {};
      const russian = Object.entries(json(`locales/ru/rights-${country}.json`).contacts as Record<string, Named>)
        .filter(([id]) => !(id in own))
        .map(([, entry]) => seen(entry.name).slice(0, 24));
      const links = card.buttons.filter((button) => button.url);
      for (const button of links) {
        for (const name of russian) expect(button.text, where).not.toContain(name);
      }
      if (country === "ge") expect(links.length, "Georgia's card has hotline buttons").toBeGreaterThan(0);
    }
  });

  it("articles: the own country and the international standards in the language, others in Russian with a line", async () => {
    const person = app.fake.privateChat({ id: personId(), first_name: "Reader", language_code: lang });
    person.send("/rights");
    await person.nextBotMessage();
    const general = json(`locales/${lang}/rights-general.json`).topics as Record<string, string>;
    const shown = own ? [own, "ge"] : ["ge", "ru"];
    for (const [index, country] of shown.entries()) {
      if (index > 0) await press(person, ui.country.change);
      const list = await press(person, countries[country] as string);
      expect(labels(list)).toEqual(expect.arrayContaining(TOPICS.map((topic) => topics[topic])));
      const translated = country === own;
      const texts = json(`locales/${translated ? lang : "ru"}/rights-${country}.json`).topics;
      for (const topic of ["police", "treatment", "registry"] as const) {
        const page = await press(person, topics[topic] as string);
        const where = `${lang} ${country} ${topic}`;
        expect(page.text, where).toContain(firstParagraph(texts[topic]));
        expect(page.text?.includes(ui.article.fallback), `${where}: the fallback line`).toBe(!translated);
        expect(page.text?.includes(ui.article.notNativeChecked), where).toBe(unchecked);
        // The international part follows, in the person's language, on this page or a later one.
        let all = page.text ?? "";
        while (labels(screenOf(person)).includes(ui.article.more)) all += (await press(person, ui.article.more)).text;
        expect(all, `${where}: the international part`).toContain(unnumbered(general[topic] as string));
        await press(person, ui.article.topics);
      }
    }
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });
});

/** The longest run of a text's first paragraph between [n] markers (the article renumbers them). */
function unnumbered(html: string): string {
  const parts = firstParagraph(html).split(/\[\d+\]/);
  return parts.reduce((a, b) => (b.length > a.length ? b : a), "");
}

describe("help contacts in a new language", () => {
  it.each([
    ["kk", "kz", "kz-almaty-bar", true],
    ["kk", "kg", "kg-legal-aid-service", false],
    ["ky", "kg", "kg-legal-aid-service", true],
    ["az", "md", "md-cnajgs", false],
    ["ro", "md", "md-cnajgs", true],
  ] as const)("%s, %s legal aid: %s in the language, or in Russian under the line", async (lang, country, id, own) => {
    const ui = json(`locales/${lang}/rights.json`);
    const contacts = json(`locales/${lang}/contacts.json`);
    const person = app.fake.privateChat({ id: personId(), first_name: "Help", language_code: lang });
    person.send("/contacts");
    await person.nextBotMessage();
    await press(person, ui.countries[country]);
    let page = await press(person, contacts.categories.legal);
    // Several cities: the country-wide entries are in every city's list; take them all.
    if (labels(page).includes(contacts.city.all)) {
      // The city names on the buttons are Russian too until translated: the question says so.
      expect(page.text?.includes(ui.article.fallback), "the fallback line above the cities").toBe(!own);
      page = await press(person, contacts.city.all);
    }
    const name = json(`locales/${own ? lang : "ru"}/rights-${country}.json`).contacts[id].name;
    expect(page.text).toContain(seen(name));
    expect(page.text?.includes(ui.article.fallback), "the fallback line").toBe(!own);
  });
});

describe("a relative's overdose lead in a new language", () => {
  it.each([
    ["kk", "kz", true],
    ["az", "kz", false],
  ] as const)("%s, %s: the emergency numbers, named only in the reader's language", async (lang, country, own) => {
    const ui = json(`locales/${lang}/rights.json`);
    const person = app.fake.privateChat({ id: personId(), first_name: "Kin", language_code: lang });
    person.send("/relatives");
    await person.nextBotMessage();
    await press(person, ui.countries[country]);
    const lead = await press(person, ui.relatives.situations.overdose);
    const service = json(`src/content/rights/${country}.json`).contacts.find((c: { id: string }) =>
      c.id.endsWith("emergency-112"),
    );
    const name = json(`locales/${own ? lang : "ru"}/rights-${country}.json`).contacts[service.id].name;
    const numbers = own ? name : service.phones.join(" · ");
    expect(lead.text).toContain(seen(ui.relatives.emergency.replace("{{- numbers}}", numbers)));
    if (!own) expect(lead.text).not.toContain(seen(name));
  });
});

function screenOf(person: ReturnType<TestApp["fake"]["privateChat"]>) {
  const message = person.lastBotMessage();
  if (!message) throw new Error("the bot has not written anything");
  return message;
}
