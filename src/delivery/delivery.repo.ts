import { and, asc, eq, exists, inArray, isNotNull, isNull, lte, min, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { Audience, Subscribers } from "./audience.js";
import { broadcastJobs, broadcastRecipients } from "./delivery.schema.js";

export type JobRow = typeof broadcastJobs.$inferSelect;
export type JobStatus = JobRow["status"];

/** How one recipient's delivery ended. */
export type Outcome = "sent" | "failed" | "removed";

/** A recipient claimed for sending: their queue row, and where their message goes. */
export interface Claimed {
  id: number;
  owner: string;
  attempts: number;
  /** Undefined when the stored address can't be read (e.g. SECRET_KEY changed). */
  chatId: number | undefined;
  lang: string;
}

export interface NewJob {
  /** Sealed content. */
  content: string;
  audience: Audience;
  /** The sealed chat of whoever is told about progress, or null. */
  operatorChat: string | null;
  operatorLang: string;
  now: number;
}

const ACTIVE: JobStatus[] = ["preparing", "queued", "sending"];
const COUNTER = { sent: broadcastJobs.sent, failed: broadcastJobs.failed, removed: broadcastJobs.removed } as const;

/**
 * The delivery queue. Every write that moves a recipient also moves the job's counter in the
 * same transaction, so counts stay right across crashes and recipient rows can be deleted.
 * Subscribers are reached only through `subscribers` (their owner's interface), on the same
 * database, so its calls join the queue's transactions.
 */
export function createDeliveryRepo(db: Db, subscribers: Subscribers) {
  const nextPending = db
    .select({
      id: broadcastRecipients.id,
      owner: broadcastRecipients.owner,
      attempts: broadcastRecipients.attempts,
    })
    .from(broadcastRecipients)
    .where(
      and(
        eq(broadcastRecipients.jobId, sql.placeholder("job")),
        eq(broadcastRecipients.status, "pending"),
        lte(broadcastRecipients.notBefore, sql.placeholder("now")),
      ),
    )
    .orderBy(asc(broadcastRecipients.id))
    .limit(1)
    .prepare();
  // Only a row still pending is taken: whoever changed it first owns it.
  const markSending = db
    .update(broadcastRecipients)
    .set({ status: "sending", attempts: sql`${broadcastRecipients.attempts} + 1` })
    .where(and(eq(broadcastRecipients.id, sql.placeholder("id")), eq(broadcastRecipients.status, "pending")))
    .prepare();

  const outcomes = ["sent", "failed", "removed"] as const;
  const byOutcome = <T>(make: (outcome: Outcome) => T) =>
    Object.fromEntries(outcomes.map((outcome) => [outcome, make(outcome)])) as Record<Outcome, T>;
  const setOutcome = byOutcome((outcome) =>
    db
      .update(broadcastRecipients)
      .set({ status: outcome })
      .where(eq(broadcastRecipients.id, sql.placeholder("id")))
      .prepare(),
  );
  const countOutcome = byOutcome((outcome) =>
    db
      .update(broadcastJobs)
      .set({ [outcome]: sql`${COUNTER[outcome]} + 1` })
      .where(eq(broadcastJobs.id, sql.placeholder("job")))
      .prepare(),
  );
  const deleteRecipient = db
    .delete(broadcastRecipients)
    .where(eq(broadcastRecipients.id, sql.placeholder("id")))
    .prepare();

  const repo = {
    create(job: NewJob): number {
      const row = db
        .insert(broadcastJobs)
        .values({
          status: "preparing",
          content: job.content,
          audience: JSON.stringify(job.audience),
          operatorChat: job.operatorChat,
          operatorLang: job.operatorLang,
          createdAt: job.now,
        })
        .returning({ id: broadcastJobs.id })
        .get();
      return row.id;
    },

    get(jobId: number): JobRow | undefined {
      return db.select().from(broadcastJobs).where(eq(broadcastJobs.id, jobId)).get();
    },

    /** The job to work on: the oldest not yet finished (a cancelled one still needs its report). */
    head(): JobRow | undefined {
      return db
        .select()
        .from(broadcastJobs)
        .where(isNull(broadcastJobs.finishedAt))
        .orderBy(asc(broadcastJobs.id))
        .limit(1)
        .get();
    },

    /** Jobs whose recipient snapshot was interrupted. */
    preparing(): number[] {
      return db
        .select({ id: broadcastJobs.id })
        .from(broadcastJobs)
        .where(eq(broadcastJobs.status, "preparing"))
        .orderBy(asc(broadcastJobs.id))
        .all()
        .map((row) => row.id);
    },

    /** Unfinished jobs older than this one (how many wait ahead of it). */
    ahead(jobId: number): number {
      return (
        db
          .select({ count: sql<number>`count(*)` })
          .from(broadcastJobs)
          .where(and(isNull(broadcastJobs.finishedAt), sql`${broadcastJobs.id} < ${jobId}`))
          .get()?.count ?? 0
      );
    },

    /**
     * Copies the next page of the audience into the job's queue (keyset paging on the subscriber
     * key: one page of keys in memory at a time) and moves the cursor in the same transaction.
     * Returns true when the snapshot is complete and the job is queued.
     */
    snapshotPage(jobId: number, audience: Audience, pageSize: number): boolean {
      return db.transaction((tx) => {
        const job = tx
          .select({ cursor: broadcastJobs.snapshotCursor, status: broadcastJobs.status })
          .from(broadcastJobs)
          .where(eq(broadcastJobs.id, jobId))
          .get();
        if (job?.status !== "preparing") return true;
        const owners = subscribers.page(audience, job.cursor, pageSize);
        const added =
          owners.length === 0
            ? 0
            : tx
                .insert(broadcastRecipients)
                .values(owners.map((owner) => ({ jobId, owner })))
                .onConflictDoNothing()
                .run().changes;
        const complete = owners.length < pageSize;
        tx.update(broadcastJobs)
          .set({
            snapshotCursor: complete ? null : (owners.at(-1) ?? null),
            total: sql`${broadcastJobs.total} + ${added}`,
            ...(complete ? { status: "queued" as const } : {}),
          })
          .where(eq(broadcastJobs.id, jobId))
          .run();
        return complete;
      });
    },

    setProgressMessage(jobId: number, messageId: number): void {
      db.update(broadcastJobs).set({ progressMessageId: messageId }).where(eq(broadcastJobs.id, jobId)).run();
    },

    markStarted(jobId: number, now: number): void {
      db.update(broadcastJobs)
        .set({ status: "sending", startedAt: now })
        .where(and(eq(broadcastJobs.id, jobId), eq(broadcastJobs.status, "queued")))
        .run();
    },

    /** Stops a job that has not ended; true if it was running or waiting. */
    cancel(jobId: number): boolean {
      return (
        db
          .update(broadcastJobs)
          .set({ status: "cancelled" })
          .where(and(eq(broadcastJobs.id, jobId), inArray(broadcastJobs.status, ACTIVE)))
          .run().changes > 0
      );
    },

    /** After a crash: messages left in flight go back to the queue (they may be sent twice). */
    requeueInFlight(): number {
      return db
        .update(broadcastRecipients)
        .set({ status: "pending" })
        .where(eq(broadcastRecipients.status, "sending"))
        .run().changes;
    },

    /**
     * The next recipient due, marked as in flight. Queue rows of people who left meanwhile are
     * dropped on the way (their subscription, and so their address, is gone).
     */
    claim(jobId: number, now: number): Claimed | undefined {
      for (;;) {
        const row = nextPending.get({ job: jobId, now });
        if (!row) return undefined;
        const recipient = subscribers.recipient(row.owner);
        if (!recipient) {
          deleteRecipient.run({ id: row.id });
          continue;
        }
        if (markSending.run({ id: row.id }).changes === 0) continue;
        return { id: row.id, owner: row.owner, attempts: row.attempts + 1, ...recipient };
      }
    },

    /** Records how a delivery ended. "removed" also ends the subscription: they blocked the bot. */
    finish(jobId: number, claimed: Pick<Claimed, "id" | "owner">, outcome: Outcome): void {
      // Prepared once: this runs for every message of every delivery.
      db.transaction(() => {
        setOutcome[outcome].run({ id: claimed.id });
        countOutcome[outcome].run({ job: jobId });
        if (outcome === "removed") subscribers.remove(claimed.owner);
      });
    },

    /** Back to the queue, not before `notBefore`; `countAttempt: false` when it never really went out. */
    retryLater(claimedId: number, notBefore: number, countAttempt = true): void {
      db.update(broadcastRecipients)
        .set({
          status: "pending",
          notBefore,
          ...(countAttempt ? {} : { attempts: sql`max(0, ${broadcastRecipients.attempts} - 1)` }),
        })
        .where(eq(broadcastRecipients.id, claimedId))
        .run();
    },

    /** Recipients not yet delivered (waiting, retrying or in flight). */
    remaining(jobId: number): number {
      return (
        db
          .select({ count: sql<number>`count(*)` })
          .from(broadcastRecipients)
          .where(and(eq(broadcastRecipients.jobId, jobId), inArray(broadcastRecipients.status, ["pending", "sending"])))
          .get()?.count ?? 0
      );
    },

    /** When the earliest delayed retry of a job is due, or undefined when none waits. */
    nextRetryAt(jobId: number): number | undefined {
      return (
        db
          .select({ at: min(broadcastRecipients.notBefore) })
          .from(broadcastRecipients)
          .where(and(eq(broadcastRecipients.jobId, jobId), eq(broadcastRecipients.status, "pending")))
          .get()?.at ?? undefined
      );
    },

    /** Ends a job: forgets its content and the operator's chat; counters stay. */
    close(jobId: number, status: "done" | "cancelled", now: number): void {
      db.update(broadcastJobs)
        .set({ status, finishedAt: now, content: null, operatorChat: null, snapshotCursor: null })
        .where(eq(broadcastJobs.id, jobId))
        .run();
    },

    /** Deletes up to `limit` queue rows of an ended job; returns how many (0 when none are left). */
    purgeRecipients(jobId: number, limit: number): number {
      return db
        .delete(broadcastRecipients)
        .where(
          inArray(
            broadcastRecipients.id,
            db
              .select({ id: broadcastRecipients.id })
              .from(broadcastRecipients)
              .where(eq(broadcastRecipients.jobId, jobId))
              .limit(limit),
          ),
        )
        .run().changes;
    },

    /** Ended jobs whose queue rows are not all deleted yet (e.g. a crash during the purge). */
    endedWithRecipients(): number[] {
      return db
        .select({ id: broadcastJobs.id })
        .from(broadcastJobs)
        .where(
          and(
            isNotNull(broadcastJobs.finishedAt),
            exists(
              db
                .select({ one: sql`1` })
                .from(broadcastRecipients)
                .where(eq(broadcastRecipients.jobId, broadcastJobs.id)),
            ),
          ),
        )
        .all()
        .map((row) => row.id);
    },

    /** Forgets a person in every queue (for /forget and unsubscribing). */
    eraseOwner(owner: string): void {
      db.delete(broadcastRecipients).where(eq(broadcastRecipients.owner, owner)).run();
    },

    /**
     * Stops telling an operator about their broadcasts (after their /forget): clears the encrypted
     * chat of every job that has not ended whose chat `isTheirs` recognises.
     */
    forgetOperator(isTheirs: (sealedChat: string) => boolean): void {
      const open = db
        .select({ id: broadcastJobs.id, chat: broadcastJobs.operatorChat })
        .from(broadcastJobs)
        .where(isNull(broadcastJobs.finishedAt))
        .all();
      for (const job of open) {
        if (job.chat && isTheirs(job.chat)) {
          db.update(broadcastJobs).set({ operatorChat: null }).where(eq(broadcastJobs.id, job.id)).run();
        }
      }
    },

    /** Jobs that have not ended (for /stats). */
    activeCount(): number {
      return (
        db.select({ count: sql<number>`count(*)` }).from(broadcastJobs).where(isNull(broadcastJobs.finishedAt)).get()
          ?.count ?? 0
      );
    },
  };
  return repo;
}

export type DeliveryRepo = ReturnType<typeof createDeliveryRepo>;
