import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { stopAll } from "../../support/app-harness.js";
import type { SimGroup } from "../../support/fake-bot-api/sim-chat.js";
import { expectFilm, labels, seen, startVideosApp, tr, type VideosApp } from "./e2e.js";

let app: VideosApp;
let now = Date.UTC(2026, 10, 28, 12);
let group: SimGroup;
beforeAll(async () => {
  app = await startVideosApp({ clock: () => now });
  group = app.fake.groupChat({ id: -1_001_555_000_111, title: "Community leaders" });
});
afterAll(stopAll);

const title = (slug: string, lang: "ka" | "en") => videoTitle(app.catalog.find((v) => v.slug === slug) as never, lang);
const alice = () =>
  group.member({ id: 7_303_000_001, first_name: "Alice", username: "alice_leader", language_code: "ka" });
const bob = () => group.member({ id: 7_303_000_002, first_name: "Bob", username: "bob_member", language_code: "en" });

describe("films in a group", () => {
  it("/videos@bot posts the list of films that can be watched, in the asker's language", async () => {
    const t = tr("ka");
    alice().send(`/videos@${app.fake.bot.username}`);
    const list = await group.nextBotMessage();
    expect(list.text).toBe(seen(t("videos:group.list")));
    expect(labels(list)).toEqual(
      ["prison", "hiv", "hepatitis-tb", "family", "reform"].map((slug, i) =>
        t("videos:list.item", { n: i + 1, title: title(slug, "ka") }),
      ),
    );
  });

  it("anyone can choose: the film is posted for everyone in the list's language, without saying who chose", async () => {
    const answer = await bob().click(tr("ka")("videos:list.item", { n: 2, title: title("hiv", "ka") }));
    expect(answer.text).toBeUndefined();
    const film = await group.nextBotMessage();
    expectFilm(app, film, "hiv", "ka");
    expect(film.raw.reply_to_message).toBeUndefined();
    const everything = JSON.stringify(film.raw);
    for (const secret of ["Bob", "bob_member", "7303000002"]) expect(everything).not.toContain(secret);
    expect(film.buttons.find((b) => b.url)?.url).toBe(`https://t.me/${app.fake.bot.username}?start=videos__group`);
    await group.settle(30);
    expect(app.counts("video.view", ["video", "chat"])).toContainEqual({
      dims: { video: "hiv", chat: "group" },
      count: 1,
    });
  });

  it("a second press within half a minute gets a private toast instead of a second post", async () => {
    const before = group.botMessages().length;
    const answer = await alice().click(tr("ka")("videos:list.item", { n: 2, title: title("hiv", "ka") }));
    expect(answer.text).toBe(tr("ka")("videos:group.repeat"));
    await group.settle(50);
    expect(group.botMessages()).toHaveLength(before);
    now += 31_000;
    await alice().click(tr("ka")("videos:list.item", { n: 2, title: title("hiv", "ka") }));
    await group.nextBotMessage();
    expect(group.botMessages()).toHaveLength(before + 1);
  });

  it("a local file is uploaded into the group once, like anywhere else", async () => {
    await bob().click(tr("ka")("videos:list.item", { n: 1, title: title("prison", "ka") }));
    const film = await group.nextBotMessage();
    expect(film.media).toBe("video");
    expect(app.fake.uploads.filter((u) => u.filename === "prison.mp4")).toHaveLength(1);
  });

  it("a forged button for a film that can't play gets a toast, and bare /videos (not addressed to the bot) is ignored", async () => {
    const list = group.botMessages()[0];
    if (!list) throw new Error("no list");
    const answer = await bob().clickData("vid:g:treatment:ka", list.message_id);
    expect(answer.text).toBe(tr("en")("videos:unavailable.toast"));
    const before = group.botMessages().length;
    bob().send("/videos");
    await group.settle(100);
    expect(group.botMessages()).toHaveLength(before);
  });
});
