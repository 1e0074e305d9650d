import { InlineKeyboard } from "grammy";
import type { Lang, Translate } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { MENU_DATA } from "../../bot/ui/menu.js";
import type { CatalogVideo } from "./videos.catalog.js";
import { videoTitle } from "./videos.render.js";

/**
 * `vid:l[:<page>]` the list in place of the pressed screen, `vid:ln[:<page>]` the list as a new
 * message (under a film, which must stay) · `vid:ql:<page>`, `vid:gl:<page>:<lang>` a page of the
 * QR and group lists · `vid:w:<slug>` watch, `vid:u:<slug>` watch from a "not available yet"
 * screen (which another such screen may replace) · `vid:q:<slug>` a QR code of the film's link ·
 * `vid:g:<slug>:<lang>` post the film into the group the list is in (the language is the list's,
 * so whoever presses, the group gets one language and nobody's is revealed).
 */
export const videosCodec = callbackCodec("vid");
/** The operator's "which film is this file for?" flow (see videos-attach.conversation.ts). */
export const attachCodec = callbackCodec("vat");
/** The operator's QR code flow (see videos-qr.conversation.ts). */
export const qrCodec = callbackCodec("vqr");

export const LIST_DATA = videosCodec.encode("l");

/** Telegram limits an inline query (and so a switch_inline_query button's text) to 256 characters. */
const INLINE_QUERY_MAX = 256;

/** The inline query a film's Share button opens: its title, which finds it first. */
export function shareQuery(video: CatalogVideo, lang: Lang): string {
  return videoTitle(video, lang).slice(0, INLINE_QUERY_MAX);
}

/** `https://t.me/<bot>?start=<payload>`, or the bare bot link for an empty payload. */
export function botLink(username: string, payload = ""): string {
  return payload ? `https://t.me/${username}?start=${payload}` : `https://t.me/${username}`;
}

/** Films per page of a list: a longer list pages, so that it fits a phone's screen. */
export const PAGE_SIZE = 8;

/** The page (0-based) a film at this index is on. */
export function pageOf(index: number): number {
  return Math.max(0, Math.floor(index / PAGE_SIZE));
}

/** A page number from callback data, kept within the list (a list may have shrunk since). */
export function pageFrom(value: string | undefined, total: number): number {
  const page = Number.parseInt(value ?? "0", 10);
  const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  return Number.isSafeInteger(page) ? Math.min(Math.max(page, 0), last) : 0;
}

/**
 * One page of films, a button each (`button` gives its label and data), then — when the list is
 * longer than a page — ◀ · page n / m · ▶, whose data `pageData` makes.
 */
export function pagedFilms<T>(
  keyboard: InlineKeyboard,
  t: Translate,
  videos: readonly T[],
  page: number,
  button: (video: T, index: number) => [label: string, data: string],
  pageData: (page: number) => string,
): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(videos.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const start = current * PAGE_SIZE;
  videos.slice(start, start + PAGE_SIZE).forEach((video, offset) => {
    const [label, data] = button(video, start + offset);
    keyboard.text(label, data).row();
  });
  if (pages > 1) {
    if (current > 0) keyboard.text(t("videos:nav.previous"), pageData(current - 1));
    keyboard.text(t("films:page", { n: current + 1, total: pages }), pageData(current));
    if (current < pages - 1) keyboard.text(t("videos:nav.next"), pageData(current + 1));
    keyboard.row();
  }
  return keyboard;
}

const item = (t: Translate, video: CatalogVideo, index: number, lang: Lang) =>
  t("videos:list.item", { n: index + 1, title: videoTitle(video, lang) });

/** The film list in a private chat: one film per row, pages, then the way back to the menu. */
export function listKeyboard(t: Translate, videos: readonly CatalogVideo[], lang: Lang, page = 0): InlineKeyboard {
  return pagedFilms(
    new InlineKeyboard(),
    t,
    videos,
    page,
    (video, index) => [item(t, video, index, lang), videosCodec.encode("w", video.slug)],
    (p) => videosCodec.encode("l", p),
  ).text(t("common:menu.back"), MENU_DATA);
}

/** The film list for a QR code (people): choosing a film sends its code. */
export function qrListKeyboard(t: Translate, videos: readonly CatalogVideo[], lang: Lang, page = 0): InlineKeyboard {
  return pagedFilms(
    new InlineKeyboard(),
    t,
    videos,
    page,
    (video, index) => [item(t, video, index, lang), videosCodec.encode("q", video.slug)],
    (p) => videosCodec.encode("ql", p),
  ).text(t("common:menu.back"), MENU_DATA);
}

export interface Neighbours {
  index: number;
  total: number;
  previous?: string;
  next?: string;
}

/**
 * previous · n/total (the list) · next. Under a film the buttons never replace it (`w`, `ln`);
 * under a "not available yet" screen they may (`u`, `l`), so browsing past missing films does
 * not pile up messages.
 */
function navigationRow(t: Translate, keyboard: InlineKeyboard, around: Neighbours, under: "film" | "screen"): void {
  const watch = under === "film" ? "w" : "u";
  if (around.previous) keyboard.text(t("videos:nav.previous"), videosCodec.encode(watch, around.previous));
  const page = pageOf(around.index);
  keyboard.text(
    t("videos:nav.position", { n: around.index + 1, total: around.total }),
    videosCodec.encode(under === "film" ? "ln" : "l", page),
  );
  if (around.next) keyboard.text(t("videos:nav.next"), videosCodec.encode(watch, around.next));
  keyboard.row();
}

/** Under a film in a private chat: previous · n/total (the list) · next, share · QR, menu. */
export function videoKeyboard(t: Translate, video: CatalogVideo, lang: Lang, around: Neighbours): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  navigationRow(t, keyboard, around, "film");
  return keyboard
    .switchInline(t("videos:nav.share"), shareQuery(video, lang))
    .text(t("videos:nav.qr"), videosCodec.encode("q", video.slug))
    .row()
    .text(t("common:menu.back"), MENU_DATA);
}

/** Under "this film isn't available yet": the same way around, without share. */
export function unavailableKeyboard(t: Translate, around: Neighbours): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  navigationRow(t, keyboard, around, "screen");
  return keyboard.text(t("common:menu.back"), MENU_DATA);
}

/** The list posted into a group: anyone may choose; the film is posted in the list's language. */
export function groupListKeyboard(t: Translate, videos: readonly CatalogVideo[], lang: Lang, page = 0): InlineKeyboard {
  return pagedFilms(
    new InlineKeyboard(),
    t,
    videos,
    page,
    (video, index) => [item(t, video, index, lang), videosCodec.encode("g", video.slug, lang)],
    (p) => videosCodec.encode("gl", p, lang),
  );
}

/** Under a film posted into a group or through inline mode: share on, and the way to the bot. */
export function publicVideoKeyboard(
  t: Translate,
  video: CatalogVideo,
  lang: Lang,
  moreFilmsLink: string,
): InlineKeyboard {
  return new InlineKeyboard()
    .switchInline(t("videos:nav.share"), shareQuery(video, lang))
    .url(t("videos:nav.moreFilms"), moreFilmsLink);
}
