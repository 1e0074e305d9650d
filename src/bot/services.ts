import type Database from "better-sqlite3";
import type { StorageAdapter } from "grammy";
import type { Config } from "../config.js";
import { type AppMetaRepo, createAppMetaRepo } from "../db/app-meta.repo.js";
import type { Db } from "../db/client.js";
import { type CountersRepo, createCountersRepo } from "../db/counters.repo.js";
import { createRecentMessagesRepo, type RecentMessagesRepo } from "../db/recent-messages.repo.js";
import { createSessionStorage } from "../db/session-storage.js";
import type { Subscribers } from "../delivery/audience.js";
import { createDelivery, type Delivery } from "../delivery/delivery.js";
import type { Logger } from "../logger.js";
import type { Privacy } from "../privacy/privacy.js";
import type { BotContext, SessionData } from "./context.js";
import type { CommandSpec, DeepLinkRoute, MenuEntry } from "./feature.js";
import type { I18n } from "./i18n.js";
import type { StartPayload } from "./ui/deep-link.js";

/** What features contributed, collected by createBot: the menu, commands, deep links, erasers. */
export interface Registry {
  readonly menu: MenuEntry[];
  readonly commands: CommandSpec[];
  readonly deepLinks: Map<string, DeepLinkRoute>;
  readonly erasers: Array<(owner: string) => void | Promise<void>>;
  readonly deepLinkListeners: Array<(ctx: BotContext, payload: StartPayload) => void | Promise<void>>;
  readonly settingsListeners: Array<(owner: string, settings: Readonly<SessionData>) => void | Promise<void>>;
}

/** The dependencies every feature may use; built once in the composition root. */
export interface AppServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly sqlite: Database.Database;
  readonly privacy: Privacy;
  readonly i18n: I18n;
  /** Epoch milliseconds; injectable so tests can move time. */
  readonly clock: () => number;
  readonly sessions: StorageAdapter<SessionData>;
  readonly recentMessages: RecentMessagesRepo;
  readonly appMeta: AppMetaRepo;
  /** Anonymous daily counts (views, shares, deep-link sources) for the operators' reports. */
  readonly counters: CountersRepo;
  /** Ids of callback queries answered during their update, from any Api instance (see the guard). */
  readonly answeredCallbackQueries: Set<string>;
  readonly registry: Registry;
  /** The subscribers, as their owner (the subscriptions feature) lets others count and reach them. */
  readonly subscribers: Subscribers;
  /** Durable, rate-limited delivery of one message to an audience of subscribers (see `Delivery`). */
  readonly delivery: Delivery;
  /** The record key of a Telegram user: HMAC of the id, never the id itself. */
  ownerKey(telegramId: number): string;
  isAdmin(telegramId: number | undefined): boolean;
}

export interface ServiceDeps {
  config: Config;
  logger: Logger;
  db: Db;
  sqlite: Database.Database;
  privacy: Privacy;
  i18n: I18n;
  clock?: () => number;
  /** Built by the composition root from the subscriptions feature's repository. */
  subscribers: Subscribers;
}

export function createServices(deps: ServiceDeps): AppServices {
  const clock = deps.clock ?? Date.now;
  const recentMessages = createRecentMessagesRepo(deps.db, (error) =>
    deps.logger.error({ err: error }, "message numbers could not be written: /forget will not delete those messages"),
  );
  const counters = createCountersRepo(deps.db, clock);
  return {
    ...deps,
    clock,
    sessions: createSessionStorage<SessionData>(deps.db, deps.privacy, clock),
    recentMessages,
    appMeta: createAppMetaRepo(deps.db),
    counters,
    answeredCallbackQueries: new Set(),
    registry: {
      menu: [],
      commands: [],
      deepLinks: new Map(),
      erasers: [],
      deepLinkListeners: [],
      settingsListeners: [],
    },
    delivery: createDelivery({ ...deps, clock, recentMessages, counters }, { rate: deps.config.broadcastRate }),
    ownerKey: (telegramId) => deps.privacy.hashId(telegramId),
    isAdmin: (telegramId) => telegramId !== undefined && deps.config.adminIds.has(telegramId),
  };
}
