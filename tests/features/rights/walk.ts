import { afterAll, beforeAll, expect, it } from "vitest";
import type { Lang } from "../../../src/bot/i18n.js";
import { COUNTRY_CHOICES, TOPICS } from "../../../src/country/country.content.js";
import { PAGE_TARGET, renderArticle, renderTopicList } from "../../../src/country/rights.render.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { content, expectScreen, labels, personId, press, screen, speaker, tr } from "./e2e-helpers.js";

/**
 * End to end, in one language: a person opens /rights, picks each country in turn and reads
 * every topic to its last page, going back to the topics each time. Every screen is compared
 * with what the content says it should be, and checked for Telegram's limits (the fake Bot API
 * rejects what Telegram would).
 */
export function walkEveryCountryAndTopic(lang: Lang): void {
  let app: TestApp;
  beforeAll(async () => {
    // One person presses a few hundred buttons here; the flood limit is for people, not this walk.
    app = await startTestApp({ app: { floodLimit: 100_000 } });
  });
  afterAll(stopAll);

  it(`${lang}: every country × topic, every page`, async () => {
    const t = tr(lang);
    const person = app.fake.privateChat({ id: personId(), first_name: "Walker", language_code: lang });
    person.send("/rights");
    const question = await person.nextBotMessage();
    expect(question.text).toContain(
      t("rights:country.question")
        .replace(/<[^>]+>/g, "")
        .split("\n")[0],
    );
    let pagesSeen = 0;

    for (const [index, country] of COUNTRY_CHOICES.entries()) {
      if (index > 0) {
        const again = await press(person, t("rights:country.change"));
        expect(labels(again), `${lang} country question`).toContain(t(`rights:countries.${country}`));
      }
      const list = await press(person, t(`rights:countries.${country}`));
      expectScreen(list, renderTopicList(speaker(lang), content, country), `${lang} ${country} topics`);
      expect(labels(list), `${lang} ${country}`).toEqual(
        expect.arrayContaining(TOPICS.map((topic) => t(`rights:topics.${topic}`))),
      );

      for (const topic of TOPICS) {
        const expected = renderArticle(speaker(lang), content, country, topic);
        let page = await press(person, t(`rights:topics.${topic}`));
        for (const [number, html] of expected.entries()) {
          const where = `${lang} ${country} ${topic} page ${number + 1}/${expected.length}`;
          expectScreen(page, html, where);
          expect(page.text?.length ?? 0, where).toBeLessThanOrEqual(PAGE_TARGET);
          expect(page.protect_content, `${where}: public information stays forwardable`).toBe(false);
          const more = labels(page).includes(t("rights:article.more"));
          expect(more, `${where}: "more" only before the last page`).toBe(number < expected.length - 1);
          expect(labels(page).includes(t("rights:article.back")), `${where}: "back" after the first page`).toBe(
            number > 0,
          );
          pagesSeen++;
          if (more) page = await press(person, t("rights:article.more"));
        }
        if (expected.length > 1) {
          const back = await press(person, t("rights:article.back"));
          expectScreen(back, expected.at(-2) as string, `${lang} ${country} ${topic}: back a page`);
        }
        const again = await press(person, t("rights:article.topics"));
        expectScreen(again, renderTopicList(speaker(lang), content, country), `${lang} ${country} back to topics`);
      }
    }
    expect(pagesSeen).toBeGreaterThanOrEqual(COUNTRY_CHOICES.length * TOPICS.length);
    // Screens replace each other: the whole walk is a handful of messages, not hundreds.
    expect(person.botMessages().length).toBeLessThan(5);
    expect(screen(person).text).toContain(t(`rights:countries.other`));
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  }, 120_000);
}
