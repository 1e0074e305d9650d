import { autoRetry } from "@grammyjs/auto-retry";
import { Api, GrammyError, HttpError, type Transformer } from "grammy";
import { htmlByDefault, rememberSentMessages } from "../bot/middleware/api-transformers.js";
import { isUnreachable } from "../bot/middleware/error-boundary.js";
import { type DeliveryContent, sendContent } from "./delivery.content.js";
import type { DeliveryDeps } from "./delivery.js";
import type { DeliveryRecorder } from "./delivery.recorder.js";
import type { Claimed, DeliveryRepo } from "./delivery.repo.js";
import { RateLimiter } from "./rate-limiter.js";

export interface LaneOptions {
  /** Messages per second across all recipients (BROADCAST_RATE). */
  rate: number;
  /** Sends in flight at once; also the most a crash can duplicate. Default: rate / 8, 1–8. */
  concurrency?: number;
  /** Tries per recipient for server and network errors before counting them as failed. */
  maxAttempts?: number;
  /** Wait before try `attempt + 1` after a server or network error. */
  backoffMs?: (attempt: number) => number;
}

/** The job being sent: its content, and whether an operator stopped it. */
export interface SendingJob {
  readonly id: number;
  readonly content: DeliveryContent;
  cancelled: boolean;
}

export const defaultBackoff = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));

/** Telegram's "the bot can't reach this person any more", beyond what isUnreachable covers. */
function isGone(error: unknown): boolean {
  return (
    isUnreachable(error) ||
    (error instanceof GrammyError && /PEER_ID_INVALID|bot can't initiate/i.test(error.description))
  );
}

function isTransient(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
}

/**
 * The senders: a few lanes share one rate limiter, so the overall pace stays at or under `rate`.
 * Each lane claims the next due recipient, sends, and records the outcome. A 429 pauses every
 * lane for its retry_after (auto-retry then repeats the call); 5xx and network errors slow
 * everyone down and are retried later with back-off, a few times; 403 and "chat not found"
 * remove the subscriber; any other refusal fails once.
 */
export class DeliveryLanes {
  readonly limiter: RateLimiter;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private api: Api | undefined;
  private transientStreak = 0;

  constructor(
    private readonly app: DeliveryDeps,
    private readonly repo: DeliveryRepo,
    private readonly recorder: DeliveryRecorder,
    options: LaneOptions,
  ) {
    this.limiter = new RateLimiter(options.rate);
    this.concurrency = options.concurrency ?? Math.min(8, Math.max(1, Math.ceil(options.rate / 8)));
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
  }

  /**
   * `base` is the bot's Api; the lanes make their own from the same client settings, so that
   * they can count 429s and handle 5xx themselves, with the same HTML default and message memory
   * (for /forget) as every other Api of the bot.
   */
  connect(base: Api): void {
    const api = new Api(base.token, base.options);
    api.config.use(
      this.watchRateLimits(),
      // 429s are waited out and repeated here; server and network errors come back to the lane,
      // which retries the recipient later instead of holding on to it.
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
  }

  /**
   * Sends to the job's due recipients until none is due, `go()` turns false or `signal` aborts.
   * All lanes end before this returns, even when one fails (then its error is thrown): a lane
   * left running would keep sending under a job nobody watches any more (Stop could not reach it).
   */
  async sendDue(job: SendingJob, go: () => boolean, signal: AbortSignal): Promise<void> {
    const lanes = await Promise.allSettled(Array.from({ length: this.concurrency }, () => this.lane(job, go, signal)));
    const failure = lanes.find((lane): lane is PromiseRejectedResult => lane.status === "rejected");
    if (failure) throw failure.reason;
  }

  /** One lane: wait for the limiter, claim the next recipient, send, record. */
  private async lane(job: SendingJob, go: () => boolean, signal: AbortSignal): Promise<void> {
    while (go()) {
      try {
        await this.limiter.take(signal);
      } catch {
        return;
      }
      if (!go()) return;
      const claimed = this.repo.claim(job.id, this.app.clock());
      if (!claimed) return;
      await this.sendOne(job, claimed, signal);
    }
  }

  private async sendOne(job: SendingJob, claimed: Claimed, signal: AbortSignal): Promise<void> {
    if (claimed.chatId === undefined) {
      this.app.logger.warn(
        { job: job.id },
        "delivery: a recipient's address can't be decrypted (was SECRET_KEY changed?); counted as failed",
      );
      this.recorder.record(job.id, claimed, "failed");
      return;
    }
    if (!this.api) throw new Error("delivery lanes used before connect");
    try {
      const markup = this.app.subscribers.unsubscribeMarkup(claimed.lang);
      await sendContent(this.api, claimed.chatId, job.content, markup, signal);
      this.transientStreak = 0;
      this.recorder.record(job.id, claimed, "sent");
    } catch (error) {
      this.handleFailure(job.id, claimed, error, signal);
    }
  }

  private handleFailure(jobId: number, claimed: Claimed, error: unknown, signal: AbortSignal): void {
    if (signal.aborted) {
      // Stopping mid-send: it may or may not have gone out; it is queued again (at most in flight).
      this.recorder.requeue(claimed);
      return;
    }
    if (isGone(error)) {
      // Recording "removed" also ends the subscription, in the same transaction.
      this.recorder.record(jobId, claimed, "removed");
      return;
    }
    if (error instanceof GrammyError && error.error_code === 429) {
      // A retry_after longer than auto-retry waits for: everyone waits, this one goes again later.
      const seconds = error.parameters.retry_after ?? 5;
      this.limiter.pauseFor(seconds * 1000);
      this.recorder.retry(claimed, 0, false);
      return;
    }
    if (isTransient(error)) {
      this.transientStreak++;
      // Telegram or the network is struggling: slow everyone down, not just this recipient.
      this.limiter.pauseFor(this.backoffMs(this.transientStreak));
      if (claimed.attempts >= this.maxAttempts) {
        this.app.logger.warn(
          { err: error, job: jobId, attempts: claimed.attempts },
          "delivery: giving up on a recipient",
        );
        this.recorder.record(jobId, claimed, "failed");
      } else {
        this.recorder.retry(claimed, this.app.clock() + this.backoffMs(claimed.attempts));
      }
      return;
    }
    // Any other refusal (400: bad content, message to copy deleted…) would fail again: count it.
    this.app.logger.warn({ err: error, job: jobId }, "delivery: Telegram refused a message");
    this.recorder.record(jobId, claimed, "failed");
  }

  /** Counts 429s as Telegram sends them (before auto-retry repeats the call) and pauses all lanes. */
  private watchRateLimits(): Transformer {
    return async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        this.recorder.counters.tooManyRequests++;
        this.limiter.pauseFor((result.parameters?.retry_after ?? 1) * 1000);
      }
      return result;
    };
  }
}
