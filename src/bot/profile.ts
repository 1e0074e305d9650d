import { createHmac } from "node:crypto";
import type { Api, MiddlewareFn } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { BotContext } from "./context.js";
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
/** Per operator (by keyed hash): the operator command lists last set in their chat. */
const OPERATOR_META_PREFIX = "operator-commands:";

/** A keyed digest, so that the database alone does not reveal what it was computed over. */
function digest(app: AppServices, value: unknown): string {
  return createHmac("sha256", app.privacy.derive("bot-profile")).update(JSON.stringify(value)).digest("hex");
}

/**
 * Registers command lists, descriptions and short descriptions for every language at start-up,
 * and refreshes the operator command lists of operators known to have started the bot.
 * Skipped when nothing changed since the last registration, so restarts cost no API calls.
 */
export async function registerBotProfile(api: Api, app: AppServices): Promise<"registered" | "unchanged"> {
  const profiles = allProfiles(app);
  const hash = digest(app, profiles);
  let outcome: "registered" | "unchanged" = "unchanged";
  if (app.appMeta.get(META_KEY) !== hash) {
    for (const p of profiles) {
      const language_code = (p.languageCode || undefined) as LanguageCode | undefined;
      await api.setMyCommands(p.privateCommands, { scope: { type: "all_private_chats" }, language_code });
      await api.setMyCommands(p.groupCommands, { scope: { type: "all_group_chats" }, language_code });
      await api.setMyDescription(p.description, { language_code });
      await api.setMyShortDescription(p.shortDescription, { language_code });
    }
    app.appMeta.set(META_KEY, hash);
    outcome = "registered";
  }
  // Telegram knows an operator's chat only once they have written to the bot: a chat-scoped
  // command list for anyone else is "chat not found". Those get theirs when they first write.
  for (const operator of app.config.adminIds) {
    if (app.appMeta.get(OPERATOR_META_PREFIX + app.privacy.hashId(operator)) === undefined) continue;
    const sent = await setOperatorCommands(api, app, operator, profiles).catch((error: unknown) => {
      app.logger.warn({ err: error }, "could not refresh an operator's command list; will retry when they write");
      return false;
    });
    if (sent) outcome = "registered";
  }
  return outcome;
}

/**
 * Sets the operator command lists in one operator's private chat, unless they are already set
 * as they are now. Returns whether anything was sent. Call it only for an operator known to
 * have written to the bot.
 */
async function setOperatorCommands(
  api: Api,
  app: AppServices,
  operator: number,
  profiles: readonly Profile[] = allProfiles(app),
): Promise<boolean> {
  const key = OPERATOR_META_PREFIX + app.privacy.hashId(operator);
  const hash = digest(
    app,
    profiles.map((p) => [p.languageCode, p.operatorCommands]),
  );
  if (app.appMeta.get(key) === hash) return false;
  for (const p of profiles) {
    const language_code = (p.languageCode || undefined) as LanguageCode | undefined;
    await api.setMyCommands(p.operatorCommands, { scope: { type: "chat", chat_id: operator }, language_code });
  }
  app.appMeta.set(key, hash);
  return true;
}

/**
 * Gives an operator their command list the first time they write to the bot in a private chat
 * (from then on it is kept up to date at start-up). Checked once per operator and process.
 */
export function operatorCommandsOnFirstContact(): MiddlewareFn<BotContext> {
  const checked = new Set<number>();
  return async (ctx, next) => {
    await next();
    const id = ctx.from?.id;
    if (ctx.chat?.type !== "private" || id === undefined || checked.has(id) || !ctx.app.isAdmin(id)) return;
    checked.add(id);
    await setOperatorCommands(ctx.api, ctx.app, id).catch((error: unknown) => {
      checked.delete(id);
      ctx.app.logger.warn({ err: error }, "could not set an operator's command list; will retry when they write again");
    });
  };
}
