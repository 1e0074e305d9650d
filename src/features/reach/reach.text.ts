import type { Lang, Translate } from "../../bot/i18n.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { formatDate } from "../../bot/ui/dates.js";
import type { Labels } from "./reach.labels.js";
import {
  HIDDEN,
  medianBucket,
  type Report,
  type ReportSection,
  SMALL,
  sectionItems,
  shownTotal,
  visiblePart,
} from "./reach.report.js";
import { SECTIONS } from "./reach.sections.js";

/** Items listed per section; the rest are summed on one line. */
export const TOP_ITEMS = 10;

/** A month as the operator reads it, e.g. "November 2026". */
export function monthName(lang: Lang, month: string): string {
  return new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

export function periodName(t: Translate, lang: Lang, report: Pick<Report, "period">): string {
  const { period } = report;
  if (period.kind === "month" && period.month) return monthName(lang, period.month);
  return t(`reach:periods.${period.kind}`);
}

/** "up to 15 min", "up to 4 h", "more than 72 h". */
function duration(t: Translate, kind: "within" | "more", minutes: number): string {
  return minutes >= 60 && minutes % 60 === 0
    ? t(`reach:median.${kind}Hours`, { hours: minutes / 60 })
    : t(`reach:median.${kind}`, { minutes });
}

function line(label: string, value: string): string {
  return `${escapeHtml(label)} — <b>${escapeHtml(value)}</b>`;
}

/** Net change of subscriptions, only when both of its figures may be shown exactly. */
function net(section: ReportSection): string {
  const part = (metric: string) => visiblePart(section.items.filter((item) => item.metric === metric));
  const joined = part("subscription.joined");
  const left = part("subscription.left");
  if (joined.hidden || left.hidden || joined.total < SMALL || left.total < SMALL) return "—";
  const value = joined.total - left.total;
  return value > 0 ? `+${value}` : String(value);
}

function sectionLines(t: Translate, labels: Labels, report: Report, section: ReportSection): string[] {
  const heading = `<b>${escapeHtml(labels.section(section.id))}</b>`;
  if (!section.exists) return [`${heading}\n${t("reach:notCounted")}`];
  const breakdown = SECTIONS.find((spec) => spec.id === section.id)?.parts.some((part) => part.by?.length) ?? false;
  if (!breakdown) {
    const rows = section.items.map((item) => line(labels.item(section.id, item), shownTotal([item])));
    if (section.id === "subscriptions") rows.push(line(t("reach:metrics.net"), net(section)));
    if (section.id === "peer") {
      const median = medianBucket(report.firstAnswers);
      // Above the last bucket: "more than" the largest bound seen.
      const largest = Math.max(0, ...report.firstAnswers.map((row) => row.within).filter(Number.isFinite));
      const value =
        median === undefined
          ? "—"
          : median === Number.POSITIVE_INFINITY
            ? duration(t, "more", largest)
            : duration(t, "within", median);
      rows.push(line(t("reach:metrics.median"), value));
    }
    return [`${heading}\n${rows.join("\n")}`];
  }
  if (section.items.length === 0) return [`${heading} — <b>0</b>`];
  const total = section.id === "helpful" ? undefined : shownTotal(sectionItems(section));
  const rows = section.items.slice(0, TOP_ITEMS).map((item) => line(labels.item(section.id, item), shownTotal([item])));
  const rest = section.items.slice(TOP_ITEMS);
  if (rest.length > 0) rows.push(line(t("reach:more", { count: rest.length }), shownTotal(rest)));
  return [`${heading}${total === undefined ? "" : ` — <b>${total}</b>`}\n${rows.join("\n")}`];
}

/**
 * The report as HTML: the period, then each section with its total and its largest items. Every
 * figure under 5 — an item's or a total — is "<5".
 */
export function reportText(t: Translate, lang: Lang, labels: Labels, report: Report): string {
  const head = t("reach:title", {
    period: periodName(t, lang, report),
    from: formatDate(lang, report.from),
    to: formatDate(lang, report.period.to),
  });
  const parts = [head, ...report.sections.flatMap((section) => sectionLines(t, labels, report, section))];
  parts.push(`<i>${t("reach:hiddenNote", { hidden: HIDDEN, small: SMALL })} ${t("reach:hiddenPlus")}</i>`);
  return parts.join("\n\n");
}
