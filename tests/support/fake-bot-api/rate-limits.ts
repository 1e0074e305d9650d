import { tooManyRequests } from "./api-error.js";
import type { ChatType } from "./wire-types.js";

/** Telegram's flood limits, off unless set. Windows are measured on the fake clock. */
export interface RateLimits {
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Messages per minute to one group or supergroup (Telegram: 20). */
  perGroupPerMinute?: number;
  /** retry_after to answer with; by default the seconds until the window frees up. */
  retryAfter?: number;
}

export class RateLimiter {
  private limits: RateLimits = {};
  private global: number[] = [];
  private readonly perChat = new Map<number, number[]>();
  /** How many requests were answered with 429 by these limits. */
  hits = 0;

  set(limits: RateLimits): void {
    this.limits = { ...limits };
    this.global = [];
    this.perChat.clear();
  }

  get active(): RateLimits {
    return { ...this.limits };
  }

  /** Throws a 429 when one more message to this chat would exceed a limit; otherwise counts it. */
  admit(chat: { id: number; type: ChatType }, nowMs: number): void {
    const { globalPerSecond, perChatPerSecond, perGroupPerMinute } = this.limits;
    if (globalPerSecond === undefined && perChatPerSecond === undefined && perGroupPerMinute === undefined) return;

    this.global = this.global.filter((at) => at > nowMs - 1000);
    const chatLog = (this.perChat.get(chat.id) ?? []).filter((at) => at > nowMs - 60_000);
    this.perChat.set(chat.id, chatLog);
    const lastSecond = chatLog.filter((at) => at > nowMs - 1000);

    const waits: number[] = [];
    if (globalPerSecond !== undefined && this.global.length >= globalPerSecond) {
      waits.push(this.freeAfter(this.global, globalPerSecond, 1000, nowMs));
    }
    if (perChatPerSecond !== undefined && lastSecond.length >= perChatPerSecond) {
      waits.push(this.freeAfter(lastSecond, perChatPerSecond, 1000, nowMs));
    }
    if (perGroupPerMinute !== undefined && chat.type !== "private" && chatLog.length >= perGroupPerMinute) {
      waits.push(this.freeAfter(chatLog, perGroupPerMinute, 60_000, nowMs));
    }
    if (waits.length > 0) {
      this.hits++;
      throw tooManyRequests(this.limits.retryAfter ?? Math.max(1, Math.ceil(Math.max(...waits) / 1000)));
    }
    this.global.push(nowMs);
    chatLog.push(nowMs);
  }

  /** Milliseconds until the window holds fewer than `limit` entries again. */
  private freeAfter(log: number[], limit: number, windowMs: number, nowMs: number): number {
    const blocking = log[log.length - limit] ?? nowMs;
    return blocking + windowMs - nowMs;
  }
}
