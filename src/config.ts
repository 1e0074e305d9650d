import { existsSync } from "node:fs";
import path from "node:path";
import * as v from "./validation.js";

/** Everything the bot is configured with, parsed once at start-up. */
export interface Config {
  readonly botToken: string;
  readonly apiRoot: string;
  readonly databasePath: string;
  readonly adminIds: ReadonlySet<number>;
  /** 32 bytes from SECRET_KEY, or undefined: then SECRET_KEY_FILE or a key file beside the database is used. */
  readonly secretKey: Buffer | undefined;
  /** SECRET_KEY_FILE: an absolute path outside the database's folder (a mounted secret). */
  readonly secretKeyFile: string | undefined;
  readonly logLevel: LogLevel;
  /** LOG_FORMAT; undefined: pretty on a terminal, JSON otherwise. */
  readonly logFormat: (typeof LOG_FORMATS)[number] | undefined;
  readonly webhook: WebhookConfig | undefined;
  /** Broadcast messages per second across all recipients. */
  readonly broadcastRate: number;
  readonly peer: PeerConfig;
}

/** "Ask a peer": where consultants answer, and how long conversations and their topics live. */
export interface PeerConfig {
  /** The consultants' private supergroup; undefined: /ask says the service is not available. */
  readonly chatId: number | undefined;
  /** An open conversation without messages for this many days closes by itself. */
  readonly idleCloseDays: number;
  /** A closed conversation's topic (topics mode) is deleted this many days after closing; 0: at once. */
  readonly topicRetentionDays: number;
}

export interface WebhookConfig {
  readonly url: string;
  /** Explicit WEBHOOK_SECRET; when undefined one is derived from the secret key. */
  readonly secret: string | undefined;
  readonly port: number;
}

export const LOG_FORMATS = ["pretty", "json"] as const;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration problem, phrased for the person starting the bot. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Environment = Readonly<Record<string, string | undefined>>;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optional = <T>(schema: v.Schema<T>) => v.preprocess(blankToUndefined, schema.optional());

const days = (error: string, min: number) => v.coercedNumber(error).int(error).min(min, error).max(365, error);

const schema = v.object({
  BOT_TOKEN: v.preprocess(
    blankToUndefined,
    v
      .string("is missing: get a token from @BotFather and set BOT_TOKEN=123456:ABC…")
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, "does not look like a token from @BotFather (digits, a colon, then letters)"),
  ),
  BOT_API_ROOT: optional(
    v
      .url(/^https?$/, "must be an http(s) URL such as https://api.telegram.org")
      .transform((url) => url.replace(/\/+$/, "")),
  ),
  DATABASE_PATH: optional(v.string().trim()),
  ADMIN_IDS: optional(
    v
      .string()
      .regex(
        /^\s*\d+\s*(,\s*\d+\s*)*,?\s*$/,
        "must be Telegram user ids separated by commas, e.g. ADMIN_IDS=12345,67890",
      )
      .transform(
        (list) =>
          new Set(
            list
              .split(",")
              .map((part) => part.trim())
              .filter(Boolean)
              .map(Number),
          ),
      ),
  ),
  SECRET_KEY: optional(
    v
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters; create one with: openssl rand -hex 32")
      .transform((hex) => Buffer.from(hex, "hex")),
  ),
  SECRET_KEY_FILE: optional(v.string().trim()),
  // Set by the Docker image: there the key must come from outside the data volume.
  REQUIRE_SECRET_KEY: optional(
    v.oneOf(["0", "1", "true", "false"], "must be 1 or 0").transform((value) => value === "1" || value === "true"),
  ),
  LOG_LEVEL: optional(v.oneOf(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`)),
  LOG_FORMAT: optional(v.oneOf(LOG_FORMATS, "must be pretty or json")),
  // Telegram delivers only to https; plain http is accepted for this machine alone, for a
  // self-hosted Bot API server running beside the bot.
  WEBHOOK_URL: optional(
    v
      .url(/^https?$/, "must be a public https URL, e.g. https://bot.example.org/telegram")
      .refine(
        (url) => url.startsWith("https:") || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url),
        "must be a public https URL, e.g. https://bot.example.org/telegram (http only for 127.0.0.1)",
      ),
  ),
  WEBHOOK_SECRET: optional(
    v
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,256}$/,
        "may only hold 1–256 letters, digits, _ and - (Telegram's rule for secret tokens)",
      ),
  ),
  PORT: optional(
    v
      .coercedNumber("must be a port number")
      .int("must be a whole port number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535"),
  ),
  BROADCAST_RATE: optional(
    v
      .coercedNumber("must be a number of messages per second")
      .positive("must be above 0")
      .max(1000, "must be at most 1000 messages per second"),
  ),
  CONSULTANTS_CHAT_ID: optional(
    v
      .string()
      .trim()
      .regex(
        /^-100\d{5,}$/,
        'must be the consultants\' supergroup id, a negative number starting with -100 (e.g. -1001234567890); see the README, "Ask a peer"',
      )
      .transform(Number)
      .refine(Number.isSafeInteger, "is too long to be a Telegram chat id"),
  ),
  PEER_IDLE_CLOSE_DAYS: optional(days("must be a whole number of days, 1–365", 1)),
  PEER_TOPIC_RETENTION_DAYS: optional(
    days("must be a whole number of days, 0–365 (0 deletes a topic when it closes)", 0),
  ),
});

/**
 * Parses the environment into a Config. Throws ConfigError with one line naming the variable,
 * what is wrong with it and how to fix it.
 */
export function parseConfig(env: Environment): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.issues[0];
    const name = String(issue?.path[0] ?? "configuration");
    throw new ConfigError(`${name} ${issue?.message ?? "is invalid"}`);
  }
  const values = result.data;
  const databasePath = databasePathFrom(env);
  const secretKeyFile = values.SECRET_KEY_FILE === undefined ? undefined : path.resolve(values.SECRET_KEY_FILE);
  if (values.SECRET_KEY && secretKeyFile) {
    throw new ConfigError("SECRET_KEY and SECRET_KEY_FILE are both set: keep one of them");
  }
  if (secretKeyFile && !path.relative(path.dirname(databasePath), secretKeyFile).startsWith("..")) {
    throw new ConfigError(
      `SECRET_KEY_FILE must be outside the database's folder ${path.dirname(databasePath)}: a copy of that folder would carry the key with it`,
    );
  }
  if (values.REQUIRE_SECRET_KEY && !values.SECRET_KEY && !secretKeyFile) {
    throw new ConfigError(
      "SECRET_KEY_FILE or SECRET_KEY is required here (REQUIRE_SECRET_KEY=1): mount a secret holding 64 hex characters (openssl rand -hex 32) and set SECRET_KEY_FILE=/run/secrets/<name>, or pass SECRET_KEY from a secret store",
    );
  }
  return {
    botToken: values.BOT_TOKEN,
    apiRoot: values.BOT_API_ROOT ?? "https://api.telegram.org",
    databasePath,
    adminIds: values.ADMIN_IDS ?? new Set(),
    secretKey: values.SECRET_KEY,
    secretKeyFile,
    logLevel: values.LOG_LEVEL ?? "info",
    logFormat: values.LOG_FORMAT,
    webhook: values.WEBHOOK_URL
      ? { url: values.WEBHOOK_URL, secret: values.WEBHOOK_SECRET, port: values.PORT ?? 8080 }
      : undefined,
    broadcastRate: values.BROADCAST_RATE ?? 25,
    peer: {
      chatId: values.CONSULTANTS_CHAT_ID,
      idleCloseDays: values.PEER_IDLE_CLOSE_DAYS ?? 14,
      topicRetentionDays: values.PEER_TOPIC_RETENTION_DAYS ?? 7,
    },
  };
}

/** DATABASE_PATH made absolute (default `data/bot.sqlite`); all a backup needs to know. */
export function databasePathFrom(env: Environment): string {
  return path.resolve(env.DATABASE_PATH?.trim() || "data/bot.sqlite");
}

/**
 * The process environment, with an optional `.env` file in the working directory underneath it
 * (variables already set win). This is the only place that reads `process.env`.
 */
export function readProcessEnvironment(cwd = process.cwd()): Environment {
  const envFile = path.join(cwd, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return { ...process.env };
}
