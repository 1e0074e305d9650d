/**
 * Rights content benchmark: how long start-up validation takes, and how long the bot needs to
 * render the largest article (all its pages) and the detained card — work done on every press.
 */
import { performance } from "node:perf_hooks";
import { createI18n, LANGUAGES, type Lang } from "../../src/bot/i18n.js";
import { visibleLength } from "../../src/bot/telegram/html.js";
import {
  COUNTRY_CHOICES,
  type CountryChoice,
  loadRightsContent,
  TOPICS,
  type Topic,
} from "../../src/country/country.content.js";
import { renderArticle, renderSosCard } from "../../src/country/rights.render.js";
import { type BenchResult, round, summarize } from "./bench-result.js";

function time(iterations: number, work: () => void): { p50: number; p95: number } {
  for (let i = 0; i < Math.min(200, iterations); i++) work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    work();
    samples.push((performance.now() - start) * 1000);
  }
  return summarize(samples);
}

export async function run(): Promise<BenchResult[]> {
  const i18n = createI18n();
  const loadStart = performance.now();
  const content = loadRightsContent({ i18n });
  const loadMs = round(performance.now() - loadStart);

  let largest: { lang: Lang; country: CountryChoice; topic: Topic; chars: number; pages: number } = {
    lang: "ru",
    country: "other",
    topic: "police",
    chars: 0,
    pages: 0,
  };
  const allStart = performance.now();
  for (const lang of LANGUAGES) {
    const speaker = { t: i18n.fixedT(lang), lang };
    for (const country of COUNTRY_CHOICES) {
      for (const topic of TOPICS) {
        const pages = renderArticle(speaker, content, country, topic);
        const chars = pages.reduce((sum, page) => sum + visibleLength(page), 0);
        if (chars > largest.chars) largest = { lang, country, topic, chars, pages: pages.length };
      }
    }
  }
  const allMs = round(performance.now() - allStart);
  const articles = LANGUAGES.length * COUNTRY_CHOICES.length * TOPICS.length;

  const speaker = { t: i18n.fixedT(largest.lang), lang: largest.lang };
  const article = time(2000, () => renderArticle(speaker, content, largest.country, largest.topic));
  const card = time(2000, () => renderSosCard(speaker, content, largest.country));

  return [
    {
      name: "rights: load and validate content",
      values: { ms: loadMs, scopes: Object.keys(content.scopes).length, languages: LANGUAGES.length },
    },
    {
      name: `rights: render the largest article (${largest.lang}/${largest.country}/${largest.topic})`,
      values: {
        "p50 µs": article.p50,
        "p95 µs": article.p95,
        "visible chars": largest.chars,
        pages: largest.pages,
      },
    },
    { name: "rights: render the detained card", values: { "p50 µs": card.p50, "p95 µs": card.p95 } },
    { name: "rights: render every article once", values: { ms: allMs, articles } },
  ];
}

// `tsx tests/bench/rights.bench.ts` on its own prints the results.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run()) process.stdout.write(`${result.name} ${JSON.stringify(result.values)}\n`);
}
