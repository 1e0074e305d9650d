import type { Api } from "grammy";
import { isLang, type Translate } from "../bot/i18n.js";
import { isNotModified } from "../bot/ui/screen.js";
import { parseAudience } from "./audience.js";
import type { DeliveryDeps } from "./delivery.js";
import {
  describeAudience,
  type ProgressFigures,
  type ProgressState,
  progressText,
  reportText,
  stopKeyboard,
} from "./delivery.progress.js";
import type { DeliveryRepo, JobRow } from "./delivery.repo.js";
import type { RateLimiter } from "./rate-limiter.js";

/** The encryption purpose of a job's content and requester's chat (named before deliveries were shared). */
export const SEALED = "broadcast";

/** Where the job being sent stands in this process, for the estimate. */
export interface Pace {
  readonly id: number;
  /** performance.now() and the delivered count when this process took the job. */
  readonly since: number;
  readonly doneAtStart: number;
}

/**
 * Tells whoever asked for a job (an operator) how it goes: a progress message once the
 * recipients are fixed — waiting, sending with an estimate, paused — edited now and then with a
 * Stop button, and at the end the final figures in that message and a report as a new one.
 * Jobs without a requester are told to nobody. Sent with the bot's own Api: a 429 in the
 * operator's chat must not pause the deliveries.
 */
export class ProgressReporter {
  private api: Api | undefined;
  private readonly announcing = new Map<number, Promise<void>>();
  private editing = false;

  constructor(
    private readonly app: DeliveryDeps,
    private readonly repo: DeliveryRepo,
    private readonly limiter: RateLimiter,
    private readonly ratePerSecond: number,
    private readonly pace: () => Pace | undefined,
  ) {}

  connect(api: Api): void {
    this.api = api;
  }

  /** Sends the first progress message of a job (queued or waiting) and remembers its number; once. */
  announce(job: JobRow): Promise<void> {
    const pending = this.announcing.get(job.id) ?? this.sendFirst(job).finally(() => this.announcing.delete(job.id));
    this.announcing.set(job.id, pending);
    return pending;
  }

  /** Edits the progress message; an edit never overlaps the one before. */
  async update(jobId: number): Promise<void> {
    if (this.editing) return;
    this.editing = true;
    try {
      const job = this.repo.get(jobId);
      const requester = job && this.requesterOf(job);
      if (!job || !requester || !this.api) return;
      if (job.progressMessageId === null) return await this.announce(job);
      const figures = this.figures(job, requester.t);
      await this.api
        .editMessageText(
          requester.chatId,
          job.progressMessageId,
          progressText(requester.t, figures, this.stateOf(job, figures)),
          { reply_markup: stopKeyboard(requester.t, job.id) },
        )
        .catch((error: unknown) => {
          if (isNotModified(error)) return;
          throw error;
        });
    } catch (error) {
      this.app.logger.warn({ err: error, job: jobId }, "delivery: could not update the progress message");
    } finally {
      this.editing = false;
    }
  }

  /** The final state in the progress message (no more Stop button) and a report as a new message. */
  async report(job: JobRow, outcome: "done" | "cancelled"): Promise<void> {
    const requester = this.requesterOf(job);
    if (!requester || !this.api) return;
    const figures = this.figures(job, requester.t);
    const started = job.startedAt ?? job.createdAt;
    const text = reportText(requester.t, figures, outcome, this.app.clock() - started);
    try {
      if (job.progressMessageId !== null) {
        await this.api.editMessageText(requester.chatId, job.progressMessageId, text).catch((error: unknown) => {
          if (!isNotModified(error)) throw error;
        });
      }
      await this.api.sendMessage(requester.chatId, text);
    } catch (error) {
      this.app.logger.warn({ err: error, job: job.id }, "delivery: could not send the report");
    }
  }

  private async sendFirst(job: JobRow): Promise<void> {
    const requester = this.requesterOf(job);
    if (!requester || !this.api) return;
    const figures = this.figures(job, requester.t);
    try {
      const message = await this.api.sendMessage(
        requester.chatId,
        progressText(requester.t, figures, this.stateOf(job, figures)),
        { reply_markup: stopKeyboard(requester.t, job.id) },
      );
      this.repo.setProgressMessage(job.id, message.message_id);
    } catch (error) {
      this.app.logger.warn({ err: error, job: job.id }, "delivery: could not send the progress message");
    }
  }

  /** The requester's chat and language, or undefined when there is none (or it can't be read). */
  private requesterOf(job: JobRow): { chatId: number; t: Translate } | undefined {
    if (!job.operatorChat) return undefined;
    try {
      const chatId = Number(this.app.privacy.decrypt(job.operatorChat, SEALED));
      return { chatId, t: this.app.i18n.fixedT(isLang(job.operatorLang) ? job.operatorLang : "en") };
    } catch (error) {
      // Only the job number: the sealed chat stays out of the log (the error names no one).
      this.app.logger.warn(
        { job: job.id, reason: error instanceof Error ? error.message : "unknown" },
        "delivery: the requester's chat can't be decrypted (was SECRET_KEY changed?); progress is not shown",
      );
      return undefined;
    }
  }

  private figures(job: JobRow, t: Translate): ProgressFigures {
    return {
      id: job.id,
      audience: describeAudience(t, this.app.i18n, this.app.subscribers, parseAudience(job.audience)),
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
    const pace = this.pace();
    const current = pace?.id === job.id ? pace : undefined;
    const elapsed = current ? performance.now() - current.since : 0;
    const done = figures.sent + figures.failed + figures.removed - (current?.doneAtStart ?? 0);
    // The pace measured so far once there is something to measure, else the configured one.
    const perMs = elapsed > 2_000 && done > 0 ? done / elapsed : this.ratePerSecond / 1000;
    return { kind: "sending", etaMs: figures.remaining / perMs, now: this.app.clock() };
  }
}
