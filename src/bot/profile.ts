import { createHash } from "node:crypto";
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import { LANGUAGES, type Lang, REGIONAL_FALLBACK_LANGUAGES } from "./i18n.js";
import type { AppServices } from "./services.js";

/** One language's command lists, description and short description, as Telegram shows them. */
interface Profile {
  languageCode: string;
  privateCommands: BotCommand[];
  groupCommands: BotCommand[];
  description: string;
  shortDescription: string;
}

function profileFor(app: AppServices, lang: Lang, languageCode: string): Profile {
  const t = app.i18n.fixedT(lang);
  const commands = app.registry.commands.map((spec) => ({
    command: spec.command,
    description: t(spec.description),
    scope: spec.scope,
  }));
  return {
    languageCode,
    privateCommands: commands.map(({ command, description }) => ({ command, description })),
    groupCommands: commands
      .filter((c) => c.scope === "all")
      .map(({ command, description }) => ({ command, description })),
    description: t("profile:description"),
    shortDescription: t("profile:shortDescription"),
  };
}

/**
 * Every language the bot registers its profile under: ours, the region's languages we do not
 * have yet (shown in Russian), and the default (empty code, English).
 */
export function allProfiles(app: AppServices): Profile[] {
  return [
    ...LANGUAGES.map((lang) => profileFor(app, lang, lang)),
    ...REGIONAL_FALLBACK_LANGUAGES.map((code) => profileFor(app, "ru", code)),
    profileFor(app, "en", ""),
  ];
}

const META_KEY = "bot-profile-hash";

/**
 * Registers command lists, descriptions and short descriptions for every language at start-up.
 * Skipped when nothing changed since the last registration, so restarts cost no API calls.
 */
export async function registerBotProfile(api: Api, app: AppServices): Promise<"registered" | "unchanged"> {
  const profiles = allProfiles(app);
  const hash = createHash("sha256").update(JSON.stringify(profiles)).digest("hex");
  if (app.appMeta.get(META_KEY) === hash) return "unchanged";
  for (const p of profiles) {
    const language_code = (p.languageCode || undefined) as LanguageCode | undefined;
    await api.setMyCommands(p.privateCommands, { scope: { type: "all_private_chats" }, language_code });
    await api.setMyCommands(p.groupCommands, { scope: { type: "all_group_chats" }, language_code });
    await api.setMyDescription(p.description, { language_code });
    await api.setMyShortDescription(p.shortDescription, { language_code });
  }
  app.appMeta.set(META_KEY, hash);
  return "registered";
}
