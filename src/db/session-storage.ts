import { eq, lt, sql } from "drizzle-orm";
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
  // Prepared once: these run on every update of every private chat.
  const select = db
    .select({ data: sessions.data })
    .from(sessions)
    .where(eq(sessions.key, sql.placeholder("key")))
    .prepare();
  const upsert = db
    .insert(sessions)
    .values({ key: sql.placeholder("key"), data: sql.placeholder("data"), updatedAt: sql.placeholder("at") })
    .onConflictDoUpdate({
      target: sessions.key,
      set: { data: sql`excluded.data`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare();
  const remove = db
    .delete(sessions)
    .where(eq(sessions.key, sql.placeholder("key")))
    .prepare();
  return {
    read(key) {
      const row = select.get({ key: privacy.hashId(key) });
      return row ? (JSON.parse(row.data) as T) : undefined;
    },
    write(key, value) {
      const hashed = privacy.hashId(key);
      if (Object.keys(value).length === 0) {
        remove.run({ key: hashed });
        return;
      }
      upsert.run({ key: hashed, data: JSON.stringify(value), at: now() });
    },
    delete(key) {
      remove.run({ key: privacy.hashId(key) });
    },
  };
}

/** Deletes sessions nobody has touched since `before` (epoch ms); returns how many. */
export function purgeIdleSessions(db: Db, before: number): number {
  return db.delete(sessions).where(lt(sessions.updatedAt, before)).run().changes;
}
