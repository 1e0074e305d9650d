import { eq, lt, sql } from "drizzle-orm";
import type { StorageAdapter } from "grammy";
import type { Privacy } from "../privacy/privacy.js";
import { AbsentKeys } from "./absent-keys.js";
import type { Db } from "./client.js";
import { sessions } from "./core.schema.js";

/** An unchanged session's row is rewritten at most this often, to keep its idle time for retention. */
export const SESSION_TOUCH_MS = 60 * 60 * 1000;

/**
 * grammY session storage in SQLite. The session key (a private chat's id, which is the person's
 * Telegram id) is replaced by its HMAC before it touches the database; an empty session is not
 * stored at all, so someone who never chose anything leaves no row (and costs no write).
 *
 * grammY writes a session back after every update that read it; a session that did not change is
 * written only when its row is more than SESSION_TOUCH_MS old (its `updated_at` is what retention
 * reads), so most updates cost one read and no write.
 */
export function createSessionStorage<T extends object>(
  db: Db,
  privacy: Privacy,
  now: () => number = Date.now,
): StorageAdapter<T> {
  // Prepared once: these run on every update of every private chat.
  const select = db
    .select({ data: sessions.data, updatedAt: sessions.updatedAt })
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
  // What each session object read from (or written to) the database held there, and when.
  const stored = new WeakMap<object, { data: string; at: number }>();
  // People with no session row: most of them, read on each of their updates.
  const absent = new AbsentKeys();
  return {
    read(key) {
      const row = absent.read(privacy.hashId(key), (hashed) => select.get({ key: hashed }));
      if (!row) return undefined;
      const value = JSON.parse(row.data) as T;
      stored.set(value, { data: row.data, at: row.updatedAt });
      return value;
    },
    write(key, value) {
      const hashed = privacy.hashId(key);
      if (Object.keys(value).length === 0) {
        // An empty session this storage never held (grammY's fresh `initial` one, for someone
        // with no row) has nothing to delete: most updates of people who never chose anything
        // would otherwise each run a DELETE. Erasing a person goes through delete().
        if (stored.has(value)) {
          remove.run({ key: hashed });
          absent.add(hashed);
        }
        stored.delete(value);
        return;
      }
      const data = JSON.stringify(value);
      const at = now();
      const before = stored.get(value);
      if (before && before.data === data && at - before.at < SESSION_TOUCH_MS && at >= before.at) return;
      absent.delete(hashed);
      upsert.run({ key: hashed, data, at });
      stored.set(value, { data, at });
    },
    delete(key) {
      const hashed = privacy.hashId(key);
      remove.run({ key: hashed });
      absent.add(hashed);
    },
  };
}

/** Deletes sessions nobody has touched since `before` (epoch ms); returns how many. */
export function purgeIdleSessions(db: Db, before: number): number {
  return db.delete(sessions).where(lt(sessions.updatedAt, before)).run().changes;
}
