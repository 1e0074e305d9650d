import type { Lang } from "../i18n.js";

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "28 November 2026" in the person's language (dates in content are calendar dates, so UTC). */
export function formatDate(lang: Lang, isoDate: string): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(lang, format);
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`));
}
