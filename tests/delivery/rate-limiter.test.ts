import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/delivery/rate-limiter.js";

describe("RateLimiter", () => {
  it("spaces slots evenly and never allows more than the rate in any second, even with several takers", async () => {
    const limiter = new RateLimiter(50);
    const times: number[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let i = 0; i < 20; i++) {
          await limiter.take();
          times.push(performance.now() - start);
        }
      }),
    );
    times.sort((a, b) => a - b);
    expect(times).toHaveLength(60);
    // 60 slots at 50/s: the last one no earlier than 59 intervals of 20 ms.
    expect(times.at(-1)).toBeGreaterThanOrEqual(59 * 20 - 1);
    for (let i = 0; i + 50 < times.length; i++) {
      expect((times[i + 50] ?? 0) - (times[i] ?? 0), `window starting at slot ${i}`).toBeGreaterThanOrEqual(995);
    }
  });

  it("holds everyone back during a pause, and can be aborted", async () => {
    const limiter = new RateLimiter(1000);
    limiter.pauseFor(150);
    const start = performance.now();
    await limiter.take();
    expect(performance.now() - start).toBeGreaterThanOrEqual(149);
    limiter.pauseFor(10_000);
    const controller = new AbortController();
    const taken = limiter.take(controller.signal);
    controller.abort(new Error("stop"));
    await expect(taken).rejects.toThrow();
  });
});
