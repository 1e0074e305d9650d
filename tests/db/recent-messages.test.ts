import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { createRecentMessagesRepo, GATHER_MS } from "../../src/db/recent-messages.repo.js";

const NOW = Date.UTC(2026, 11, 3, 12);

describe("recent message numbers: gathered for a moment, written together", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pbr-recent-"));
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const file = path.join(dir, "bot.sqlite");
    const handle = openDatabase(file);
    const failures: unknown[] = [];
    const repo = createRecentMessagesRepo(handle.db, (error) => failures.push(error));
    // What another reader of the file (a backup, the clean-up query) sees: committed rows only.
    const committed = () => {
      const reader = new Database(file, { readonly: true });
      try {
        return reader.prepare("select owner, message_id as id from recent_messages order by owner, id").all();
      } finally {
        reader.close();
      }
    };
    return { handle, repo, committed, failures };
  }

  it("writes what was gathered after GATHER_MS, in one go", () => {
    const { handle, repo, committed } = setup();
    repo.record("owner-a", [11], NOW);
    repo.record("owner-b", [5, 6], NOW);
    repo.record("owner-a", [12], NOW);
    expect(committed()).toEqual([]);
    vi.advanceTimersByTime(GATHER_MS);
    expect(committed()).toEqual([
      { owner: "owner-a", id: 11 },
      { owner: "owner-a", id: 12 },
      { owner: "owner-b", id: 5 },
      { owner: "owner-b", id: 6 },
    ]);
    handle.close();
  });

  it("every read and change sees the numbers gathered a moment ago", () => {
    const { handle, repo, committed } = setup();
    repo.record("owner-a", [11, 12], NOW);
    expect(repo.deletable("owner-a", NOW + 1000)).toEqual([11, 12]);
    repo.record("owner-a", [13], NOW);
    repo.remove("owner-a", [11]);
    expect(committed()).toEqual([
      { owner: "owner-a", id: 12 },
      { owner: "owner-a", id: 13 },
    ]);
    repo.record("owner-a", [14], NOW);
    repo.forget("owner-a");
    expect(committed()).toEqual([]);
    repo.record("owner-b", [1], NOW - 3 * 24 * 60 * 60 * 1000);
    expect(repo.purgeOlderThan(NOW - 48 * 60 * 60 * 1000)).toBe(1);
    handle.close();
  });

  it("flush() writes at once; after the database closed, the timer finds nowhere to write and does not throw", () => {
    const { handle, repo, committed } = setup();
    repo.record("owner-a", [1], NOW);
    repo.flush();
    expect(committed()).toEqual([{ owner: "owner-a", id: 1 }]);
    repo.record("owner-a", [2], NOW);
    handle.close();
    expect(() => vi.advanceTimersByTime(GATHER_MS)).not.toThrow();
  });

  it("a batch that cannot be written is reported, not thrown from the timer", () => {
    const { handle, repo, failures } = setup();
    handle.sqlite.exec("drop table recent_messages");
    repo.record("owner-a", [1], NOW);
    expect(() => vi.advanceTimersByTime(GATHER_MS)).not.toThrow();
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain("no such table");
    handle.close();
  });
});
