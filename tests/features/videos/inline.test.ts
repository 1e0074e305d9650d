import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { InlineQueryResult } from "grammy/types";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createI18n, LANGUAGES, type Lang } from "../../../src/bot/i18n.js";
import { visibleLength } from "../../../src/bot/telegram/html.js";
import { CAPTION_LIMIT } from "../../../src/bot/telegram/telegram-text.js";
import { CALLBACK_DATA_MAX_BYTES } from "../../../src/bot/ui/callback-data.js";
import { openDatabase } from "../../../src/db/client.js";
import { type CatalogVideo, loadCatalog } from "../../../src/features/videos/videos.catalog.js";
import { inlineAnswer, normalize, searchVideos, sharedFromButton } from "../../../src/features/videos/videos.inline.js";
import {
  groupListKeyboard,
  listKeyboard,
  shareQuery,
  videoKeyboard,
  videosCodec,
} from "../../../src/features/videos/videos.keyboards.js";
import { formatDuration, fullCaption, videoCaption } from "../../../src/features/videos/videos.render.js";
import { createVideosRepo } from "../../../src/features/videos/videos.repo.js";
import { createVideoLibrary } from "../../../src/features/videos/videos.service.js";
import { SAMPLE_FILE_ID, writeFixtureCatalog } from "./fixtures.js";

const i18n = createI18n();
const BOT = "people_by_right_bot";

function library(extraFilms = 0) {
  const dir = mkdtempSync(path.join(tmpdir(), "pbr-inline-"));
  const fixture = writeFixtureCatalog(dir);
  const handle = openDatabase(":memory:");
  const lib = createVideoLibrary({
    content: loadCatalog(fixture.path),
    repo: createVideosRepo(handle.db),
    clock: () => 1,
    logger: pino({ level: "silent" }),
  });
  for (let i = 0; i < extraFilms; i++) {
    lib.addFilm({
      lang: "en",
      title: `Extra film ${i}`,
      description: "",
      fileId: `${SAMPLE_FILE_ID}x${i}`,
      kind: "video",
    });
  }
  return lib;
}

/** Checks a result the way the Bot API would refuse it. */
function expectValidResult(result: InlineQueryResult): void {
  expect(Buffer.byteLength(result.id, "utf8")).toBeGreaterThanOrEqual(1);
  expect(Buffer.byteLength(result.id, "utf8")).toBeLessThanOrEqual(64);
  if (result.type === "video" && "video_file_id" in result) {
    expect(result.title).toBeTruthy();
    expect(visibleLength(result.caption ?? "")).toBeLessThanOrEqual(CAPTION_LIMIT);
  } else if (result.type === "article") {
    expect(result.title).toBeTruthy();
    const content = result.input_message_content as { message_text: string };
    expect(visibleLength(content.message_text)).toBeGreaterThan(0);
    expect(visibleLength(content.message_text)).toBeLessThanOrEqual(4096);
  } else {
    throw new Error(`unexpected result type ${result.type}`);
  }
}

describe("search", () => {
  const videos = loadCatalog();
  const slugs = (lang: Lang, query: string) => searchVideos(videos, lang, query).map((v) => v.slug);

  it("lists everything for an empty query, in catalog order", () => {
    expect(slugs("ru", "  ")).toEqual(videos.map((v) => v.slug));
  });

  it("finds by word starts in the title and description of the asker's language only", () => {
    expect(slugs("ru", "тюрьм")).toEqual(["prison", "family"]);
    expect(slugs("ru", "тюрьм судимость")).toEqual(["prison"]);
    expect(slugs("ru", "семья")[0]).toBe("family");
    expect(slugs("uk", "родина")[0]).toBe("family");
    expect(slugs("ka", "ოჯახი")[0]).toBe("family");
    expect(slugs("en", "family")[0]).toBe("family");
    expect(slugs("en", "семья")).toEqual([]);
    expect(slugs("ka", "qwertyuiop")).toEqual([]);
  });

  it("ranks title matches first and ignores case, ё/е and punctuation", () => {
    expect(slugs("ru", "ТУБЕРКУЛЕЗ")[0]).toBe("hepatitis-tb");
    expect(slugs("en", "hiv!")[0]).toBe("hiv");
    expect(normalize("Ёлка Її")).toBe("елка іі");
  });

  it("the Share button's query finds its own film first, in every language", () => {
    for (const lang of LANGUAGES) {
      for (const video of videos) {
        expect(slugs(lang, shareQuery(video, lang))[0], `${video.slug} ${lang}`).toBe(video.slug);
        expect(sharedFromButton(videos, lang, shareQuery(video, lang))?.slug).toBe(video.slug);
      }
    }
    expect(sharedFromButton(videos, "en", "")).toBeUndefined();
  });
});

describe("inline answers", () => {
  it("use cached videos where Telegram has the file, articles otherwise, and leave out what cannot play", () => {
    const lib = library();
    for (const lang of LANGUAGES) {
      const answer = inlineAnswer({
        library: lib,
        t: i18n.fixedT(lang),
        lang,
        query: "",
        offset: "",
        botUsername: BOT,
      });
      const byId = Object.fromEntries(answer.results.map((r) => [r.id, r]));
      expect(Object.keys(byId)).toEqual(["v.prison", "v.hiv", "v.hepatitis-tb", "v.family", "v.reform"]);
      expect(byId["v.hiv"]).toMatchObject({ type: "video", video_file_id: SAMPLE_FILE_ID, parse_mode: "HTML" });
      expect(byId["v.reform"]).toMatchObject({ type: "video" });
      const article = byId["v.prison"] as { type: string; input_message_content: { message_text: string } };
      expect(article.type).toBe("article");
      expect(article.input_message_content.message_text).toContain(`https://t.me/${BOT}?start=video-prison__inline`);
      const link = byId["v.hepatitis-tb"] as { url: string; input_message_content: { link_preview_options: object } };
      expect(link.url).toBe("https://films.example.org/hepatitis-tb");
      expect(link.input_message_content.link_preview_options).toMatchObject({
        url: "https://films.example.org/hepatitis-tb",
      });
      for (const result of answer.results) expectValidResult(result);
      expect(answer.button.start_parameter).toBe("videos__inline");
      expect(answer.nextOffset).toBe("");
    }
  });

  it("page by 50 with next_offset, ids unique", () => {
    const lib = library(60);
    const t = i18n.fixedT("en");
    const first = inlineAnswer({ library: lib, t, lang: "en", query: "", offset: "", botUsername: BOT });
    expect(first.results).toHaveLength(50);
    expect(first.nextOffset).toBe("50");
    const second = inlineAnswer({ library: lib, t, lang: "en", query: "", offset: first.nextOffset, botUsername: BOT });
    expect(second.results).toHaveLength(15);
    expect(second.nextOffset).toBe("");
    const ids = [...first.results, ...second.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(65);
  });
});

describe("captions and keyboards", () => {
  it("caption: title, consented speaker with place, description, length and the bot", () => {
    const lib = library();
    const reform = lib.find("reform") as CatalogVideo;
    expect(videoCaption(i18n.fixedT("en"), reform, "en", BOT)).toBe(
      `<b>People by Right: what must change</b>\n<i>Test Speaker, Batumi, Georgia</i>\n\n${reform.description.en}\n\n⏱ 4:05\nPeople by Right · @${BOT}`,
    );
    expect(formatDuration(3723)).toBe("1:02:03");
  });

  it("escapes what operators write, so a title can't break the message", () => {
    const lib = library();
    const film = lib.addFilm({
      lang: "en",
      title: "A <b> & B",
      description: "x < y",
      fileId: SAMPLE_FILE_ID,
      kind: "video",
    });
    const caption = fullCaption(i18n.fixedT("en"), film, "en", BOT);
    expect(caption).toContain("<b>A &lt;b&gt; &amp; B</b>");
    expect(caption).toContain("x &lt; y");
  });

  it("cuts an over-long caption to 1024 characters as a last guard", () => {
    const lib = library();
    const film = lib.addFilm({
      lang: "ka",
      title: "ფ".repeat(100),
      description: "ა ".repeat(600),
      fileId: SAMPLE_FILE_ID,
      kind: "video",
    });
    const caption = videoCaption(i18n.fixedT("ka"), film, "ka", BOT);
    expect(visibleLength(caption)).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(caption.endsWith("…")).toBe(true);
  });

  it("all callback data fits 64 bytes, even for the longest slugs, and previous/next stop at both ends", () => {
    const lib = library();
    const longest = "a".repeat(24);
    expect(Buffer.byteLength(videosCodec.encode("g", longest, "ka"))).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    for (const lang of LANGUAGES) {
      const t = i18n.fixedT(lang);
      const keyboards = [listKeyboard(t, lib.entries(), lang), groupListKeyboard(t, lib.entries(), lang)];
      for (const video of lib.entries()) keyboards.push(videoKeyboard(t, video, lang, lib.neighbours(video.slug)));
      for (const keyboard of keyboards) {
        for (const button of keyboard.inline_keyboard.flat()) {
          if ("callback_data" in button) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
        }
      }
      const data = (slug: string) =>
        videoKeyboard(t, lib.find(slug) as CatalogVideo, lang, lib.neighbours(slug)).inline_keyboard[0]?.map((b) =>
          "callback_data" in b ? b.callback_data : "",
        );
      expect(data("prison")).toEqual(["vid:ln:0", "vid:w:hiv"]);
      expect(data("family")).toEqual(["vid:w:treatment", "vid:ln:0", "vid:w:work"]);
      expect(data("reform")).toEqual(["vid:w:work", "vid:ln:0"]);
    }
  });
});
