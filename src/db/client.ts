import { chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

export type Db = BetterSQLite3Database & { $client: Database.Database };

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const MIGRATIONS = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Opens (creating folders as needed) and migrates the database. `:memory:` works for tests.
 *
 * secure_delete overwrites deleted rows, so what /forget erases does not linger in free pages;
 * the write-ahead log is truncated whenever it is reset.
 */
export function openDatabase(file: string): DatabaseHandle {
  const onDisk = file !== ":memory:";
  // Only the bot's own user may read the data folder and the database (-wal and -shm inherit it).
  if (onDisk) mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new Database(file);
  if (onDisk) chmodSync(file, 0o600);
  sqlite.pragma("journal_mode = WAL");
  // Each time the log is reset it is truncated, so old page images do not linger in it.
  sqlite.pragma("journal_size_limit = 0");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("secure_delete = ON");
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS });
  return {
    db,
    sqlite,
    close() {
      if (!sqlite.open) return;
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      sqlite.close();
    },
  };
}

/**
 * Folds the write-ahead log back into the database and truncates it, so erased data does not
 * survive in the -wal file.
 */
export function checkpoint(sqlite: Database.Database): void {
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
}
