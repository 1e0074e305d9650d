import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../../src/bot/i18n.js";
import { COUNTRIES } from "../../../src/country/country.content.js";

/**
 * Issue 13: the custody-critical claims of every country — detention limits, penalties, what a
 * refused test costs, rights on arrest, every phone number on a detained card or in the contacts —
 * are listed in `critical` with their sources. These tests read the content files directly and
 * check what the start-up validator does not: that no claim rests on a weak copy alone, that pages
 * of document-sharing sites are marked weak, and that no phone number reaches a person without
 * being in the list. Each check is also run on a planted bad entry, to show it can fail.
 */

const ROOT = path.resolve(import.meta.dirname, "../../..");

// biome-ignore lint/suspicious/noExplicitAny: content files are read as plain JSON
type Json = any;

const readJson = (file: string): Json => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
const structureOf = (scope: string): Json => readJson(`src/content/rights/${scope}.json`);
const textsOf = (scope: string): Record<string, Json> =>
  Object.fromEntries(LANGUAGES.map((lang) => [lang, readJson(`locales/${lang}/rights-${scope}.json`)]));

/** The kinds the README calls weak: a third-party copy of an official text, a repost. */
const WEAK = new Set(["mirror", "repost"]);

/** Document-sharing sites and aggregators: a page there is a copy, whatever it copies. */
const DOCUMENT_SHARING = [
  "scribd.com",
  "docslib.org",
  "pdfslide.net",
  "pdfslide.us",
  "studfile.net",
  "studopedia.info",
  "studopedia.net",
  "dokumen.tips",
  "vdocuments.us",
  "news-pravda.com",
  "blogspot.com",
  "wikimili.com",
];

/** Problems with how the claims of one structure file are sourced (empty when all is well). */
function sourcingProblems(structure: Json): string[] {
  const problems: string[] = [];
  const sources: Record<string, Json> = structure.sources;
  for (const claim of structure.critical) {
    if (claim.status === "removed") continue;
    const where = `${structure.scope} ${claim.id}`;
    if (claim.sources.length === 0) {
      problems.push(`${where}: no source`);
      continue;
    }
    const missing = claim.sources.filter((id: string) => !sources[id]);
    if (missing.length > 0) {
      problems.push(`${where}: unknown source ${missing.join(", ")}`);
      continue;
    }
    if (claim.sources.every((id: string) => WEAK.has(sources[id].kind))) {
      // Only copies: keep the claim only if a second, independent copy agrees and says so.
      const others = (id: string) => claim.sources.filter((other: string) => other !== id);
      const corroborated = claim.sources.some((id: string) =>
        (sources[id].corroboratedBy ?? []).some(
          (other: string) => others(id).includes(other) && sources[other].url !== sources[id].url,
        ),
      );
      if (!corroborated) problems.push(`${where}: rests on weak copies only, with no second source that agrees`);
    }
  }
  return problems;
}

/** Sources on document-sharing sites that are not marked as a copy. */
function unmarkedCopies(structure: Json): string[] {
  return Object.entries(structure.sources as Record<string, Json>)
    .filter(([, source]) => {
      const host = new URL(source.url).hostname;
      return DOCUMENT_SHARING.some((site) => host === site || host.endsWith(`.${site}`)) && !WEAK.has(source.kind);
    })
    .map(([id]) => `${structure.scope} ${id}`);
}

/** Country calling codes: a number written nationally (0 800 …) is the same as +380 800 …. */
const CALLING_CODE: Record<string, string> = {
  ge: "995",
  ua: "380",
  kz: "7",
  kg: "996",
  md: "373",
  am: "374",
  ru: "7",
};

const digits = (value: string) => value.replace(/\D/g, "");

/** The forms a number can take in the texts: as written, and nationally with a leading 0. */
function forms(phone: string, scope: string): string[] {
  const all = digits(phone);
  const code = CALLING_CODE[scope] ?? "";
  return phone.startsWith("+") && all.startsWith(code) ? [all, `0${all.slice(code.length)}`] : [all];
}

/** "Article" (and "part") in the twelve languages, just before the number; Tajik may put "criminal" between. */
const ARTICLE_BEFORE =
  /(?:art\.|article|part|ст\.|ч\.|стать\S*|статт\S*|მუხლ\S*|articol\S*|артыкул\S*|модда\S*(?:\s+\S+)?|հոդված\S*|maddə\S*|modda\S*|берене\S*|бап\S*)\s*$/iu;
/**
 * A run of digits with spaces, dashes and brackets; a full stop, comma or colon may follow, a decimal part or a time (9:00) may not.
 * Never the second group of a number written with a space between thousands (2 000).
 */
const NUMBER = /(?<![\p{L}\p{N}.,/–-])(?<!\p{N}:)(?<!\p{N} )\+?\(?\d(?:[\d ()-]*\d)?(?![\p{N}/%–-]|[.,:]\p{N})/gu;

/** Every phone-like number in a text: three digits or more, not a year, not an article number. */
function numbersIn(html: string): string[] {
  const text = html.replace(/<[^>]+>/g, "");
  const found: string[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const value = digits(match[0]);
    if (value.length < 3) continue;
    if (/^(?:19|20)\d\d$/.test(value)) continue;
    if (ARTICLE_BEFORE.test(text.slice(Math.max(0, (match.index ?? 0) - 20), match.index))) continue;
    found.push(match[0].trim());
  }
  return found;
}

/** The detained card and the contacts' texts of a scope, with where each comes from. */
function shownTexts(scope: string, structure: Json, texts: Record<string, Json>): [string, string][] {
  const shown: [string, string][] = [];
  for (const contact of structure.contacts) {
    for (const phone of contact.phones) shown.push([`src/content/rights/${scope}.json ${contact.id}`, phone]);
  }
  for (const [lang, t] of Object.entries(texts)) {
    shown.push([`locales/${lang}/rights-${scope}.json sos`, t.sos]);
    for (const [id, entry] of Object.entries((t.contacts ?? {}) as Record<string, Json>)) {
      for (const field of ["name", "hours", "note"])
        shown.push([`locales/${lang}/rights-${scope}.json contacts.${id}.${field}`, entry[field]]);
    }
  }
  return shown;
}

/** Numbers shown on the card or in the contacts that are not in the scope's critical list, and removed ones still shown. */
function phoneProblems(scope: string, structure: Json, texts: Record<string, Json>): string[] {
  const listed = new Set<string>();
  const removed = new Set<string>();
  for (const claim of structure.critical) {
    for (const phone of claim.phones ?? []) {
      for (const form of forms(phone, scope)) (claim.status === "removed" ? removed : listed).add(form);
    }
  }
  const problems: string[] = [];
  for (const [where, text] of shownTexts(scope, structure, texts)) {
    const numbers = where.startsWith("src/") ? [text] : numbersIn(text);
    for (const number of numbers) {
      const value = digits(number);
      if (removed.has(value)) problems.push(`${where}: shows ${number}, a number the list marks removed`);
      else if (!listed.has(value)) problems.push(`${where}: shows ${number}, which is not in the critical list`);
    }
  }
  return problems;
}

describe("custody-critical claims", () => {
  it("every country lists its critical claims: detention limits, rights on arrest and the numbers it shows", () => {
    for (const scope of COUNTRIES) {
      const structure = structureOf(scope);
      const kinds = new Set(structure.critical.map((claim: Json) => claim.kind));
      expect(structure.critical.length, scope).toBeGreaterThan(4);
      expect(kinds.has("arrest-right"), `${scope} lists rights on arrest`).toBe(true);
      expect(kinds.has("phone"), `${scope} lists its phone numbers`).toBe(true);
      for (const claim of structure.critical) {
        expect(claim.read.length, `${scope} ${claim.id} says what was read`).toBeGreaterThan(20);
        expect(claim.checked, `${scope} ${claim.id}`).toMatch(/^2026-\d\d-\d\d$/);
      }
    }
  });

  it("no claim is without a source, and none rests on a weak copy alone", () => {
    for (const scope of COUNTRIES) expect(sourcingProblems(structureOf(scope)), scope).toEqual([]);
  });

  it("fails on a planted claim with no source, or with one mirror and nothing that agrees", () => {
    const structure = structureOf("ua");
    structure.critical.push(
      { ...structure.critical[0], id: "planted-unsourced", sources: [] },
      { ...structure.critical[0], id: "planted-mirror-only", sources: ["kupap-264"] },
      { ...structure.critical[0], id: "planted-two-copies", sources: ["kupap-264", "cpc-213"] },
    );
    expect(sourcingProblems(structure)).toEqual([
      "ua planted-unsourced: no source",
      "ua planted-mirror-only: rests on weak copies only, with no second source that agrees",
      "ua planted-two-copies: rests on weak copies only, with no second source that agrees",
    ]);
  });

  it("pages on document-sharing sites and aggregators are marked as copies", () => {
    for (const scope of COUNTRIES) expect(unmarkedCopies(structureOf(scope)), scope).toEqual([]);
    const structure = structureOf("md");
    structure.sources["md-cpp-165"].kind = "academic";
    expect(unmarkedCopies(structure)).toEqual(["md md-cpp-165"]);
  });

  it("every phone number on a detained card or in the contacts is in the country's critical list", () => {
    let numbers = 0;
    for (const scope of COUNTRIES) {
      const structure = structureOf(scope);
      const texts = textsOf(scope);
      numbers += shownTexts(scope, structure, texts).flatMap(([where, text]) =>
        where.startsWith("src/") ? [text] : numbersIn(text),
      ).length;
      expect(phoneProblems(scope, structure, texts), scope).toEqual([]);
    }
    // The check reads real numbers: national (0 800 …), international, short, with brackets and dashes.
    expect(numbers).toBeGreaterThan(100);
    expect(
      numbersIn("Hotline 116 or (096) 116100; ambulance 1-03; 0 800 213 103 [3]. Call 0 800 507 727: day and night."),
    ).toEqual(["116", "(096) 116100", "1-03", "0 800 213 103", "0 800 507 727"]);
    expect(numbersIn("Article 296 [1]; 500–2,000 GEL; 500–2 000 lari; 9:00–20:00; 72 hours; since 2025; 24/7")).toEqual(
      [],
    );
  });

  it("every text a phone claim names shows one of its numbers (the list points a lawyer to the right place)", () => {
    for (const scope of COUNTRIES) {
      const structure = structureOf(scope);
      const en = textsOf(scope).en;
      for (const claim of structure.critical) {
        if (claim.kind !== "phone" || claim.status === "removed") continue;
        const wanted = new Set(claim.phones.flatMap((phone: string) => forms(phone, scope)));
        for (const where of claim.where) {
          const [part, name] = where.split(/\.(.*)/);
          const contact = structure.contacts.find((c: Json) => c.id === name);
          const shown =
            part === "sos"
              ? numbersIn(en.sos)
              : part === "topics"
                ? numbersIn(en.topics[name])
                : [...contact.phones, ...["name", "hours", "note"].flatMap((f) => numbersIn(en.contacts[name][f]))];
          expect(
            shown.some((number: string) => wanted.has(digits(number))),
            `${scope} ${claim.id} ${where}`,
          ).toBe(true);
        }
      }
    }
  });

  it("fails on a planted number that is not in the list, and on a removed number still shown", () => {
    const structure = structureOf("ge");
    const texts = textsOf("ge");
    texts.en.contacts["ge-ghrn"].note += " Call +995 555 12 34 56.";
    texts.ru.sos += " Телефон доверия: 1490.";
    expect(phoneProblems("ge", structure, texts)).toEqual([
      "locales/ru/rights-ge.json sos: shows 1490, which is not in the critical list",
      "locales/en/rights-ge.json contacts.ge-ghrn.note: shows +995 555 12 34 56, which is not in the critical list",
    ]);
    const md = structureOf("md");
    md.contacts[0].phones.push("+373 22 310 274");
    expect(phoneProblems("md", md, textsOf("md"))).toEqual([
      "src/content/rights/md.json md-cnajgs: shows +373 22 310 274, a number the list marks removed",
    ]);
  });
});
