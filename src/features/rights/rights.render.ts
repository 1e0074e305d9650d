import { escapeHtml, visibleLength } from "../../bot/html.js";
import type { Lang, Translate } from "../../bot/i18n.js";
import { splitHtml } from "../../bot/telegram-text.js";
import {
  type CountryChoice,
  OTHER_COUNTRY,
  type RightsContent,
  type ScopeContent,
  type Source,
  scopeOf,
  type Topic,
} from "./rights.content.js";

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

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "28 November 2026" in the person's language (dates in content are calendar dates, so UTC). */
export function formatDate(lang: Lang, isoDate: string): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(lang, format);
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`));
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

function sourceLine(number: number, source: Source): string {
  return `${number}. <a href="${escapeHtml(source.url)}">${escapeHtml(source.title)}</a> — ${escapeHtml(source.publisher)}`;
}

function sourcesBlock(t: Translate, scope: ScopeContent, ids: readonly string[], first: number): string | undefined {
  if (ids.length === 0) return undefined;
  const lines = ids.map((id, index) => {
    const source = scope.sources[id];
    // Validation guarantees every id resolves; a missing one would be a bug, not content.
    if (!source) throw new Error(`unknown source ${id} in ${scope.scope}`);
    return sourceLine(first + index, source);
  });
  return [`<b>${escapeHtml(t("rights:article.sources"))}</b>`, ...lines].join("\n");
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

function footer(speaker: Speaker, date: string, scopes: readonly ScopeContent[]): string {
  const written = speaker.t("rights:article.written", { date: formatDate(speaker.lang, date) });
  return `<i>${written} · ${reviewLine(speaker, scopes)}</i>`;
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
    for (const p of paragraphs(own.texts[lang].topics[topic])) blocks.push({ html: p });
    const sources = sourcesBlock(t, own, meta.sources, 1);
    if (sources) blocks.push({ html: sources });
    offset = meta.sources.length;
  }
  const generalParagraphs = paragraphs(shiftMarkers(general.texts[lang].topics[topic], offset));
  if (own) blocks.push({ html: `<b>🌐 ${escapeHtml(t("rights:article.international"))}</b>`, keepWithNext: true });
  for (const p of generalParagraphs) blocks.push({ html: p });
  const generalSources = sourcesBlock(t, general, general.topics[topic].sources, offset + 1);
  if (generalSources) blocks.push({ html: generalSources });

  const scopes = own ? [own, general] : [general];
  const date = own ? later(own.topics[topic].updated, general.topics[topic].updated) : general.topics[topic].updated;
  const foot = footer(speaker, date, scopes);
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
  const links = scope.sos.sources
    .map((id, index) => {
      const source = scope.sources[id];
      if (!source) throw new Error(`unknown source ${id} in ${scope.scope}`);
      return `<a href="${escapeHtml(source.url)}">[${index + 1}]</a>`;
    })
    .join(" ");
  const header = `<b>🆘 ${escapeHtml(t("rights:sos.title"))}</b>\n<i>${escapeHtml(countryName(t, country))}</i>`;
  const sources = `<i>${escapeHtml(t("rights:article.sources"))}:</i> ${links}`;
  return [header, scope.texts[speaker.lang].sos.trim(), sources, footer(speaker, scope.sos.updated, [scope])].join(
    "\n\n",
  );
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
