import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { eq, lt } from "drizzle-orm";
import type { Privacy } from "../privacy/privacy.js";
import type { Db } from "./client.js";
import { conversationState } from "./core.schema.js";

/**
 * Storage for the conversations plugin. Its replay state contains whole updates — names,
 * usernames, typed text — so it is kept only encrypted (AES-256-GCM) under an HMAC key.
 */
export function createConversationStorage(db: Db, privacy: Privacy, now: () => number = Date.now) {
  return {
    read(key: string): VersionedState<ConversationData> | undefined {
      const row = db
        .select({ data: conversationState.data })
        .from(conversationState)
        .where(eq(conversationState.key, privacy.hashId(key)))
        .get();
      if (!row) return undefined;
      try {
        return JSON.parse(privacy.decrypt(row.data, "conversation")) as VersionedState<ConversationData>;
      } catch {
        // Unreadable (e.g. the secret key changed): start afresh rather than fail the update.
        return undefined;
      }
    },
    write(key: string, state: VersionedState<ConversationData>): void {
      const hashed = privacy.hashId(key);
      const data = privacy.encrypt(JSON.stringify(state), "conversation");
      db.insert(conversationState)
        .values({ key: hashed, data, updatedAt: now() })
        .onConflictDoUpdate({ target: conversationState.key, set: { data, updatedAt: now() } })
        .run();
    },
    delete(key: string): void {
      db.delete(conversationState)
        .where(eq(conversationState.key, privacy.hashId(key)))
        .run();
    },
  };
}

/** Deletes conversation state untouched since `before` (epoch ms); returns how many. */
export function purgeStaleConversations(db: Db, before: number): number {
  return db.delete(conversationState).where(lt(conversationState.updatedAt, before)).run().changes;
}
