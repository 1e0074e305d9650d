import type { Api } from "grammy";
import type { Lang } from "../bot/i18n.js";
import type { AppServices } from "../bot/services.js";
import { createLeaseRepo } from "../db/lease.repo.js";
import type { Audience } from "./audience.js";
import type { DeliveryContent } from "./delivery.content.js";
import { createDeliveryRepo } from "./delivery.repo.js";
import { DeliveryWorker, type WorkerOptions } from "./delivery.worker.js";

/** One message for everyone in an audience. */
export interface DeliveryRequest {
  /** What to send; text and captions must already be Telegram HTML within Telegram's limits. */
  content: DeliveryContent;
  /** Who gets it: the subscribers matching this at the moment of the call. */
  audience: Audience;
  /**
   * Who is shown a progress message (with a Stop button) and a final report, in their language:
   * the operator who asked. Omit it for automatic deliveries (reminders): nobody is told.
   */
  requester?: { chatId: number; lang: Lang };
}

/** What deliveries counted in this process since it started (numbers only), for logs and the benchmark. */
export interface DeliveryStats {
  sent: number;
  failed: number;
  removed: number;
  retried: number;
  tooManyRequests: number;
}

/**
 * Durable, rate-limited delivery to subscribers, shared by every feature that messages an
 * audience (operator broadcasts, event reminders). On the services as `delivery`.
 *
 * Guarantees, for every job: the recipients are fixed when `enqueue` returns (a snapshot of the
 * audience); each gets the message once, across restarts and crashes (only messages in flight at
 * a crash — at most a few — can go twice); at most BROADCAST_RATE messages a second across all
 * jobs, one job at a time, oldest first; a 429 pauses everything for its retry_after; 5xx and
 * network errors are retried with back-off; people who blocked the bot or deleted their account
 * lose their subscription; those who unsubscribe meanwhile are skipped. Under every message goes
 * the recipient's one-tap Unsubscribe button.
 */
export interface Delivery {
  /**
   * Queues a job; resolves once its recipients are fixed, with its number and their count (0: the
   * audience is empty; the job then ends at once). Throws for an audience that is not valid (e.g.
   * a `lang` that is not one of the bot's languages).
   *
   * The job row is written synchronously, before the first await, so a caller may call this
   * inside its own SQLite transaction and have its record and the job commit together (event
   * reminders do; tests/features/events/reminder-atomicity.test.ts holds it to that).
   */
  enqueue(request: DeliveryRequest): Promise<{ jobId: number; total: number }>;
  /** Stops a job that is waiting or sending (its report follows); false if it had already ended. */
  cancel(jobId: number): boolean;
  /** Jobs that have not ended. */
  activeCount(): number;
  /** Forgets a person in every queue, and stops telling them about jobs they asked for (/forget). */
  erase(owner: string): void;
  readonly counters: DeliveryStats;
  /** Starts delivering with the bot's Api (the composition root calls it once the bot is ready). */
  start(api: Api): void;
  /** Stops promptly; what was in flight goes again at the next start. */
  stop(): Promise<void>;
}

/** What a delivery needs from the services. */
export type DeliveryDeps = Pick<
  AppServices,
  "db" | "privacy" | "i18n" | "logger" | "clock" | "recentMessages" | "subscribers" | "counters"
>;

/** Builds the delivery service and its repositories; once, in the composition root (or a test). */
export function createDelivery(deps: DeliveryDeps, options: WorkerOptions): Delivery {
  return new DeliveryWorker(deps, createDeliveryRepo(deps.db, deps.subscribers), createLeaseRepo(deps.db), options);
}
