import { type RunnerHandle, run } from "@grammyjs/runner";
import { Api, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { DestinationStream } from "pino";
import { type CreateBotOptions, createBot } from "./bot/create-bot.js";
import type { Feature } from "./bot/feature.js";
import { createI18n } from "./bot/i18n.js";
import { installLeanComposer } from "./bot/lean-composer.js";
import { registerBotProfile } from "./bot/profile.js";
import { type AppServices, createServices, type ServiceDeps } from "./bot/services.js";
import { ConfigError, type Environment, parseConfig } from "./config.js";
import { loadRightsContent } from "./country/country.content.js";
import { createCountryFeature } from "./country/country.feature.js";
import { type Db, openDatabase } from "./db/client.js";
import { createBroadcastFeature } from "./features/broadcast/broadcast.feature.js";
import { createContactsFeature } from "./features/contacts/contacts.feature.js";
import { createEventsFeature } from "./features/events/events.feature.js";
import { createEventsRepo } from "./features/events/events.repo.js";
import { createFallbackFeature } from "./features/fallback/fallback.feature.js";
import { createHelpFeature } from "./features/help/help.feature.js";
import { createHelpfulFeature } from "./features/helpful/helpful.feature.js";
import { createHelpfulRepo } from "./features/helpful/helpful.repo.js";
import { createOnboardingFeature } from "./features/onboarding/onboarding.feature.js";
import { loadConsultants } from "./features/peer/peer.content.js";
import { createPeerFeature } from "./features/peer/peer.feature.js";
import { createPeerRepo, type FloodRule } from "./features/peer/peer.repo.js";
import { createCleanupRepo } from "./features/privacy/cleanup.repo.js";
import { createPrivacyFeature } from "./features/privacy/privacy.feature.js";
import { createReachFeature } from "./features/reach/reach.feature.js";
import { createReachRepo } from "./features/reach/reach.repo.js";
import { createRightsFeature } from "./features/rights/rights.feature.js";
import { createSubscriberAudience } from "./features/subscriptions/subscriptions.audience.js";
import { createSubscriptionsFeature } from "./features/subscriptions/subscriptions.feature.js";
import { createSubscriptionsRepo } from "./features/subscriptions/subscriptions.repo.js";
import { createVideosFeature } from "./features/videos/videos.feature.js";
import { createVideosRepo } from "./features/videos/videos.repo.js";
import { createLogger } from "./logger.js";
import { createPrivacy, type Privacy } from "./privacy/privacy.js";
import { scheduleRetention } from "./privacy/retention.js";
import { resolveSecretKey } from "./privacy/secret-key.js";
import { startWebhookServer, type WebhookServer } from "./webhook.js";

/** The update kinds the bot handles; everything else Telegram need not send. */
export const ALLOWED_UPDATES = [
  "message",
  "callback_query",
  "inline_query",
  "chosen_inline_result",
  "my_chat_member",
] as const;

/**
 * Updates handled at the same time in polling mode (the runner's default is 500). The runner asks
 * Telegram for more updates only while fewer than this many are in progress; the rest wait at
 * Telegram, so a flood cannot pile up in memory. Each update in progress holds its context,
 * session and answer while it waits for Telegram. Updates of one chat still run one at a time,
 * in order.
 *
 * Too few starve the bot: every update waits for the Bot API's answers (tens of milliseconds from
 * a real server), and with the slots full the runner stops fetching until one frees, then fetches
 * a handful. Too many cost memory at the peak of a burst. Measured with `npm run bench` (500
 * people at once; medians of 3 or 5 rounds, updates per second and peak memory against the bare
 * grammY bot): 32, the value before, ×0.82 and ×0.99, then ×0.84 and ×0.96; 128 ×0.79 and ×1.06;
 * 256 ×0.93 and ×1.26, ×0.98 and ×1.17, then ×0.92 and ×1.18; 500 ×0.86 and ×1.28. Single rounds
 * of 256 ranged from ×0.80 to ×1.05.
 */
export const UPDATES_IN_PARALLEL = 256;

/**
 * The features' own repositories, built once and handed each to its feature. Another feature
 * never gets one: it asks through an interface on the services (e.g. `subscribers`).
 */
export function createFeatureRepos(db: Db, privacy: Privacy) {
  return {
    subscriptions: createSubscriptionsRepo(db, privacy),
    videos: createVideosRepo(db),
    cleanup: createCleanupRepo(db, privacy),
    helpful: createHelpfulRepo(db),
    reach: createReachRepo(db),
    events: createEventsRepo(db),
    peer: createPeerRepo(db, privacy),
  };
}

export type FeatureRepos = ReturnType<typeof createFeatureRepos>;

/** The services and the features' repositories, each built once (startApp and tests come through here). */
export function composeServices(deps: Omit<ServiceDeps, "subscribers">): {
  services: AppServices;
  repos: FeatureRepos;
} {
  const repos = createFeatureRepos(deps.db, deps.privacy);
  const services = createServices({ ...deps, subscribers: createSubscriberAudience(repos.subscriptions, deps.i18n) });
  return { services, repos };
}

/**
 * The features, in the order their handlers run. Sections first, settings after, the catch-all
 * last. Adding a feature is adding a line here.
 */
export function buildFeatures(
  app: AppServices,
  repos: FeatureRepos,
  options: Pick<AppOptions, "content" | "cleanupEveryMs" | "peer"> = {},
): Feature[] {
  installLeanComposer();
  // Rights texts, sources and contacts are validated here, at start-up: a bad edit stops the bot
  // with the file and key to fix, instead of breaking a screen in front of someone in trouble.
  const rights = loadRightsContent({ i18n: app.i18n });
  return [
    createOnboardingFeature(),
    createVideosFeature(app, repos.videos, { catalogPath: options.content?.videos }),
    // The country question comes before the sections that ask it (rights, the card, contacts).
    createCountryFeature(rights),
    createRightsFeature(rights),
    createContactsFeature(rights),
    createHelpfulFeature(app, repos.helpful),
    createEventsFeature(app, repos.events),
    createSubscriptionsFeature(app, repos.subscriptions),
    createBroadcastFeature(app),
    createReachFeature(app, repos.reach),
    createHelpFeature(),
    createPrivacyFeature(app, {
      cleanup: repos.cleanup,
      cleanupEveryMs: options.cleanupEveryMs,
    }),
    // After every section (their commands and buttons keep working in a conversation), before the
    // catch-all: whatever no one else took goes to the consultants when a conversation is open.
    createPeerFeature(app, {
      repo: repos.peer,
      // Its time zone is checked against ICU's data only when consultants are configured.
      consultants: loadConsultants(options.content?.consultants, {
        checkTimeZone: app.config.peer.chatId !== undefined,
      }),
      rights,
      housekeepingEveryMs: options.peer?.housekeepingEveryMs,
      flood: options.peer?.flood,
    }),
    createFallbackFeature(),
  ];
}

/**
 * The bot's identity, asked once without retries: a wrong token or an unreachable API root stops
 * the start with a line saying so, instead of retrying quietly for ever.
 */
async function whoAmI(token: string, apiRoot: string): Promise<UserFromGetMe> {
  try {
    return await new Api(token, { apiRoot }).getMe();
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new ConfigError(
        "BOT_TOKEN was refused by Telegram (401 Unauthorized): copy the token from @BotFather again",
      );
    }
    if (error instanceof GrammyError && error.error_code === 404) {
      throw new ConfigError(`BOT_TOKEN or BOT_API_ROOT is wrong: ${apiRoot} answered 404 Not Found for this token`);
    }
    const reason = error instanceof HttpError && error.error instanceof Error ? error.error.message : String(error);
    throw new ConfigError(
      `could not reach the Telegram Bot API at ${apiRoot} (${scrub(reason, token)}); check the network or BOT_API_ROOT`,
    );
  }
}

/** Never print the token, even inside an error message. */
function scrub(text: string, token: string): string {
  return text.split(token).join("<token>");
}

export interface AppOptions extends CreateBotOptions {
  /** Where logs go (stdout by default); tests pass a stream to scan it. */
  logDestination?: DestinationStream;
  clock?: () => number;
  /** Skip registering commands and descriptions (benchmarks). */
  skipProfile?: boolean;
  botInfo?: UserFromGetMe;
  /** Content files other than the shipped ones (tests and benchmarks use fixtures). */
  content?: { videos?: string; consultants?: string };
  /** How often the chat clean-up pass runs (default 15 s). */
  cleanupEveryMs?: number;
  /** Ask a peer: how often its housekeeping runs, and the flood rule for waiting people (tests). */
  peer?: { housekeepingEveryMs?: number; flood?: FloodRule };
}

export interface RunningApp {
  readonly services: AppServices;
  readonly bot: ReturnType<typeof createBot>;
  /** The features, in handler order (e.g. to run a feature's due background work in tests). */
  readonly features: readonly Feature[];
  readonly mode: "polling" | "webhook";
  readonly webhook?: WebhookServer;
  /** Stops taking updates, lets the ones in progress finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * config → secret key → database (migrated) → services → bot → profile → polling or webhook.
 * `npm start` and the end-to-end tests both come through here.
 */
export async function startApp(env: Environment, options: AppOptions = {}): Promise<RunningApp> {
  const config = parseConfig(env);
  const logger = createLogger(config.logLevel, { format: config.logFormat, destination: options.logDestination });
  const secret = resolveSecretKey(config.secretKey, config.databasePath, config.secretKeyFile);
  if (secret.source === "file" || secret.source === "created") {
    // Said at every start, not only the first: the key beside the database protects nothing
    // against someone who copies the whole folder.
    logger.warn(
      { file: secret.file, created: secret.source === "created" },
      "SECRET_KEY is not set: using the key file beside the database, which is for a local start only. In production set SECRET_KEY_FILE (a mounted secret) or SECRET_KEY from a secret store, so that a copy of the data folder alone reveals nothing.",
    );
  }
  const database = openDatabase(config.databasePath);
  const { services, repos } = composeServices({
    config,
    logger,
    db: database.db,
    sqlite: database.sqlite,
    privacy: createPrivacy(secret.key),
    i18n: createI18n(),
    clock: options.clock,
  });

  let stopRetention = () => {};
  let runner: RunnerHandle | undefined;
  let webhook: WebhookServer | undefined;
  const started: Feature[] = [];
  const stopFeatures = async () => {
    for (const feature of started.splice(0).reverse()) {
      await Promise.resolve(feature.stop?.()).catch((error: unknown) =>
        logger.error({ err: error, feature: feature.name }, "feature did not stop cleanly"),
      );
    }
    await services.delivery
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, "deliveries did not stop cleanly"));
  };
  try {
    const features = buildFeatures(services, repos, options);
    const botInfo = options.botInfo ?? (await whoAmI(config.botToken, config.apiRoot));
    const bot = createBot(services, features, { ...options, botInfo });
    await bot.init();
    if (!options.skipProfile) {
      const profile = await registerBotProfile(bot.api, services).catch((error: unknown) => {
        logger.warn({ err: error }, "could not register commands and descriptions; will retry at next start");
        return "failed";
      });
      logger.info({ profile }, "bot profile");
    }
    stopRetention = scheduleRetention(services);
    services.delivery.start(bot.api);
    for (const feature of features) {
      await feature.start?.(bot.api);
      started.push(feature);
    }

    if (config.webhook) {
      const url = new URL(config.webhook.url);
      const secretToken = config.webhook.secret ?? services.privacy.derive("webhook-secret");
      webhook = await startWebhookServer({
        bot,
        path: url.pathname,
        secretToken,
        port: config.webhook.port,
        logger,
      });
      await bot.api.setWebhook(config.webhook.url, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
      logger.info({ port: webhook.port, bot: bot.botInfo.username }, "started with a webhook");
    } else {
      await bot.api.deleteWebhook();
      runner = run(bot, {
        sink: { concurrency: UPDATES_IN_PARALLEL },
        runner: { fetch: { allowed_updates: ALLOWED_UPDATES } },
      });
      logger.info({ bot: bot.botInfo.username }, "started with long polling");
    }

    let stopping: Promise<void> | undefined;
    return {
      services,
      bot,
      features,
      mode: webhook ? "webhook" : "polling",
      webhook,
      stop() {
        stopping ??= (async () => {
          stopRetention();
          if (runner?.isRunning()) await runner.stop();
          await webhook?.close();
          await stopFeatures();
          services.recentMessages.flush();
          database.close();
          logger.info("stopped");
          logger.flush?.();
        })();
        return stopping;
      },
    };
  } catch (error) {
    stopRetention();
    if (runner?.isRunning()) await runner.stop();
    await webhook?.close();
    await stopFeatures();
    services.recentMessages.flush();
    database.close();
    throw error;
  }
}
