import { createHmac } from "node:crypto";
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { CommandSpec } from "./feature.js";
import { LANGUAGES, type Lang } from "./i18n.js";
import type { AppServices } from "./services.js";

/** One language's command lists, description and short description, as Telegram shows them. */
interface Profile {
  languageCode: string;
  privateCommands: BotCommand[];
  /** What operators (ADMIN_IDS) see in their private chat: everything, operator commands included. */
  operatorCommands: BotCommand[];
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
  const pick = (keep: (scope: CommandSpec["scope"]) => boolean) =>
    commands.filter((c) => keep(c.scope)).map(({ command, description }) => ({ command, description }));
  return {
    languageCode,
    privateCommands: pick((scope) => scope !== "operator"),
    operatorCommands: pick(() => true),
    groupCommands: pick((scope) => scope === "all"),
    description: t("profile:description"),
    shortDescription: t("profile:shortDescription"),
  };
}

/** Every language the bot registers its profile under: each of ours, and the default (empty code, English). */
export function allProfiles(app: AppServices): Profile[] {
  return [...LANGUAGES.map((lang) => profileFor(app, lang, lang)), profileFor(app, "en", "")];
}

const META_KEY = "bot-profile-hash";

/**
 * Registers command lists, descriptions and short descriptions for every language at start-up.
 * Skipped when nothing changed since the last registration, so restarts cost no API calls.
 */
export async function registerBotProfile(api: Api, app: AppServices): Promise<"registered" | "unchanged"> {
  const profiles = allProfiles(app);
  const operators = [...app.config.adminIds];
  // Keyed, and over hashed operator ids: a plain hash over mostly public text would let anyone
  // with the database recover the operators' Telegram ids by trying candidates.
  const hash = createHmac("sha256", app.privacy.derive("bot-profile"))
    .update(JSON.stringify({ profiles, operators: operators.map((id) => app.privacy.hashId(id)) }))
    .digest("hex");
  if (app.appMeta.get(META_KEY) === hash) return "unchanged";
  let operatorFailures = 0;
  for (const p of profiles) {
    const language_code = (p.languageCode || undefined) as LanguageCode | undefined;
    await api.setMyCommands(p.privateCommands, { scope: { type: "all_private_chats" }, language_code });
    await api.setMyCommands(p.groupCommands, { scope: { type: "all_group_chats" }, language_code });
    await api.setMyDescription(p.description, { language_code });
    await api.setMyShortDescription(p.shortDescription, { language_code });
    // Operators' own chats list the operator commands too, in every language.
    for (const chat_id of operators) {
      await api.setMyCommands(p.operatorCommands, { scope: { type: "chat", chat_id }, language_code }).catch(() => {
        // Telegram knows an operator's chat only once they have started the bot.
        operatorFailures++;
      });
    }
  }
  if (operatorFailures > 0) {
    app.logger.warn("some operators have not started the bot yet: their command lists will be set at the next start");
    return "registered";
  }
  app.appMeta.set(META_KEY, hash);
  return "registered";
}
