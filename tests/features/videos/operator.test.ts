import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { stopAll } from "../../support/app-harness.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import { labels, OPERATOR_ID, seen, startVideosApp, tr, type VideosApp, wrap } from "./e2e.js";

let app: VideosApp;
beforeAll(async () => {
  app = await startVideosApp();
});
afterAll(stopAll);

const t = tr("ru");
const title = (slug: string) => videoTitle(app.catalog.find((v) => v.slug === slug) as never, "ru");
const item = (n: number, slug: string, has: boolean) =>
  t("videos:attach.item", { n, title: title(slug), mark: has ? "✅" : "▫️" });

async function watch(person: SimChat, slug: string) {
  person.startFromLink(`video-${slug}`);
  return person.nextBotMessage();
}

describe("operators attach files from Telegram", () => {
  it("an operator sends a video, picks the film it is for, and people receive that file", async () => {
    const person = app.person("en");
    const before = await watch(person, "treatment");
    expect(before.text).toContain("isn't available yet");

    const operator = app.operator();
    const sent = operator.sendVideo({ duration: 321 });
    const question = await operator.nextBotMessage();
    expect(question.text).toBe(seen(t("videos:attach.which")));
    expect(labels(question)).toEqual([
      item(1, "prison", true),
      item(2, "hiv", true),
      item(3, "hepatitis-tb", true),
      item(4, "treatment", false),
      item(5, "family", true),
      item(6, "work", false),
      item(7, "reform", true),
      t("videos:attach.new"),
      t("videos:flow.cancel"),
    ]);
    await operator.click(item(4, "treatment", false));
    await operator.settle(30);
    const done = operator.message(question.message_id);
    expect(done?.text).toBe(seen(t("videos:attach.done", { title: title("treatment") })));

    const after = await watch(person, "treatment");
    expect(after.media).toBe("video");
    expect(after.file_id).toBe(sent.video?.file_id);
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);

    // "See it as people do" sends the film to the operator the way people get it.
    await operator.click(t("videos:attach.show"));
    const preview = await operator.nextBotMessage();
    expect(preview.file_id).toBe(sent.video?.file_id);
  });

  it("replacing a film's file asks first; cancelling changes nothing", async () => {
    const operator = app.operator();
    operator.forwardVideo({ duration: 200 });
    const question = await operator.nextBotMessage();
    await operator.click(item(2, "hiv", true));
    await operator.settle(30);
    expect(operator.message(question.message_id)?.text).toBe(seen(t("videos:attach.replace", { title: title("hiv") })));
    await operator.click(t("videos:flow.cancel"));
    await operator.settle(30);
    expect(operator.message(question.message_id)?.text).toBe(t("videos:flow.cancelled"));
    const person = app.person("ka");
    expect((await watch(person, "hiv")).file_id).toBe(app.seededFileId);

    const forwarded = operator.forwardVideo({ duration: 200 });
    await operator.nextBotMessage();
    await operator.click(item(2, "hiv", true));
    await operator.settle(30);
    await operator.click(t("videos:attach.replaceYes"));
    await operator.settle(30);
    expect((await watch(person, "hiv")).file_id).toBe(forwarded.video?.file_id);
  });

  it("adds an eighth film with a title and description in the operator's language", async () => {
    const operator = app.operator();
    const sent = operator.sendVideo({ duration: 90 });
    await operator.nextBotMessage();
    await operator.click(t("videos:attach.new"));
    const askTitle = await operator.nextBotMessage();
    expect(askTitle.text).toContain("не больше 100 символов");
    operator.send("x".repeat(101));
    expect((await operator.nextBotMessage()).text).toBe(t("videos:attach.badTitle", { max: 100 }));
    operator.send("Восьмой фильм <тест> & проверка");
    const askDescription = await operator.nextBotMessage();
    expect(labels(askDescription)).toEqual([t("videos:attach.skip")]);
    await operator.click(t("videos:attach.skip"));
    const added = await operator.nextBotMessage();
    expect(added.text).toBe(
      seen(
        t("videos:attach.added", {
          n: 8,
          title: "Восьмой фильм <тест> & проверка",
          slug: "film-8",
          language: "Русский",
        }),
      ),
    );

    const person = app.person("uk");
    person.send("/videos");
    const list = await person.nextBotMessage();
    expect(labels(list)).toContain("8. Восьмой фильм <тест> & проверка");
    await person.click("8. Восьмой фильм <тест> & проверка");
    const film = await person.nextBotMessage();
    expect(film.file_id).toBe(sent.video?.file_id);
    expect(film.caption).toBe(
      `Восьмой фильм <тест> & проверка\n\n⏱ 1:30\n«Люди за правом» · @${app.fake.bot.username}`,
    );
  });

  it("/cancel leaves the flow; its buttons then say they have expired", async () => {
    const operator = app.operator();
    operator.sendVideo();
    const question = await operator.nextBotMessage();
    operator.send("/cancel");
    expect((await operator.nextBotMessage()).text).toBe(t("videos:flow.cancelled"));
    const answer = await operator.click(/* any film */ (b) => b.callback_data?.startsWith("vat:f:") ?? false, {
      message: question.message_id,
    });
    expect(answer.text).toBe(t("videos:flow.expired"));
  });

  it("stray text in the flow gets a reminder; a command leaves the flow and is handled", async () => {
    const operator = app.operator();
    operator.sendVideo();
    await operator.nextBotMessage();
    operator.send("hello?");
    expect((await operator.nextBotMessage()).text).toBe(t("videos:flow.useButtons"));
    operator.send("/videos");
    expect((await operator.nextBotMessage()).text).toBe(seen(t("videos:list.text")));
  });

  it("a video sent as a file gets a hint to send it as a video", async () => {
    const operator = app.operator();
    operator.sendDocument({ file_name: "film.mp4", mime_type: "video/mp4" });
    expect((await operator.nextBotMessage()).text).toBe(t("videos:attach.asDocument"));
  });

  it("anyone else sending a video gets the ordinary answer for unknown input, and nothing changes", async () => {
    const stranger = app.person("en", "Stranger");
    stranger.sendVideo();
    const reply = await stranger.nextBotMessage();
    expect(reply.text).toContain(tr("en")("common:unknown.private"));
    expect(reply.text).not.toContain(tr("en")("videos:attach.which"));
    stranger.forwardVideo();
    expect((await stranger.nextBotMessage()).text).toContain(tr("en")("common:unknown.private"));
    expect(app.counts("video.view", ["video"]).find((r) => r.dims.video === "work")).toBeUndefined();
  });

  it("attachments survive a restart", async () => {
    const restarted = wrap(await app.restart(), app.fixture, app.seededFileId);
    const person = restarted.person("ru");
    person.startFromLink("video-treatment");
    const film = await person.nextBotMessage();
    expect(film.media).toBe("video");
    person.send("/videos");
    expect(labels(await person.nextBotMessage())).toHaveLength(9);
    expect(restarted.logText()).toMatch(/films added in Telegram have texts in one language only/);
    app = restarted;
  });

  it("logs no operator id or typed title", () => {
    expect(app.logText()).not.toContain(String(OPERATOR_ID));
    expect(app.logText()).not.toContain("Восьмой");
  });
});
