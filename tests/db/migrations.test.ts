import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("migrations", () => {
  it("match the schema: drizzle-kit finds nothing new to generate", () => {
    // A scratch copy of drizzle/ in the OS temp folder, named relative to the project (drizzle-kit
    // resolves its output folder against the working directory; it exits 0 on errors).
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-drizzle-drift-"));
    const scratch = path.relative(ROOT, dir);
    try {
      cpSync(path.join(ROOT, "drizzle"), dir, { recursive: true });
      const before = readdirSync(dir).filter((f) => f.endsWith(".sql"));
      const output = execFileSync(path.join(ROOT, "node_modules/.bin/drizzle-kit"), ["generate", "--name", "drift"], {
        cwd: ROOT,
        env: { ...process.env, DRIZZLE_OUT: scratch },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const after = readdirSync(dir).filter((f) => f.endsWith(".sql"));
      expect(after, `schema changed without a migration; run npm run db:generate\n${output}`).toEqual(before);
      expect(output).toMatch(/No schema changes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("apply to a fresh database with WAL, foreign keys and a busy timeout", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-db-"));
    const handle = openDatabase(path.join(dir, "sub", "bot.sqlite"));
    expect(handle.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(handle.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(handle.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(handle.sqlite.pragma("secure_delete", { simple: true })).toBe(1);
    const tables = handle.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\'")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(["sessions", "conversation_state", "recent_messages", "app_meta"]));
    handle.close();
  });
});
