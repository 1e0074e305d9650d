import { createRequire } from "node:module";
import type { Lang, Translate } from "../../bot/i18n.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import type { Labels } from "./reach.labels.js";
import { daysOf, isVisible, type Report, type ReportItem, SMALL, shownTotal, visiblePart } from "./reach.report.js";

/** Portrait, phone-sized: wide enough for twelve weeks of bars, tall enough for two panels. */
export const CHART_WIDTH = 1080;
export const CHART_HEIGHT = 1350;
/** Up to this many days the chart has a bar per day; longer periods get a bar per week. */
export const MAX_DAILY_BARS = 92;
const SOURCE_BARS = 8;

const require = createRequire(import.meta.url);
/**
 * Noto Sans (Latin, Cyrillic), Noto Sans Georgian and Noto Sans Armenian, shipped as TTF in npm
 * packages: a slim image and a fresh machine have no fonts, and the renderer reads no system ones.
 */
export const CHART_FONTS = [
  "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  "@expo-google-fonts/noto-sans-georgian/400Regular/NotoSansGeorgian_400Regular.ttf",
  "@expo-google-fonts/noto-sans-armenian/400Regular/NotoSansArmenian_400Regular.ttf",
].map((file) => require.resolve(file));

const COLORS = { ink: "#1d232b", muted: "#5b6675", grid: "#dde2e8", bar: "#2f6fdf", hidden: "#c3cad3", bg: "#ffffff" };

/** The font for a run of text: the renderer does not fall back between families by itself. */
function familyOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if ((code >= 0x10a0 && code <= 0x10ff) || (code >= 0x1c90 && code <= 0x1cbf) || (code >= 0x2d00 && code <= 0x2d2f))
    return "Noto Sans Georgian";
  if ((code >= 0x0530 && code <= 0x058f) || (code >= 0xfb13 && code <= 0xfb17)) return "Noto Sans Armenian";
  return "Noto Sans";
}

/** Text split into runs by script, each in the font that has its letters (spaces and digits go with their neighbours). */
export function textRuns(text: string): string {
  const runs: Array<{ family: string; text: string }> = [];
  for (const char of text) {
    const neutral = /[\s\d.,:;·—–\-()<>%+/]/.test(char);
    const last = runs.at(-1);
    const family = neutral && last ? last.family : familyOf(char);
    if (last && last.family === family) last.text += char;
    else runs.push({ family, text: char });
  }
  return runs.map((run) => `<tspan font-family="${run.family}">${escapeHtml(run.text)}</tspan>`).join("");
}

interface TextOptions {
  x: number;
  y: number;
  size: number;
  anchor?: "start" | "middle" | "end";
  color?: string;
  bold?: boolean;
}

function text(content: string, options: TextOptions): string {
  const weight = options.bold ? ' font-weight="700"' : "";
  return `<text x="${options.x}" y="${options.y}" font-size="${options.size}" text-anchor="${options.anchor ?? "start"}" fill="${options.color ?? COLORS.ink}"${weight}>${textRuns(content)}</text>`;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
function niceMax(value: number): number {
  if (value <= SMALL) return SMALL * 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

interface Bucket {
  start: string;
  /** The views that may be shown (film-days under 5 left out). */
  count: number;
  /** Whether some film-day in the bucket is hidden. */
  partial: boolean;
}

/**
 * Film views per day (or per week, for long periods), every day of the period present. Only the
 * film-days the CSV shows are added up: a bar drawn from exact sums, next to the CSV's visible
 * rows, would give the hidden ones away.
 */
export function viewBuckets(report: Report): { buckets: Bucket[]; weekly: boolean } {
  const views = new Map<string, { count: number; partial: boolean }>();
  for (const item of report.sections.find((section) => section.id === "films")?.items ?? [])
    for (const [day, count] of item.daily) {
      const sum = views.get(day) ?? { count: 0, partial: false };
      if (isVisible(count)) sum.count += count;
      else sum.partial = true;
      views.set(day, sum);
    }
  const days = daysOf(report);
  const weekly = days.length > MAX_DAILY_BARS;
  const buckets: Bucket[] = [];
  for (const [index, day] of days.entries()) {
    const { count, partial } = views.get(day) ?? { count: 0, partial: false };
    const newWeek = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    const last = buckets.at(-1);
    if (weekly && last && !newWeek && index > 0) {
      last.count += count;
      last.partial ||= partial;
    } else buckets.push({ start: day, count, partial });
  }
  return { buckets, weekly };
}

function viewsPanel(t: Translate, lang: Lang, report: Report, top: number, height: number): string {
  const { buckets, weekly } = viewBuckets(report);
  const left = 110;
  const right = CHART_WIDTH - 50;
  const bottom = top + height - 60;
  const plotTop = top + 70;
  const parts = [
    text(t(weekly ? "reach:chart.viewsWeekly" : "reach:chart.viewsDaily"), {
      x: 50,
      y: top + 30,
      size: 36,
      bold: true,
    }),
  ];
  const visible = buckets.filter((bucket) => bucket.count >= SMALL).map((bucket) => bucket.count);
  const max = niceMax(Math.max(0, ...visible));
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - (bottom - plotTop) * fraction;
    parts.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${COLORS.grid}" stroke-width="2"/>`);
    parts.push(
      text(String(Math.round(max * fraction)), {
        x: left - 14,
        y: y + 9,
        size: 26,
        anchor: "end",
        color: COLORS.muted,
      }),
    );
  }
  const slot = (right - left) / Math.max(1, buckets.length);
  const width = Math.max(1, slot * 0.75);
  buckets.forEach((bucket, index) => {
    const x = left + index * slot + (slot - width) / 2;
    if (bucket.count === 0 && !bucket.partial) return;
    // A small figure is never drawn to scale: a grey stub of fixed height says only "under 5".
    const hidden = bucket.count < SMALL;
    const barHeight = hidden ? 10 : ((bottom - plotTop) * bucket.count) / max;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${(bottom - barHeight).toFixed(1)}" width="${width.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${hidden ? COLORS.hidden : COLORS.bar}"/>`,
    );
  });
  // Weekly bars span months or years: the axis says the month and year instead of the day.
  const format = new Intl.DateTimeFormat(
    lang,
    weekly ? { month: "short", year: "numeric", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" },
  );
  const ticks = Math.min(5, buckets.length);
  for (let tick = 0; tick < ticks; tick++) {
    const index = ticks === 1 ? 0 : Math.round((tick * (buckets.length - 1)) / (ticks - 1));
    const bucket = buckets[index];
    if (!bucket) continue;
    const x = left + index * slot + slot / 2;
    const anchor = tick === 0 ? "start" : tick === ticks - 1 ? "end" : "middle";
    const label = format.format(new Date(`${bucket.start}T00:00:00Z`));
    parts.push(
      text(label, {
        x: anchor === "start" ? x - slot / 2 : anchor === "end" ? x + slot / 2 : x,
        y: bottom + 40,
        size: 26,
        anchor,
        color: COLORS.muted,
      }),
    );
  }
  if (visible.length === 0 && buckets.every((bucket) => bucket.count === 0))
    parts.push(
      text(t("reach:chart.empty"), {
        x: CHART_WIDTH / 2,
        y: (plotTop + bottom) / 2,
        size: 30,
        anchor: "middle",
        color: COLORS.muted,
      }),
    );
  return parts.join("\n");
}

function sourcesPanel(t: Translate, labels: Labels, report: Report, top: number, height: number): string {
  const section = report.sections.find((candidate) => candidate.id === "sources");
  const items = (section?.items ?? []).slice(0, SOURCE_BARS);
  const parts = [text(t("reach:chart.sources"), { x: 50, y: top + 30, size: 36, bold: true })];
  if (items.length === 0) {
    parts.push(
      text(t("reach:chart.empty"), {
        x: CHART_WIDTH / 2,
        y: top + height / 2,
        size: 30,
        anchor: "middle",
        color: COLORS.muted,
      }),
    );
    return parts.join("\n");
  }
  const labelRight = 400;
  const barLeft = 420;
  const barRight = CHART_WIDTH - 140;
  const rowHeight = Math.min(60, (height - 80) / items.length);
  // Bars are drawn from what may be shown: the visible days of each source (see shownTotal).
  const lengthOf = (item: ReportItem) => visiblePart([item]).visible;
  const max = Math.max(SMALL, ...items.map(lengthOf));
  items.forEach((item, index) => {
    const y = top + 70 + index * rowHeight;
    const label = labels.item("sources", item);
    const short = label.length > 22 ? `${label.slice(0, 21)}…` : label;
    parts.push(text(short, { x: labelRight, y: y + rowHeight / 2 + 9, size: 28, anchor: "end" }));
    const hidden = lengthOf(item) < SMALL;
    const width = hidden ? 10 : ((barRight - barLeft) * lengthOf(item)) / max;
    parts.push(
      `<rect x="${barLeft}" y="${(y + rowHeight * 0.15).toFixed(1)}" width="${width.toFixed(1)}" height="${(rowHeight * 0.7).toFixed(1)}" fill="${hidden ? COLORS.hidden : COLORS.bar}"/>`,
    );
    parts.push(
      text(shownTotal([item]), { x: barLeft + width + 12, y: y + rowHeight / 2 + 9, size: 28, color: COLORS.muted }),
    );
  });
  return parts.join("\n");
}

/** The chart as SVG: film views over time, then opens by source tag; figures under 5 are grey stubs. */
export function chartSvg(t: Translate, lang: Lang, labels: Labels, report: Report, heading: string): string {
  const body = [
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${COLORS.bg}"/>`,
    text(heading, { x: 50, y: 70, size: 40, bold: true }),
    viewsPanel(t, lang, report, 110, 640),
    sourcesPanel(t, labels, report, 780, 480),
    `<rect x="50" y="${CHART_HEIGHT - 62}" width="28" height="20" fill="${COLORS.hidden}"/>`,
    text(t("reach:chart.hidden", { small: SMALL }), { x: 90, y: CHART_HEIGHT - 44, size: 26, color: COLORS.muted }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="Noto Sans">\n${body.join("\n")}\n</svg>`;
}

type ResvgModule = typeof import("@resvg/resvg-js");
let resvgModule: ResvgModule | undefined;

/**
 * SVG to PNG with the shipped fonts only. The renderer, a native library of a few MB that most
 * starts never need, is loaded at the first chart.
 */
export function renderPng(svg: string): Buffer {
  resvgModule ??= require("@resvg/resvg-js") as ResvgModule;
  const resvg = new resvgModule.Resvg(svg, {
    font: { fontFiles: CHART_FONTS, loadSystemFonts: false, defaultFontFamily: "Noto Sans" },
    fitTo: { mode: "original" },
  });
  return resvg.render().asPng();
}
