import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { createSessionStorage } from "../../src/db/session-storage.js";
import { createPrivacy } from "../../src/privacy/privacy.js";

const HOUR = 60 * 60 * 1000;

function setup() {
  const handle = openDatabase(":memory:");
  let now = Date.UTC(2026, 11, 3, 12);
  const storage = createSessionStorage<{ lang?: string }>(handle.db, createPrivacy(randomBytes(32)), () => now);
  const row = () =>
    handle.sqlite.prepare("select data, updated_at as at from sessions").get() as
      | { data: string; at: number }
      | undefined;
  const writes = () => handle.sqlite.prepare("select total_changes() as n").get() as { n: number };
  return { storage, row, writes, advance: (ms: number) => (now += ms), start: now };
}

describe("session storage: written back only when it changed, touched hourly", () => {
  it("an unchanged session read in an update is not rewritten; a change is; an hour later it is touched", async () => {
    const { storage, row, writes, advance, start } = setup();
    await storage.write("42", { lang: "ka" });
    expect(row()).toEqual({ data: '{"lang":"ka"}', at: start });

    const before = writes().n;
    const session = await storage.read("42");
    advance(10 * 60 * 1000);
    await storage.write("42", session as { lang?: string });
    expect(writes().n).toBe(before);
    expect(row()).toEqual({ data: '{"lang":"ka"}', at: start });

    (session as { lang?: string }).lang = "ru";
    await storage.write("42", session as { lang?: string });
    expect(row()).toEqual({ data: '{"lang":"ru"}', at: start + 10 * 60 * 1000 });

    const again = await storage.read("42");
    advance(HOUR);
    await storage.write("42", again as { lang?: string });
    expect(row()).toEqual({ data: '{"lang":"ru"}', at: start + 10 * 60 * 1000 + HOUR });
  });

  it("a session emptied in an update loses its row; one that was always empty never had one", async () => {
    const { storage, row } = setup();
    const fresh = {};
    await storage.write("7", fresh);
    expect(row()).toBeUndefined();

    await storage.write("42", { lang: "ka" });
    const session = (await storage.read("42")) as { lang?: string };
    expect(row()).toBeDefined();
    delete session.lang;
    await storage.write("42", session);
    expect(row()).toBeUndefined();
    expect(await storage.read("42")).toBeUndefined();

    // Chosen and cleared again within one update: never stored, nothing left.
    const brief: { lang?: string } = {};
    brief.lang = "ru";
    delete brief.lang;
    await storage.write("43", brief);
    expect(row()).toBeUndefined();
  });

  it("someone with no session is looked up once; a write or an erase keeps that memory right", async () => {
    const handle = openDatabase(":memory:");
    const storage = createSessionStorage<{ lang?: string }>(handle.db, createPrivacy(randomBytes(32)));
    expect(await storage.read("9")).toBeUndefined();
    await storage.write("9", { lang: "ru" });
    expect(await storage.read("9")).toEqual({ lang: "ru" });
    await storage.delete("9");
    expect(await storage.read("9")).toBeUndefined();
    expect(await storage.read("10")).toBeUndefined();

    // With the database closed, only what is known to be absent can still be answered.
    handle.close();
    expect(await storage.read("9")).toBeUndefined();
    expect(await storage.read("10")).toBeUndefined();
    expect(() => storage.read("11")).toThrow(/not open/);
  });
});
