import { eq, lt } from "drizzle-orm";
import type { StorageAdapter } from "grammy";
import type { Privacy } from "../privacy/privacy.js";
import type { Db } from "./client.js";
import { sessions } from "./core.schema.js";

/**
 * grammY session storage in SQLite. The session key (a private chat's id, which is the person's
 * Telegram id) is replaced by its HMAC before it touches the database; an empty session is not
 * stored at all, so someone who never chose anything leaves no row.
 */
export function createSessionStorage<T extends object>(
  db: Db,
  privacy: Privacy,
  now: () => number = Date.now,
): StorageAdapter<T> {
  return {
    read(key) {
      const row = db.select({ data: sessions.data }).from(sessions).where(eq(sessions.key, privacy.hashId(key))).get();
      return row ? (JSON.parse(row.data) as T) : undefined;
    },
    write(key, value) {
      const hashed = privacy.hashId(key);
      if (Object.keys(value).length === 0) {
        db.delete(sessions).where(eq(sessions.key, hashed)).run();
        return;
      }
      const data = JSON.stringify(value);
      db.insert(sessions)
        .values({ key: hashed, data, updatedAt: now() })
        .onConflictDoUpdate({ target: sessions.key, set: { data, updatedAt: now() } })
        .run();
    },
    delete(key) {
      db.delete(sessions).where(eq(sessions.key, privacy.hashId(key))).run();
    },
  };
}

/** Deletes sessions nobody has touched since `before` (epoch ms); returns how many. */
export function purgeIdleSessions(db: Db, before: number): number {
  return db.delete(sessions).where(lt(sessions.updatedAt, before)).run().changes;
}
