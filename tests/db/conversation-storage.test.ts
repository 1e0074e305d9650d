import { randomBytes } from "node:crypto";
import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { createConversationStorage } from "../../src/db/conversation-storage.js";
import { createPrivacy } from "../../src/privacy/privacy.js";

const state = { version: [0, "1"], state: { flow: [] } } as unknown as VersionedState<ConversationData>;

describe("conversation storage: someone in no flow is looked up once", () => {
  it("remembers who has no state; a write or a delete keeps that memory right", () => {
    const handle = openDatabase(":memory:");
    const storage = createConversationStorage(handle.db, createPrivacy(randomBytes(32)));
    expect(storage.read("9")).toBeUndefined();
    storage.write("9", state);
    expect(storage.read("9")).toEqual(state);
    storage.delete("9");
    expect(storage.read("9")).toBeUndefined();
    expect(storage.read("10")).toBeUndefined();

    // With the database closed, only what is known to be absent can still be answered.
    handle.close();
    expect(storage.read("9")).toBeUndefined();
    expect(storage.read("10")).toBeUndefined();
    expect(() => storage.read("11")).toThrow(/not open/);
  });
});
