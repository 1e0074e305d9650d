import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Api } from "grammy";
import type { LeaseRepo } from "../db/lease.repo.js";
import { parseAudience } from "./audience.js";
import type { DeliveryContent } from "./delivery.content.js";
import type { Delivery, DeliveryDeps, DeliveryRequest, DeliveryStats } from "./delivery.js";
import { DeliveryLanes, type LaneOptions, type SendingJob } from "./delivery.lanes.js";
import { DeliveryLease } from "./delivery.lease.js";
import { DeliveryRecorder } from "./delivery.recorder.js";
import type { DeliveryRepo, JobRow } from "./delivery.repo.js";
import { type Pace, ProgressReporter, SEALED } from "./delivery.reporter.js";

export interface WorkerOptions extends LaneOptions {
  /** How often the requester's progress message is edited. */
  progressEveryMs?: number;
  /** Subscribers copied into the queue per transaction. */
  snapshotPageSize?: number;
  /** How long the delivery lease lasts without renewal (another process takes over after it). */
  leaseTtlMs?: number;
}

const DEFAULT_PROGRESS_MS = 3_000;
const DEFAULT_LEASE_TTL_MS = 30_000;
/** Longest idle wait between looks at the queue; new jobs wake the worker at once anyway. */
const IDLE_MS = 30_000;
/** After an unexpected error in the loop, wait this long before looking at the queue again. */
const ERROR_PAUSE_MS = 5_000;
/** On stop, in-flight sends get this long to finish before they are aborted. */
const STOP_GRACE_MS = 1_500;

/**
 * Delivers queued jobs (broadcasts and other features' deliveries) from the durable queue in
 * SQLite: one job at a time, oldest first, in the one process that holds the lease
 * (delivery.lease.ts), on a few rate-limited lanes (delivery.lanes.ts), writing every outcome
 * down as it happens (delivery.recorder.ts) and telling the requester how it goes
 * (delivery.reporter.ts).
 *
 * - Each recipient row is marked `sending` just before its message goes out and marked with the
 *   outcome right after, so a crash repeats at most the messages in flight.
 * - Recipients are snapshotted page by page when a job is queued and read one at a time when
 *   sent, so memory does not grow with the audience.
 */
export class DeliveryWorker implements Delivery {
  private readonly recorder: DeliveryRecorder;
  private readonly lanes: DeliveryLanes;
  private readonly reporter: ProgressReporter;
  private readonly lease: DeliveryLease;
  private readonly progressEveryMs: number;
  private readonly pageSize: number;
  private readonly closing = new Set<number>();
  private started = false;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private leaseLost = false;
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | undefined;
  private current: (SendingJob & Pace) | undefined;
  /** Snapshots under way, so stop() can wait for them before the database closes. */
  private readonly preparing = new Set<Promise<void>>();

  constructor(
    private readonly app: DeliveryDeps,
    private readonly repo: DeliveryRepo,
    leaseRepo: LeaseRepo,
    options: WorkerOptions,
  ) {
    this.recorder = new DeliveryRecorder(repo, app.clock, app.logger, app.counters);
    this.lanes = new DeliveryLanes(app, repo, this.recorder, options);
    this.reporter = new ProgressReporter(app, repo, this.lanes.limiter, options.rate, () => this.current);
    this.lease = new DeliveryLease(leaseRepo, options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, app.clock, app.logger);
    this.progressEveryMs = options.progressEveryMs ?? DEFAULT_PROGRESS_MS;
    this.pageSize = options.snapshotPageSize ?? 500;
  }

  get counters(): DeliveryStats {
    return this.recorder.counters;
  }

  // ── Life cycle ─────────────────────────────────────────────────────────────

  start(base: Api): void {
    if (this.started) return;
    this.started = true;
    this.lanes.connect(base);
    this.reporter.connect(base);
    this.takeOver();
  }

  /** Delivers if this process gets the lease; otherwise stands by and tries again now and then. */
  private takeOver(): void {
    if (this.stopping || this.loop) return;
    if (!this.lease.acquire(() => this.takeOver())) return;
    this.leaseLost = false;
    this.lease.keepRenewing(() => {
      this.leaseLost = true;
      this.wakeUp?.();
    });
    const requeued = this.repo.requeueInFlight();
    if (requeued > 0)
      this.app.logger.warn({ requeued }, "delivery: messages in flight at the last stop are queued again");
    this.loop = this.run()
      .catch((error: unknown) => this.app.logger.error({ err: error }, "delivery worker stopped"))
      .finally(() => {
        this.lease.stopRenewing();
        this.loop = undefined;
        // Lost the lease (this process stalled past its lifetime): stand by again.
        if (!this.stopping) this.takeOver();
      });
    for (const jobId of this.repo.preparing()) this.track(this.prepare(jobId));
  }

  private track(work: Promise<void>): Promise<void> {
    this.preparing.add(work);
    void work.finally(() => this.preparing.delete(work));
    return work;
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.loop;
    this.stopping = true;
    this.lease.stopStandingBy();
    this.wakeUp?.();
    const timer = setTimeout(() => this.abort.abort(new Error("delivery worker stopping")), STOP_GRACE_MS);
    await this.loop;
    await Promise.allSettled([...this.preparing]);
    clearTimeout(timer);
    this.lease.release();
  }

  /** Looks at the queue now (a job was queued or cancelled). */
  private wake(): void {
    this.wakeUp?.();
  }

  // ── What features and operators ask for ────────────────────────────────────

  async enqueue(request: DeliveryRequest): Promise<{ jobId: number; total: number }> {
    // Checked as it will be read back, so a bad audience fails here, in front of its caller.
    parseAudience(JSON.stringify(request.audience));
    const { privacy } = this.app;
    const jobId = this.repo.create({
      content: privacy.encrypt(JSON.stringify(request.content), SEALED),
      audience: request.audience,
      operatorChat: request.requester ? privacy.encrypt(String(request.requester.chatId), SEALED) : null,
      operatorLang: request.requester?.lang ?? "en",
      now: this.app.clock(),
    });
    this.app.logger.info({ job: jobId, audience: request.audience.kind }, "delivery: queued");
    await this.track(this.prepare(jobId));
    return { jobId, total: this.repo.get(jobId)?.total ?? 0 };
  }

  cancel(jobId: number): boolean {
    if (!this.repo.cancel(jobId)) return false;
    if (this.current?.id === jobId) this.current.cancelled = true;
    else {
      const job = this.repo.get(jobId);
      if (job && job.status === "cancelled") void this.close(job, "cancelled");
    }
    this.app.logger.info({ job: jobId }, "delivery: cancelled by an operator");
    this.wake();
    return true;
  }

  activeCount(): number {
    return this.repo.activeCount();
  }

  erase(owner: string): void {
    this.repo.eraseOwner(owner);
    this.repo.forgetOperator((sealed) => {
      try {
        return this.app.privacy.hashId(this.app.privacy.decrypt(sealed, SEALED)) === owner;
      } catch {
        return false;
      }
    });
  }

  /** Copies the audience into the job's queue (resuming after a crash), then announces the job. */
  private async prepare(jobId: number): Promise<void> {
    try {
      const job = this.repo.get(jobId);
      if (!job) return;
      const audience = parseAudience(job.audience);
      while (!this.repo.snapshotPage(jobId, audience, this.pageSize)) {
        // Left "preparing"; the next start resumes from the cursor.
        if (this.stopping) return;
        await yieldToEventLoop();
      }
      const ready = this.repo.get(jobId);
      if (ready && ready.progressMessageId === null) await this.reporter.announce(ready);
    } catch (error) {
      this.app.logger.error({ err: error, job: jobId }, "delivery: could not prepare the recipients");
      this.repo.cancel(jobId);
    } finally {
      this.wake();
    }
  }

  // ── The loop ──────────────────────────────────────────────────────────────

  private async run(): Promise<void> {
    await this.recorder.purgeEnded();
    while (!this.stopping && !this.leaseLost) {
      try {
        const job = this.repo.head();
        if (!job || job.status === "preparing") {
          await this.idle(IDLE_MS);
        } else if (job.status === "cancelled") {
          await this.close(job, "cancelled");
        } else {
          await this.deliver(job);
        }
      } catch (error) {
        // A bug or a database hiccup must not end deliveries for good: log, breathe, go on.
        this.app.logger.error({ err: error }, "delivery: the delivery loop failed; retrying shortly");
        await this.idle(ERROR_PAUSE_MS);
      }
    }
  }

  private async deliver(job: JobRow): Promise<void> {
    const content = this.openContent(job);
    if (!content) {
      this.app.logger.error(
        { job: job.id },
        "delivery: content can't be decrypted (was SECRET_KEY changed?); cancelling",
      );
      this.repo.cancel(job.id);
      return;
    }
    if (job.status === "queued") this.repo.markStarted(job.id, this.app.clock());
    const current: SendingJob & Pace = {
      id: job.id,
      content,
      cancelled: false,
      since: performance.now(),
      doneAtStart: job.sent + job.failed + job.removed,
    };
    this.current = current;
    const go = () => !this.stopping && !this.leaseLost && !current.cancelled;
    this.app.logger.info({ job: job.id, total: job.total }, "delivery: sending");
    await this.reporter.update(job.id);
    const ticker = setInterval(() => void this.reporter.update(job.id), this.progressEveryMs);
    try {
      while (go()) {
        await this.lanes.sendDue(current, go, this.abort.signal);
        if (!go() || this.repo.remaining(job.id) === 0) break;
        // Only recipients waiting for a retry are left: sleep until the first is due.
        const due = this.repo.nextRetryAt(job.id) ?? this.app.clock() + 1_000;
        await this.idle(Math.max(10, due - this.app.clock()));
      }
    } finally {
      clearInterval(ticker);
      this.current = undefined;
    }
    if (this.stopping || this.leaseLost) return;
    const fresh = this.repo.get(job.id);
    if (fresh) await this.close(fresh, current.cancelled || fresh.status === "cancelled" ? "cancelled" : "done");
  }

  // ── Ending a job ────────────────────────────────────────────────────────────

  private async close(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    // A waiting job stopped by its operator is closed at once, while another may be sending.
    if (this.closing.has(job.id)) return;
    this.closing.add(job.id);
    try {
      if (this.repo.get(job.id)?.finishedAt != null) return;
      await this.reporter.report(job, outcome);
      await this.recorder.end(job, outcome);
    } finally {
      this.closing.delete(job.id);
    }
  }

  private openContent(job: JobRow): DeliveryContent | undefined {
    if (!job.content) return undefined;
    try {
      return JSON.parse(this.app.privacy.decrypt(job.content, SEALED)) as DeliveryContent;
    } catch {
      return undefined;
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
