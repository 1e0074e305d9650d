/**
 * The fake's notion of "now": real time plus a skew that tests move forward with `advance()`, so
 * both real waiting (a bot honouring retry_after) and jumps ("48 hours later") work. A frozen clock
 * only moves when advanced.
 */
export class FakeClock {
  private skewMs: number;
  private frozenAtMs: number | undefined;

  constructor(startMs: number = Date.now(), frozen = false) {
    this.skewMs = startMs - Date.now();
    this.frozenAtMs = frozen ? startMs : undefined;
  }

  /** Milliseconds since the epoch. */
  now(): number {
    return this.frozenAtMs ?? Date.now() + this.skewMs;
  }

  /** Seconds since the epoch, as in Message.date. */
  unix(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError("the fake clock only moves forward");
    if (this.frozenAtMs === undefined) this.skewMs += ms;
    else this.frozenAtMs += ms;
  }
}
