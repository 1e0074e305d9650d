import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { recentMessages } from "./core.schema.js";

/** Telegram lets a bot delete messages in a private chat for 48 hours after they were sent. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;

/** Message numbers (never content) of the last 48 hours per person, for /forget, /hide and clean-up. */
export function createRecentMessagesRepo(db: Db) {
  // Prepared once: one message number is recorded for nearly every message in a private chat.
  const insertOne = db
    .insert(recentMessages)
    .values({ owner: sql.placeholder("owner"), messageId: sql.placeholder("id"), at: sql.placeholder("at") })
    .onConflictDoNothing()
    .prepare();
  const removeOne = db
    .delete(recentMessages)
    .where(and(eq(recentMessages.owner, sql.placeholder("owner")), eq(recentMessages.messageId, sql.placeholder("id"))))
    .prepare();
  return {
    record(owner: string, messageIds: readonly number[], at: number): void {
      for (const id of messageIds) insertOne.run({ owner, id, at });
    },
    /** Ids still deletable at `now`, oldest first. */
    deletable(owner: string, now: number): number[] {
      return db
        .select({ id: recentMessages.messageId })
        .from(recentMessages)
        .where(and(eq(recentMessages.owner, owner), gte(recentMessages.at, now - DELETABLE_FOR_MS)))
        .orderBy(asc(recentMessages.messageId))
        .all()
        .map((row) => row.id);
    },
    /** Forgets these numbers (the messages were deleted, or can no longer be). */
    remove(owner: string, messageIds: readonly number[]): void {
      for (const id of messageIds) removeOne.run({ owner, id });
    },
    forget(owner: string): void {
      db.delete(recentMessages).where(eq(recentMessages.owner, owner)).run();
    },
    purgeOlderThan(before: number): number {
      return db.delete(recentMessages).where(lt(recentMessages.at, before)).run().changes;
    },
  };
}

export type RecentMessagesRepo = ReturnType<typeof createRecentMessagesRepo>;
