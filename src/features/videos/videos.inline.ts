import type { InlineQueryResult, InlineQueryResultsButton } from "grammy/types";
import type { Lang, Translate } from "../../bot/i18n.js";
import { formatStartPayload } from "../../bot/ui/deep-link.js";
import { type CatalogVideo, textIn } from "./videos.catalog.js";
import { botLink, publicVideoKeyboard, shareQuery } from "./videos.keyboards.js";
import { shortDescription, videoCaption, videoTitle } from "./videos.render.js";
import type { Playable, VideoLibrary } from "./videos.service.js";

/** Telegram shows at most 50 results per answer; more come through next_offset. */
export const INLINE_PAGE_SIZE = 50;
/**
 * Results are cheap to compute and change when an operator attaches a file, so Telegram may
 * cache them for a minute only. Personal, because they are in the asker's language.
 */
export const INLINE_CACHE_SECONDS = 60;
/** Source tag of deep links in messages posted through inline mode. */
export const INLINE_SOURCE = "inline";

/** Lowercase, without accents or punctuation, ё as е: what search compares. */
export function normalize(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ё/g, "е");
}

function words(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A film's words per language, normalized once per catalog entry (entries are replaced on change). */
const wordCache = new WeakMap<CatalogVideo, Map<Lang, { title: string[]; rest: string[] }>>();

function searchable(video: CatalogVideo, lang: Lang): { title: string[]; rest: string[] } {
  let byLang = wordCache.get(video);
  if (!byLang) {
    byLang = new Map();
    wordCache.set(video, byLang);
  }
  let entry = byLang.get(lang);
  if (!entry) {
    entry = {
      title: words(videoTitle(video, lang)),
      rest: words(
        [
          textIn(video.description, lang),
          video.speaker ? textIn(video.speaker.name, lang) : "",
          video.speaker?.place ? textIn(video.speaker.place, lang) : "",
        ].join(" "),
      ),
    };
    byLang.set(lang, entry);
  }
  return entry;
}

/**
 * Films matching a query in one language: every word of the query must start a word of the
 * title, description or speaker; title matches rank first, then catalog order. An empty query
 * lists everything. A film's slug also finds it.
 */
export function searchVideos(videos: readonly CatalogVideo[], lang: Lang, query: string): CatalogVideo[] {
  const wanted = words(query);
  if (wanted.length === 0) return [...videos];
  const normalizedQuery = wanted.join(" ");
  const scored: Array<{ video: CatalogVideo; score: number; order: number }> = [];
  videos.forEach((video, order) => {
    const { title, rest } = searchable(video, lang);
    let score = 0;
    for (const word of wanted) {
      if (title.some((w) => w.startsWith(word))) score += 3;
      else if (rest.some((w) => w.startsWith(word))) score += 1;
      else {
        score = -1;
        break;
      }
    }
    if (normalize(query.trim()) === video.slug) score = Math.max(score, 0) + 100;
    if (title.join(" ") === normalizedQuery) score += 50;
    if (score > 0) scored.push({ video, score, order });
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((entry) => entry.video);
}

export interface InlineAnswer {
  results: InlineQueryResult[];
  nextOffset: string;
  button: InlineQueryResultsButton;
  /** How many films matched (before paging), for the counters. */
  matched: number;
}

export interface InlineAnswerInput {
  library: VideoLibrary;
  t: Translate;
  lang: Lang;
  query: string;
  offset: string;
  botUsername: string;
}

/**
 * The answer to an inline query: a cached video where Telegram already has the file, else an
 * article that posts the caption with a link (to the film's URL, or to the film in the bot).
 * Films that cannot be played at all are left out — nobody should post an empty promise.
 */
export function inlineAnswer(input: InlineAnswerInput): InlineAnswer {
  const { library, t, lang, botUsername } = input;
  // How each film plays is looked up once per answer (a local file means a stat call).
  const plays = new Map<string, Playable>();
  const playable = library.entries().filter((video) => {
    const play = library.playable(video);
    plays.set(video.slug, play);
    return play.kind !== "none";
  });
  const matches = searchVideos(playable, lang, input.query);
  const start = Math.max(0, Number.parseInt(input.offset, 10) || 0);
  const page = matches.slice(start, start + INLINE_PAGE_SIZE);
  const moreFilms = botLink(botUsername, formatStartPayload("videos", "", INLINE_SOURCE));
  const results = page.map((video): InlineQueryResult => {
    const id = `v.${video.slug}`;
    const title = videoTitle(video, lang);
    const caption = videoCaption(t, video, lang, botUsername);
    const description = shortDescription(video, lang);
    const reply_markup = publicVideoKeyboard(t, video, lang, moreFilms);
    const play = plays.get(video.slug);
    if (play?.kind === "file" && play.fileKind === "video") {
      return {
        type: "video",
        id,
        video_file_id: play.fileId,
        title,
        description,
        caption,
        parse_mode: "HTML",
        reply_markup,
      };
    }
    const url =
      play?.kind === "url" ? play.url : botLink(botUsername, formatStartPayload("video", video.slug, INLINE_SOURCE));
    const link = play?.kind === "url" ? t("videos:caption.link", { url }) : t("videos:caption.watchInBot", { url });
    return {
      type: "article",
      id,
      title,
      description,
      url,
      input_message_content: {
        message_text: `${caption}\n\n${link}`,
        parse_mode: "HTML",
        link_preview_options: play?.kind === "url" ? { url, prefer_large_media: true } : { is_disabled: true },
      },
      reply_markup,
    };
  });
  return {
    results,
    nextOffset: start + INLINE_PAGE_SIZE < matches.length ? String(start + INLINE_PAGE_SIZE) : "",
    button: { text: t("videos:inline.button"), start_parameter: formatStartPayload("videos", "", INLINE_SOURCE) },
    matched: matches.length,
  };
}

/** The film whose Share button produced this query (its exact title), if any. */
export function sharedFromButton(videos: readonly CatalogVideo[], lang: Lang, query: string): CatalogVideo | undefined {
  return query ? videos.find((video) => shareQuery(video, lang) === query) : undefined;
}
