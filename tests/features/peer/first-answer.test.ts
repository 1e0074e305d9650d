import { describe, expect, it } from "vitest";
import { firstAnswerBucket } from "../../../src/features/peer/peer.service.js";

const MINUTE = 60 * 1000;

describe("time to the first answer, counted in buckets (README: 5m … 72h, more)", () => {
  it.each([
    [0, "5m"],
    [5 * MINUTE, "5m"],
    [5 * MINUTE + 1, "15m"],
    [59 * MINUTE, "1h"],
    [60 * MINUTE, "1h"],
    [3 * 60 * MINUTE, "4h"],
    [23 * 60 * MINUTE, "24h"],
    [72 * 60 * MINUTE, "72h"],
    [72 * 60 * MINUTE + 1, "more"],
  ])("%d ms → %s", (ms, bucket) => {
    expect(firstAnswerBucket(ms)).toBe(bucket);
  });
});
