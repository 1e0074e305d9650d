import { readFileSync } from "node:fs";
import path from "node:path";
import { domainToUnicode } from "node:url";

/**
 * What a person should see in the rights section, written from the content and locale files
 * alone — never with the renderer under test — as the visible text Telegram shows (tags gone).
 */

const ROOT = path.resolve(import.meta.dirname, "../../..");

type Json = { [key: string]: Json } | string;

function readJson(file: string): Json {
  return JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Json;
}

const locales = new Map<string, Json>();

/** A text of `locales/<lang>/<namespace>.json`, with `{{name}}` filled in (values are plain text here). */
export function text(lang: string, key: string, values: Record<string, string | number> = {}): string {
  const [namespace, dotted] = key.split(":") as [string, string];
  const file = `locales/${lang}/${namespace}.json`;
  let node = locales.get(file) ?? readJson(file);
  locales.set(file, node);
  for (const part of dotted.split(".")) {
    if (typeof node === "string" || !(part in node)) throw new Error(`${file} has no ${dotted}`);
    node = node[part] as Json;
  }
  if (typeof node !== "string") throw new Error(`${file}: ${dotted} is not a text`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

interface ScopeFile {
  lawyerReview: { by: string; date: string } | null;
  sources: Record<string, { url: string }>;
  topics: Record<string, { sources: string[]; updated: string }>;
  sos: { sources: string[]; updated: string };
}

export function scopeFile(scope: string): ScopeFile {
  return readJson(`src/content/rights/${scope}.json`) as unknown as ScopeFile;
}

/** Telegram's visible text of some HTML: tags dropped, the five entities decoded. */
export function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Whitespace runs as one space: page breaks may fall between any two words. */
export function flat(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** "28 November 2026" in the reader's language (the product shows dates in the long style). */
export function longDate(lang: string, isoDate: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Whether a language's text exists (rights texts a language has not translated yet are shown in Russian). */
function has(lang: string, key: string): boolean {
  try {
    text(lang, key);
    return true;
  } catch {
    return false;
  }
}

/**
 * The footer's second line in a translation no native speaker has checked yet, as
 * src/content/languages.json records it; nothing for an original or a checked language.
 */
export function nativeCheckText(lang: string): string[] {
  const status = (readJson("src/content/languages.json") as { [key: string]: Json }).languages as unknown as Record<
    string,
    { original: boolean; nativeReview: unknown }
  >;
  const entry = status[lang];
  return entry && !entry.original && entry.nativeReview === null ? [text(lang, "rights:article.notNativeChecked")] : [];
}

/** The line about legal review for the scopes shown. */
export function reviewText(lang: string, scopes: readonly string[]): string {
  const reviews = scopes.map((scope) => scopeFile(scope).lawyerReview);
  if (reviews.some((review) => review === null)) return text(lang, "rights:article.notReviewed");
  const known = reviews.filter((review) => review !== null);
  const by = [...new Set(known.map((review) => review.by))].join(", ");
  const date =
    known
      .map((review) => review.date)
      .sort()
      .at(-1) ?? "";
  return text(lang, "rights:article.reviewed", { by, date: longDate(lang, date) });
}

/** The screen above the topic buttons. */
export function topicListText(lang: string, country: string): string {
  const other = country === "other";
  return [
    visible(text(lang, "rights:list.title", { country: text(lang, `rights:countries.${country}`) })),
    visible(text(lang, other ? "rights:list.introOther" : "rights:list.intro")),
    reviewText(lang, other ? ["general"] : [country, "general"]),
  ].join("\n\n");
}

/** "Sources: [1] site · [2] site": each source's host, without "www.", numbered from `first`. */
function sourcesText(lang: string, scope: string, ids: readonly string[], first: number): string[] {
  if (ids.length === 0) return [];
  const { sources } = scopeFile(scope);
  const links = ids.map((id, index) => {
    const url = sources[id]?.url;
    if (!url) throw new Error(`${scope}: unknown source ${id}`);
    const host = new URL(url).hostname;
    return `[${first + index}] ${(domainToUnicode(host) || host).replace(/^www\./, "")}`;
  });
  return [`${text(lang, "rights:article.sources")}: ${links.join(" · ")}`];
}

/** An article's parts, in order, across all its pages (headers and footers aside). */
export interface ExpectedArticle {
  title: string;
  subtitle: string;
  /** Visible blocks: the health line, the country's paragraphs and sources, then the international part. */
  blocks: string[];
  /** Paragraphs of overdose texts that may show without one opening or closing sentence (the health notice shown once on top). */
  trimmable: Set<string>;
  footer: string;
}

export function expectedArticle(lang: string, country: string, topic: string): ExpectedArticle {
  const own = country === "other" ? undefined : country;
  // A topic not translated yet: the Russian text under the line that says so.
  const fallback = (scope: string) => !has(lang, `rights-${scope}:topics.${topic}`);
  const paragraphsOf = (scope: string, shift = 0) =>
    text(fallback(scope) ? "ru" : lang, `rights-${scope}:topics.${topic}`)
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter((p) => p !== "")
      .map((p) => visible(shift === 0 ? p : p.replace(/\[(\d+)\]/g, (_, n: string) => `[${Number(n) + shift}]`)));
  const blocks: string[] = [];
  const trimmable = new Set<string>();
  if (topic === "overdose") blocks.push(`ℹ️ ${text(lang, "rights:article.health")}`);
  let shift = 0;
  const general = scopeFile("general").topics[topic];
  if (!general) throw new Error(`general has no ${topic}`);
  let updated = general.updated;
  if (own) {
    const meta = scopeFile(own).topics[topic];
    if (!meta) throw new Error(`${own} has no ${topic}`);
    const paragraphs = paragraphsOf(own);
    if (topic === "overdose") for (const p of [paragraphs[0], paragraphs.at(-1)]) if (p) trimmable.add(p);
    if (fallback(own)) blocks.push(text(lang, "rights:article.fallback"));
    blocks.push(...paragraphs, ...sourcesText(lang, own, meta.sources, 1));
    blocks.push(`🌐 ${text(lang, "rights:article.international")}`);
    shift = meta.sources.length;
    if (meta.updated > updated) updated = meta.updated;
  }
  const generalParagraphs = paragraphsOf("general", shift);
  if (topic === "overdose") for (const p of [generalParagraphs[0], generalParagraphs.at(-1)]) if (p) trimmable.add(p);
  blocks.push(...generalParagraphs, ...sourcesText(lang, "general", general.sources, shift + 1));
  const written = text(lang, "rights:article.written", { date: longDate(lang, updated) });
  return {
    title: text(lang, `rights:topics.${topic}`),
    subtitle: own ? text(lang, `rights:countries.${own}`) : text(lang, "rights:article.international"),
    blocks,
    trimmable,
    footer: [`${written} · ${reviewText(lang, own ? [own, "general"] : ["general"])}`, ...nativeCheckText(lang)].join(
      "\n",
    ),
  };
}

/** A paragraph as it may show: whole, or without its opening or closing sentence. */
export function shownForms(paragraph: string): string[] {
  const sentences = paragraph.split(/(?<=[.!?։])\s+/);
  if (sentences.length < 2) return [paragraph, ""];
  return [paragraph, sentences.slice(1).join(" "), sentences.slice(0, -1).join(" ")];
}

/** The detained card: title and country, the card's text, its sources, the date and review line. */
export function sosCardText(lang: string, country: string): string {
  const scope = country === "other" ? "general" : country;
  const { sos } = scopeFile(scope);
  const written = text(lang, "rights:article.written", { date: longDate(lang, sos.updated) });
  return [
    `🆘 ${text(lang, "rights:sos.title")}\n${text(lang, `rights:countries.${country}`)}`,
    visible(text(lang, `rights-${scope}:sos`).trim()),
    ...sourcesText(lang, scope, sos.sources, 1),
    [`${written} · ${reviewText(lang, [scope])}`, ...nativeCheckText(lang)].join("\n"),
  ].join("\n\n");
}

/** The first page of an article starts with its title and country (or "International standards"). */
export function articleStart(lang: string, country: string, topic: string): string {
  const { title, subtitle } = expectedArticle(lang, country, topic);
  return `${title}\n${subtitle}`;
}
