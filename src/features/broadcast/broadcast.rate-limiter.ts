import { setTimeout as delay } from "node:timers/promises";

/**
 * Paces broadcast sends: at most `perSecond` messages in any one second, spread evenly (one
 * every 1/perSecond s) rather than in bursts, because Telegram counts its ~30 messages a second
 * over short windows. Several senders share one limiter.
 *
 * Two rules, both checked at the moment a sender would go: the even spacing, and a sliding
 * window over the last second of actual sends — so a timer that fires late can't bunch the
 * following sends together above the rate. `pauseFor` holds everyone back, e.g. for the
 * retry_after of a 429 or after a server error.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  /** Times of the last `window.length` sends, oldest at `head`. */
  private readonly window: number[];
  private head = 0;
  private nextAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError("the rate must be above 0");
    this.intervalMs = 1000 / perSecond;
    this.window = new Array<number>(Math.max(1, Math.floor(perSecond))).fill(Number.NEGATIVE_INFINITY);
  }

  /** Resolves when the caller may send one message. Rejects with the signal's reason when aborted. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const oldest = this.window[this.head] ?? Number.NEGATIVE_INFINITY;
      const at = Math.max(this.nextAt, this.pausedUntil, oldest + 1000);
      if (at <= now) {
        this.nextAt = now + this.intervalMs;
        this.window[this.head] = now;
        this.head = (this.head + 1) % this.window.length;
        return;
      }
      // Others may go first when we wake; then we simply wait again.
      await delay(Math.ceil(at - now), undefined, { signal });
    }
  }

  /** Nobody may send before `ms` from now. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Milliseconds left of a pause, 0 when none. */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}
