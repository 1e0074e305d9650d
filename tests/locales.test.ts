import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/bot/i18n.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const LOCALES = path.join(ROOT, "locales");
const REFERENCE = "en";
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A country's or the international rights texts: `rights-<scope>.json` (not the `rights.json` UI). */
const RIGHTS_FILE = /^rights-([a-z]+)\.json$/;

type Flat = Map<string, string>;

function flatten(value: unknown, prefix = "", out: Flat = new Map()): Flat {
  if (typeof value === "string") out.set(prefix, value);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else throw new Error(`${prefix}: only strings and objects are allowed, got ${JSON.stringify(value)}`);
  return out;
}

function load(lang: string): Map<string, Flat> {
  const namespaces = new Map<string, Flat>();
  for (const file of readdirSync(path.join(LOCALES, lang)).filter((f) => f.endsWith(".json"))) {
    namespaces.set(file, flatten(JSON.parse(readFileSync(path.join(LOCALES, lang, file), "utf8"))));
  }
  return namespaces;
}

/** Which rights scopes each language has complete (the rest: the detained card only), as the bot reads it. */
const status: Record<string, { rights: "all" | string[] }> = JSON.parse(
  readFileSync(path.join(ROOT, "src/content/languages.json"), "utf8"),
).languages;

const variables = (text: string) => [...text.matchAll(/\{\{-?\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const tags = (text: string) => [...text.matchAll(/<\/?([a-z-]+)/gi)].map((m) => m[0].toLowerCase()).sort();
const baseKey = (key: string) => key.replace(PLURAL, "");
/** Keys with plural suffixes removed, so languages with different plural forms compare equal. */
const baseKeys = (flat: Flat) => [...new Set([...flat.keys()].map(baseKey))].sort();

const all = new Map(LANGUAGES.map((lang) => [lang, load(lang)]));
const reference = all.get(REFERENCE) ?? new Map<string, Flat>();

/** The keys a language's file must have: all of the reference's, or for a rights scope it has not translated, the card. */
function requiredKeys(lang: string, file: string, refFlat: Flat): string[] {
  const scope = RIGHTS_FILE.exec(file)?.[1];
  const rights = status[lang]?.rights;
  if (scope === undefined || rights === "all" || rights?.includes(scope)) return baseKeys(refFlat);
  return ["sos"];
}

describe("locales", () => {
  it("lists every language in src/content/languages.json, and nothing else", () => {
    expect(Object.keys(status).sort()).toEqual([...LANGUAGES].sort());
  });

  it("every language has the same namespace files", () => {
    for (const lang of LANGUAGES)
      expect([...(all.get(lang)?.keys() ?? [])].sort(), lang).toEqual([...reference.keys()].sort());
  });

  for (const lang of LANGUAGES.filter((l) => l !== REFERENCE)) {
    describe(lang, () => {
      for (const [file, refFlat] of reference) {
        it(`${file}: the keys it must have and no others; variables and HTML tags as in ${REFERENCE}`, () => {
          const flat = all.get(lang)?.get(file);
          expect(flat, `${lang}/${file} is missing`).toBeDefined();
          if (!flat) return;
          const keys = baseKeys(flat);
          const allowed = new Set(baseKeys(refFlat));
          expect(
            keys.filter((key) => !allowed.has(key)),
            `${lang}/${file}: keys the reference does not have`,
          ).toEqual([]);
          const required = requiredKeys(lang, file, refFlat);
          expect(
            required.filter((key) => !keys.includes(key)),
            `${lang}/${file}: missing keys`,
          ).toEqual([]);
          for (const [key, text] of flat) {
            const refText = refFlat.get(key) ?? [...refFlat].find(([k]) => baseKey(k) === baseKey(key))?.[1];
            if (refText === undefined) continue;
            expect(variables(text), `${lang}/${file} ${key}: {{variables}}`).toEqual(variables(refText));
            expect(tags(text), `${lang}/${file} ${key}: HTML tags`).toEqual(tags(refText));
          }
        });
      }
    });
  }

  it("plural keys have exactly the CLDR categories of each language", () => {
    for (const lang of LANGUAGES) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
      for (const [file, flat] of all.get(lang) ?? []) {
        const plurals = new Map<string, string[]>();
        for (const key of flat.keys()) {
          const match = key.match(PLURAL);
          if (!match) continue;
          plurals.set(baseKey(key), [...(plurals.get(baseKey(key)) ?? []), match[1] ?? ""]);
        }
        for (const [base, found] of plurals) {
          expect(found.sort(), `${lang}/${file} ${base}`).toEqual(categories);
        }
      }
    }
  });

  it("knows each new language's plural rules (Node has the CLDR data)", () => {
    // From CLDR's plural rules, not from Node: a Node without full ICU would compare against English.
    const expected: Record<string, string[]> = {
      kk: ["one", "other"],
      ky: ["one", "other"],
      ro: ["few", "one", "other"],
      hy: ["one", "other"],
      az: ["one", "other"],
      uz: ["one", "other"],
      be: ["few", "many", "one", "other"],
    };
    for (const [lang, categories] of Object.entries(expected)) {
      expect(new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort(), lang).toEqual(categories);
    }
  });

  it("no string is empty where the reference has text", () => {
    for (const lang of LANGUAGES) {
      for (const [file, flat] of all.get(lang) ?? []) {
        for (const [key, text] of flat) {
          const refText = reference.get(file)?.get(key);
          if (refText && refText.trim() !== "") expect(text.trim(), `${lang}/${file} ${key}`).not.toBe("");
        }
      }
    }
  });
});
