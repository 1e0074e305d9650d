import type { Api, Composer, Middleware } from "grammy";
import type { BotContext, SessionData } from "./context.js";
import type { StartPayload } from "./ui/deep-link.js";

/** A command shown in Telegram's command menu. `description` is an i18n key. */
export interface CommandSpec {
  readonly command: string;
  readonly description: string;
  /**
   * `private`: listed in private chats; `all`: also in groups (public content only); `operator`:
   * listed only in the private chats of ADMIN_IDS.
   */
  readonly scope: "private" | "all" | "operator";
  /**
   * For `private` commands sent in a group: the i18n key of the line that points to a private chat
   * (default `common:group.personal`). The button opens the deep link of the same name, if there
   * is one, else the menu.
   */
  readonly groupHint?: string;
}

/** A button of the main menu. `label` is an i18n key; `data` the callback data it sends. */
export interface MenuEntry {
  readonly label: string;
  readonly data: string;
  /** Lower comes first. Sections use 10–89, settings (language, privacy, help) 90+. */
  readonly order: number;
}

/**
 * A deep-link route: `t.me/<bot>?start=<route>-<arg>` opens a section in a private chat. See
 * `deep-link.ts` for the payload format.
 */
export interface DeepLinkRoute {
  readonly route: string;
  open(ctx: BotContext, payload: StartPayload): Promise<void>;
}

/**
 * One user-visible capability. Everything it needs lives in its folder; createBot installs its
 * parts in a fixed order. Deleting a feature is deleting its folder and its line in createBot.
 */
export interface Feature {
  readonly name: string;
  readonly composer: Composer<BotContext>;
  readonly commands?: readonly CommandSpec[];
  readonly menu?: readonly MenuEntry[];
  readonly deepLinks?: readonly DeepLinkRoute[];
  /** Conversations, installed before every feature so any feature can enter them. */
  readonly conversations?: readonly Middleware<BotContext>[];
  /** Called for every deep link that opens the bot, known route or not (e.g. to count its source). */
  onDeepLink?(ctx: BotContext, payload: StartPayload): void | Promise<void>;
  /**
   * Called after an update in a private chat changed the person's settings (language, country),
   * wherever that happened — a menu, a deep link, a conversation — e.g. to keep a subscription's
   * targeting in step.
   */
  settingsChanged?(owner: string, settings: Readonly<SessionData>): void | Promise<void>;
  /** Erases everything this feature keeps about the person with this record key (for /forget). */
  erase?(owner: string): void | Promise<void>;
  /** Background work (e.g. a delivery queue), started once the bot is initialised. */
  start?(api: Api): void | Promise<void>;
  /** Stops background work; must finish promptly (shutdown has 5 seconds in all). */
  stop?(): void | Promise<void>;
  /**
   * Runs the background work that is due now, once, after any run in progress — the same work the
   * feature's own timer runs. Tests call it after moving the clock, instead of waiting for the timer.
   */
  runPending?(): Promise<unknown>;
}
