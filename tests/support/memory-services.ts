import { randomBytes } from "node:crypto";
import { composeServices } from "../../src/app.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { AppServices } from "../../src/bot/services.js";
import { parseConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { createPrivacy } from "../../src/privacy/privacy.js";

/** Real services on an in-memory, migrated database, for unit tests of the queue and the worker. */
export function memoryServices(env: Record<string, string> = {}): AppServices & { close(): void } {
  const database = openDatabase(":memory:");
  const services = composeServices({
    config: parseConfig({ BOT_TOKEN: "123456:TEST-token", ...env }),
    logger: createLogger("silent"),
    db: database.db,
    sqlite: database.sqlite,
    privacy: createPrivacy(randomBytes(32)),
    i18n: createI18n(),
  }).services;
  return { ...services, close: () => database.close() };
}
