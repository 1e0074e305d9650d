import { domainToUnicode } from "node:url";
import type { Lang, Translate } from "../bot/i18n.js";
import { escapeHtml, visibleLength, visibleText } from "../bot/telegram/html.js";
import { splitHtml } from "../bot/telegram/telegram-text.js";
import { formatDate } from "../bot/ui/dates.js";
import {
  type CountryChoice,
  needsNativeCheck,
  OTHER_COUNTRY,
  type RightsContent,
  type ScopeContent,
  type Shown,
  type Source,
  scopeOf,
  type Topic,
  topicTextOf,
} from "./country.content.js";

/**
 * Turning rights content into Telegram HTML: article pages, the "detained" card, the topic list.
 * Pure functions of (language, content, country, topic), so they are easy to test and measure.
 */

/** A page aims at this many visible characters, well under Telegram's 4,096, so it reads as one screen. */
export const PAGE_TARGET = 3500;

/** What rendering needs from an update: the translator and its language. */
export interface Speaker {
  readonly t: Translate;
  readonly lang: Lang;
}

export function countryName(t: Translate, country: CountryChoice): string {
  return t(`rights:countries.${country}`);
}

export function topicTitle(t: Translate, topic: Topic): string {
  return t(`rights:topics.${topic}`);
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** Renumbers [n] markers by `offset`, so the general text's sources continue the country's list. */
function shiftMarkers(html: string, offset: number): string {
  return offset === 0 ? html : html.replace(/\[(\d+)\]/g, (_, n: string) => `[${Number(n) + offset}]`);
}

function paragraphs(html: string): string[] {
  return html
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/**
 * A source's site as a reader sees it: the host, without "www.", in its own letters. The
 * researchers' titles and notes stay in the data for reviewers; a reader gets a short,
 * language-neutral label that says honestly where the link goes.
 */
export function sourceHost(url: string): string {
  const host = new URL(url).hostname;
  return (domainToUnicode(host) || host).replace(/^www\./, "");
}

/** "[n] host", the host linking to the source; [n] is what the text's markers cite. */
export function sourceLink(number: number, source: Source): string {
  return `[${number}] <a href="${escapeHtml(source.url)}">${escapeHtml(sourceHost(source.url))}</a>`;
}

/** "Sources: [1] site · [2] site", numbered from `first`. */
export function sourcesLine(t: Translate, scope: ScopeContent, ids: readonly string[], first: number): string {
  const links = ids.map((id, index) => {
    const source = scope.sources[id];
    // Validation guarantees every id resolves; a missing one would be a bug, not content.
    if (!source) throw new Error(`unknown source ${id} in ${scope.scope}`);
    return sourceLink(first + index, source);
  });
  return `<b>${escapeHtml(t("rights:article.sources"))}:</b> ${links.join(" · ")}`;
}

function sourcesBlock(t: Translate, scope: ScopeContent, ids: readonly string[], first: number): string | undefined {
  return ids.length === 0 ? undefined : sourcesLine(t, scope, ids, first);
}

/**
 * How the content writers of each language word the health notice that the bot already puts at
 * the top of an overdose article ("This is health information, not legal advice." and its
 * variants). Matched against one short sentence of a text, never a whole paragraph.
 */
const HEALTH_NOTICE: Readonly<Record<Lang, RegExp>> = {
  en: /(?:health|medical) information\b.*\bnot legal advice/i,
  ru: /(?:медицинская информация|информаци[яи] о здоровье).*не юридическ/i,
  uk: /(?:медична інформація|інформаці[яї] про здоров.я).*не юридичн/i,
  ka: /(?:ჯანმრთელობ|სამედიცინო).*ინფორმაცი.*არა იურიდიულ/,
  kk: /денсаулық туралы ақпарат.*(?:заң|құқықтық) кеңес[іи]? емес/i,
  ky: /ден соолук.*маалымат.*(?:юридикалык|укуктук) кеңеш эмес/i,
  ro: /informați[ea] despre sănătate.*nu (?:o )?consultație juridică/i,
  hy: /առողջության մասին տեղեկություն.*ոչ թե իրավաբանական խորհրդատվություն/i,
  az: /sağlamlıq haqqında məlumat.*hüquqi məsləhət deyil/i,
  uz: /sogʻliq haqidagi maʼlumot.*yuridik maslahat emas/i,
  tg: /маълумот дар бораи саломатӣ.*на машварати ҳуқуқӣ/i,
  be: /інфармацыя пра здароўе.*не юрыдычн/i,
};

/** A notice is one short sentence: an italic run, or plain words up to a full stop (Armenian's is ։). */
const NOTICE_SENTENCE = "(?:<i>[^<]*</i>|[^<\\n.!?։]+[.!։])";
const OPENING = new RegExp(`^${NOTICE_SENTENCE}(?=\\s|$)`);
const CLOSING = new RegExp(`(?<=^|[.!?։]\\s|\\n)${NOTICE_SENTENCE}\\s*$`);

function isHealthNotice(lang: Lang, html: string): boolean {
  const sentence = visibleText(html).trim();
  // One sentence only: an italic run that goes on to say more is kept whole.
  if (sentence.length > 120 || /[.!?։]\s+\S/.test(sentence)) return false;
  return HEALTH_NOTICE[lang].test(sentence);
}

/**
 * An overdose text without its own health notice, where it opens or closes with one: the bot
 * shows that notice once, above everything, so the reader does not get it two or three times.
 * The content keeps its sentence (a text read on its own still says it).
 */
export function withoutHealthNotice(lang: Lang, text: string): string {
  let result = text.trim();
  const opening = OPENING.exec(result)?.[0];
  if (opening && isHealthNotice(lang, opening)) result = result.slice(opening.length).trimStart();
  const closing = CLOSING.exec(result);
  if (closing && isHealthNotice(lang, closing[0])) result = result.slice(0, closing.index).trimEnd();
  return result;
}

/**
 * The line about legal review: one line "not yet reviewed by a lawyer" while any part shown is
 * unreviewed; otherwise who reviewed it and when.
 */
export function reviewLine(speaker: Speaker, scopes: readonly ScopeContent[]): string {
  const { t, lang } = speaker;
  if (scopes.some((scope) => scope.lawyerReview === null)) return t("rights:article.notReviewed");
  const reviews = scopes.map((scope) => scope.lawyerReview).filter((review) => review !== null);
  const by = [...new Set(reviews.map((review) => review.by))].join(", ");
  const date = reviews.map((review) => review.date).reduce(later);
  return t("rights:article.reviewed", { by, date: formatDate(lang, date) });
}

/**
 * The date and the review line; in a translation no native speaker has checked yet, a second line
 * saying so.
 */
function footer(speaker: Speaker, content: RightsContent, date: string, scopes: readonly ScopeContent[]): string {
  const written = speaker.t("rights:article.written", { date: formatDate(speaker.lang, date) });
  const lines = [`<i>${written} · ${reviewLine(speaker, scopes)}</i>`];
  if (needsNativeCheck(content, speaker.lang))
    lines.push(`<i>${escapeHtml(speaker.t("rights:article.notNativeChecked"))}</i>`);
  return lines.join("\n");
}

/**
 * A scope's text of a topic as the article shows it (overdose texts lose their own health notice),
 * in the reader's language or, until translated, in Russian.
 */
function topicText(lang: Lang, scope: ScopeContent, topic: Topic): Shown<string> {
  const shown = topicTextOf(scope, lang, topic);
  return topic === "overdose" ? { ...shown, value: withoutHealthNotice(shown.lang, shown.value) } : shown;
}

/** The line above a text shown in Russian because the reader's language does not have it yet. */
export function fallbackLine(t: Translate): string {
  return `<i>${escapeHtml(t("rights:article.fallback"))}</i>`;
}

/** A text's paragraphs as blocks, after the fallback line when it is not in the reader's language. */
function textBlocks(speaker: Speaker, shown: Shown<string>): Block[] {
  const blocks = paragraphs(shown.value).map((html) => ({ html }));
  if (shown.lang === speaker.lang) return blocks;
  return [{ html: fallbackLine(speaker.t), keepWithNext: true }, ...blocks];
}

interface Block {
  html: string;
  /** A heading: kept on the same page as what follows it. */
  keepWithNext?: boolean;
}

/** Cuts a block too long for a page between lines, and a line too long between words. */
function splitBlock(html: string, budget: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const line of html.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (visibleLength(candidate) <= budget) {
      current = candidate;
      continue;
    }
    if (current !== "") pieces.push(current);
    current = "";
    if (visibleLength(line) <= budget) {
      current = line;
      continue;
    }
    const parts = splitHtml(line, budget);
    pieces.push(...parts.slice(0, -1));
    current = parts.at(-1) ?? "";
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/**
 * Packs blocks into pages of at most `budget` visible characters, breaking only between blocks
 * (paragraphs) — a heading stays with the paragraph after it — and inside a block only when the
 * block alone is longer than a page.
 */
export function packPages(blocks: readonly Block[], budget: number): string[][] {
  const units: string[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    const next = blocks[i + 1];
    if (block.keepWithNext && next) {
      const joined = `${block.html}\n\n${next.html}`;
      if (visibleLength(joined) <= budget) {
        units.push(joined);
        i++;
        continue;
      }
    }
    if (visibleLength(block.html) <= budget) units.push(block.html);
    else units.push(...splitBlock(block.html, budget));
  }
  const pages: string[][] = [];
  let page: string[] = [];
  let size = 0;
  for (const unit of units) {
    const length = visibleLength(unit);
    const added = page.length === 0 ? length : length + 2;
    if (page.length > 0 && size + added > budget) {
      pages.push(page);
      page = [];
      size = 0;
    }
    size += page.length === 0 ? length : length + 2;
    page.push(unit);
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

function articleHeader(speaker: Speaker, title: string, subtitle: string, page: number, pages: number): string {
  const counter = pages > 1 ? ` · ${speaker.t("rights:article.page", { page: page + 1, pages })}` : "";
  return `<b>${escapeHtml(title)}</b>\n<i>${escapeHtml(subtitle)}</i>${counter}`;
}

/**
 * An article: the title and country, the country's text and its numbered sources, then
 * "International standards" with the general text and its sources (numbered on), and a footer
 * with the date and the review line on every page. "Another country" gets the general part only.
 * Split into pages between paragraphs when it is longer than one screen.
 */
export function renderArticle(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  topic: Topic,
): string[] {
  const { t, lang } = speaker;
  const general = content.scopes.general;
  const own = country === OTHER_COUNTRY ? undefined : content.scopes[scopeOf(country)];
  const blocks: Block[] = [];
  if (topic === "overdose") blocks.push({ html: `ℹ️ <i>${escapeHtml(t("rights:article.health"))}</i>` });

  let offset = 0;
  if (own) {
    const meta = own.topics[topic];
    blocks.push(...textBlocks(speaker, topicText(lang, own, topic)));
    const sources = sourcesBlock(t, own, meta.sources, 1);
    if (sources) blocks.push({ html: sources });
    offset = meta.sources.length;
  }
  const generalText = topicText(lang, general, topic);
  if (own) blocks.push({ html: `<b>🌐 ${escapeHtml(t("rights:article.international"))}</b>`, keepWithNext: true });
  blocks.push(...textBlocks(speaker, { ...generalText, value: shiftMarkers(generalText.value, offset) }));
  const generalSources = sourcesBlock(t, general, general.topics[topic].sources, offset + 1);
  if (generalSources) blocks.push({ html: generalSources });

  const scopes = own ? [own, general] : [general];
  const date = own ? later(own.topics[topic].updated, general.topics[topic].updated) : general.topics[topic].updated;
  const foot = footer(speaker, content, date, scopes);
  const title = topicTitle(t, topic);
  const subtitle = own ? countryName(t, country) : t("rights:article.international");
  // Room for the header with the widest page counter, the footer and the blank lines between.
  const frame = visibleLength(articleHeader(speaker, title, subtitle, 98, 99)) + visibleLength(foot) + 4;
  const pages = packPages(blocks, PAGE_TARGET - frame);
  return pages.map((body, index) =>
    [articleHeader(speaker, title, subtitle, index, pages.length), ...body, foot].join("\n\n"),
  );
}

/** The detained card: one screen with the five things that matter most and whom to call. */
export function renderSosCard(speaker: Speaker, content: RightsContent, country: CountryChoice): string {
  const { t } = speaker;
  const scope = content.scopes[scopeOf(country)];
  const header = `<b>🆘 ${escapeHtml(t("rights:sos.title"))}</b>\n<i>${escapeHtml(countryName(t, country))}</i>`;
  const sources = sourcesLine(t, scope, scope.sos.sources, 1);
  const foot = footer(speaker, content, scope.sos.updated, [scope]);
  return [header, scope.texts[speaker.lang].sos.trim(), sources, foot].join("\n\n");
}

/** The text above the topic buttons for one country. */
export function renderTopicList(speaker: Speaker, content: RightsContent, country: CountryChoice): string {
  const { t } = speaker;
  const scope = content.scopes[scopeOf(country)];
  const scopes = country === OTHER_COUNTRY ? [scope] : [scope, content.scopes.general];
  const lines = [
    t("rights:list.title", { country: countryName(t, country) }),
    country === OTHER_COUNTRY ? t("rights:list.introOther") : t("rights:list.intro"),
    `<i>${reviewLine(speaker, scopes)}</i>`,
  ];
  return lines.join("\n\n");
}
