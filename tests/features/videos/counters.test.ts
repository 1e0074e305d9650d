import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/client.js";
import { canonicalDims, createCountersRepo, utcDay } from "../../../src/db/counters.repo.js";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 27, 23, 30);

function setup() {
  let now = T0;
  const handle = openDatabase(":memory:");
  const counters = createCountersRepo(handle.db, () => now);
  return { handle, counters, advance: (ms: number) => (now += ms) };
}

describe("anonymous daily counters", () => {
  it("add up per UTC day, metric and dimensions, in one row each", () => {
    const { handle, counters, advance } = setup();
    counters.increment("video.view", { video: "prison", lang: "ka" });
    counters.increment("video.view", { lang: "ka", video: "prison" });
    counters.increment("video.view", { video: "prison", lang: "ru" });
    counters.increment("video.share_button", { video: "prison", lang: "ka" }, 3);
    advance(DAY);
    counters.increment("video.view", { video: "hiv", lang: "ka" });
    const rows = handle.sqlite
      .prepare("select day, metric, dims, count from daily_counters order by day, metric, dims")
      .all();
    expect(rows).toEqual([
      { day: "2026-11-27", metric: "video.share_button", dims: '{"lang":"ka","video":"prison"}', count: 3 },
      { day: "2026-11-27", metric: "video.view", dims: '{"lang":"ka","video":"prison"}', count: 2 },
      { day: "2026-11-27", metric: "video.view", dims: '{"lang":"ru","video":"prison"}', count: 1 },
      { day: "2026-11-28", metric: "video.view", dims: '{"lang":"ka","video":"hiv"}', count: 1 },
    ]);
  });

  it("sum by any dimensions, filtered by day range and values", () => {
    const { counters, advance } = setup();
    counters.increment("video.view", { video: "prison", lang: "ka" });
    counters.increment("video.view", { video: "prison", lang: "ru" });
    counters.increment("video.view", { video: "hiv", lang: "ka" });
    advance(DAY);
    counters.increment("video.view", { video: "hiv", lang: "ka" }, 5);
    counters.increment("deeplink.open", { route: "video", source: "batumi-meeting" });

    expect(counters.totals("video.view", { by: ["video"] })).toEqual([
      { dims: { video: "hiv" }, count: 6 },
      { dims: { video: "prison" }, count: 2 },
    ]);
    expect(counters.totals("video.view", { by: ["lang"], from: "2026-11-27", to: "2026-11-27" })).toEqual([
      { dims: { lang: "ka" }, count: 2 },
      { dims: { lang: "ru" }, count: 1 },
    ]);
    expect(counters.totals("video.view", { by: ["video", "lang"], where: { lang: "ka" } })).toEqual([
      { dims: { video: "hiv", lang: "ka" }, count: 6 },
      { dims: { video: "prison", lang: "ka" }, count: 1 },
    ]);
    expect(counters.totals("video.view", { by: ["source"] })).toEqual([{ dims: { source: null }, count: 8 }]);
    expect(counters.totals("video.view")).toEqual([{ dims: {}, count: 8 }]);
    expect(counters.totals("nothing.yet")).toEqual([]);
    expect(counters.total("video.view", { where: { video: "hiv" } })).toBe(6);
    expect(counters.total("nothing.yet")).toBe(0);
    expect(counters.daily("video.view")).toEqual([
      { day: "2026-11-27", count: 3 },
      { day: "2026-11-28", count: 5 },
    ]);
    expect(counters.metrics()).toEqual(["deeplink.open", "video.view"]);
  });

  it("refuse anything that could identify a person: long numbers, free text, odd keys", () => {
    const { counters } = setup();
    expect(() => counters.increment("video.view", { user: "7301234567" })).toThrow(/looks like an identifier/);
    expect(() => counters.increment("video.view", { chat: "-1001234567890" })).toThrow(/looks like an identifier/);
    expect(() => counters.increment("video.view", { text: "hello world" })).toThrow(/must match/);
    expect(() => counters.increment("video.view", { "bad key": "x" })).toThrow(/must match/);
    expect(() => counters.increment("Video View")).toThrow(/metric/);
    expect(() => counters.increment("video.view", {}, 0)).toThrow(/positive/);
    expect(() => counters.totals("video.view", { by: ["x') or 1=1 --"] })).toThrow(/must match/);
    expect(() => counters.totals("video.view", { from: "yesterday" })).toThrow(/YYYY-MM-DD/);
  });

  it("canonical dims are independent of key order; days are UTC", () => {
    expect(canonicalDims({ b: "2", a: "1" })).toBe(canonicalDims({ a: "1", b: "2" }));
    expect(utcDay(Date.UTC(2026, 0, 1, 23, 59, 59))).toBe("2026-01-01");
  });
});
