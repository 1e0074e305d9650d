import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { type CountersRepo, countQuietly } from "../db/counters.repo.js";
import type { Logger } from "../logger.js";
import type { DeliveryStats } from "./delivery.js";
import type { Claimed, DeliveryRepo, JobRow, Outcome } from "./delivery.repo.js";

/** Queue rows deleted per statement once a job has ended. */
const PURGE_PAGE = 2_000;

/**
 * Writes down what happened: each recipient's outcome (with the job's counter, in one
 * transaction), retries, and the end of a job — after which its queue rows are deleted, a page
 * at a time. Keeps this process's counters for logs and the benchmark.
 */
export class DeliveryRecorder {
  readonly counters: DeliveryStats = { sent: 0, failed: 0, removed: 0, retried: 0, tooManyRequests: 0 };

  constructor(
    private readonly repo: DeliveryRepo,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly daily: CountersRepo,
  ) {}

  /**
   * How one delivery ended; "removed" also ends the subscription (they blocked the bot). Counted
   * for the reach report too (anonymous daily totals): `broadcast.delivered`, `broadcast.failed`,
   * `broadcast.removed`, and a removal as `subscription.left` with reason "unreachable".
   */
  record(jobId: number, claimed: Claimed, outcome: Outcome): void {
    this.repo.finish(jobId, claimed, outcome);
    this.counters[outcome]++;
    countQuietly(this.daily, this.logger, outcome === "sent" ? "broadcast.delivered" : `broadcast.${outcome}`);
    if (outcome === "removed") countQuietly(this.daily, this.logger, "subscription.left", { reason: "unreachable" });
  }

  /** Another try at `notBefore` (epoch ms; 0: as soon as its turn comes); counted as a retry. */
  retry(claimed: Claimed, notBefore: number, countAttempt = true): void {
    this.repo.retryLater(claimed.id, notBefore, countAttempt);
    this.counters.retried++;
  }

  /** Back in the queue without counting: stopping mid-send, it may or may not have gone out. */
  requeue(claimed: Claimed): void {
    this.repo.retryLater(claimed.id, 0, false);
  }

  /** Ends a job (forgetting its content and requester), then deletes its queue rows. */
  async end(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    this.repo.close(job.id, outcome, this.clock());
    // A job an operator asked for is a broadcast; one without a requester is automatic (a reminder).
    countQuietly(this.daily, this.logger, "broadcast.sent", { by: job.operatorChat ? "operator" : "auto", outcome });
    this.logger.info({ job: job.id, outcome, total: job.total, worker: this.counters }, "delivery: ended");
    await this.purgeEnded();
  }

  /** Deletes the queue rows of ended jobs, a page at a time (also what a crash left behind). */
  async purgeEnded(): Promise<void> {
    for (const jobId of this.repo.endedWithRecipients()) {
      while (this.repo.purgeRecipients(jobId, PURGE_PAGE) > 0) await yieldToEventLoop();
    }
  }
}
