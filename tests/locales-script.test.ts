import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/bot/i18n.js";

/**
 * Every string of every language is written in that language's alphabet: its script, none of the
 * letters a neighbouring language has and it does not (the commonest slip between the region's
 * Cyrillic alphabets), no word mixing Latin and Cyrillic look-alikes, and — where the language
 * has letters of its own — those letters in every longer text (a text left in Russian has none).
 * Names, addresses and acronyms in another script are allowed in moderation.
 */

const LOCALES = path.resolve(import.meta.dirname, "../locales");

interface Alphabet {
  script: RegExp;
  /** Letters the language has and its neighbours mostly do not: each must occur in its files. */
  own?: string[];
  /** A text at least this long (in letters) must contain one of `own`. */
  ownPerText?: number;
  /** Letters that do not belong to the language (lower case; upper case is checked too). */
  foreign?: string;
  /** Anything else that must never occur, with the reason. */
  never?: [RegExp, string][];
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
/** oʻ and gʻ are written with U+02BB; an apostrophe or a quotation mark in its place is a typo. */
const UZ_APOSTROPHE: [RegExp, string] = [/[oOgG][''`ʼ‘’]/, "oʻ/gʻ must use U+02BB (ʻ)"];

const ALPHABETS: Record<(typeof LANGUAGES)[number], Alphabet> = {
  // Russian texts quote Ukrainian and Kazakh names as they are written: no letter is foreign.
  ru: { script: CYRILLIC },
  ka: { script: /\p{Script=Georgian}/u },
  uk: { script: CYRILLIC, own: ["і", "ї", "є"], ownPerText: 120, foreign: "ыэъёўәғқңөұүһҷӣӯҳ" },
  en: { script: LATIN },
  kk: {
    script: CYRILLIC,
    // һ is Kazakh too, but only in a few loanwords (жиһаз, шаһар): a text about rights need not have it.
    own: ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"],
    ownPerText: 40,
    foreign: "ўґєїҷӣӯҳ",
  },
  ky: { script: CYRILLIC, own: ["ң", "ө", "ү"], ownPerText: 120, foreign: "әғқұһіўґєїҷӣӯҳ" },
  tg: { script: CYRILLIC, own: ["ғ", "ӣ", "қ", "ӯ", "ҳ", "ҷ"], ownPerText: 80, foreign: "әңөұүһіўґєїщы" },
  be: { script: CYRILLIC, own: ["ў", "і"], ownPerText: 40, foreign: "ищъәғқңөұүһҷӣӯҳґєї" },
  ro: {
    script: LATIN,
    own: ["ă", "ș", "ț"],
    ownPerText: 60,
    never: [
      [/[şŞţŢ]/, "ș ț are written with a comma below (U+0219, U+021B), not a cedilla"],
      [/[ÃãǎǍ]/, "ă is U+0103"],
    ],
  },
  hy: { script: /\p{Script=Armenian}/u },
  az: { script: LATIN, own: ["ə"], ownPerText: 40, foreign: "ăâșțäw", never: [[/[Әә]/, "ə is U+0259 (Latin)"]] },
  uz: { script: LATIN, own: ["oʻ", "gʻ"], foreign: "əçşğıäöü", never: [UZ_APOSTROPHE] },
};

/**
 * A word with a Latin letter among Cyrillic ones (or the reverse): a look-alike typed in the wrong
 * layout. A Latin name with a Cyrillic ending ("REActорам") is a word of two parts, not a slip.
 */
const MIXED =
  /\p{Script=Cyrillic}\p{Script=Latin}|\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Latin}|^\p{Script=Latin}\p{Script=Cyrillic}/u;

type Flat = [key: string, text: string][];

function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (typeof value === "string") out.push([prefix, value]);
  else if (value && typeof value === "object")
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

function strings(lang: string): Flat {
  const out: Flat = [];
  for (const file of readdirSync(path.join(LOCALES, lang))
    .filter((f) => f.endsWith(".json"))
    .sort())
    flatten(JSON.parse(readFileSync(path.join(LOCALES, lang, file), "utf8")), file.replace(/\.json$/, ""), out);
  return out;
}

/** The words a reader reads: no tags, entities, {{variables}}, links, domains, @names, /commands, [n]. */
function prose(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z]+;|&#\d+;/g, " ")
    .replace(/\{\{[^}]*\}\}/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/[\w-]+(?:\.[\w-]+)+(?:\/\S*)?/g, " ")
    .replace(/[@/][A-Za-z_]\w*/g, " ")
    .replace(/\[\d+\]/g, " ");
}

const letters = (text: string) => [...text].filter((c) => /\p{L}/u.test(c));

describe("every string is written in its language's alphabet", () => {
  for (const lang of LANGUAGES) {
    const alphabet = ALPHABETS[lang];
    const all = strings(lang);

    it(`${lang}: script, letters that do not belong, mixed words`, () => {
      const problems: string[] = [];
      for (const [key, text] of all) {
        const words = prose(text);
        const found = letters(words);
        const inScript = found.filter((c) => alphabet.script.test(c)).length;
        // Names and acronyms in another script are fine; a text mostly in another one is not.
        if (found.length >= 30 && inScript / found.length < 0.5)
          problems.push(`${key}: only ${Math.round((100 * inScript) / found.length)}% in the language's script`);
        for (const c of alphabet.foreign ?? "") {
          // The capital too, unless it is an ordinary letter (Azerbaijani ı's capital is I).
          const upper = c.toUpperCase();
          const capitalToo = upper.toLowerCase() === c;
          if (words.includes(c) || (capitalToo && words.includes(upper))) problems.push(`${key}: has "${c}"`);
        }
        for (const [pattern, reason] of alphabet.never ?? []) {
          if (pattern.test(text)) problems.push(`${key}: ${reason}`);
        }
        for (const word of words.split(/[^\p{L}\p{M}ʻʼ'’]+/u)) {
          if (MIXED.test(word)) problems.push(`${key}: "${word}" mixes Latin and Cyrillic`);
        }
      }
      expect(problems).toEqual([]);
    });

    if (alphabet.own) {
      const own = alphabet.own;
      it(`${lang}: its own letters (${own.join(" ")}) are used, and every longer text has some`, () => {
        const joined = all.map(([, text]) => text.toLowerCase()).join("\n");
        expect(own.filter((letter) => !joined.includes(letter))).toEqual([]);
        if (alphabet.ownPerText === undefined) return;
        const min = alphabet.ownPerText;
        const withoutOwn = all
          .filter(([, text]) => letters(prose(text)).length >= min)
          .filter(([, text]) => !own.some((letter) => text.toLowerCase().includes(letter)))
          .map(([key]) => key);
        expect(withoutOwn, "texts with none of the language's own letters: left in another language?").toEqual([]);
      });
    }
  }
});
