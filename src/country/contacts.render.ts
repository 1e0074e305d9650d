import type { Translate } from "../bot/i18n.js";
import { escapeHtml, visibleLength, visibleText } from "../bot/telegram/html.js";
import { formatDate } from "../bot/ui/dates.js";
import {
  CATEGORIES,
  type Category,
  type Contact,
  type CountryChoice,
  cityNameOf,
  contactsOf,
  contactTextsOf,
  type RightsContent,
  type ScopeContent,
  scopeOf,
} from "./country.content.js";
import { countryName, fallbackLine, PAGE_TARGET, packPages, type Speaker, sourceHost } from "./rights.render.js";

/**
 * Help contacts as Telegram HTML: a country's categories, the cities of a category where there
 * are several, and the entries — name, what it is, phones (as text, which Telegram makes
 * tappable), hours, languages, city, and when and how the entry was last checked.
 */

/** The categories of the content, plus "report": organisations that document rights violations. */
export const REPORT = "report";
export type CategoryChoice = Category | typeof REPORT;
export const CATEGORY_CHOICES: readonly CategoryChoice[] = [...CATEGORIES, REPORT];

export function isCategoryChoice(value: unknown): value is CategoryChoice {
  return typeof value === "string" && (CATEGORY_CHOICES as readonly string[]).includes(value);
}

/** City filter in callback data: a city slug, ALL_CITIES, or COUNTRY_WIDE (slugs start with a letter). */
export const ALL_CITIES = "_";
export const COUNTRY_WIDE = "0";

export function inCategory(contact: Contact, category: CategoryChoice): boolean {
  return category === REPORT ? contact.documentsViolations : contact.categories.includes(category);
}

/** The categories a country has entries in, in the fixed order; "report" last. */
export function categoriesOf(content: RightsContent, country: CountryChoice): CategoryChoice[] {
  const contacts = contactsOf(content, country);
  return CATEGORY_CHOICES.filter((category) => contacts.some((contact) => inCategory(contact, category)));
}

export function entriesOf(content: RightsContent, country: CountryChoice, category: CategoryChoice): Contact[] {
  return contactsOf(content, country).filter((contact) => inCategory(contact, category));
}

/** The cities of a category's entries, in order of appearance; a city step is shown when there are two or more. */
export function citiesOf(entries: readonly Contact[]): string[] {
  return [...new Set(entries.map((contact) => contact.city).filter((city): city is string => city !== null))];
}

/** The entries of one city (with the country-wide ones), the country-wide only, or all. */
export function filterByCity(entries: readonly Contact[], city: string): Contact[] {
  if (city === ALL_CITIES) return [...entries];
  if (city === COUNTRY_WIDE) return entries.filter((contact) => contact.city === null);
  return [...entries.filter((contact) => contact.city === city), ...entries.filter((contact) => contact.city === null)];
}

export function categoryName(t: Translate, category: CategoryChoice): string {
  return t(`contacts:categories.${category}`);
}

export function cityName(speaker: Speaker, content: RightsContent, country: CountryChoice, city: string): string {
  if (city === ALL_CITIES) return speaker.t("contacts:city.all");
  if (city === COUNTRY_WIDE) return speaker.t("contacts:city.countryWide");
  return visibleText(cityNameOf(content.scopes[scopeOf(country)], speaker.lang, city)?.value ?? city);
}

/** A contact's name as plain text (for buttons), shortened to fit a button comfortably. */
export function contactLabel(speaker: Speaker, scope: ScopeContent, contact: Contact, max = 40): string {
  const name = visibleText(contactTextsOf(scope, speaker.lang, contact.id)?.value.name ?? contact.id);
  return name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;
}

function languagesLine(t: Translate, codes: readonly string[]): string {
  return codes.map((code) => t(`contacts:languages.${code}`)).join(", ");
}

function verifiedLine(speaker: Speaker, scope: ScopeContent, contact: Contact): string {
  const date = formatDate(speaker.lang, contact.verified.date);
  if (contact.verified.how === "organisation") return speaker.t("contacts:entry.verifiedOrganisation", { date });
  // One link per site, named by its host: two pages of the same site read as one source to a person.
  const bySite = new Map<string, string>();
  for (const id of contact.sources) {
    const s = scope.sources[id];
    if (s && !bySite.has(sourceHost(s.url))) bySite.set(sourceHost(s.url), s.url);
  }
  const source = [...bySite].map(([host, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(host)}</a>`).join("; ");
  return speaker.t("contacts:entry.verifiedSource", { date, source });
}

/** One entry, as a block of lines. */
export function renderEntry(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  contact: Contact,
): string {
  const { t } = speaker;
  const scope = content.scopes[scopeOf(country)];
  const texts = contactTextsOf(scope, speaker.lang, contact.id)?.value;
  const lines = [`<b>${texts?.name ?? escapeHtml(contact.id)}</b>`];
  if (texts?.note) lines.push(texts.note);
  if (contact.phones.length > 0) lines.push(`📞 ${contact.phones.map(escapeHtml).join(" · ")}`);
  if (texts?.hours) lines.push(t("contacts:entry.hours", { hours: texts.hours }));
  if (contact.languages.length > 0)
    lines.push(t("contacts:entry.languages", { languages: languagesLine(t, contact.languages) }));
  if (contact.city) lines.push(`📍 ${escapeHtml(cityName(speaker, content, country, contact.city))}`);
  if (contact.documentsViolations) lines.push(t("contacts:entry.documents"));
  lines.push(`<i>${verifiedLine(speaker, scope, contact)}</i>`);
  return lines.join("\n");
}

export interface EntriesPage {
  html: string;
  /** The entries on this page, for their link buttons. */
  contacts: Contact[];
  pages: number;
}

/**
 * The entries of a category (and city), paged like articles: a page breaks only between
 * entries, and aims at one screen.
 */
export function renderEntries(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
  city: string,
  page: number,
): EntriesPage {
  const { t } = speaker;
  const entries = filterByCity(entriesOf(content, country, category), city);
  const place = city === ALL_CITIES ? "" : ` · ${escapeHtml(cityName(speaker, content, country, city))}`;
  const header = (index: number, total: number) =>
    `<b>${escapeHtml(categoryName(t, category))}</b>\n<i>${escapeHtml(countryName(t, country))}</i>${place}${
      total > 1 ? ` · ${t("rights:article.page", { page: index + 1, pages: total })}` : ""
    }`;
  const intro = category === REPORT ? t("contacts:report.intro") : undefined;
  // Entries not yet translated are shown in Russian; every page says so under its header.
  const fallback = entries.some((contact) => inFallback(speaker, content, country, contact))
    ? fallbackLine(t)
    : undefined;
  const blocks = entries.map((contact) => ({ html: renderEntry(speaker, content, country, contact), contact }));
  const frame =
    visibleLength(header(98, 99)) +
    (intro ? visibleLength(intro) + 2 : 0) +
    (fallback ? visibleLength(fallback) + 2 : 0) +
    2;
  const pages = packPages(
    blocks.map((block) => ({ html: block.html })),
    PAGE_TARGET - frame,
  );
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  const body = pages[index] ?? [];
  // A very long entry may have been split over pages; its buttons go with each of its parts.
  const onPage = blocks
    .filter((block) => body.some((unit) => unit === block.html || block.html.includes(unit)))
    .map((block) => block.contact);
  const html = [
    header(index, pages.length),
    ...(fallback ? [fallback] : []),
    ...(intro && index === 0 ? [intro] : []),
    ...body,
  ].join("\n\n");
  return { html, contacts: onPage, pages: pages.length };
}

/** Whether an entry's name, hours, note or city would be shown in Russian, not yet translated. */
function inFallback(speaker: Speaker, content: RightsContent, country: CountryChoice, contact: Contact): boolean {
  const scope = content.scopes[scopeOf(country)];
  const texts = contactTextsOf(scope, speaker.lang, contact.id);
  const city = contact.city === null ? undefined : cityNameOf(scope, speaker.lang, contact.city);
  return texts?.lang !== speaker.lang || (city !== undefined && city.lang !== speaker.lang);
}

/** The text above a country's category buttons. */
export function renderCategories(speaker: Speaker, content: RightsContent, country: CountryChoice): string {
  const { t } = speaker;
  const name = countryName(t, country);
  if (categoriesOf(content, country).length === 0) return t("contacts:none", { country: name });
  return [t("contacts:title", { country: name }), t("contacts:intro")].join("\n\n");
}

/** The text above a category's city buttons; the fallback line when a city's name is not translated yet. */
export function renderCities(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
): string {
  const { t } = speaker;
  const scope = content.scopes[scopeOf(country)];
  const untranslated = citiesOf(entriesOf(content, country, category)).some(
    (city) => cityNameOf(scope, speaker.lang, city)?.lang !== speaker.lang,
  );
  return [
    `<b>${escapeHtml(categoryName(t, category))}</b>\n<i>${escapeHtml(countryName(t, country))}</i>`,
    t("contacts:city.question"),
    ...(untranslated ? [fallbackLine(t)] : []),
  ].join("\n\n");
}
