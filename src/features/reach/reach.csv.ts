import { type Report, shown } from "./reach.report.js";

export const CSV_HEADER = ["date", "section", "item", "count"] as const;

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** An item's name in the CSV: its breakdown values joined with "/", or the counter's label. */
function itemName(label: string, dims: Record<string, string | null>): string {
  const values = Object.values(dims);
  return values.length > 0 ? values.map((value) => value ?? "").join("/") : label;
}

/**
 * The daily rows of the report for spreadsheets: one row per day, section and item that has a
 * count, oldest day first; a count under 5 is "<5" (the same rule as the text and the chart).
 */
export function reportCsv(report: Report): string {
  const rows: string[][] = [];
  for (const section of report.sections) {
    for (const item of section.items) {
      const name = itemName(item.label, item.dims);
      for (const [day, count] of item.daily) rows.push([day, section.id, name, shown(count)]);
    }
  }
  // Stable: within a day, rows keep the sections' order. Days are ASCII, so < compares them.
  rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
  return `${[[...CSV_HEADER], ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
