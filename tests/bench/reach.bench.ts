/**
 * Reach benchmark: /reach over two years of daily counters for every dimension the report reads
 * (films × languages, source tags, countries × topics, cards, contacts, subscriptions, broadcasts,
 * peer conversations, "was this helpful?"): reading the counters, the text, the chart (SVG → PNG)
 * and the CSV, each timed on its own, p50/p95.
 */
import { performance } from "node:perf_hooks";
import { createI18n } from "../../src/bot/i18n.js";
import { openDatabase } from "../../src/db/client.js";
import { canonicalDims, createCountersRepo } from "../../src/db/counters.repo.js";
import { chartSvg, renderPng } from "../../src/features/reach/reach.chart.js";
import { reportCsv } from "../../src/features/reach/reach.csv.js";
import { createLabels } from "../../src/features/reach/reach.labels.js";
import { allTime, buildReport, lastDays } from "../../src/features/reach/reach.report.js";
import { reportText } from "../../src/features/reach/reach.text.js";
import { type BenchResult, round, summarize } from "./bench-result.js";

const DAYS = 730;
const TODAY = "2026-12-02";
const FILMS = ["prison", "hiv", "hepatitis-tb", "family", "reform"];
const LANGS = ["ru", "ka", "uk", "en", "kk", "ky", "ro", "hy", "az", "uz", "tg", "be"];
const COUNTRIES = ["ge", "ua", "kz", "kg", "md", "am", "ru", "other"];
const TOPICS = ["police", "court", "search", "treatment", "registry", "overdose", "relatives", "discrimination", "hiv"];

/** Every combination of dimensions a day can have, per counter. */
function series(): Array<[string, Record<string, string>]> {
  const out: Array<[string, Record<string, string>]> = [];
  for (const video of FILMS) for (const lang of LANGS) out.push(["video.view", { video, lang, chat: "private" }]);
  for (const video of FILMS) out.push(["video.shared", { video, lang: "ru" }]);
  for (let tag = 0; tag < 20; tag++) out.push(["deeplink.open", { route: "video", source: `meeting-${tag}` }]);
  for (const country of COUNTRIES) {
    for (const topic of TOPICS) out.push(["rights.article", { country, topic }]);
    out.push(["rights.sos", { country }], ["contacts.open", { country }]);
    for (const vote of ["up", "down"]) {
      out.push(["helpful.vote", { kind: "s", country, detail: "-", vote }]);
      for (const topic of TOPICS.slice(0, 3)) out.push(["helpful.vote", { kind: "a", country, detail: topic, vote }]);
    }
  }
  out.push(["subscription.joined", {}], ["subscription.left", { reason: "unsubscribed" }]);
  out.push(["broadcast.sent", { outcome: "done" }], ["broadcast.delivered", {}], ["broadcast.removed", {}]);
  out.push(["peer.opened", {}], ["peer.answered", {}], ["peer.closed", {}]);
  for (const within of ["5", "15", "60", "240", "1440", "more"]) out.push(["peer.first_answer", { within }]);
  return out;
}

function time(iterations: number, work: () => void): { p50: number; p95: number } {
  work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export async function run(): Promise<BenchResult[]> {
  const handle = openDatabase(":memory:");
  const counters = createCountersRepo(handle.db, () => Date.parse(`${TODAY}T12:00:00Z`));
  const all = series();
  const insert = handle.sqlite.prepare("insert into daily_counters (day, metric, dims, count) values (?, ?, ?, ?)");
  const seedStart = performance.now();
  const end = Date.parse(`${TODAY}T00:00:00Z`);
  handle.sqlite.transaction(() => {
    for (let back = 0; back < DAYS; back++) {
      const day = new Date(end - back * 86_400_000).toISOString().slice(0, 10);
      all.forEach(([metric, dims], index) => {
        insert.run(day, metric, canonicalDims(dims), 1 + ((back * 7 + index * 13) % 23));
      });
    }
  })();
  const rows = DAYS * all.length;
  const seedMs = round(performance.now() - seedStart);

  const i18n = createI18n();
  const t = i18n.fixedT("ka");
  const labels = createLabels({ i18n }, t);
  const period = allTime(TODAY);
  const report = buildReport(counters, period);
  const read = time(10, () => buildReport(counters, period));
  const read30 = time(20, () => buildReport(counters, lastDays(TODAY, 30)));
  const text = time(20, () => reportText(t, "ka", labels, report));
  const svg = chartSvg(t, "ka", labels, report, "ყველა დრო");
  const chart = time(10, () => renderPng(chartSvg(t, "ka", labels, report, "ყველა დრო")));
  const csv = time(10, () => reportCsv(report));
  const csvBytes = Buffer.byteLength(reportCsv(report));
  const pngBytes = renderPng(svg).length;
  handle.close();

  return [
    { name: "reach: seed two years of counters", values: { rows, series: all.length, ms: seedMs } },
    { name: "reach: read counters, all time", values: { "p50 ms": read.p50, "p95 ms": read.p95 } },
    { name: "reach: read counters, last 30 days", values: { "p50 ms": read30.p50, "p95 ms": read30.p95 } },
    { name: "reach: text report (ka)", values: { "p50 ms": text.p50, "p95 ms": text.p95 } },
    {
      name: "reach: chart, SVG → PNG (ka, weekly bars)",
      values: { "p50 ms": chart.p50, "p95 ms": chart.p95, "PNG KiB": round(pngBytes / 1024) },
    },
    {
      name: "reach: CSV, all time",
      values: { "p50 ms": csv.p50, "p95 ms": csv.p95, "CSV KiB": round(csvBytes / 1024) },
    },
  ];
}

// `tsx tests/bench/reach.bench.ts` on its own prints the results.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await run()) process.stdout.write(`${result.name} ${JSON.stringify(result.values)}\n`);
}
