import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/bot/i18n.js";

const LOCALES = path.resolve(import.meta.dirname, "../locales");
const REFERENCE = "en";
const PLURAL = /_(zero|one|two|few|many|other)$/;

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

const variables = (text: string) => [...text.matchAll(/\{\{-?\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const tags = (text: string) => [...text.matchAll(/<\/?([a-z-]+)/gi)].map((m) => m[0].toLowerCase()).sort();
/** Keys with plural suffixes removed, so languages with different plural forms compare equal. */
const baseKeys = (flat: Flat) => new Set([...flat.keys()].map((key) => key.replace(PLURAL, "")));

const all = new Map(LANGUAGES.map((lang) => [lang, load(lang)]));
const reference = all.get(REFERENCE) ?? new Map<string, Flat>();

describe("locales", () => {
  it("every language has the same namespace files", () => {
    for (const lang of LANGUAGES)
      expect([...(all.get(lang)?.keys() ?? [])].sort(), lang).toEqual([...reference.keys()].sort());
  });

  for (const lang of LANGUAGES.filter((l) => l !== REFERENCE)) {
    describe(lang, () => {
      for (const [file, refFlat] of reference) {
        it(`${file}: same keys, variables and HTML tags as ${REFERENCE}`, () => {
          const flat = all.get(lang)?.get(file);
          expect(flat, `${lang}/${file} is missing`).toBeDefined();
          if (!flat) return;
          expect([...baseKeys(flat)].sort(), `${lang}/${file} keys`).toEqual([...baseKeys(refFlat)].sort());
          for (const [key, refText] of refFlat) {
            const base = key.replace(PLURAL, "");
            const text = flat.get(key) ?? [...flat].find(([k]) => k.replace(PLURAL, "") === base)?.[1];
            if (text === undefined) continue;
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
          const base = key.replace(PLURAL, "");
          plurals.set(base, [...(plurals.get(base) ?? []), match[1] ?? ""]);
        }
        for (const [base, found] of plurals) {
          expect(found.sort(), `${lang}/${file} ${base}`).toEqual(categories);
        }
      }
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
