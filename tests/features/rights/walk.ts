import { afterAll, beforeAll, expect, it } from "vitest";
import type { Lang } from "../../../src/bot/i18n.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";
import { labels, personId, press, screen } from "./e2e-helpers.js";
import { expectedArticle, flat, shownForms, text, topicListText, visible } from "./expected.js";

/** The countries offered, in order, and the topics of each (as the product brief lists them). */
const COUNTRIES = ["ge", "ua", "kz", "kg", "md", "am", "ru", "other"] as const;
const TOPICS = [
  "police",
  "search",
  "testing",
  "court",
  "treatment",
  "registry",
  "discrimination",
  "relatives",
  "overdose",
] as const;
/** A page is meant to read as one screen: well under Telegram's 4,096 characters. */
const PAGE_LIMIT = 3500;

/** Header, body and footer of one article page: blocks are separated by blank lines. */
function partsOf(page: SeenMessage): { header: string; body: string; footer: string } {
  const chunks = (page.text ?? "").split("\n\n");
  return { header: chunks[0] ?? "", body: chunks.slice(1, -1).join("\n\n"), footer: chunks.at(-1) ?? "" };
}

/** Every way the article's body may read (overdose texts may drop their own health-notice sentence). */
function bodyForms(blocks: readonly string[], trimmable: ReadonlySet<string>): string[] {
  let forms = [""];
  for (const block of blocks) {
    const options = trimmable.has(block) ? shownForms(block) : [block];
    forms = forms.flatMap((start) => options.map((option) => `${start} ${option}`));
  }
  return forms.map(flat);
}

/**
 * End to end, in one language: a person opens /rights, picks each country in turn and reads
 * every topic to its last page, going back to the topics each time. Every screen is compared
 * with what the content and locale files say it should be (tests/features/rights/expected.ts,
 * not the renderer), and checked for Telegram's limits (the fake Bot API rejects what Telegram
 * would).
 */
export function walkEveryCountryAndTopic(lang: Lang): void {
  let app: TestApp;
  beforeAll(async () => {
    // One person presses a few hundred buttons here; the flood limit is for people, not this walk.
    app = await startTestApp({ app: { floodLimit: 100_000 } });
  });
  afterAll(stopAll);

  it(`${lang}: every country × topic, every page`, async () => {
    const t = (key: string, values?: Record<string, string | number>) => text(lang, key, values);
    const person = app.fake.privateChat({ id: personId(), first_name: "Walker", language_code: lang });
    person.send("/rights");
    const question = await person.nextBotMessage();
    expect(question.text).toContain(visible(t("rights:country.question")).split("\n")[0]);
    let pagesSeen = 0;

    for (const [index, country] of COUNTRIES.entries()) {
      if (index > 0) {
        const again = await press(person, t("rights:country.change"));
        expect(labels(again), `${lang} country question`).toContain(t(`rights:countries.${country}`));
      }
      const list = await press(person, t(`rights:countries.${country}`));
      expect(list.text, `${lang} ${country} topics`).toBe(topicListText(lang, country));
      expect(labels(list), `${lang} ${country}`).toEqual(
        expect.arrayContaining(TOPICS.map((topic) => t(`rights:topics.${topic}`))),
      );

      for (const topic of TOPICS) {
        const expected = expectedArticle(lang, country, topic);
        const pages: SeenMessage[] = [await press(person, t(`rights:topics.${topic}`))];
        for (;;) {
          const page = pages.at(-1) as SeenMessage;
          const where = `${lang} ${country} ${topic} page ${pages.length}`;
          expect(page.text?.length ?? 0, where).toBeLessThanOrEqual(PAGE_LIMIT);
          expect(page.protect_content, `${where}: public information stays forwardable`).toBe(false);
          expect(labels(page).includes(t("rights:article.back")), `${where}: "back" after the first page`).toBe(
            pages.length > 1,
          );
          pagesSeen++;
          if (!labels(page).includes(t("rights:article.more"))) break;
          pages.push(await press(person, t("rights:article.more")));
        }
        const total = pages.length;
        for (const [number, page] of pages.entries()) {
          const where = `${lang} ${country} ${topic} page ${number + 1}/${total}`;
          const counter = total > 1 ? ` · ${t("rights:article.page", { page: number + 1, pages: total })}` : "";
          const { header, footer } = partsOf(page);
          expect(header, where).toBe(`${expected.title}\n${expected.subtitle}${counter}`);
          expect(footer, where).toBe(expected.footer);
        }
        // The pages together say exactly what the content says, in order, nothing left out.
        const body = flat(pages.map((page) => partsOf(page).body).join(" "));
        expect(bodyForms(expected.blocks, expected.trimmable), `${lang} ${country} ${topic}`).toContain(body);
        if (total > 1) {
          const back = await press(person, t("rights:article.back"));
          expect(back.text, `${lang} ${country} ${topic}: back a page`).toBe(pages.at(-2)?.text);
        }
        const again = await press(person, t("rights:article.topics"));
        expect(again.text, `${lang} ${country} back to topics`).toBe(topicListText(lang, country));
      }
    }
    expect(pagesSeen).toBeGreaterThanOrEqual(COUNTRIES.length * TOPICS.length);
    // Screens replace each other: the whole walk is a handful of messages, not hundreds.
    expect(person.botMessages().length).toBeLessThan(5);
    expect(screen(person).text).toContain(t("rights:countries.other"));
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  }, 120_000);
}
