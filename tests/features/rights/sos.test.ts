import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "../../../src/bot/i18n.js";
import { COUNTRY_CHOICES } from "../../../src/country/country.content.js";
import { legalHotlines } from "../../../src/country/rights.screens.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";
import { content, labels, personId, press, screen, tr } from "./e2e-helpers.js";
import { sosCardText } from "./expected.js";

/** The card as the content and locale files say it reads. */
function expectSos(card: SeenMessage, lang: string, country: string, where: string): void {
  expect(card.text, where).toBe(sosCardText(lang, country));
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(stopAll);

describe("the detained card", () => {
  it("asks the country first when none is known, then shows the card; next time /sos is one step", async () => {
    const t = tr("ru");
    const person = app.fake.privateChat({ id: personId(), first_name: "Nika", language_code: "ru" });
    person.send("/sos");
    const question = await person.nextBotMessage();
    expect(question.text).toContain(t("rights:country.questionSos").replace(/<[^>]+>/g, ""));
    expect(labels(question)).toContain(t("rights:countries.ge"));

    const card = await press(person, t("rights:countries.ge"));
    expectSos(card, "ru", "ge", "ru ge card");
    expect(card.message_id, "the question turns into the card").toBe(question.message_id);
    expect(card.protect_content, "the card can be forwarded to a relative").toBe(false);

    person.send("/sos");
    const again = await person.nextBotMessage();
    expectSos(again, "ru", "ge", "one step with a country");
    await person.settle();
    expect(person.botMessages().length, "no question the second time").toBe(2);
  });

  it("is two taps from the main menu for someone who has not chosen a country", async () => {
    const t = tr("ka");
    const person = app.fake.privateChat({ id: personId(), first_name: "Mari", language_code: "ka" });
    person.send("/menu");
    const menu = await person.nextBotMessage();
    const menuLabels = labels(menu);
    // "I'm detained" comes before "Know your rights", which comes before contacts and relatives.
    const order = ["rights:menu.sos", "rights:menu.rights", "contacts:menu", "rights:menu.relatives"].map((key) =>
      menuLabels.indexOf(t(key)),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    await press(person, t("rights:menu.sos"));
    const card = await press(person, t("rights:countries.ua"));
    expectSos(card, "ka", "ua", "ka ua card");
  });

  it("in every language and country: the legal hotlines as link buttons, help contacts, the menu", async () => {
    for (const lang of LANGUAGES) {
      const t = tr(lang);
      for (const country of COUNTRY_CHOICES) {
        // A person each: one person pressing 30 buttons a second would (rightly) be slowed down.
        const person = app.fake.privateChat({ id: personId(), first_name: "Card", language_code: lang });
        person.send("/sos");
        await person.nextBotMessage();
        const card = await press(person, t(`rights:countries.${country}`));
        expectSos(card, lang, country, `${lang} ${country}`);
        const links = card.buttons.filter((button) => button.url);
        const hotlines = legalHotlines(content, country);
        expect(links.map((button) => button.url)).toEqual(
          hotlines.map((contact) => (contact.telegram ? `https://t.me/${contact.telegram.slice(1)}` : contact.website)),
        );
        expect(labels(card)).toContain(t("common:menu.back"));
        if (country !== "other") expect(labels(card), `${lang} ${country}`).toContain(t("contacts:menu"));
      }
    }
    // Georgia, Ukraine and Armenia have legal hotlines with websites in the content.
    expect(legalHotlines(content, "ge").length).toBeGreaterThan(0);
  });

  it("in a group, /sos@bot points to a private chat and says nothing personal there", async () => {
    const group = app.fake.groupChat({ id: -1001234567890, title: "Meeting" });
    const member = group.member({ id: personId(), first_name: "Member", language_code: "en" });
    member.send(`/sos@${app.fake.bot.username}`);
    const reply = await group.nextBotMessage();
    expect(reply.text).toBe(tr("en")("rights:group"));
    expect(reply.buttons).toEqual([
      expect.objectContaining({ url: `https://t.me/${app.fake.bot.username}?start=sos` }),
    ]);
  });

  it("a deep link t.me/bot?start=sos-md opens Moldova's card without asking", async () => {
    const person = app.fake.privateChat({ id: personId(), first_name: "Link", language_code: "uk" });
    person.startFromLink("sos-md");
    const card = await person.nextBotMessage();
    expectSos(card, "uk", "md", "uk md from a link");
    expect(screen(person).message_id).toBe(card.message_id);
  });
});
