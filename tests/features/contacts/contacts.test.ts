import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  categoriesOf,
  categoryName,
  citiesOf,
  entriesOf,
  renderCategories,
  renderEntries,
} from "../../../src/country/contacts.render.js";
import { COUNTRIES } from "../../../src/country/country.content.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { content, expectScreen, labels, personId, press, speaker, tr } from "../rights/e2e-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ app: { floodLimit: 10_000 } });
});
afterAll(stopAll);

describe("help contacts", () => {
  it("country → category → city → entries (Moldova, legal aid, Bălți), in Russian", async () => {
    const t = tr("ru");
    const person = app.fake.privateChat({ id: personId(), first_name: "Ion", language_code: "ru" });
    person.send("/contacts");
    const question = await person.nextBotMessage();
    expect(labels(question)).toContain(t("rights:countries.md"));

    const categories = await press(person, t("rights:countries.md"));
    expectScreen(categories, renderCategories(speaker("ru"), content, "md"), "md categories");
    expect(labels(categories)).toEqual(
      expect.arrayContaining(categoriesOf(content, "md").map((category) => categoryName(t, category))),
    );

    const legal = entriesOf(content, "md", "legal");
    const cities = citiesOf(legal);
    expect(cities.length, "Moldova's legal aid is in several cities").toBeGreaterThanOrEqual(2);
    const cityStep = await press(person, categoryName(t, "legal"));
    const cityNames = cities.map((city) => content.scopes.md.texts.ru.cities[city] as string);
    expect(labels(cityStep)).toEqual(expect.arrayContaining([...cityNames, t("contacts:city.all")]));

    const balti = cities.find((city) => city === "balti") ?? (cities[1] as string);
    const entries = await press(person, content.scopes.md.texts.ru.cities[balti] as string);
    const expected = renderEntries(speaker("ru"), content, "md", "legal", balti, 0);
    expectScreen(entries, expected.html, "md legal balti");
    // The city's offices and the country-wide services, nothing from other cities.
    const shown = expected.contacts.map((contact) => contact.id);
    expect(shown).toEqual(legal.filter((c) => c.city === balti || c.city === null).map((c) => c.id));
    // Phones are plain text (Telegram makes them tappable); sites and Telegram are link buttons.
    for (const contact of expected.contacts) {
      for (const phone of contact.phones) expect(entries.text).toContain(phone);
      if (contact.website) expect(entries.buttons.map((b) => b.url)).toContain(contact.website);
    }
    // Taken from a source and not yet confirmed with the organisation: said so, with the source linked.
    expect(entries.text).toContain("в самой организации ещё не подтверждено");
    const linked = entries.entities.filter((e) => e.type === "text_link").map((e) => e.url);
    const first = content.scopes.md.sources[legal.find((c) => c.city === balti)?.sources[0] ?? ""];
    expect(linked).toContain(first?.url);
    expect(entries.protect_content).toBe(false);

    const back = await press(person, t("contacts:buttons.cities"));
    expect(labels(back)).toEqual(expect.arrayContaining(cityNames));
  });

  it("offers organisations that document violations with the line that reporting is the person's decision", async () => {
    const t = tr("en");
    const country = COUNTRIES.find((c) => categoriesOf(content, c).includes("report"));
    expect(country, "some country has an organisation that documents violations").toBeDefined();
    if (!country) return;
    const person = app.fake.privateChat({ id: personId(), first_name: "Rep", language_code: "en" });
    person.startFromLink(`contacts-${country}`);
    await person.nextBotMessage();
    const screen = await press(person, categoryName(t, "report"));
    expectScreen(screen, renderEntries(speaker("en"), content, country, "report", "_", 0).html, "report");
    expect(screen.text).toContain(t("contacts:report.intro"));
    expect(screen.text).toContain(t("contacts:entry.documents"));
  });

  it("every country's every category and city opens, in every language", async () => {
    for (const lang of ["ru", "ka", "uk", "en"] as const) {
      const t = tr(lang);
      const person = app.fake.privateChat({ id: personId(), first_name: "All", language_code: lang });
      person.send("/contacts");
      await person.nextBotMessage();
      for (const [index, country] of COUNTRIES.entries()) {
        if (index > 0) await press(person, t("rights:country.change"));
        await press(person, t(`rights:countries.${country}`));
        for (const category of categoriesOf(content, country)) {
          const cities = citiesOf(entriesOf(content, country, category));
          const first = await press(person, categoryName(t, category));
          const targets = cities.length >= 2 ? cities : ["_"];
          for (const city of targets) {
            const entries =
              cities.length >= 2
                ? await press(person, content.scopes[country].texts[lang].cities[city] as string)
                : first;
            const expected = renderEntries(speaker(lang), content, country, category, city, 0);
            expectScreen(entries, expected.html, `${lang} ${country} ${category} ${city}`);
            if (cities.length >= 2) await press(person, t("contacts:buttons.cities"));
          }
          await press(person, t("contacts:buttons.categories"));
        }
      }
    }
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("says plainly when there are no checked contacts (another country)", async () => {
    const t = tr("uk");
    const person = app.fake.privateChat({ id: personId(), first_name: "Far", language_code: "uk" });
    person.send("/contacts");
    await person.nextBotMessage();
    const screen = await press(person, t("rights:countries.other"));
    expectScreen(screen, t("contacts:none", { country: t("rights:countries.other") }), "none");
    expect(labels(screen)).toEqual([t("rights:country.change"), t("common:menu.back")]);
    // …and the rights screens of that country do not offer an empty contacts section.
    person.send("/rights");
    const topics = await person.nextBotMessage();
    expect(labels(topics)).not.toContain(t("contacts:menu"));
    expect(labels(topics)).toContain(t("rights:menu.sos"));
  });
});
