import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import dictionary from "dictionary-ro";
import { loadModule } from "hunspell-asm";
import { describe, expect, it } from "vitest";

/**
 * Spelling, where a maintained dictionary exists for a language the bot added: Romanian, with
 * Hunspell itself (compiled to WebAssembly, so it runs offline after `npm ci`) and the Rospell
 * dictionary (dictionary-ro). Names, acronyms, medicines and code are not the dictionary's
 * business: acronyms in capitals and code are skipped, the rest is in tests/spelling/ro.txt.
 * Kazakh, Kyrgyz, Armenian, Azerbaijani, Uzbek, Tajik and Belarusian have no maintained
 * dictionary package; tests/locales-script.test.ts checks their alphabets.
 */

const ROOT = path.resolve(import.meta.dirname, "..");

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object") for (const child of Object.values(value)) strings(child, out);
  return out;
}

/** The words of a text a reader reads: no tags, code, {{variables}}, links (tg:// too), @names, /commands, (ă) endings. */
function words(text: string): string[] {
  const prose = text
    .replace(/<code>[\s\S]*?<\/code>/g, " ")
    .replace(/&lt;[\s\S]*?&gt;/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z]+;/g, " ")
    .replace(/\{\{[^}]*\}\}/g, " ")
    .replace(/\b[a-z]+:\/\/\S*/g, " ")
    .replace(/[\w-]+(?:\.[\w-]+)+(?:\/\S*)?/g, " ")
    .replace(/[@/][A-Za-z_]\w*/g, " ")
    .replace(/\((?:ă|e|i|a)\)/g, "");
  return (prose.match(/\p{L}+(?:[-’']\p{L}+)*/gu) ?? []).filter((word) => !/^\p{Lu}{2,}$/u.test(word));
}

const projectWords = new Set(
  readFileSync(path.join(ROOT, "tests/spelling/ro.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#")),
);

async function romanian() {
  const factory = await loadModule();
  const aff = factory.mountBuffer(dictionary.aff, "ro.aff");
  const dic = factory.mountBuffer(dictionary.dic, "ro.dic");
  return factory.create(aff, dic);
}

describe("spelling", () => {
  it("ro: every word of every Romanian string is in the dictionary or the project's list", async () => {
    const spell = await romanian();
    const unknown = new Map<string, string>();
    const dir = path.join(ROOT, "locales/ro");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      for (const text of strings(JSON.parse(readFileSync(path.join(dir, file), "utf8")))) {
        for (const word of words(text)) {
          if (!projectWords.has(word) && !spell.spell(word)) unknown.set(word, file);
        }
      }
    }
    expect([...unknown].map(([word, file]) => `${word} (${file})`)).toEqual([]);
  });

  it("catches a misspelling, a cedilla ş and a missing diacritic, and knows inflected forms", async () => {
    const spell = await romanian();
    for (const word of ["avocatului", "juridică", "semnați", "țară"]) expect(spell.spell(word), word).toBe(true);
    for (const word of ["avocatlui", "semnaţi", "sanatate"]) expect(spell.spell(word), word).toBe(false);
    expect(words("Sunteți reținut(ă)? <code>/qr bot</code> &lt;b&gt; {{n}} CNAJGS")).toEqual(["Sunteți", "reținut"]);
  });
});
