import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { composeServices } from "../../src/app.js";
import { createI18n } from "../../src/bot/i18n.js";
import { parseConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createConversationStorage } from "../../src/db/conversation-storage.js";
import { createLogger } from "../../src/logger.js";
import { createPrivacy } from "../../src/privacy/privacy.js";
import { purgeExpired } from "../../src/privacy/retention.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function setup() {
  let now = Date.UTC(2026, 10, 1);
  const handle = openDatabase(":memory:");
  const privacy = createPrivacy(randomBytes(32));
  const app = composeServices({
    config: parseConfig({ BOT_TOKEN: "1:x" }),
    logger: createLogger("silent"),
    db: handle.db,
    sqlite: handle.sqlite,
    privacy,
    i18n: createI18n(),
    clock: () => now,
  }).services;
  const conversations = createConversationStorage(handle.db, privacy, () => now);
  return {
    app,
    conversations,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("retention", () => {
  it("purges sessions idle for 90 days, conversation state after a day, message numbers after 48 hours", async () => {
    const { app, conversations, advance } = setup();
    await app.sessions.write("7301230001", { lang: "ka" });
    conversations.write("7301230001", { version: [0, 0], state: {} });
    app.recentMessages.record(app.ownerKey(7301230001), [1, 2], app.clock());

    advance(23 * HOUR);
    expect(purgeExpired(app)).toEqual({ sessions: 0, conversations: 0, messageNumbers: 0 });
    advance(2 * HOUR);
    expect(purgeExpired(app)).toEqual({ sessions: 0, conversations: 1, messageNumbers: 0 });
    advance(24 * HOUR);
    expect(purgeExpired(app)).toEqual({ sessions: 0, conversations: 0, messageNumbers: 2 });

    // A session in use is kept: each write refreshes it.
    advance(80 * DAY);
    await app.sessions.write("7301230001", { lang: "uk" });
    advance(80 * DAY);
    expect(purgeExpired(app).sessions).toBe(0);
    advance(11 * DAY);
    expect(purgeExpired(app).sessions).toBe(1);
    expect(await app.sessions.read("7301230001")).toBeUndefined();
  });

  it("stores conversation state only encrypted, and an unreadable state starts afresh", () => {
    const { app, conversations } = setup();
    const state = { version: [0, 0] as [0, number], state: { flow: [{ text: "арестовали брата" }] } };
    conversations.write("7301230002", state as never);
    const raw = app.sqlite.prepare("select key, data from conversation_state").get() as { key: string; data: string };
    expect(raw.key).not.toContain("7301230002");
    expect(raw.data).not.toContain("арестовали");
    expect(raw.data.startsWith("v1.")).toBe(true);
    expect(conversations.read("7301230002")).toEqual(state);

    // Names never enter the state at all, not even encrypted: flows work with ids.
    conversations.write("7301230002", {
      version: [0, 0],
      state: {
        update: {
          from: { id: 7301230002, first_name: "Tamar", username: "tamar_x" },
          contact: { phone_number: "+995599" },
        },
      },
    } as never);
    expect(JSON.stringify(conversations.read("7301230002"))).toBe(
      JSON.stringify({ version: [0, 0], state: { update: { from: { id: 7301230002 }, contact: {} } } }),
    );
    app.sqlite.prepare("update conversation_state set data = 'v1.garbage'").run();
    expect(conversations.read("7301230002")).toBeUndefined();
  });
});
