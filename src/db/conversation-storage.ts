import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { eq, lt, sql } from "drizzle-orm";
import type { Privacy } from "../privacy/privacy.js";
import { AbsentKeys } from "./absent-keys.js";
import type { Db } from "./client.js";
import { conversationState } from "./core.schema.js";

/**
 * Fields of users, chats and shared contacts that name a person. No flow needs them (flows work
 * with ids), so they are dropped before the replay state is stored at all.
 */
const NAMING_FIELDS = new Set(["first_name", "last_name", "username", "phone_number", "vcard", "bio"]);

/** A copy of the state without naming fields, at any depth. */
export function withoutNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !NAMING_FIELDS.has(key))
      .map(([key, child]) => [key, withoutNames(child)]),
  );
}

/**
 * Storage for the conversations plugin. Its replay state contains whole updates, so names are
 * dropped and the rest is kept only encrypted (AES-256-GCM) under an HMAC key.
 */
export function createConversationStorage(db: Db, privacy: Privacy, now: () => number = Date.now) {
  // Prepared once: the plugin reads its state on every update of a private chat.
  const select = db
    .select({ data: conversationState.data })
    .from(conversationState)
    .where(eq(conversationState.key, sql.placeholder("key")))
    .prepare();
  const upsert = db
    .insert(conversationState)
    .values({ key: sql.placeholder("key"), data: sql.placeholder("data"), updatedAt: sql.placeholder("at") })
    .onConflictDoUpdate({
      target: conversationState.key,
      set: { data: sql`excluded.data`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare();
  const remove = db
    .delete(conversationState)
    .where(eq(conversationState.key, sql.placeholder("key")))
    .prepare();
  // People in no flow: most of them, read on each of their updates.
  const absent = new AbsentKeys();
  return {
    read(key: string): VersionedState<ConversationData> | undefined {
      const row = absent.read(privacy.hashId(key), (hashed) => select.get({ key: hashed }));
      if (!row) return undefined;
      try {
        return JSON.parse(privacy.decrypt(row.data, "conversation")) as VersionedState<ConversationData>;
      } catch {
        // Unreadable (e.g. the secret key changed): start afresh rather than fail the update.
        return undefined;
      }
    },
    write(key: string, state: VersionedState<ConversationData>): void {
      const data = privacy.encrypt(JSON.stringify(withoutNames(state)), "conversation");
      const hashed = privacy.hashId(key);
      absent.delete(hashed);
      upsert.run({ key: hashed, data, at: now() });
    },
    delete(key: string): void {
      const hashed = privacy.hashId(key);
      remove.run({ key: hashed });
      absent.add(hashed);
    },
  };
}

/** Deletes conversation state untouched since `before` (epoch ms); returns how many. */
export function purgeStaleConversations(db: Db, before: number): number {
  return db.delete(conversationState).where(lt(conversationState.updatedAt, before)).run().changes;
}
