import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n as I18nInstance, type Resource, type ResourceLanguage, type TFunction } from "i18next";
import { escapeHtml } from "./telegram/html.js";

/**
 * The languages the bot speaks, in the order the picker offers them. Every UI namespace is
 * complete in each; rights texts a language does not have yet are shown in Russian
 * (see src/country/country.content.ts).
 */
export const LANGUAGES = ["ru", "ka", "uk", "en", "kk", "ky", "ro", "hy", "az", "uz", "tg", "be"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Retired codes Telegram clients may still send, and the language they mean. */
const LEGACY_CODES: Readonly<Record<string, Lang>> = { mo: "ro" };

export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Maps Telegram's `language_code` (an IETF tag such as "ru", "ro-MD" or "uk-UA") to a supported
 * language by its primary subtag; anything else gets English.
 */
export function languageFromTelegram(code: string | undefined): Lang {
  const primary = code?.toLowerCase().split(/[-_]/)[0] ?? "";
  if (isLang(primary)) return primary;
  return LEGACY_CODES[primary] ?? "en";
}

export type Translate = TFunction;

export interface I18n {
  /** A translator bound to one language: bind once per update, never switch the shared instance. */
  fixedT(lang: Lang): Translate;
  readonly namespaces: readonly string[];
  readonly instance: I18nInstance;
}

/** Reads `locales/<lng>/<namespace>.json` for every supported language into a private instance. */
export function createI18n(localesDir: string = DEFAULT_LOCALES_DIR): I18n {
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const lang of LANGUAGES) {
    const dir = path.join(localesDir, lang);
    const bundle: ResourceLanguage = {};
    resources[lang] = bundle;
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
      const ns = file.slice(0, -".json".length);
      const full = path.join(dir, file);
      if (!statSync(full).isFile()) continue;
      try {
        bundle[ns] = JSON.parse(readFileSync(full, "utf8"));
      } catch (error) {
        throw new Error(`${full} is not valid JSON: ${(error as Error).message}`);
      }
      namespaces.add(ns);
    }
  }
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    supportedLngs: [...LANGUAGES],
    fallbackLng: "en",
    ns: [...namespaces],
    defaultNS: "common",
    returnNull: false,
    interpolation: { escapeValue: true, escape: escapeHtml },
  });
  // One bound translator per language, made once: binding is per update, creating is not.
  const translators = new Map(LANGUAGES.map((lang) => [lang, rememberingPlainKeys(instance.getFixedT(lang))]));
  return {
    fixedT: (lang) => translators.get(lang) ?? instance.getFixedT(lang),
    namespaces: [...namespaces].sort(),
    instance,
  };
}

/**
 * The same translator, remembering what a key without options translates to. Resources do not
 * change after start, so such a text never changes; menus, buttons and command lists ask for the
 * same few dozen on every update, and i18next copies its whole options object on every call.
 * Keys with options (interpolation, plurals) still go through i18next; a key that is missing
 * (i18next returns the key itself) is not remembered, so the memory is bounded by the resources.
 */
function rememberingPlainKeys(t: TFunction): TFunction {
  const texts = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const remembering = (...args: unknown[]) => {
    const [key] = args;
    if (args.length !== 1 || typeof key !== "string") return call(...args);
    const known = texts.get(key);
    if (known !== undefined) return known;
    const text = call(key);
    if (typeof text === "string" && text !== key) texts.set(key, text);
    return text;
  };
  return remembering as unknown as TFunction;
}
