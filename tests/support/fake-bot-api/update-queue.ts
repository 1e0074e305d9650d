import { conflict } from "./api-error.js";
import type { JsonObject } from "./wire-types.js";

export interface WireUpdate {
  update_id: number;
  [kind: string]: unknown;
}

/** Update kinds Telegram leaves out unless allowed_updates names them explicitly. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections: number;
  ipAddress?: string;
}

export interface WebhookDelivery {
  updateId: number;
  attempt: number;
  status: number | "network-error";
  ok: boolean;
}

export interface UpdateQueueOptions {
  /** Attempts after the first failed webhook delivery before the update is given up on. */
  webhookRetries: number;
  webhookRetryDelayMs: number;
  webhookTimeoutMs: number;
  /** Unix seconds, for getWebhookInfo.last_error_date. */
  unixNow: () => number;
  /** Something was handed to the bot, or dropped: waiters may re-check. */
  onProgress: () => void;
  /** The webhook answered with a method call in its body (Telegram executes it). */
  onWebhookReply: (body: JsonObject) => Promise<void>;
}

/** Raised to a long poll whose HTTP client went away; nobody will read the answer. */
export class PollAbandoned extends Error {
  constructor() {
    super("the client disconnected");
    this.name = "PollAbandoned";
  }
}

interface PendingPoll {
  wake: () => void;
  fail: (error: Error) => void;
}

export interface GetUpdatesRequest {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowedUpdates?: string[];
}

/**
 * Telegram's per-bot update queue: ids increase, an update stays until a getUpdates offset
 * confirms it, one long poll at a time, or push delivery to a webhook.
 */
export class UpdateQueue {
  private pending: WireUpdate[] = [];
  private nextUpdateId = 1;
  private lastDeliveredId = 0;
  private allowed: Set<string> | undefined;
  private poll: PendingPoll | undefined;
  private webhook: WebhookConfig | undefined;
  private lastError: { date: number; message: string } | undefined;
  private pumping = false;
  private stopped = false;
  /** Ids the bot reported handled, or dropped here (kinds it did not subscribe to); see trackHandling. */
  private done: Set<number> | undefined;
  /** Every id up to this one is done. */
  private doneUpTo = 0;
  readonly webhookDeliveries: WebhookDelivery[] = [];

  constructor(private readonly options: UpdateQueueOptions) {}

  get lastPushedId(): number {
    return this.nextUpdateId - 1;
  }

  get webhookUrl(): string | undefined {
    return this.webhook?.url;
  }

  push(update: Omit<WireUpdate, "update_id">): WireUpdate {
    const queued: WireUpdate = { update_id: this.nextUpdateId++, ...update };
    this.pending.push(queued);
    if (this.webhook !== undefined) void this.pumpWebhook();
    else this.poll?.wake();
    return queued;
  }

  /**
   * From now on the bot under test reports each update it has completely handled (markHandled):
   * waits can then be on that signal instead of a quiet period.
   */
  trackHandling(): void {
    this.done ??= new Set();
  }

  get tracksHandling(): boolean {
    return this.done !== undefined;
  }

  markHandled(updateId: number): void {
    if (!this.done) return;
    this.done.add(updateId);
    this.options.onProgress();
  }

  /** Whether the bot has handled (or was never sent) every update up to this id. */
  isHandled(updateId: number): boolean {
    while (this.done?.has(this.doneUpTo + 1)) this.done.delete(++this.doneUpTo);
    return this.doneUpTo >= updateId;
  }

  /** Whether every update up to this id has been handed to the bot (or dropped). */
  isDelivered(updateId: number): boolean {
    return this.pending.every((update) => update.update_id > updateId || update.update_id <= this.lastDeliveredId);
  }

  /** Updates not yet handed to the bot. */
  get undelivered(): number {
    return this.pending.filter((update) => update.update_id > this.lastDeliveredId).length;
  }

  async getUpdates(request: GetUpdatesRequest, signal: AbortSignal): Promise<WireUpdate[]> {
    if (this.webhook !== undefined) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    this.poll?.fail(
      conflict("terminated by other getUpdates request; make sure that only one bot instance is running"),
    );
    if (request.allowedUpdates !== undefined) {
      this.allowed = request.allowedUpdates.length === 0 ? undefined : new Set(request.allowedUpdates);
    }
    this.confirm(request.offset ?? 0);
    const limit = Math.min(Math.max(request.limit === undefined || request.limit === 0 ? 100 : request.limit, 1), 100);
    const timeoutSeconds = Math.max(request.timeout ?? 0, 0);

    if (this.available(limit).length === 0 && timeoutSeconds > 0 && !this.stopped) {
      await this.waitForUpdates(timeoutSeconds * 1000, signal);
    }
    const batch = this.available(limit);
    for (const update of batch) this.lastDeliveredId = Math.max(this.lastDeliveredId, update.update_id);
    if (batch.length > 0) this.options.onProgress();
    return batch;
  }

  private waitForUpdates(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.poll === poll) this.poll = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = (): void => finish(new PollAbandoned());
      const poll: PendingPoll = {
        wake: () => {
          if (this.available(1).length > 0) finish();
        },
        fail: (error) => finish(error),
      };
      const timer = setTimeout(() => finish(), timeoutMs);
      signal.addEventListener("abort", onAbort, { once: true });
      this.poll = poll;
    });
  }

  private confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((update) => update.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  /** Drops updates the bot did not subscribe to, then returns the first `limit` pending ones. */
  private available(limit: number): WireUpdate[] {
    const allowed = this.webhook?.allowedUpdates !== undefined ? new Set(this.webhook.allowedUpdates) : this.allowed;
    const before = this.pending.length;
    this.pending = this.pending.filter((update) => {
      const kind = Object.keys(update).find((key) => key !== "update_id") ?? "";
      const wanted = allowed === undefined ? !OPT_IN_UPDATES.has(kind) : allowed.has(kind);
      if (!wanted) this.done?.add(update.update_id);
      return wanted;
    });
    if (this.pending.length !== before) this.options.onProgress();
    return this.pending.slice(0, limit);
  }

  setWebhook(config: WebhookConfig, dropPending: boolean): void {
    this.poll?.fail(conflict("terminated by setWebhook request"));
    if (dropPending) this.pending = [];
    if (config.allowedUpdates !== undefined && config.allowedUpdates.length === 0) delete config.allowedUpdates;
    this.webhook = config;
    this.lastError = undefined;
    void this.pumpWebhook();
  }

  deleteWebhook(dropPending: boolean): void {
    this.webhook = undefined;
    if (dropPending) {
      this.pending = [];
      this.options.onProgress();
    }
  }

  webhookInfo(): JsonObject {
    const webhook = this.webhook;
    return {
      url: webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.pending.filter((update) => update.update_id > this.lastDeliveredId).length,
      ...(webhook?.ipAddress === undefined ? {} : { ip_address: webhook.ipAddress }),
      ...(this.lastError === undefined
        ? {}
        : { last_error_date: this.lastError.date, last_error_message: this.lastError.message }),
      ...(webhook === undefined ? {} : { max_connections: webhook.maxConnections }),
      ...(webhook?.allowedUpdates === undefined ? {} : { allowed_updates: webhook.allowedUpdates }),
    };
  }

  stop(): void {
    this.stopped = true;
    this.poll?.fail(new PollAbandoned());
    this.webhook = undefined;
  }

  /** Delivers pending updates one at a time, in order, retrying a failing webhook a few times. */
  private async pumpWebhook(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const webhook = this.webhook;
        if (webhook === undefined || this.stopped) return;
        const update = this.available(1)[0];
        if (update === undefined) return;
        await this.deliver(webhook, update);
        this.pending = this.pending.filter((queued) => queued.update_id !== update.update_id);
        this.lastDeliveredId = Math.max(this.lastDeliveredId, update.update_id);
        this.options.onProgress();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async deliver(webhook: WebhookConfig, update: WireUpdate): Promise<boolean> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (webhook.secretToken !== undefined) headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secretToken;
    for (let attempt = 1; attempt <= this.options.webhookRetries + 1; attempt++) {
      if (this.stopped || this.webhook !== webhook) return false;
      try {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers,
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(this.options.webhookTimeoutMs),
        });
        const body = await response.text();
        this.webhookDeliveries.push({ updateId: update.update_id, attempt, status: response.status, ok: response.ok });
        if (response.ok) {
          await this.handleReply(body);
          return true;
        }
        this.lastError = {
          date: this.options.unixNow(),
          message: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
        };
      } catch (error) {
        this.webhookDeliveries.push({ updateId: update.update_id, attempt, status: "network-error", ok: false });
        this.lastError = {
          date: this.options.unixNow(),
          message: error instanceof Error ? `Connection failed: ${error.message}` : "Connection failed",
        };
      }
      if (attempt <= this.options.webhookRetries) {
        await new Promise((resolve) => setTimeout(resolve, this.options.webhookRetryDelayMs));
      }
    }
    return false;
  }

  private async handleReply(body: string): Promise<void> {
    if (body.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && "method" in parsed) {
      await this.options.onWebhookReply(parsed as JsonObject);
    }
  }
}
