import { afterEach, describe, expect, it } from "vitest";
import { CALLBACK_DATA_MAX_BYTES } from "../../../src/bot/ui/callback-data.js";
import { manageCodec } from "../../../src/features/videos/videos.manage.js";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { stopAll } from "../../support/app-harness.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import { labels, seen, startVideosApp, tr, type VideosApp } from "./e2e.js";

afterEach(stopAll);

const t = tr("en");
const item = (n: number, title: string, has: boolean) => t("videos:attach.item", { n, title, mark: has ? "✅" : "▫️" });
const listItem = (n: number, title: string) => t("videos:list.item", { n, title });

function titleOf(app: VideosApp, slug: string): string {
  return videoTitle(app.catalog.find((v) => v.slug === slug) as never, "en");
}

/** Waits until the bot has handled everything sent so far. */
async function handled(app: VideosApp, chat: SimChat) {
  await app.handled();
  await chat.settle(20);
}

/** An operator adds a film in Telegram: a video, "a new film", its title, no description. */
async function addFilm(app: VideosApp, op: SimChat, title: string) {
  const sent = op.sendVideo({ duration: 90 });
  await op.nextBotMessage();
  await op.click(t("videos:attach.new"));
  await op.nextBotMessage();
  op.send(title);
  await op.nextBotMessage();
  await op.click(t("videos:attach.skip"));
  await op.nextBotMessage();
  await handled(app, op);
  return sent;
}

/** Everything the bot sent was accepted, and every button press was answered. */
function expectCleanCalls(app: VideosApp) {
  expect(app.fake.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.description}`)).toEqual([]);
  expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  expect(app.fake.unknownParams).toEqual([]);
}

describe("several videos in one flow", () => {
  it("an album is asked about one video at a time, as replies; new films page the lists beyond one screen", async () => {
    const app = await startVideosApp();
    const op = app.operator("en");
    const [v1, v2, v3] = op.sendVideoAlbum(3, { duration: 120 });
    if (!v1 || !v2 || !v3) throw new Error("no album");

    const q1 = await op.nextBotMessage();
    expect(q1.text).toBe(seen(t("videos:attach.which")));
    expect(q1.raw.reply_to_message?.message_id).toBe(v1.message_id);
    for (const video of [v2, v3]) {
      const ack = await op.nextBotMessage();
      expect(ack.text).toBe(t("films:queue.added"));
      expect(ack.raw.reply_to_message?.message_id).toBe(video.message_id);
    }
    await op.click(item(4, titleOf(app, "treatment"), false), { message: q1.message_id });
    await handled(app, op);
    expect(op.message(q1.message_id)?.text).toBe(seen(t("videos:attach.done", { title: titleOf(app, "treatment") })));

    // The second: more are waiting, so it may be skipped; it becomes a new film instead.
    const q2 = await op.nextBotMessage();
    expect(q2.raw.reply_to_message?.message_id).toBe(v2.message_id);
    expect(labels(q2).slice(-3)).toEqual([t("videos:attach.new"), t("films:queue.skip"), t("videos:flow.cancel")]);
    await op.click(t("videos:attach.new"), { message: q2.message_id });
    await op.nextBotMessage();
    op.send("Harm reduction works");
    await op.nextBotMessage();
    await op.click(t("videos:attach.skip"));
    expect((await op.nextBotMessage()).text).toContain("Added film 8: «Harm reduction works»");

    // The third: the last one, so no "skip"; a new film with a description.
    const q3 = await op.nextBotMessage();
    expect(q3.raw.reply_to_message?.message_id).toBe(v3.message_id);
    expect(labels(q3)).not.toContain(t("films:queue.skip"));
    await op.click(t("videos:attach.new"), { message: q3.message_id });
    await op.nextBotMessage();
    op.send("Second new film");
    await op.nextBotMessage();
    op.send("A short description.");
    expect((await op.nextBotMessage()).text).toContain("Added film 9: «Second new film»");
    await handled(app, op);

    // People: nine films, so the list pages.
    const person = app.person("en");
    person.send("/videos");
    const list = await person.nextBotMessage();
    const page1 = [
      ...["prison", "hiv", "hepatitis-tb", "treatment", "family", "work", "reform"].map((slug, i) =>
        listItem(i + 1, titleOf(app, slug)),
      ),
      listItem(8, "Harm reduction works"),
      t("films:page", { n: 1, total: 2 }),
      t("videos:nav.next"),
      t("common:menu.back"),
    ];
    expect(labels(list)).toEqual(page1);
    await person.click(t("videos:nav.next"));
    await handled(app, person);
    expect(labels(person.message(list.message_id) ?? list)).toEqual([
      listItem(9, "Second new film"),
      t("videos:nav.previous"),
      t("films:page", { n: 2, total: 2 }),
      t("common:menu.back"),
    ]);
    await person.click(listItem(9, "Second new film"));
    expect((await person.nextBotMessage()).file_id).toBe(v3.video?.file_id);
    person.startFromLink("video-treatment");
    expect((await person.nextBotMessage()).file_id).toBe(v1.video?.file_id);

    // The operator's question pages too: the ninth film is on its second page.
    const v4 = op.sendVideo();
    const q4 = await op.nextBotMessage();
    expect(labels(q4).slice(-5)).toEqual([
      item(8, "Harm reduction works", true),
      t("films:page", { n: 1, total: 2 }),
      t("videos:nav.next"),
      t("videos:attach.new"),
      t("videos:flow.cancel"),
    ]);
    await op.click(t("videos:nav.next"), { message: q4.message_id });
    await handled(app, op);
    await op.click(item(9, "Second new film", true), { message: q4.message_id });
    await handled(app, op);
    await op.click(t("videos:attach.replaceYes"), { message: q4.message_id });
    await handled(app, op);
    await person.click(listItem(9, "Second new film"), { message: list.message_id });
    expect((await person.nextBotMessage()).file_id).toBe(v4.video?.file_id);

    // In a group the list of playable films (all nine, once "work" has a file) pages the same way.
    op.sendVideo();
    const q5 = await op.nextBotMessage();
    await op.click(item(6, titleOf(app, "work"), false), { message: q5.message_id });
    await handled(app, op);
    const group = app.fake.groupChat({ id: -1_001_555_000_222, title: "Partners" });
    const member = group.member({ id: 7_303_000_101, first_name: "Gia", language_code: "en" });
    member.send(`/videos@${app.fake.bot.username}`);
    const posted = await member.nextBotMessage();
    expect(labels(posted).slice(-2)).toEqual([t("films:page", { n: 1, total: 2 }), t("videos:nav.next")]);
    await member.click(t("videos:nav.next"), { message: posted.message_id });
    await handled(app, op);
    expect(labels(member.message(posted.message_id) ?? posted)).toEqual([
      listItem(9, "Second new film"),
      t("videos:nav.previous"),
      t("films:page", { n: 2, total: 2 }),
    ]);
    expectCleanCalls(app);
  }, 30_000);

  it("/cancel in the middle says that the videos still waiting were not attached", async () => {
    const app = await startVideosApp();
    const op = app.operator("en");
    op.sendVideoAlbum(2);
    await op.nextBotMessage();
    await op.nextBotMessage();
    op.send("/cancel");
    expect((await op.nextBotMessage()).text).toBe(t("films:queue.cancelled"));
    op.sendVideo();
    const fresh = await op.nextBotMessage();
    expect(fresh.text).toBe(seen(t("videos:attach.which")));
    await op.click(t("videos:flow.cancel"), { message: fresh.message_id });
    await handled(app, op);
    expect(op.message(fresh.message_id)?.text).toBe(t("videos:flow.cancelled"));
    expectCleanCalls(app);
  });
});

describe("/films: operators manage the list", () => {
  it("detach a file, move films, remove an operator-added film; people see each change at once", async () => {
    const app = await startVideosApp();
    const op = app.operator("en");
    const person = app.person("en");
    const treatment = titleOf(app, "treatment");
    op.sendVideo();
    await op.nextBotMessage();
    await op.click(item(4, treatment, false));
    await handled(app, op);
    await addFilm(app, op, "An extra film");

    op.send("/films");
    const screen = await op.nextBotMessage();
    expect(screen.text).toBe(seen(t("films:list")));
    expect(labels(screen)).toContain(item(4, treatment, true));
    expect(labels(screen)).toContain(item(6, titleOf(app, "work"), false));
    expect(labels(screen).at(-1)).toBe(t("common:menu.back"));
    const shown = () => op.message(screen.message_id) ?? screen;
    const press = async (label: string) => {
      const answer = await op.click(label, { message: screen.message_id });
      await handled(app, op);
      return answer;
    };

    // A content film with an operator's file: move and detach, but no remove.
    await press(item(4, treatment, true));
    expect(shown().text).toBe(
      seen(
        t("films:film", {
          n: 4,
          title: treatment,
          file: t("films:file.operator"),
          origin: t("films:origin.content"),
        }),
      ),
    );
    expect(labels(shown())).toEqual([
      t("films:move.up"),
      t("films:move.down"),
      t("films:detach.button"),
      t("films:back"),
    ]);
    await press(t("films:detach.button"));
    expect(shown().text).toBe(seen(t("films:detach.confirm", { title: treatment })));
    expect((await press(t("films:detach.yes"))).text).toBe(t("films:detach.done"));
    expect(shown().text).toContain(`File: ${t("films:file.none")}`);
    expect(labels(shown())).not.toContain(t("films:detach.button"));
    person.startFromLink("video-treatment");
    expect((await person.nextBotMessage()).text).toContain("isn't available yet");

    // Down one place: people's list changes with it, and keeps it after a restart.
    await press(t("films:move.down"));
    expect(shown().text).toContain(`5. ${treatment}`);
    person.send("/videos");
    const order = labels(await person.nextBotMessage()).slice(3, 5);
    expect(order).toEqual([listItem(4, titleOf(app, "family")), listItem(5, treatment)]);

    // An operator-added film can be removed; the list no longer has it.
    await press(t("films:back"));
    await press(item(8, "An extra film", true));
    expect(shown().text).toContain(t("films:origin.operator"));
    expect(labels(shown())).toContain(t("films:remove.button"));
    expect(labels(shown())).not.toContain(t("films:move.down"));
    await press(t("films:remove.button"));
    expect(shown().text).toBe(seen(t("films:remove.confirm", { title: "An extra film" })));
    expect((await press(t("films:remove.yes"))).text).toBe(t("films:remove.done"));
    expect(shown().text).toBe(seen(t("films:list")));
    expect(labels(shown()).filter((label) => label.includes("An extra film"))).toEqual([]);
    person.send("/videos");
    const after = labels(await person.nextBotMessage());
    expect(after).toHaveLength(8);
    expect(after.join("\n")).not.toContain("An extra film");
    person.startFromLink("video-film-8");
    expect((await person.nextBotMessage()).text).toContain(seen(t("videos:list.notFound")));

    const restarted = await app.restart({ app: { content: { videos: app.fixture.path }, floodLimit: 10_000 } });
    person.send("/videos");
    expect(labels(await person.nextBotMessage()).slice(3, 5)).toEqual([
      listItem(4, titleOf(app, "family")),
      listItem(5, treatment),
    ]);
    expect(restarted.fake.calls.filter((c) => !c.ok)).toEqual([]);
    expectCleanCalls(app);
  }, 30_000);

  it("is for operators only: /films is unknown to anyone else, and forged buttons change nothing", async () => {
    const app = await startVideosApp();
    const person = app.person("en");
    person.send("/films");
    const reply = await person.nextBotMessage();
    expect(reply.text).not.toContain(seen(t("films:list")));
    for (const data of ["vfm:xy:hiv", "vfm:ry:hiv", "vfm:d:prison", "vfm:l:0"]) {
      const answer = await person.clickData(data, reply.message_id);
      expect(answer.text).toBe(t("videos:flow.expired"));
    }
    await handled(app, person);
    person.send("/videos");
    const list = labels(await person.nextBotMessage());
    expect(list[0]).toBe(listItem(1, titleOf(app, "prison")));
    expect(list[1]).toBe(listItem(2, titleOf(app, "hiv")));
    person.startFromLink("video-hiv");
    expect((await person.nextBotMessage()).file_id).toBe(app.seededFileId);
    // Every management button fits Telegram's 64 bytes, even for the longest slug.
    for (const action of ["l", "f", "u", "d", "x", "xy", "r", "ry"]) {
      expect(Buffer.byteLength(manageCodec.encode(action, "a".repeat(24)))).toBeLessThanOrEqual(
        CALLBACK_DATA_MAX_BYTES,
      );
    }
    expectCleanCalls(app);
  });
});
