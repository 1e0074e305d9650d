import { setTimeout as delay } from "node:timers/promises";

/**
 * Paces deliveries: at most `perSecond` messages in any one second, spread evenly (one
 * every 1/perSecond s) rather than in bursts, because Telegram counts its ~30 messages a second
 * over short windows. Several senders share one limiter.
 *
 * Two rules, both checked at the moment a sender would go: the even spacing, and a sliding
 * window over the last second of actual sends — so a timer that fires late can't bunch the
 * following sends together above the rate. The spacing tolerates being a few milliseconds
 * ahead (timers are no finer than that), which only matters at hundreds of messages a second:
 * at Telegram's rates every send waits its full interval. `pauseFor` holds everyone back, e.g.
 * for the retry_after of a 429 or after a server error.
 */
/** Below this, waiting is too coarse to space sends evenly one by one. */
const TIMER_RESOLUTION_MS = 5;

export class RateLimiter {
  private readonly intervalMs: number;
  /** How far ahead of the even schedule a send may go (GCRA tolerance). */
  private readonly toleranceMs: number;
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
    this.toleranceMs = this.intervalMs >= TIMER_RESOLUTION_MS ? 0 : TIMER_RESOLUTION_MS;
    this.window = new Array<number>(Math.max(1, Math.floor(perSecond))).fill(Number.NEGATIVE_INFINITY);
  }

  /** Resolves when the caller may send one message. Rejects with the signal's reason when aborted. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const oldest = this.window[this.head] ?? Number.NEGATIVE_INFINITY;
      const at = Math.max(this.nextAt - this.toleranceMs, this.pausedUntil, oldest + 1000);
      if (at <= now) {
        this.nextAt = Math.max(this.nextAt, now) + this.intervalMs;
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
