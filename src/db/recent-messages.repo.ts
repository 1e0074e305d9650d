import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { recentMessages } from "./core.schema.js";

/** How long message numbers are gathered before they are written together. */
export const GATHER_MS = 100;

/** Telegram lets a bot delete messages in a private chat for 48 hours after they were sent. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;

/**
 * Message numbers (never content) of the last 48 hours per person, for /forget, /hide and clean-up.
 *
 * A number is recorded for nearly every message in a private chat, in and out. Written one by one,
 * each with its own commit, they were the largest database cost of an update in profiles under
 * load. So numbers are gathered for up to GATHER_MS and written together in one transaction
 * (measured alone: 18 µs of CPU per number one by one, 6 µs in batches of 30). Every read and
 * change in this repo writes what is gathered first, and `flush()` is called before the database
 * closes. A crash can lose the numbers of those last milliseconds, and a failed write loses its
 * batch (reported to `onWriteError`): those messages would then not be deleted by /forget or the
 * chat clean-up — nothing is stored that should not be.
 */
export function createRecentMessagesRepo(db: Db, onWriteError: (error: unknown) => void) {
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
  let gathered: Array<{ owner: string; id: number; at: number }> = [];
  let scheduled: NodeJS.Timeout | undefined;
  const writeGathered = (rows: typeof gathered) =>
    db.transaction(() => {
      for (const row of rows) insertOne.run(row);
    });
  const flush = () => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = undefined;
    if (gathered.length === 0) return;
    const rows = gathered;
    gathered = [];
    // Closed without a flush (a test tearing down mid-update): there is nowhere to write them.
    if (!db.$client.open) return;
    try {
      writeGathered(rows);
    } catch (error) {
      onWriteError(error);
    }
  };
  return {
    record(owner: string, messageIds: readonly number[], at: number): void {
      for (const id of messageIds) gathered.push({ owner, id, at });
      scheduled ??= setTimeout(flush, GATHER_MS);
    },
    /** Writes the gathered numbers now (before reading the table elsewhere, or closing). */
    flush,
    /** Ids still deletable at `now`, oldest first. */
    deletable(owner: string, now: number): number[] {
      flush();
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
      flush();
      for (const id of messageIds) removeOne.run({ owner, id });
    },
    forget(owner: string): void {
      flush();
      db.delete(recentMessages).where(eq(recentMessages.owner, owner)).run();
    },
    purgeOlderThan(before: number): number {
      flush();
      return db.delete(recentMessages).where(lt(recentMessages.at, before)).run().changes;
    },
  };
}

export type RecentMessagesRepo = ReturnType<typeof createRecentMessagesRepo>;
