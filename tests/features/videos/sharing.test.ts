import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES, type Lang } from "../../../src/bot/i18n.js";
import { INLINE_CACHE_SECONDS } from "../../../src/features/videos/videos.inline.js";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { stopAll } from "../../support/app-harness.js";
import type { JsonObject } from "../../support/fake-bot-api/wire-types.js";
import { personId, startVideosApp, tr, type VideosApp } from "./e2e.js";

let app: VideosApp;
beforeAll(async () => {
  app = await startVideosApp();
});
afterAll(stopAll);

const PLAYABLE = ["v.prison", "v.hiv", "v.hepatitis-tb", "v.family", "v.reform"];
const results = (answer: Record<string, unknown>) => answer.results as JsonObject[];
const title = (slug: string, lang: Lang) => videoTitle(app.catalog.find((v) => v.slug === slug) as never, lang);

/** A word of a film's title in a language, long enough to be specific. */
function wordOf(slug: string, lang: Lang): string {
  const words = title(slug, lang)
    // An apostrophe is part of a word (Belarusian «Сям’я», Uzbek «oʻ»).
    .split(/[^\p{L}’'ʼʻ]+/u)
    .filter((w) => w.length >= 4);
  return words[0] as string;
}

describe("inline mode", () => {
  for (const lang of LANGUAGES) {
    it(`in ${lang}: empty, matching and non-matching queries get valid, personal, localized answers`, async () => {
      const person = app.person(lang);
      const all = await person.inlineQuery("");
      expect(results(all).map((r) => r.id)).toEqual(PLAYABLE);
      expect(all.is_personal).toBe(true);
      expect(all.cache_time).toBe(INLINE_CACHE_SECONDS);
      expect(all.button).toEqual({ text: tr(lang)("videos:inline.button"), start_parameter: "videos__inline" });
      for (const result of results(all)) {
        expect(result.title).toBe(title(String(result.id).slice(2), lang));
        expect(Buffer.byteLength(String(result.id))).toBeLessThanOrEqual(64);
      }
      const hiv = results(all).find((r) => r.id === "v.hiv");
      expect(hiv).toMatchObject({ type: "video", video_file_id: app.seededFileId });

      const family = await person.inlineQuery(wordOf("family", lang));
      expect(results(family)[0]?.id).toBe("v.family");

      const none = await person.inlineQuery("zzqxv");
      expect(results(none)).toEqual([]);
      // Nothing found still offers the way into the bot.
      expect(none.button).toEqual({ text: tr(lang)("videos:inline.button"), start_parameter: "videos__inline" });
    });
  }

  it("a film whose local file was uploaded is offered as a cached video from then on", async () => {
    const person = app.person("ru");
    const before = results(await person.inlineQuery(title("prison", "ru")));
    expect(before[0]).toMatchObject({ id: "v.prison", type: "article" });
    person.startFromLink("video-prison");
    const film = await person.nextBotMessage();
    expect(film.media).toBe("video");
    const after = results(await person.inlineQuery(title("prison", "ru")));
    expect(after[0]).toMatchObject({ id: "v.prison", type: "video", video_file_id: film.file_id });
  });

  it("counts inline queries by language and whether anything was found — never the query", () => {
    const rows = app.counts("inline.query", ["lang", "found"]);
    for (const lang of LANGUAGES) {
      expect(rows).toContainEqual({ dims: { lang, found: "all" }, count: 1 });
      expect(rows).toContainEqual({ dims: { lang, found: "none" }, count: 1 });
    }
  });
});

describe("sharing", () => {
  it("the Share button's query finds the film first and counts as a share-button press", async () => {
    const t = tr("ka");
    const person = app.person("ka");
    person.startFromLink("video-hiv");
    const film = await person.nextBotMessage();
    const share = film.buttons.find((b) => b.text === t("videos:nav.share"));
    expect(share?.switch_inline_query).toBe(title("hiv", "ka"));
    const answer = await person.inlineQuery(share?.switch_inline_query ?? "");
    expect(results(answer)[0]?.id).toBe("v.hiv");
    expect(app.counts("video.share_button", ["video", "lang"])).toContainEqual({
      dims: { video: "hiv", lang: "ka" },
      count: 1,
    });
  });

  it("posting a result into a group works, the bot stays quiet about its own post, and the share is counted", async () => {
    const group = app.fake.groupChat({ id: -1_001_987_654_321, title: "Harm reduction Tbilisi" });
    const activist = group.member({
      id: personId(),
      first_name: "Activist",
      username: "activist_tb",
      language_code: "uk",
    });
    await activist.inlineQuery(title("reform", "uk"));
    const posted = activist.chooseInlineResult("v.reform");
    expect(posted.video?.file_id).toBe(app.seededFileId);
    expect(posted.caption).toContain(title("reform", "uk"));
    await group.settle(100);
    expect(group.botMessages()).toEqual([]);
    expect(app.counts("video.shared", ["video", "lang"])).toContainEqual({
      dims: { video: "reform", lang: "uk" },
      count: 1,
    });
  });

  it("films stay forwardable and posted films lead back to the bot with a source tag", async () => {
    const person = app.person("en");
    await person.inlineQuery("");
    const posted = person.chooseInlineResult("v.hepatitis-tb", { elsewhere: true });
    expect(posted.text).toContain(title("hepatitis-tb", "en"));
    const more = (posted.reply_markup?.inline_keyboard as JsonObject[][] | undefined)?.flat().find((b) => b.url);
    expect(more?.url).toBe(`https://t.me/${app.fake.bot.username}?start=videos__inline`);
    expect(posted.has_protected_content).toBeUndefined();
  });
});
