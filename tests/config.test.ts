import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

const TOKEN = "123456:TEST-token";

describe("parseConfig", () => {
  it("needs only a token, with sensible defaults", () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN });
    expect(config.apiRoot).toBe("https://api.telegram.org");
    expect(config.databasePath).toMatch(/data\/bot\.sqlite$/);
    expect(config.adminIds.size).toBe(0);
    expect(config.secretKey).toBeUndefined();
    expect(config.logLevel).toBe("info");
    expect(config.webhook).toBeUndefined();
    expect(config.broadcastRate).toBe(25);
    expect(config.peer).toEqual({ chatId: undefined, idleCloseDays: 14, topicRetentionDays: 7 });
  });

  it("takes a key from SECRET_KEY or SECRET_KEY_FILE where one is required", () => {
    const required = { BOT_TOKEN: TOKEN, REQUIRE_SECRET_KEY: "1", DATABASE_PATH: "/data/bot.sqlite" };
    expect(parseConfig({ ...required, SECRET_KEY_FILE: "/run/secrets/pbr" }).secretKeyFile).toBe("/run/secrets/pbr");
    expect(parseConfig({ ...required, SECRET_KEY: "ab".repeat(32) }).secretKey?.length).toBe(32);
    // A local start without the variable keeps the generated key file.
    expect(parseConfig({ BOT_TOKEN: TOKEN, REQUIRE_SECRET_KEY: "0" }).secretKeyFile).toBeUndefined();
  });

  it("parses every variable", () => {
    const config = parseConfig({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: "http://127.0.0.1:8081/",
      DATABASE_PATH: "/tmp/x/bot.sqlite",
      ADMIN_IDS: " 1, 22 ,333",
      SECRET_KEY: "ab".repeat(32),
      LOG_LEVEL: "debug",
      LOG_FORMAT: "pretty",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: "s3cret_token-1",
      PORT: "9000",
      BROADCAST_RATE: "10",
      CONSULTANTS_CHAT_ID: "-1001234567890",
      PEER_IDLE_CLOSE_DAYS: "30",
      PEER_TOPIC_RETENTION_DAYS: "0",
    });
    expect(config.apiRoot).toBe("http://127.0.0.1:8081");
    expect([...config.adminIds]).toEqual([1, 22, 333]);
    expect(config.secretKey?.length).toBe(32);
    expect(config.webhook).toEqual({ url: "https://bot.example.org/telegram", secret: "s3cret_token-1", port: 9000 });
    expect(config.broadcastRate).toBe(10);
    expect(config.logFormat).toBe("pretty");
    expect(config.peer).toEqual({ chatId: -1001234567890, idleCloseDays: 30, topicRetentionDays: 0 });
  });

  it.each([
    [{}, /^BOT_TOKEN is missing: get a token from @BotFather/],
    [{ BOT_TOKEN: "nope" }, /^BOT_TOKEN does not look like a token/],
    [{ BOT_TOKEN: TOKEN, ADMIN_IDS: "12,abc" }, /^ADMIN_IDS must be Telegram user ids/],
    [
      { BOT_TOKEN: TOKEN, SECRET_KEY: "abc" },
      /^SECRET_KEY must be 64 hex characters; create one with: openssl rand -hex 32/,
    ],
    [{ BOT_TOKEN: TOKEN, LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of/],
    [{ BOT_TOKEN: TOKEN, LOG_FORMAT: "xml" }, /^LOG_FORMAT must be pretty or json$/],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: "http://insecure.example" }, /^WEBHOOK_URL must be a public https URL/],
    [{ BOT_TOKEN: TOKEN, PORT: "99999" }, /^PORT must be between 1 and 65535/],
    [{ BOT_TOKEN: TOKEN, BOT_API_ROOT: "ftp://x" }, /^BOT_API_ROOT must be an http\(s\) URL/],
    [{ BOT_TOKEN: TOKEN, BROADCAST_RATE: "0" }, /^BROADCAST_RATE must be above 0/],
    [
      { BOT_TOKEN: TOKEN, REQUIRE_SECRET_KEY: "1" },
      /^SECRET_KEY_FILE or SECRET_KEY is required here \(REQUIRE_SECRET_KEY=1\): mount a secret .* set SECRET_KEY_FILE=/,
    ],
    [
      { BOT_TOKEN: TOKEN, SECRET_KEY: "ab".repeat(32), SECRET_KEY_FILE: "/run/secrets/k" },
      /^SECRET_KEY and SECRET_KEY_FILE are both set: keep one of them$/,
    ],
    [
      { BOT_TOKEN: TOKEN, DATABASE_PATH: "/data/bot.sqlite", SECRET_KEY_FILE: "/data/keys/secret" },
      /^SECRET_KEY_FILE must be outside the database's folder \/data: a copy of that folder would carry the key with it$/,
    ],
    [
      { BOT_TOKEN: TOKEN, CONSULTANTS_CHAT_ID: "1234567" },
      /^CONSULTANTS_CHAT_ID must be the consultants' supergroup id/,
    ],
    [{ BOT_TOKEN: TOKEN, CONSULTANTS_CHAT_ID: "@consultants" }, /^CONSULTANTS_CHAT_ID must be/],
    [{ BOT_TOKEN: TOKEN, PEER_IDLE_CLOSE_DAYS: "0" }, /^PEER_IDLE_CLOSE_DAYS must be a whole number of days, 1–365/],
    [{ BOT_TOKEN: TOKEN, PEER_TOPIC_RETENTION_DAYS: "2.5" }, /^PEER_TOPIC_RETENTION_DAYS must be a whole number/],
  ])("explains a bad value in one line: %j", (env, message) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
