import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context, SessionFlavor } from "grammy";
import type { Logger } from "../logger.js";
import type { Lang, Translate } from "./i18n.js";
import type { AppServices } from "./services.js";

/**
 * What the bot remembers about a person between updates, stored under an HMAC of their id.
 * Only things they chose; nothing they typed.
 */
export interface SessionData {
  /** Language chosen in the picker; absent until they choose (then Telegram's language_code is used). */
  lang?: Lang;
  /** Country chosen for rights and contacts (a country code from the rights content). */
  country?: string;
}

/** Everything features can rely on, inside and outside conversations. */
export interface AppContextExtras {
  /** Shared services (config, repositories, registries). */
  app: AppServices;
  /** The language of this update's answers, and a translator bound to it. */
  lang: Lang;
  t: Translate;
  /** Per-update logger: update id and kind only, never user data. */
  log: Logger;
  /**
   * Runs `task` once this update is completely handled — after sessions and conversation state
   * were written back — e.g. to checkpoint the database after an erase.
   */
  afterUpdate(task: () => void): void;
}

/** The context outside conversations. */
export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & AppContextExtras>;

/** The context inside conversations (no session there: flows read settings through `conversation.external`). */
export type FlowContext = Context & AppContextExtras;
