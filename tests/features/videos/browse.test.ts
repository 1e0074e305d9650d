import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES, type Lang } from "../../../src/bot/i18n.js";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { stopAll } from "../../support/app-harness.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";
import { expectFilm, labels, seen, startVideosApp, tr, type VideosApp } from "./e2e.js";

let app: VideosApp;
beforeAll(async () => {
  app = await startVideosApp();
});
afterAll(stopAll);

/**
 * What pressing a film button shows: the film (always a new message) or the "not yet" screen (a
 * new message, or the pressed "not yet" screen edited). Waits for whichever comes.
 */
async function pressAndSee(chat: SimChat, label: string): Promise<SeenMessage> {
  const pressed = chat.lastBotMessage();
  const answer = await chat.click(label);
  expect(answer.text, "no toast for an ordinary film").toBeUndefined();
  const deadline = Date.now() + 3000;
  for (;;) {
    const latest = chat.lastBotMessage();
    if (latest && pressed && (latest.message_id !== pressed.message_id || latest.text !== pressed.text)) {
      await chat.settle(20);
      return latest;
    }
    if (Date.now() > deadline) throw new Error(`nothing new after pressing "${label}"`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function expectShown(message: SeenMessage, slug: string, lang: Lang): void {
  const t = tr(lang);
  const video = app.catalog.find((v) => v.slug === slug);
  if (!video) throw new Error(slug);
  if (slug === "treatment" || slug === "work") {
    expect(message.text, `${slug} ${lang}`).toBe(
      seen(t("videos:unavailable.text", { title: videoTitle(video, lang) })),
    );
    expect(labels(message)).not.toContain(t("videos:nav.share"));
    expect(labels(message)).toContain(t("common:menu.back"));
    return;
  }
  expectFilm(app, message, slug, lang);
  if (slug === "hepatitis-tb") {
    expect(message.media).toBeUndefined();
    expect(message.raw.link_preview_options).toMatchObject({ url: "https://films.example.org/hepatitis-tb" });
  } else {
    expect(message.media, `${slug} is a video`).toBe("video");
  }
  if (slug === "hiv" || slug === "reform") expect(message.file_id).toBe(app.seededFileId);
  const share = message.buttons.find((b) => b.text === t("videos:nav.share"));
  expect(share?.switch_inline_query, "Share opens the chat picker with the film's inline query").toBe(
    videoTitle(video, lang),
  );
}

describe("browsing the seven films", () => {
  for (const lang of LANGUAGES) {
    it(`in ${lang}: the list, then next to the last film and previous back to the first`, async () => {
      const t = tr(lang);
      const person = app.person(lang);
      person.send("/videos");
      const list = await person.nextBotMessage();
      expect(list.text).toBe(seen(t("videos:list.text")));
      expect(labels(list)).toEqual([
        ...app.catalog.map((video, i) => t("videos:list.item", { n: i + 1, title: videoTitle(video, lang) })),
        t("common:menu.back"),
      ]);

      const slugs = app.fixture.slugs;
      let shown = await pressAndSee(
        person,
        t("videos:list.item", { n: 1, title: videoTitle(app.catalog[0] as never, lang) }),
      );
      expectShown(shown, slugs[0] as string, lang);
      expect(labels(shown)).not.toContain(t("videos:nav.previous"));
      for (let i = 1; i < slugs.length; i++) {
        expect(labels(shown)).toContain(t("videos:nav.position", { n: i, total: slugs.length }));
        shown = await pressAndSee(person, t("videos:nav.next"));
        expectShown(shown, slugs[i] as string, lang);
      }
      expect(labels(shown), "no next after the last film").not.toContain(t("videos:nav.next"));
      // Pressing "next" under the link film did not turn it into the "not available" screen.
      const linkFilm = person.botMessages().filter((m) => m.raw.link_preview_options?.url !== undefined);
      expect(linkFilm).toHaveLength(1);
      expectShown(linkFilm[0] as SeenMessage, "hepatitis-tb", lang);
      for (let i = slugs.length - 2; i >= 0; i--) {
        shown = await pressAndSee(person, t("videos:nav.previous"));
        expectShown(shown, slugs[i] as string, lang);
      }
      expect(labels(shown), "no previous before the first film").not.toContain(t("videos:nav.previous"));
      expect(app.fake.unansweredCallbackQueries()).toEqual([]);
    });
  }

  it("uploads each local file exactly once, then re-sends it by file_id", () => {
    const byName = (name: string) => app.fake.uploads.filter((u) => u.filename === name);
    expect(byName("prison.mp4")).toHaveLength(1);
    expect(byName("family.mp4")).toHaveLength(1);
    const prisonId = byName("prison.mp4")[0]?.fileId;
    const sends = app.fake.callsOf("sendVideo").filter((call) => call.params.video === prisonId);
    // Each language visits prison twice (first and last step), minus the one upload.
    expect(sends.length).toBe(LANGUAGES.length * 2 - 1);
  });

  it("counts views by film, language and chat kind, and unavailable films, anonymously", () => {
    const views = app.counts("video.view", ["video", "lang", "chat"]);
    for (const lang of LANGUAGES) {
      expect(views).toContainEqual({ dims: { video: "prison", lang, chat: "private" }, count: 2 });
      expect(views).toContainEqual({ dims: { video: "hiv", lang, chat: "private" }, count: 2 });
    }
    expect(app.counts("video.unavailable", ["video", "reason"])).toEqual(
      expect.arrayContaining([
        // Twice per language, as prison and hiv.
        { dims: { video: "treatment", reason: "no-media" }, count: LANGUAGES.length * 2 },
        { dims: { video: "work", reason: "missing-file" }, count: LANGUAGES.length * 2 },
      ]),
    );
  });

  it("the menu has the films first, and back from a film returns to it", async () => {
    const t = tr("ka");
    const person = app.person("ka");
    person.send("/menu");
    const menu = await person.nextBotMessage();
    expect(labels(menu)[0]).toBe(t("videos:menu"));
    await person.click(t("videos:menu"));
    const list = person.lastBotMessage() as SeenMessage;
    expect(list.message_id, "the menu turns into the list").toBe(menu.message_id);
    expect(list.text).toBe(seen(t("videos:list.text")));
  });

  it("a stale button for a film that no longer exists gets a toast and the list", async () => {
    const t = tr("en");
    const person = app.person("en");
    // The button sits under another screen (the help), so the list has to take its place.
    person.send("/help");
    const help = await person.nextBotMessage();
    expect(help.text).not.toBe(seen(t("videos:list.text")));
    const answer = await person.clickData("vid:w:no-such-film", help.message_id);
    expect(answer.text).toBe(t("videos:gone"));
    await app.handled();
    const list = person.lastBotMessage() as SeenMessage;
    expect(list.text).toBe(seen(t("videos:list.text")));
    expect(labels(list)).toEqual([
      ...app.catalog.map((video, i) => t("videos:list.item", { n: i + 1, title: videoTitle(video, "en") })),
      t("common:menu.back"),
    ]);
  });
});
