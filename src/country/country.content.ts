import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type I18n, LANGUAGES, type Lang } from "../bot/i18n.js";
import { visibleLength } from "../bot/telegram/html.js";
import { telegramHtmlProblem } from "../bot/telegram/telegram-html.js";
import { ContentError } from "../content/content-error.js";
import * as v from "../validation.js";

/**
 * The rights content: per scope (international standards, and each country) a structure file
 * with sources, dates, review status and contacts (`src/content/rights/<scope>.json`), and the
 * texts in every language (`locales/<lng>/rights-<scope>.json`, loaded by i18next as the
 * namespace `rights-<scope>`). See `src/content/README.md` for the format. Everything is read and
 * validated once, at start-up; a problem stops the bot with an error naming the file and key.
 */

/** The countries with their own texts, in the order they are offered. */
export const COUNTRIES = ["ge", "ua", "kz", "kg", "md", "am", "ru"] as const;
export type CountryCode = (typeof COUNTRIES)[number];
/** "Another country": shown the international standards only. */
export const OTHER_COUNTRY = "other";
export type CountryChoice = CountryCode | typeof OTHER_COUNTRY;
export const COUNTRY_CHOICES: readonly CountryChoice[] = [...COUNTRIES, OTHER_COUNTRY];

export const SCOPES = ["general", ...COUNTRIES] as const;
export type Scope = (typeof SCOPES)[number];

/** The nine topics, in the order they are listed. */
export const TOPICS = [
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
export type Topic = (typeof TOPICS)[number];

export const CATEGORIES = ["legal", "harm_reduction", "treatment", "health", "crisis", "hotline"] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCE_KINDS = ["official", "un", "court", "ngo", "media", "academic", "mirror", "repost"] as const;
/**
 * Kinds of source that cannot carry a custody-critical claim alone: a third-party copy of an
 * official text (`mirror`) or a copy of a document or article on a document-sharing site or an
 * aggregator (`repost`). Such a claim needs a second, independent source that agrees.
 */
export const WEAK_SOURCE_KINDS: readonly (typeof SOURCE_KINDS)[number][] = ["mirror", "repost"];

/** What a custody-critical claim is about. */
export const CRITICAL_KINDS = ["time-limit", "penalty", "test-refusal", "arrest-right", "phone"] as const;
/**
 * Where a custody-critical claim stands after its last check: `confirmed` (re-read in the text in
 * force or the organisation's own page), `corrected` (the texts were changed to what was read),
 * `hedged` (not confirmed in its current form, and the texts say so), `removed` (taken out of the
 * texts; kept in the list so that nobody puts it back unchecked).
 */
export const CRITICAL_STATUSES = ["confirmed", "corrected", "hedged", "removed"] as const;

export function isCountryChoice(value: unknown): value is CountryChoice {
  return typeof value === "string" && (COUNTRY_CHOICES as readonly string[]).includes(value);
}

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}

/** The scope whose texts a country choice is shown: its own, or the general one for "another country". */
export function scopeOf(country: CountryChoice): Scope {
  return country === OTHER_COUNTRY ? "general" : country;
}

/**
 * Limits the start-up check enforces (Telegram's hard limits, with room for the heading, the
 * sources and the footer the bot adds). The README's softer targets (about 2,500 characters per
 * country text, 1,200 for the card) are checked by the content tests.
 */
export const MAX_PARAGRAPH = 3000;
export const MAX_SOS_TEXT = 2000;

// ── Structure file: src/content/rights/<scope>.json ─────────────────────────

const isoDate = v.isoDate("must be a date written YYYY-MM-DD");
const sourceId = v.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a source id (lowercase letters, digits, dashes)");
const webUrl = v.url(/^https?$/, "must be an http(s) address");

const sourceSchema = v.strictObject({
  title: v.string().trim().min(1),
  publisher: v.string().trim().min(1),
  url: webUrl,
  kind: v.oneOf(SOURCE_KINDS),
  read: isoDate,
  /** Other sources of the same scope that independently agree with this one (needed for a weak kind). */
  corroboratedBy: v.array(sourceId).min(1).optional(),
  /** What was checked, and what could not be. */
  note: v.string().trim().min(1).optional(),
});

const topicMetaSchema = v.strictObject({
  sources: v.array(sourceId),
  updated: isoDate,
  countrySpecific: v.boolean().optional(),
});

const contactSchema = v.strictObject({
  id: v.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and dashes"),
  categories: v.array(v.oneOf(CATEGORIES)).min(1),
  city: v
    .string()
    .regex(/^[a-z][a-z0-9-]{0,23}$/, "must be a lowercase slug such as tbilisi (at most 24 characters)")
    .nullable(),
  phones: v.array(
    v
      .string()
      .regex(
        /^(?:\+\d[\d ]{6,19}\d|\d{2,6})$/,
        "must be a number in international format (+995 32 …) or a short service number (112)",
      ),
  ),
  telegram: v
    .string()
    .regex(/^@[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be a Telegram username such as @name")
    .nullable(),
  website: webUrl.nullable(),
  languages: v.array(v.string().regex(/^[a-z]{2}$/, "must be a two-letter language code")),
  documentsViolations: v.boolean(),
  sources: v.array(sourceId).min(1, "a contact needs a source: a contact with no source is not shown"),
  verified: v.strictObject({ date: isoDate, how: v.oneOf(["source", "organisation"]) }),
});

/** "sos", "topics.police", "contacts.ua-legal-aid": a text that states a custody-critical claim. */
const textKey = v
  .string()
  .regex(/^(?:sos|topics\.[a-z]+|contacts\.[a-z0-9][a-z0-9-]*)$/, 'must be "sos", "topics.<topic>" or "contacts.<id>"');

const criticalSchema = v.strictObject({
  id: sourceId,
  kind: v.oneOf(CRITICAL_KINDS),
  /** The claim as the texts make it, in one English sentence, for the lawyer who checks it. */
  claim: v.string().trim().min(1),
  where: v.array(textKey).min(1),
  sources: v.array(sourceId),
  status: v.oneOf(CRITICAL_STATUSES),
  /** The day the claim was last checked against its sources. */
  checked: isoDate,
  /** What was read on that day (the text, its version or date), or why it could not be. */
  read: v.string().trim().min(1),
  /** For `phone` claims: the numbers, written as in `contacts[].phones`. */
  phones: v
    .array(v.string().regex(/^(?:\+\d[\d ]{6,19}\d|\d{2,6})$/, "must be a phone number as in contacts"))
    .optional(),
});

const topicsSchema = v.strictObject(
  Object.fromEntries(TOPICS.map((topic) => [topic, topicMetaSchema])) as Record<Topic, typeof topicMetaSchema>,
);

const structureSchema = v.strictObject({
  scope: v.oneOf(SCOPES),
  written: isoDate,
  lawyerReview: v.strictObject({ by: v.string().trim().min(1), date: isoDate }).nullable(),
  sources: v.record(sourceId, sourceSchema),
  topics: topicsSchema,
  sos: v.strictObject({ sources: v.array(sourceId), updated: isoDate }),
  contacts: v.array(contactSchema),
  /** Every custody-critical claim of the texts, with its sources and the state of its last check. */
  critical: v.array(criticalSchema),
});

// ── Texts: locales/<lng>/rights-<scope>.json ─────────────────────────────────

/**
 * The language every rights text exists in. Another language may leave a topic, a contact or a
 * city out (not translated yet): it is then shown in Russian, with a line saying so.
 */
export const FALLBACK_LANG = "ru" satisfies Lang;

const text = v
  .string((issue) => (issue.input === undefined ? "is missing" : "must be text in quotes"))
  .trim()
  .min(1, "must not be empty");
const contactTextsSchema = v.strictObject({ name: text, hours: v.string(), note: v.string() });

const completeTextsSchema = v.strictObject({
  topics: v.strictObject(Object.fromEntries(TOPICS.map((topic) => [topic, text])) as Record<Topic, typeof text>),
  sos: text,
  contacts: v.record(v.string(), contactTextsSchema),
  cities: v.record(v.string(), text),
});

/** Any language but the fallback: the detained card always, the rest as far as translated. */
const partialTextsSchema = v.strictObject({
  topics: v
    .strictObject(
      Object.fromEntries(TOPICS.map((topic) => [topic, text.optional()])) as Record<Topic, v.OptionalSchema<string>>,
    )
    .default({}),
  sos: text,
  contacts: v.record(v.string(), contactTextsSchema).default({}),
  cities: v.record(v.string(), text).default({}),
});

// ── Languages: src/content/languages.json ────────────────────────────────────

const languageStatusSchema = v.strictObject({
  /** The texts were written in this language, not translated into it. */
  original: v.boolean(),
  /** Who, a native speaker, checked the translation and when; null until someone has. */
  nativeReview: v.strictObject({ by: v.string().trim().min(1), date: isoDate }).nullable(),
  /**
   * The rights scopes translated completely ("all", or a list): checked at start-up. In any other
   * scope only the detained card is required; what is missing is shown in Russian.
   */
  rights: v.union([v.literal("all"), v.array(v.oneOf(SCOPES)).min(1)]),
});

const languagesFileSchema = v.strictObject({
  about: v.string().optional(),
  languages: v.strictObject(
    Object.fromEntries(LANGUAGES.map((lang) => [lang, languageStatusSchema])) as Record<
      Lang,
      typeof languageStatusSchema
    >,
  ),
});

export type LanguageStatus = v.Infer<typeof languageStatusSchema>;

export type Source = v.Infer<typeof sourceSchema>;
export type TopicMeta = v.Infer<typeof topicMetaSchema>;
export type Contact = v.Infer<typeof contactSchema>;
export type CriticalClaim = v.Infer<typeof criticalSchema>;
export type ContactTexts = v.Infer<typeof contactTextsSchema>;
/** A language's texts of a scope; topics, contacts and cities it has not translated are absent. */
export interface ScopeTexts {
  readonly topics: Readonly<Partial<Record<Topic, string>>>;
  readonly sos: string;
  readonly contacts: Readonly<Record<string, ContactTexts>>;
  readonly cities: Readonly<Record<string, string>>;
}
export type LawyerReview = NonNullable<v.Infer<typeof structureSchema>["lawyerReview"]>;

export interface ScopeContent {
  readonly scope: Scope;
  readonly written: string;
  readonly lawyerReview: LawyerReview | null;
  readonly sources: Readonly<Record<string, Source>>;
  readonly topics: Readonly<Record<Topic, TopicMeta>>;
  readonly sos: { readonly sources: readonly string[]; readonly updated: string };
  readonly contacts: readonly Contact[];
  readonly critical: readonly CriticalClaim[];
  readonly texts: Readonly<Record<Lang, ScopeTexts>>;
}

/** Everything the rights and contacts features show, validated. */
export interface RightsContent {
  readonly scopes: Readonly<Record<Scope, ScopeContent>>;
  /** Per language: an original or a translation, and whether a native speaker has checked it. */
  readonly languages: Readonly<Record<Lang, LanguageStatus>>;
}

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL("../content/rights", import.meta.url));
export const DEFAULT_LANGUAGES_FILE = fileURLToPath(new URL("../content/languages.json", import.meta.url));

export interface LoadOptions {
  /** The i18next instance holding the `rights-<scope>` namespaces. */
  i18n: I18n;
  /** Where the structure files are; `src/content/rights` by default. */
  contentDir?: string;
  /** The languages' status; `src/content/languages.json` by default. */
  languagesFile?: string;
}

/** A thrown value for more than one content problem: each is a ContentError; the message lists them all. */
export class ContentErrors extends AggregateError {
  override name = "ContentErrors";
  constructor(readonly problems: ContentError[]) {
    super(
      problems,
      `${problems.length} problems in the rights content:\n${problems.map((p) => `  ${p.message}`).join("\n")}`,
    );
  }
}

function structureFile(scope: Scope): string {
  return `src/content/rights/${scope}.json`;
}

function textsFile(lang: Lang, scope: Scope): string {
  return `locales/${lang}/rights-${scope}.json`;
}

/** "topics.police.sources[2]" from an issue's path. */
function keyOf(issuePath: v.Path): string {
  let key = "";
  for (const part of issuePath) {
    if (typeof part === "number") key += `[${part}]`;
    else key += key === "" ? part : `.${part}`;
  }
  return key;
}

function schemaProblems(file: string, issues: readonly v.Issue[]): ContentError[] {
  return issues.map((issue) => {
    let problem = issue.message;
    if (issue.code === "unrecognized_keys") problem = `has unknown keys: ${issue.keys?.join(", ")}`;
    else if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) problem = "is missing";
    return new ContentError(file, keyOf(issue.path), problem);
  });
}

const MARKER = /\[(\d+)\]/g;

/** Checks a text's HTML, each paragraph on its own (pages split between paragraphs), and its [n] markers. */
function checkText(file: string, key: string, value: string, sourceCount: number | undefined): ContentError[] {
  const problems: ContentError[] = [];
  const whole = telegramHtmlProblem(value);
  if (whole) return [new ContentError(file, key, whole)];
  for (const [index, paragraph] of value.split(/\n{2,}/).entries()) {
    const problem = telegramHtmlProblem(paragraph);
    if (problem) {
      problems.push(new ContentError(file, key, `paragraph ${index + 1} is not complete on its own: it ${problem}`));
    }
    if (visibleLength(paragraph) > MAX_PARAGRAPH) {
      problems.push(
        new ContentError(file, key, `paragraph ${index + 1} is longer than ${MAX_PARAGRAPH} characters; split it`),
      );
    }
  }
  if (sourceCount !== undefined) {
    const unresolved = [...new Set([...value.matchAll(MARKER)].map((match) => Number(match[1])))].filter(
      (n) => n < 1 || n > sourceCount,
    );
    if (unresolved.length > 0) {
      const cited = unresolved.map((n) => `[${n}]`).join(", ");
      problems.push(
        new ContentError(
          file,
          key,
          sourceCount === 0
            ? `cites ${cited} but lists no sources`
            : `cites ${cited} but only ${sourceCount} source${sourceCount === 1 ? " is" : "s are"} listed`,
        ),
      );
    }
  }
  return problems;
}

function readStructure(dir: string, scope: Scope, problems: ContentError[]) {
  const file = structureFile(scope);
  const full = path.join(dir, `${scope}.json`);
  if (!existsSync(full)) {
    problems.push(new ContentError(file, "", "is missing"));
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(full, "utf8"));
  } catch (error) {
    problems.push(new ContentError(file, "", `is not valid JSON: ${(error as Error).message}`));
    return undefined;
  }
  const parsed = structureSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...schemaProblems(file, parsed.issues));
    return undefined;
  }
  const data = parsed.data;
  if (data.scope !== scope)
    problems.push(new ContentError(file, "scope", `is "${data.scope}" but the file is for "${scope}"`));
  const known = (id: string, key: string) => {
    if (!(id in data.sources))
      problems.push(new ContentError(file, key, `names the source "${id}", which is not in "sources"`));
  };
  for (const topic of TOPICS) {
    const meta = data.topics[topic];
    for (const [i, id] of meta.sources.entries()) known(id, `topics.${topic}.sources[${i}]`);
    if (meta.countrySpecific === false && meta.sources.length > 0) {
      problems.push(
        new ContentError(
          file,
          `topics.${topic}`,
          'has "countrySpecific": false but lists sources; remove one or the other',
        ),
      );
    }
    if (meta.countrySpecific !== false && meta.sources.length === 0) {
      problems.push(
        new ContentError(
          file,
          `topics.${topic}.sources`,
          'is empty: cite the sources, or mark the topic "countrySpecific": false and say so in the text',
        ),
      );
    }
  }
  for (const [i, id] of data.sos.sources.entries()) known(id, `sos.sources[${i}]`);
  if (data.sos.sources.length === 0)
    problems.push(new ContentError(file, "sos.sources", "is empty: the card needs its sources"));
  const ids = new Set<string>();
  data.contacts.forEach((contact, i) => {
    if (ids.has(contact.id))
      problems.push(new ContentError(file, `contacts[${i}].id`, `"${contact.id}" is used twice`));
    ids.add(contact.id);
    for (const [j, id] of contact.sources.entries()) known(id, `contacts[${i}].sources[${j}]`);
    if (!contact.telegram && !contact.website && contact.phones.length === 0) {
      problems.push(
        new ContentError(file, `contacts[${i}]`, "has no phone, Telegram or website: nobody could reach it"),
      );
    }
  });
  for (const [id, source] of Object.entries(data.sources)) {
    for (const [j, other] of (source.corroboratedBy ?? []).entries()) {
      known(other, `sources.${id}.corroboratedBy[${j}]`);
      if (other === id)
        problems.push(new ContentError(file, `sources.${id}.corroboratedBy[${j}]`, "names the source itself"));
    }
  }
  const claims = new Set<string>();
  data.critical.forEach((claim, i) => {
    const key = `critical[${i}]`;
    if (claims.has(claim.id)) problems.push(new ContentError(file, `${key}.id`, `"${claim.id}" is used twice`));
    claims.add(claim.id);
    for (const [j, id] of claim.sources.entries()) known(id, `${key}.sources[${j}]`);
    if (claim.status !== "removed" && claim.sources.length === 0) {
      problems.push(new ContentError(file, `${key}.sources`, "is empty: a claim the texts make needs its sources"));
    }
    for (const [j, where] of claim.where.entries()) {
      const [part, name] = where.split(".");
      const exists =
        part === "sos" || (part === "topics" && isTopic(name)) || (part === "contacts" && ids.has(name ?? ""));
      if (!exists)
        problems.push(new ContentError(file, `${key}.where[${j}]`, `"${where}" is not a text of this scope`));
    }
    if ((claim.kind === "phone") !== (claim.phones !== undefined && claim.phones.length > 0)) {
      problems.push(
        new ContentError(
          file,
          `${key}.phones`,
          'must list the numbers of a "phone" claim, and only of a "phone" claim',
        ),
      );
    }
  });
  return data;
}

/** Whether a language has a scope's rights texts complete (the fallback language has all of them). */
export function completeIn(status: LanguageStatus, scope: Scope): boolean {
  return status.rights === "all" || status.rights.includes(scope);
}

function readTexts(
  i18n: I18n,
  lang: Lang,
  complete: boolean,
  structure: v.Infer<typeof structureSchema>,
  problems: ContentError[],
): ScopeTexts | undefined {
  const scope = structure.scope;
  const file = textsFile(lang, scope);
  const raw = i18n.instance.getResourceBundle(lang, `rights-${scope}`) as unknown;
  if (raw === undefined) {
    problems.push(new ContentError(file, "", "is missing"));
    return undefined;
  }
  const parsed = (complete ? completeTextsSchema : partialTextsSchema).safeParse(raw);
  if (!parsed.success) {
    problems.push(...schemaProblems(file, parsed.issues));
    return undefined;
  }
  const texts: ScopeTexts = parsed.data;
  for (const topic of TOPICS) {
    const value = texts.topics[topic];
    if (value !== undefined)
      problems.push(...checkText(file, `topics.${topic}`, value, structure.topics[topic].sources.length));
  }
  problems.push(...checkText(file, "sos", texts.sos, structure.sos.sources.length));
  if (visibleLength(texts.sos) > MAX_SOS_TEXT) {
    problems.push(
      new ContentError(file, "sos", `is longer than ${MAX_SOS_TEXT} characters: the card must fit one screen`),
    );
  }
  const ids = new Set(structure.contacts.map((contact) => contact.id));
  for (const id of ids) {
    const entry = texts.contacts[id];
    if (!entry) {
      if (complete) {
        problems.push(
          new ContentError(
            file,
            `contacts.${id}`,
            "is missing (this language has the scope complete: see src/content/languages.json)",
          ),
        );
      }
      continue;
    }
    for (const field of ["name", "hours", "note"] as const) {
      if (entry[field] !== "") problems.push(...checkText(file, `contacts.${id}.${field}`, entry[field], undefined));
    }
  }
  for (const id of Object.keys(texts.contacts)) {
    if (!ids.has(id))
      problems.push(new ContentError(file, `contacts.${id}`, `is not a contact in ${structureFile(scope)}`));
  }
  const cities = new Set(structure.contacts.map((contact) => contact.city).filter((city) => city !== null));
  if (complete) {
    for (const city of cities) {
      if (!texts.cities[city])
        problems.push(new ContentError(file, `cities.${city}`, "is missing (a contact is in this city)"));
    }
  }
  for (const [city, name] of Object.entries(texts.cities)) {
    if (!cities.has(city))
      problems.push(
        new ContentError(file, `cities.${city}`, `is not the city of a contact in ${structureFile(scope)}`),
      );
    problems.push(...checkText(file, `cities.${city}`, name, undefined));
  }
  for (const contact of structure.contacts) {
    for (const code of contact.languages) {
      if (typeof i18n.instance.getResource(lang, "contacts", `languages.${code}`) !== "string") {
        problems.push(
          new ContentError(
            `locales/${lang}/contacts.json`,
            `languages.${code}`,
            `is missing (contact "${contact.id}" in ${structureFile(scope)} speaks it)`,
          ),
        );
      }
    }
  }
  return texts;
}

function readLanguages(file: string, problems: ContentError[]): Record<Lang, LanguageStatus> | undefined {
  const label = "src/content/languages.json";
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const problem = existsSync(file) ? `is not valid JSON: ${(error as Error).message}` : "is missing";
    problems.push(new ContentError(label, "", problem));
    return undefined;
  }
  const parsed = languagesFileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...schemaProblems(label, parsed.issues));
    return undefined;
  }
  if (parsed.data.languages[FALLBACK_LANG].rights !== "all") {
    problems.push(
      new ContentError(label, `languages.${FALLBACK_LANG}.rights`, `must be "all": other languages fall back to it`),
    );
  }
  return parsed.data.languages;
}

/**
 * Reads and validates all rights content. Throws a ContentError (one problem) or ContentErrors
 * (several), each naming the file and key, so an editor knows exactly what to fix.
 */
export function loadRightsContent(options: LoadOptions): RightsContent {
  const dir = options.contentDir ?? DEFAULT_CONTENT_DIR;
  const problems: ContentError[] = [];
  const languages = readLanguages(options.languagesFile ?? DEFAULT_LANGUAGES_FILE, problems);
  const scopes: Partial<Record<Scope, ScopeContent>> = {};
  for (const scope of SCOPES) {
    const structure = readStructure(dir, scope, problems);
    if (!structure) continue;
    const texts: Partial<Record<Lang, ScopeTexts>> = {};
    for (const lang of LANGUAGES) {
      // Without a valid languages file, only Russian is held to completeness (its problem is reported).
      const complete = languages === undefined ? lang === FALLBACK_LANG : completeIn(languages[lang], scope);
      const read = readTexts(options.i18n, lang, complete, structure, problems);
      if (read) texts[lang] = read;
    }
    scopes[scope] = { ...structure, texts: texts as Record<Lang, ScopeTexts> };
  }
  const [first] = problems;
  if (first && problems.length === 1) throw first;
  if (problems.length > 1) throw new ContentErrors(problems);
  return { scopes: scopes as Record<Scope, ScopeContent>, languages: languages as Record<Lang, LanguageStatus> };
}

/** The contacts of a country choice that have a source (all, after validation). */
export function contactsOf(content: RightsContent, country: CountryChoice): readonly Contact[] {
  return content.scopes[scopeOf(country)].contacts.filter((contact) => contact.sources.length > 0);
}

/** What a person is shown of a text, and the language it is in (the fallback where not translated). */
export interface Shown<T> {
  readonly value: T;
  readonly lang: Lang;
}

/** A scope's text of a topic in the reader's language, or in Russian until it is translated. */
export function topicTextOf(scope: ScopeContent, lang: Lang, topic: Topic): Shown<string> {
  const own = scope.texts[lang].topics[topic];
  if (own !== undefined) return { value: own, lang };
  // The fallback language is complete: validation refuses to start otherwise.
  return { value: scope.texts[FALLBACK_LANG].topics[topic] as string, lang: FALLBACK_LANG };
}

/** A contact's name, hours and note in the reader's language, or in Russian until translated. */
export function contactTextsOf(scope: ScopeContent, lang: Lang, id: string): Shown<ContactTexts> | undefined {
  const own = scope.texts[lang].contacts[id];
  if (own) return { value: own, lang };
  const fallback = scope.texts[FALLBACK_LANG].contacts[id];
  return fallback ? { value: fallback, lang: FALLBACK_LANG } : undefined;
}

/** A city's name in the reader's language, or in Russian until translated. */
export function cityNameOf(scope: ScopeContent, lang: Lang, city: string): Shown<string> | undefined {
  const own = scope.texts[lang].cities[city];
  if (own) return { value: own, lang };
  const fallback = scope.texts[FALLBACK_LANG].cities[city];
  return fallback ? { value: fallback, lang: FALLBACK_LANG } : undefined;
}

/** A translation nobody who speaks the language natively has checked yet: its rights pages say so. */
export function needsNativeCheck(content: RightsContent, lang: Lang): boolean {
  const status = content.languages[lang];
  return !status.original && status.nativeReview === null;
}
