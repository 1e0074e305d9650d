import { Resvg } from "@resvg/resvg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { createI18n } from "../../../src/bot/i18n.js";
import { openDatabase } from "../../../src/db/client.js";
import { createCountersRepo } from "../../../src/db/counters.repo.js";
import {
  CHART_FONTS,
  CHART_HEIGHT,
  CHART_WIDTH,
  chartSvg,
  renderPng,
  textRuns,
} from "../../../src/features/reach/reach.chart.js";
import { reportCsv } from "../../../src/features/reach/reach.csv.js";
import { createLabels } from "../../../src/features/reach/reach.labels.js";
import {
  allTime,
  buildReport,
  lastDays,
  lastWeek,
  monthPeriod,
  type Period,
} from "../../../src/features/reach/reach.report.js";
import { reportText } from "../../../src/features/reach/reach.text.js";
import { seen } from "../rights/e2e-helpers.js";

const i18n = createI18n();
const TODAY = "2026-11-30"; // a Monday

/** Counters seeded day by day; every figure below is worked out by hand from these lines. */
function seeded() {
  let now = 0;
  const handle = openDatabase(":memory:");
  const counters = createCountersRepo(handle.db, () => now);
  const on = (day: string, metric: string, dims: Record<string, string>, by: number) => {
    now = Date.parse(`${day}T12:00:00Z`);
    counters.increment(metric, dims, by);
  };
  on("2025-06-01", "video.view", { video: "prison", lang: "ka" }, 50);
  on("2026-11-10", "video.view", { video: "hiv", lang: "ru" }, 4);
  on("2026-11-24", "video.view", { video: "prison", lang: "ka" }, 6);
  on("2026-11-25", "video.view", { video: "prison", lang: "ka" }, 3);
  on("2026-11-30", "video.view", { video: "prison", lang: "ka" }, 10);
  on("2026-11-30", "video.view", { video: "prison", lang: "ru" }, 2);
  on("2026-11-24", "deeplink.open", { route: "video", source: "batumi" }, 7);
  on("2026-11-26", "deeplink.open", { route: "video", source: "batumi" }, 8);
  on("2026-11-26", "deeplink.open", { route: "video", source: "cnd" }, 1);
  on("2026-11-29", "rights.article", { country: "ge", topic: "police" }, 5);
  on("2026-11-28", "subscription.joined", {}, 6);
  on("2026-11-29", "subscription.left", { reason: "unsubscribed" }, 2);
  on("2026-11-29", "helpful.vote", { kind: "a", country: "ge", detail: "police", vote: "up" }, 3);
  return counters;
}

function textFor(period: Period, lang: "en" | "ka" = "en") {
  const t = i18n.fixedT(lang);
  return seen(reportText(t, lang, createLabels({ i18n }, t), buildReport(seeded(), period)));
}

function parseCsv(csv: string): string[][] {
  return csv
    .trim()
    .split("\r\n")
    .map((line) => line.split(","));
}

describe("periods", () => {
  it("last 7 and 30 days end today; a month is its calendar days; last week is Monday to Sunday", () => {
    expect(lastDays(TODAY, 7)).toMatchObject({ from: "2026-11-24", to: TODAY });
    expect(lastDays(TODAY, 30)).toMatchObject({ from: "2026-11-01", to: TODAY });
    expect(monthPeriod("2026-02", TODAY)).toMatchObject({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthPeriod("2026-12", "2026-12-03")).toMatchObject({ from: "2026-12-01", to: "2026-12-03" });
    expect(lastWeek(TODAY)).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(lastWeek("2026-12-06")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
  });
});

describe("the text report", () => {
  const t = i18n.fixedT("en");
  const heading = (id: string, total?: string) => `${t(`reach:sections.${id}`)}${total ? ` — ${total}` : ""}`;

  it("last 7 days: each figure, with every figure under 5 hidden", () => {
    const text = textFor(lastDays(TODAY, 7));
    // prison by day: 6, 3 (hidden), 10 + 2 = 12. A total with a hidden day behind it shows only its
    // visible part: 6 + 12 = 18, "18+" (21 would give the hidden 3 away next to the CSV).
    expect(text).toContain(`${heading("films", "18+")}\nprison — 18+`);
    // ka by day: 6, 3 (hidden), 10: "16+"; ru: 2 in all: "<5".
    expect(text).toContain(`${heading("languages", "16+")}\nქართული — 16+\nРусский — <5`);
    // batumi 7 + 8 = 15, every day visible: exact; cnd 1: hidden, so the section shows "15+".
    expect(text).toContain(`${heading("sources", "15+")}\nbatumi — 15\ncnd — <5`);
    expect(text).toContain(
      `${heading("articles", "5")}\n${t("rights:countries.ge")} · ${t("rights:topics.police")} — 5`,
    );
    expect(text).toContain(`${heading("cards")}\n${seen(t("reach:notCounted"))}`);
    // Left is 2: hidden, so the net change is not shown either.
    expect(text).toContain(
      `${heading("subscriptions")}\n${t("reach:metrics.subscription_joined")} — 6\n${t("reach:metrics.subscription_left")} — <5\n${t("reach:metrics.net")} — —`,
    );
    expect(text).toContain(`${heading("peer")}\n${seen(t("reach:notCounted"))}`);
    expect(text).toContain(`${heading("helpful")}\n👍 ${t("rights:countries.ge")} · ${t("rights:topics.police")} — <5`);
    expect(text).not.toMatch(/— [1-4]\b/);
  });

  it("last 30 days, a month, all time", () => {
    // hiv's 4 views on 10 November come in: hiv <5. Russian is 2 + 4 = 6 in all, but both days are
    // hidden: nothing of it may be shown exactly, only that it is at least 5.
    const month = textFor(lastDays(TODAY, 30));
    expect(month).toContain(`${heading("films", "18+")}\nprison — 18+\nhiv — <5`);
    expect(month).toContain("Русский — 5+");
    expect(textFor(monthPeriod("2026-11", TODAY))).toContain(`${heading("films", "18+")}\nprison — 18+\nhiv — <5`);
    expect(textFor(monthPeriod("2026-10", TODAY))).toContain(`${heading("films")} — 0`);
    const all = textFor(allTime(TODAY));
    // prison: 50 on 1 June 2025 + the visible 18 = 68, and a hidden day.
    expect(all).toContain(`${heading("films", "68+")}\nprison — 68+\nhiv — <5`);
    expect(all).toContain("June 1, 2025 – November 30, 2026");
  });

  it("peer conversations appear as soon as their counters exist, with the median bucket", () => {
    const counters = seeded();
    for (const [within, count] of [
      ["5", 2],
      ["60", 3],
      ["1440", 2],
    ] as const)
      counters.increment("peer.first_answer", { within }, count);
    counters.increment("peer.opened", {}, 9);
    counters.increment("peer.answered", {}, 7);
    const report = buildReport(counters, allTime("2099-01-01"));
    const text = seen(reportText(t, "en", createLabels({ i18n }, t), report));
    // 7 answers: the 4th is in the "up to 1 h" bucket. Nothing closed yet: the counter does not exist.
    expect(text).toContain(
      `${heading("peer")}\n${t("reach:metrics.peer_opened")} — 9\n${t("reach:metrics.peer_answered")} — 7\n${t("reach:metrics.median")} — ${t("reach:median.withinHours", { hours: 1 })}`,
    );
  });
});

describe("the CSV", () => {
  const csv = () => parseCsv(reportCsv(buildReport(seeded(), lastDays(TODAY, 7))));

  it("has a header and a row per day, section and item, small figures hidden", () => {
    const rows = csv();
    expect(rows[0]).toEqual(["date", "section", "item", "count"]);
    expect(rows.filter((row) => row[1] === "films")).toEqual([
      ["2026-11-24", "films", "prison", "6"],
      ["2026-11-25", "films", "prison", "<5"],
      ["2026-11-30", "films", "prison", "12"],
    ]);
    expect(rows.filter((row) => row[1] === "sources")).toEqual([
      ["2026-11-24", "sources", "batumi", "7"],
      ["2026-11-26", "sources", "batumi", "8"],
      ["2026-11-26", "sources", "cnd", "<5"],
    ]);
    expect(rows.every((row, index) => index === 0 || row[3] === "<5" || Number(row[3]) >= 5)).toBe(true);
  });

  it("sums to the text's totals (hidden cells are 1–4 each)", () => {
    const rows = csv().slice(1);
    const text = textFor(lastDays(TODAY, 7));
    const sum = (section: string, item: string) => {
      const cells = rows.filter((row) => row[1] === section && row[2] === item).map((row) => row[3]);
      const visible = cells.filter((cell) => cell !== "<5").reduce((acc, cell) => acc + Number(cell), 0);
      const hidden = cells.filter((cell) => cell === "<5").length;
      return { low: visible + hidden, high: visible + 4 * hidden };
    };
    expect(sum("sources", "batumi")).toEqual({ low: 15, high: 15 });
    expect(text).toContain("batumi — 15");
    expect(sum("subscriptions", "subscription_joined")).toEqual({ low: 6, high: 6 });
    // With a hidden day the text gives the CSV's visible sum and "+": together they still say
    // nothing exact about the hidden day.
    expect(sum("films", "prison")).toEqual({ low: 19, high: 22 });
    expect(text).toContain("prison — 18+");
  });
});

function inkPixels(png: Buffer): number {
  const image = PNG.sync.read(png);
  let ink = 0;
  for (let index = 0; index < image.data.length; index += 4) {
    const sum = (image.data[index] ?? 255) + (image.data[index + 1] ?? 255) + (image.data[index + 2] ?? 255);
    if (sum < 600) ink++;
  }
  return ink;
}

describe("the chart", () => {
  it("is a PNG of the expected size with bars and labels on it", () => {
    const t = i18n.fixedT("ka");
    const report = buildReport(seeded(), lastDays(TODAY, 30));
    const png = renderPng(chartSvg(t, "ka", createLabels({ i18n }, t), report, "ნახვები"));
    const image = PNG.sync.read(png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(inkPixels(png)).toBeGreaterThan(5_000);
    // The bar colour is there.
    let blue = 0;
    for (let index = 0; index < image.data.length; index += 4)
      if (image.data[index] === 0x2f && image.data[index + 1] === 0x6f && image.data[index + 2] === 0xdf) blue++;
    expect(blue).toBeGreaterThan(1_000);
  });

  it("hides small figures: the source with 1 open is labelled <5", () => {
    const t = i18n.fixedT("en");
    const svg = chartSvg(t, "en", createLabels({ i18n }, t), buildReport(seeded(), lastDays(TODAY, 7)), "x");
    expect(svg).toContain("&lt;5</tspan>");
    expect(svg).not.toMatch(/>1<\/tspan>/);
  });

  /** A label alone, with the shipped fonts (as the chart does) or with Latin/Cyrillic only. */
  function label(word: string, fonts: "shipped" | "latin-only"): Buffer {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80"><rect width="400" height="80" fill="#fff"/><text x="10" y="55" font-size="40">${fonts === "shipped" ? textRuns(word) : word}</text></svg>`;
    const fontFiles = fonts === "shipped" ? CHART_FONTS : CHART_FONTS.filter((file) => /NotoSans_/.test(file));
    return new Resvg(svg, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "Noto Sans" },
    })
      .render()
      .asPng();
  }

  for (const [script, first, second] of [
    ["Georgian", "ნახვები", "ქართული"],
    ["Armenian", "Դիտումներ", "Հայաստանը"],
  ] as const) {
    it(`renders ${script} letters (distinct words differ; without the font they are the same boxes)`, () => {
      const a = label(first, "shipped");
      expect([...second].length).toBe([...first].length);
      const b = label(second, "shipped");
      expect(inkPixels(a)).toBeGreaterThan(200);
      expect(a.equals(b)).toBe(false);
      // The control: without the script's font every letter is the same missing-glyph box.
      const boxesA = label(first, "latin-only");
      const boxesB = label(second, "latin-only");
      expect(boxesA.equals(boxesB)).toBe(true);
    });
  }
});
