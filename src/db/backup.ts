import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { LEASE_KEY_PREFIX } from "./lease.repo.js";

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
}

/** A backup that could not be taken, phrased for the person taking it. */
export class BackupError extends Error {
  override name = "BackupError";
}

/**
 * Copies the database into `target` with SQLite's online backup API, while the bot keeps
 * running: the copy is one consistent snapshot (a read transaction in WAL mode does not block the
 * bot's writes). Leases (which process delivers broadcasts) are left out. The copy is checked (`integrity_check`), made self-contained (no -wal beside
 * it), readable by its owner only, and appears under its name only when complete. An existing
 * file is never overwritten.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const file = path.resolve(target);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}: check DATABASE_PATH`);
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose a new file name`);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // All pages in one step: a step-wise copy would start over whenever the bot writes between steps.
    await db.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    db.close();
  }
  try {
    chmodSync(partial, 0o600);
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new BackupError(`the copy failed its integrity check (${String(check)})`);
      // Leases belong to the processes on the database copied from, which never use the copy:
      // a restored copy need not wait for them to run out.
      copy.prepare("delete from app_meta where key like ?").run(`${LEASE_KEY_PREFIX}%`);
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: statSync(file).size };
}
