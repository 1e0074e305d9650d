import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, GrammyError, HttpError, type Transformer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { isLang, type Lang } from "../../bot/i18n.js";
import { htmlByDefault, rememberSentMessages } from "../../bot/middleware/api-transformers.js";
import { isUnreachable } from "../../bot/middleware/error-boundary.js";
import type { AppServices } from "../../bot/services.js";
import { isNotModified } from "../../bot/ui/screen.js";
import { countQuietly } from "../../db/counters.repo.js";
import { createLeaseRepo, type Lease } from "../../db/lease.repo.js";
import { unsubscribeMarkup } from "../subscriptions/subscriptions.keyboards.js";
import { createSubscriptionsRepo } from "../subscriptions/subscriptions.repo.js";
import { type Audience, parseAudience } from "./broadcast.audience.js";
import { type BroadcastContent, sendContent } from "./broadcast.content.js";
import { cancelKeyboard } from "./broadcast.keyboards.js";
import {
  describeAudience,
  type ProgressFigures,
  type ProgressState,
  progressText,
  reportText,
} from "./broadcast.progress.js";
import { RateLimiter } from "./broadcast.rate-limiter.js";
import { type Claimed, createBroadcastRepo, type JobRow } from "./broadcast.repo.js";

export interface WorkerOptions {
  /** Messages per second across all recipients (BROADCAST_RATE). */
  rate: number;
  /** Sends in flight at once; also the most a crash can duplicate. Default: rate / 8, 1–8. */
  concurrency?: number;
  /** How often the operator's progress message is edited. */
  progressEveryMs?: number;
  /** Tries per recipient for server and network errors before counting them as failed. */
  maxAttempts?: number;
  /** Wait before try `attempt + 1` after a server or network error. */
  backoffMs?: (attempt: number) => number;
  /** Subscribers copied into the queue per transaction. */
  snapshotPageSize?: number;
  /** How long the delivery lease lasts without renewal (another process takes over after it). */
  leaseTtlMs?: number;
}

export interface Submission {
  content: BroadcastContent;
  audience: Audience;
  operatorChatId: number;
  operatorLang: Lang;
}

/** What the worker counted since it started (numbers only), for logs and the benchmark. */
export interface WorkerCounters {
  sent: number;
  failed: number;
  removed: number;
  retried: number;
  tooManyRequests: number;
}

const DEFAULT_PROGRESS_MS = 3_000;
const PURGE_PAGE = 2_000;
/** Longest idle wait between looks at the queue; new jobs wake the worker at once anyway. */
const IDLE_MS = 30_000;
/** After an unexpected error in the loop, wait this long before looking at the queue again. */
const ERROR_PAUSE_MS = 5_000;
/** On stop, in-flight sends get this long to finish before they are aborted. */
const STOP_GRACE_MS = 1_500;
/** One process delivers at a time; a process that stops renewing is replaced after this long. */
const LEASE = "broadcast-worker";
const DEFAULT_LEASE_TTL_MS = 30_000;

export const defaultBackoff = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));

/** Telegram's "the bot can't reach this person any more", beyond what isUnreachable covers. */
function isGone(error: unknown): boolean {
  return (
    isUnreachable(error) ||
    (error instanceof GrammyError && /PEER_ID_INVALID|bot can't initiate/i.test(error.description))
  );
}

/** This process, among all that ever held the lease. */
const PROCESS_ID = randomUUID();

/**
 * A lease holder on this machine whose process is gone (killed, crashed; or another process had
 * our pid, as after a container restart) will never renew: no need to wait for its lease to end.
 */
function holderIsGone(current: Lease): boolean {
  if (current.host !== hostname()) return false;
  if (current.pid === process.pid) return current.process !== PROCESS_ID;
  try {
    process.kill(current.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
}

interface Current {
  id: number;
  cancelled: boolean;
  /** performance.now() and delivered count when this process took the job, for the estimate. */
  since: number;
  doneAtStart: number;
}

/**
 * Delivers broadcasts: one job at a time, oldest first, from the durable queue in SQLite.
 *
 * - Each recipient row is marked `sending` just before its message goes out and marked with the
 *   outcome right after, so a crash repeats at most the messages in flight.
 * - A shared rate limiter keeps the overall pace at or under `rate`; a 429 pauses every lane for
 *   its retry_after (auto-retry then repeats the call), 5xx and network errors are retried later
 *   with back-off, a few times; 403 / chat not found remove the subscriber; other 400s fail once.
 * - Recipients are read one at a time and snapshotted page by page inside SQLite, so memory does
 *   not grow with the audience.
 */
export class BroadcastWorker {
  private readonly repo;
  private readonly subscriptions;
  private readonly limiter: RateLimiter;
  private readonly concurrency: number;
  private readonly progressEveryMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly pageSize: number;
  private readonly rate: number;
  private readonly announcing = new Map<number, Promise<void>>();
  private readonly markups = new Map<Lang, InlineKeyboardMarkup>();
  private readonly closing = new Set<number>();
  private api: Api | undefined;
  /** The bot's own Api, for the operator's progress messages: a 429 on that chat must not pause delivery. */
  private operatorApi: Api | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | undefined;
  private current: Current | undefined;
  private transientStreak = 0;
  private readonly lease;
  private readonly leaseTtlMs: number;
  private readonly holder = { holder: randomUUID(), host: hostname(), pid: process.pid, process: PROCESS_ID };
  private leaseLost = false;
  private standby: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;
  /** Snapshots under way, so stop() can wait for them before the database closes. */
  private readonly preparing = new Set<Promise<void>>();
  private progressBusy = false;
  readonly counters: WorkerCounters = { sent: 0, failed: 0, removed: 0, retried: 0, tooManyRequests: 0 };

  constructor(
    private readonly app: AppServices,
    options: WorkerOptions,
  ) {
    this.repo = createBroadcastRepo(app.db);
    this.lease = createLeaseRepo(app.db);
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.subscriptions = createSubscriptionsRepo(app.db, app.privacy);
    this.rate = options.rate;
    this.limiter = new RateLimiter(options.rate);
    this.concurrency = options.concurrency ?? Math.min(8, Math.max(1, Math.ceil(options.rate / 8)));
    this.progressEveryMs = options.progressEveryMs ?? DEFAULT_PROGRESS_MS;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
    this.pageSize = options.snapshotPageSize ?? 500;
  }

  // ── Life cycle ─────────────────────────────────────────────────────────────

  /**
   * Starts delivering. `base` is the bot's Api; the worker makes its own from the same client
   * settings, so that it can count 429s and handle 5xx itself, with the same HTML default and
   * message memory (for /forget) as every other Api of the bot.
   */
  start(base: Api): void {
    if (this.api) return;
    const api = new Api(base.token, base.options);
    api.config.use(
      this.watchRateLimits(),
      // 429s are waited out and repeated here; server and network errors come back to the worker,
      // which retries the recipient later instead of holding a lane.
      autoRetry({
        maxRetryAttempts: 5,
        maxDelaySeconds: 60,
        rethrowInternalServerErrors: true,
        rethrowHttpErrors: true,
      }),
      htmlByDefault,
      rememberSentMessages(this.app),
    );
    this.api = api;
    this.operatorApi = base;
    this.takeOver();
  }

  /**
   * Delivers if this process holds the lease; otherwise stands by and tries again now and then.
   * Two processes on one database (an overlapping deploy) would otherwise both send, and both
   * put the other's in-flight messages back in the queue.
   */
  private takeOver(): void {
    if (this.stopping || this.loop) return;
    if (!this.lease.acquire(LEASE, this.holder, this.leaseTtlMs, this.app.clock(), holderIsGone)) {
      if (!this.standby) {
        this.app.logger.info("broadcast: another process is delivering broadcasts; standing by");
        this.standby = setInterval(() => this.takeOver(), this.leaseTtlMs / 2);
        this.standby.unref();
      }
      return;
    }
    clearInterval(this.standby);
    this.standby = undefined;
    this.leaseLost = false;
    this.renewal = setInterval(() => {
      if (!this.lease.acquire(LEASE, this.holder, this.leaseTtlMs, this.app.clock(), holderIsGone)) {
        this.leaseLost = true;
        this.wakeUp?.();
      }
    }, this.leaseTtlMs / 3);
    this.renewal.unref();
    const requeued = this.repo.requeueInFlight();
    if (requeued > 0)
      this.app.logger.warn({ requeued }, "broadcast: messages in flight at the last stop are queued again");
    this.loop = this.run()
      .catch((error: unknown) => this.app.logger.error({ err: error }, "broadcast worker stopped"))
      .finally(() => {
        clearInterval(this.renewal);
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
    clearInterval(this.standby);
    this.wakeUp?.();
    const timer = setTimeout(() => this.abort.abort(new Error("broadcast worker stopping")), STOP_GRACE_MS);
    await this.loop;
    await Promise.allSettled([...this.preparing]);
    clearTimeout(timer);
    this.lease.release(LEASE, this.holder.holder);
  }

  /** Looks at the queue now (a job was queued or cancelled). */
  wake(): void {
    this.wakeUp?.();
  }

  // ── What the operator does ───────────────────────────────────────────────

  /**
   * Queues a broadcast: the job, then its recipients copied page by page from the subscribers
   * matching the audience at this moment, then the operator's progress message.
   */
  async submit(submission: Submission): Promise<{ jobId: number; total: number }> {
    const { privacy } = this.app;
    const jobId = this.repo.create({
      content: privacy.encrypt(JSON.stringify(submission.content), "broadcast"),
      audience: submission.audience,
      operatorChat: privacy.encrypt(String(submission.operatorChatId), "broadcast"),
      operatorLang: submission.operatorLang,
      now: this.app.clock(),
    });
    this.app.logger.info({ job: jobId, audience: submission.audience.kind }, "broadcast: queued");
    await this.track(this.prepare(jobId));
    return { jobId, total: this.repo.get(jobId)?.total ?? 0 };
  }

  /** Stops a job that is waiting or sending; its report follows. False if it had already ended. */
  cancel(jobId: number): boolean {
    if (!this.repo.cancel(jobId)) return false;
    if (this.current?.id === jobId) this.current.cancelled = true;
    else {
      const job = this.repo.get(jobId);
      if (job && job.status === "cancelled") void this.close(job, "cancelled");
    }
    this.app.logger.info({ job: jobId }, "broadcast: cancelled by an operator");
    this.wake();
    return true;
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
      if (ready && ready.progressMessageId === null) await this.announce(ready);
    } catch (error) {
      this.app.logger.error({ err: error, job: jobId }, "broadcast: could not prepare the recipients");
      this.repo.cancel(jobId);
    } finally {
      this.wake();
    }
  }

  // ── The loop ──────────────────────────────────────────────────────────────

  private async run(): Promise<void> {
    await this.purgeEnded();
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
        this.app.logger.error({ err: error }, "broadcast: the delivery loop failed; retrying shortly");
        await this.idle(ERROR_PAUSE_MS);
      }
    }
  }

  private async deliver(job: JobRow): Promise<void> {
    const content = this.openContent(job);
    if (!content) {
      this.app.logger.error(
        { job: job.id },
        "broadcast: content can't be decrypted (was SECRET_KEY changed?); cancelling",
      );
      this.repo.cancel(job.id);
      return;
    }
    if (job.status === "queued") this.repo.markStarted(job.id, this.app.clock());
    const current: Current = {
      id: job.id,
      cancelled: false,
      since: performance.now(),
      doneAtStart: job.sent + job.failed + job.removed,
    };
    this.current = current;
    this.app.logger.info({ job: job.id, total: job.total }, "broadcast: sending");
    await this.updateProgress(job.id);
    const ticker = setInterval(() => void this.updateProgress(job.id), this.progressEveryMs);
    try {
      while (!this.stopping && !this.leaseLost && !current.cancelled) {
        // All lanes end before anything else happens, even when one fails: a lane left running
        // would keep sending under a job this loop no longer watches (Stop could not reach it).
        const lanes = await Promise.allSettled(
          Array.from({ length: this.concurrency }, () => this.lane(job.id, content, current)),
        );
        const failure = lanes.find((lane): lane is PromiseRejectedResult => lane.status === "rejected");
        if (failure) throw failure.reason;
        if (this.stopping || this.leaseLost || current.cancelled) break;
        if (this.repo.remaining(job.id) === 0) break;
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

  /** One of a few senders sharing the limiter: claim the next recipient, send, record. */
  private async lane(jobId: number, content: BroadcastContent, current: Current): Promise<void> {
    const signal = this.abort.signal;
    while (!this.stopping && !this.leaseLost && !current.cancelled) {
      try {
        await this.limiter.take(signal);
      } catch {
        return;
      }
      if (this.stopping || current.cancelled) return;
      const claimed = this.repo.claim(jobId, this.app.clock());
      if (!claimed) return;
      await this.sendOne(jobId, content, claimed, signal);
    }
  }

  private async sendOne(
    jobId: number,
    content: BroadcastContent,
    claimed: Claimed,
    signal: AbortSignal,
  ): Promise<void> {
    const chatId = this.subscriptions.decryptChat(claimed.chat);
    if (chatId === undefined) {
      this.record(jobId, claimed, "failed");
      return;
    }
    const api = this.api;
    if (!api) throw new Error("broadcast worker used before start");
    try {
      await sendContent(api, chatId, content, this.unsubscribeMarkup(claimed.lang), signal);
      this.transientStreak = 0;
      this.record(jobId, claimed, "sent");
    } catch (error) {
      this.handleFailure(jobId, claimed, error, signal);
    }
  }

  /** The Unsubscribe button in a recipient's language (built once per language). */
  private unsubscribeMarkup(lang: string): InlineKeyboardMarkup {
    const key: Lang = isLang(lang) ? lang : "en";
    let markup = this.markups.get(key);
    if (!markup) {
      markup = unsubscribeMarkup(this.app.i18n.fixedT(key));
      this.markups.set(key, markup);
    }
    return markup;
  }

  private handleFailure(jobId: number, claimed: Claimed, error: unknown, signal: AbortSignal): void {
    if (signal.aborted) {
      // Stopping mid-send: it may or may not have gone out; it is queued again (at most in flight).
      this.repo.retryLater(claimed.id, 0, false);
      return;
    }
    if (isGone(error)) {
      // Recording "removed" also deletes the subscription, in the same transaction.
      this.record(jobId, claimed, "removed");
      return;
    }
    if (error instanceof GrammyError && error.error_code === 429) {
      // A retry_after longer than auto-retry waits for: everyone waits, this one goes again later.
      const seconds = error.parameters.retry_after ?? 5;
      this.limiter.pauseFor(seconds * 1000);
      this.repo.retryLater(claimed.id, 0, false);
      this.counters.retried++;
      return;
    }
    if (isTransient(error)) {
      this.transientStreak++;
      // Telegram or the network is struggling: slow everyone down, not just this recipient.
      this.limiter.pauseFor(this.backoffMs(this.transientStreak));
      if (claimed.attempts >= this.maxAttempts) {
        this.app.logger.warn(
          { err: error, job: jobId, attempts: claimed.attempts },
          "broadcast: giving up on a recipient",
        );
        this.record(jobId, claimed, "failed");
      } else {
        this.repo.retryLater(claimed.id, this.app.clock() + this.backoffMs(claimed.attempts));
        this.counters.retried++;
      }
      return;
    }
    // Any other refusal (400: bad content, message to copy deleted…) would fail again: count it.
    this.app.logger.warn({ err: error, job: jobId }, "broadcast: Telegram refused a message");
    this.record(jobId, claimed, "failed");
  }

  private record(jobId: number, claimed: Claimed, outcome: "sent" | "failed" | "removed"): void {
    this.repo.finish(jobId, claimed, outcome);
    this.counters[outcome]++;
    // Anonymous daily counts for the reach report (a removal also ends a subscription).
    const { counters, logger } = this.app;
    countQuietly(counters, logger, outcome === "sent" ? "broadcast.delivered" : `broadcast.${outcome}`);
    if (outcome === "removed") countQuietly(counters, logger, "subscription.left", { reason: "unreachable" });
  }

  /** Counts 429s as Telegram sends them (before auto-retry repeats the call) and pauses all lanes. */
  private watchRateLimits(): Transformer {
    return async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        this.counters.tooManyRequests++;
        this.limiter.pauseFor((result.parameters?.retry_after ?? 1) * 1000);
      }
      return result;
    };
  }

  // ── Ending a job ────────────────────────────────────────────────────────────

  private async close(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    // A waiting job stopped by its operator is closed at once, while another may be sending.
    if (this.closing.has(job.id)) return;
    this.closing.add(job.id);
    try {
      await this.closeJob(job, outcome);
    } finally {
      this.closing.delete(job.id);
    }
  }

  private async closeJob(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    if (this.repo.get(job.id)?.finishedAt != null) return;
    await this.report(job, outcome);
    this.repo.close(job.id, outcome, this.app.clock());
    countQuietly(this.app.counters, this.app.logger, "broadcast.sent", { outcome });
    this.app.logger.info({ job: job.id, outcome, total: job.total, worker: this.counters }, "broadcast: ended");
    await this.purgeEnded();
  }

  /** Deletes the queue rows of ended jobs, a page at a time (also what a crash left behind). */
  private async purgeEnded(): Promise<void> {
    for (const jobId of this.repo.endedWithRecipients()) {
      while (this.repo.purgeRecipients(jobId, PURGE_PAGE) > 0) await yieldToEventLoop();
    }
  }

  private openContent(job: JobRow): BroadcastContent | undefined {
    if (!job.content) return undefined;
    try {
      return JSON.parse(this.app.privacy.decrypt(job.content, "broadcast")) as BroadcastContent;
    } catch {
      return undefined;
    }
  }

  // ── The operator's view ─────────────────────────────────────────────────────

  private operatorOf(job: JobRow): { chatId: number; t: ReturnType<AppServices["i18n"]["fixedT"]> } | undefined {
    if (!job.operatorChat) return undefined;
    try {
      const chatId = Number(this.app.privacy.decrypt(job.operatorChat, "broadcast"));
      return { chatId, t: this.app.i18n.fixedT(isLang(job.operatorLang) ? job.operatorLang : "en") };
    } catch {
      return undefined;
    }
  }

  private figures(job: JobRow, t: ReturnType<AppServices["i18n"]["fixedT"]>): ProgressFigures {
    return {
      id: job.id,
      audience: describeAudience(t, this.app.i18n, parseAudience(job.audience)),
      total: job.total,
      sent: job.sent,
      failed: job.failed,
      removed: job.removed,
      remaining: this.repo.remaining(job.id),
    };
  }

  private stateOf(job: JobRow, figures: ProgressFigures): ProgressState {
    if (job.status === "preparing") return { kind: "preparing" };
    const ahead = job.status === "queued" ? this.repo.ahead(job.id) : 0;
    if (ahead > 0) return { kind: "waiting", ahead };
    const paused = this.limiter.pausedFor();
    if (paused >= 2_000) return { kind: "paused", seconds: Math.ceil(paused / 1000) };
    const current = this.current?.id === job.id ? this.current : undefined;
    const elapsed = current ? performance.now() - current.since : 0;
    const done = figures.sent + figures.failed + figures.removed - (current?.doneAtStart ?? 0);
    // The pace measured so far once there is something to measure, else the configured one.
    const perMs = elapsed > 2_000 && done > 0 ? done / elapsed : this.ratePerMs();
    return { kind: "sending", etaMs: figures.remaining / perMs, now: this.app.clock() };
  }

  private ratePerMs(): number {
    return this.rate / 1000;
  }

  /** Sends the first progress message of a job (queued or waiting) and remembers its number; once. */
  private announce(job: JobRow): Promise<void> {
    const pending =
      this.announcing.get(job.id) ?? this.sendFirstProgress(job).finally(() => this.announcing.delete(job.id));
    this.announcing.set(job.id, pending);
    return pending;
  }

  private async sendFirstProgress(job: JobRow): Promise<void> {
    const operator = this.operatorOf(job);
    if (!operator || !this.operatorApi) return;
    const figures = this.figures(job, operator.t);
    try {
      const message = await this.operatorApi.sendMessage(
        operator.chatId,
        progressText(operator.t, figures, this.stateOf(job, figures)),
        {
          reply_markup: cancelKeyboard(operator.t, job.id),
        },
      );
      this.repo.setProgressMessage(job.id, message.message_id);
    } catch (error) {
      this.app.logger.warn({ err: error, job: job.id }, "broadcast: could not send the progress message");
    }
  }

  /** Edits the progress message if it is due; a second edit never overlaps the first. */
  private async updateProgress(jobId: number): Promise<void> {
    if (this.progressBusy) return;
    this.progressBusy = true;
    try {
      const job = this.repo.get(jobId);
      const operator = job && this.operatorOf(job);
      if (!job || !operator || !this.operatorApi) return;
      if (job.progressMessageId === null) return await this.announce(job);
      const figures = this.figures(job, operator.t);
      await this.operatorApi
        .editMessageText(
          operator.chatId,
          job.progressMessageId,
          progressText(operator.t, figures, this.stateOf(job, figures)),
          {
            reply_markup: cancelKeyboard(operator.t, job.id),
          },
        )
        .catch((error: unknown) => {
          if (isNotModified(error)) return;
          throw error;
        });
    } catch (error) {
      this.app.logger.warn({ err: error, job: jobId }, "broadcast: could not update the progress message");
    } finally {
      this.progressBusy = false;
    }
  }

  /** The final state in the progress message (no more Cancel button) and a report as a new message. */
  private async report(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    const operator = this.operatorOf(job);
    if (!operator || !this.operatorApi) return;
    const figures = this.figures(job, operator.t);
    const started = job.startedAt ?? job.createdAt;
    const text = reportText(operator.t, figures, outcome, this.app.clock() - started);
    try {
      if (job.progressMessageId !== null) {
        await this.operatorApi.editMessageText(operator.chatId, job.progressMessageId, text).catch((error: unknown) => {
          if (!isNotModified(error)) throw error;
        });
      }
      await this.operatorApi.sendMessage(operator.chatId, text);
    } catch (error) {
      this.app.logger.warn({ err: error, job: job.id }, "broadcast: could not send the report");
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
