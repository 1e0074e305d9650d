import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ContentError } from "../../../src/content/content-error.js";
import { loadCatalog } from "../../../src/features/videos/videos.catalog.js";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { keptFiles, startTestApp, stopAll } from "../../support/app-harness.js";
import type { SimUserOptions } from "../../support/fake-bot-api/sim-chat.js";
import { type Needle, scanFiles } from "../../support/privacy-scan.js";
import { OPERATOR_ID, seen, startVideosApp, tr } from "./e2e.js";
import { writeFixtureCatalog } from "./fixtures.js";

afterEach(stopAll);

describe("the shipped catalog at start-up", () => {
  it("warns operators which films are placeholders without files; people are told kindly, inline offers none", async () => {
    const t = await startTestApp({ app: { floodLimit: 1000 } });
    const log = t.logText();
    expect(log).toMatch(/videos still have placeholder texts/);
    expect(log).toMatch(/videos without a playable file/);
    for (const slug of ["prison", "hiv", "hepatitis-tb", "treatment", "family", "work", "reform"]) {
      expect(log).toContain(`"${slug} (no-media)"`);
    }

    const shipped = loadCatalog();
    const person = t.fake.privateChat({ id: 7_304_000_001, first_name: "Nino", language_code: "ka" });
    person.send("/videos");
    const list = await person.nextBotMessage();
    expect(list.buttons).toHaveLength(8);
    await person.click(tr("ka")("videos:list.item", { n: 1, title: videoTitle(shipped[0] as never, "ka") }));
    const screen = await person.nextBotMessage();
    expect(screen.text).toBe(
      seen(tr("ka")("videos:unavailable.text", { title: videoTitle(shipped[0] as never, "ka") })),
    );
    // Browsing on from a "not yet" screen replaces it rather than piling up messages.
    await person.click(tr("ka")("videos:nav.next"));
    await person.settle(30);
    expect(person.lastBotMessage()?.message_id).toBe(screen.message_id);
    expect(person.lastBotMessage()?.text).toBe(
      seen(tr("ka")("videos:unavailable.text", { title: videoTitle(shipped[1] as never, "ka") })),
    );

    const answer = await person.inlineQuery("");
    expect(answer.results).toEqual([]);
    expect(answer.button).toMatchObject({ start_parameter: "videos__inline" });

    const group = t.fake.groupChat({ id: -1_001_444_000_222, title: "Meeting" });
    group
      .member({ id: 7_304_000_002, first_name: "Levan", language_code: "ru" })
      .send(`/videos@${t.fake.bot.username}`);
    expect((await group.nextBotMessage()).text).toBe(tr("ru")("videos:group.none"));
  });

  it("a broken catalog stops the start with the file and the field to fix", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-broken-"));
    const fixture = writeFixtureCatalog(dir);
    const json = JSON.parse(readFileSync(fixture.path, "utf8"));
    json.videos[2].description.ka = "";
    writeFileSync(fixture.path, JSON.stringify(json));
    const start = startTestApp({ app: { content: { videos: fixture.path } } });
    await expect(start).rejects.toBeInstanceOf(ContentError);
    await expect(start).rejects.toThrow(/videos\[2\] \(slug "hepatitis-tb"\)\.description\.ka is empty/);
  });
});

describe("privacy", () => {
  const PEOPLE: SimUserOptions[] = [
    {
      id: 7_305_111_001,
      first_name: "Ketevanikoo",
      last_name: "Gelashvilio",
      username: "keti_private_11",
      language_code: "ka",
    },
    {
      id: 7_305_111_002,
      first_name: "Oleksandro",
      last_name: "Petrenkovich",
      username: "sasha_hidden_22",
      language_code: "uk",
    },
  ];
  const OPERATOR: SimUserOptions = {
    id: OPERATOR_ID,
    first_name: "Operatorina",
    last_name: "Unmodeva",
    username: "unmode_op_secret",
    language_code: "ru",
  };
  const GROUP_ID = -1_001_777_888_999;

  it("counting views, shares, inline queries and deep-link sources leaves no person in the database or the log", async () => {
    const app = await startVideosApp();
    const [keti, sasha] = PEOPLE.map((p) => app.fake.privateChat(p));
    if (!keti || !sasha) throw new Error("setup");
    for (const person of [keti, sasha]) {
      person.startFromLink("video-hiv__batumi-meeting");
      await person.nextBotMessage();
      await person.click(tr(person.user.language_code === "ka" ? "ka" : "uk")("videos:nav.next"));
      await person.nextBotMessage();
      await person.inlineQuery("");
      person.chooseInlineResult("v.hiv", { elsewhere: true });
      await person.click(tr(person.user.language_code === "ka" ? "ka" : "uk")("videos:nav.qr"));
      await person.nextBotMessage({ timeout: 4000 });
      person.sendVideo();
      await person.nextBotMessage();
    }
    const operator = app.fake.privateChat(OPERATOR);
    operator.sendVideo();
    await operator.nextBotMessage();
    await operator.click(tr("ru")("videos:attach.new"));
    await operator.nextBotMessage();
    operator.send("Фильм для проверки");
    await operator.nextBotMessage();
    await operator.click(tr("ru")("videos:attach.skip"));
    await operator.nextBotMessage();
    operator.send("/qr bot meeting-x");
    await operator.nextBotMessage({ timeout: 4000 });

    const group = app.fake.groupChat({ id: GROUP_ID, title: "Secret circle" });
    const member = group.member(PEOPLE[0] as SimUserOptions);
    member.send(`/videos@${app.fake.bot.username}`);
    await group.nextBotMessage();
    await member.click((b) => b.callback_data?.startsWith("vid:g:hiv") ?? false);
    await group.nextBotMessage();
    await group.settle(50);

    const counters = app.app.services.sqlite.prepare("select count(*) as n from daily_counters").get() as { n: number };
    expect(counters.n).toBeGreaterThan(5);

    const needles: Needle[] = [
      ...[...PEOPLE, OPERATOR].flatMap((p) => [
        { label: `id ${p.id}`, value: p.id },
        { label: `first name ${p.first_name}`, value: p.first_name },
        { label: `last name ${p.last_name}`, value: p.last_name ?? "" },
        { label: `username ${p.username}`, value: p.username ?? "" },
      ]),
      { label: "group id", value: GROUP_ID },
    ];
    const files = keptFiles(app);
    expect(existsSync(files[0] as string)).toBe(true);
    expect(scanFiles(files, needles)).toEqual([]);
    await app.stop();
    expect(scanFiles(files, needles)).toEqual([]);
  });
});
