import type { Lang, Translate } from "../../bot/i18n.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { CAPTION_LIMIT, truncateHtml } from "../../bot/telegram/telegram-text.js";
import { type CatalogVideo, textIn } from "./videos.catalog.js";

/** Telegram usernames are at most 32 characters; captions are checked against the longest. */
export const LONGEST_USERNAME = "x".repeat(32);

/** `4:05`, or `1:02:03` from an hour on. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function videoTitle(video: CatalogVideo, lang: Lang): string {
  return textIn(video.title, lang);
}

/** The caption before any shortening: title, speaker (with consent), description, length, footer. */
export function fullCaption(t: Translate, video: CatalogVideo, lang: Lang, botUsername: string): string {
  const head = [t("videos:caption.title", { title: videoTitle(video, lang) })];
  if (video.speaker) {
    const name = textIn(video.speaker.name, lang);
    const place = video.speaker.place ? textIn(video.speaker.place, lang) : "";
    head.push(place ? t("videos:caption.speakerPlace", { name, place }) : t("videos:caption.speaker", { name }));
  }
  const blocks = [head.join("\n")];
  const description = textIn(video.description, lang);
  if (description) blocks.push(escapeHtml(description));
  const tail = [];
  if (video.duration) tail.push(t("videos:caption.duration", { duration: formatDuration(video.duration) }));
  tail.push(t("videos:caption.footer", { bot: botUsername }));
  blocks.push(tail.join("\n"));
  return blocks.join("\n\n");
}

/**
 * The caption under a video, in Telegram HTML, within 1024 characters after parsing. The content
 * file is checked at start-up so that nothing is cut; shortening here is only the last guard
 * (e.g. for a film an operator added with a long description).
 */
export function videoCaption(t: Translate, video: CatalogVideo, lang: Lang, botUsername: string): string {
  // Captions are rendered for every send and every inline result; a film's texts only change by
  // replacing the catalog entry (a new object), so they are remembered per entry.
  let byLang = captions.get(video);
  if (!byLang) {
    byLang = new Map();
    captions.set(video, byLang);
  }
  const key = `${lang}|${botUsername}`;
  let caption = byLang.get(key);
  if (caption === undefined) {
    caption = truncateHtml(fullCaption(t, video, lang, botUsername), CAPTION_LIMIT);
    byLang.set(key, caption);
  }
  return caption;
}

const captions = new WeakMap<CatalogVideo, Map<string, string>>();

/** A one-line plain-text summary for inline results (Telegram shows about two lines). */
export function shortDescription(video: CatalogVideo, lang: Lang, max = 120): string {
  const text = textIn(video.description, lang).replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
