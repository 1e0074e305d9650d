import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoTitle } from "../../../src/features/videos/videos.render.js";
import { keptFiles, stopAll } from "../../support/app-harness.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";
import { scanFiles } from "../../support/privacy-scan.js";
import { expectFilm, labels, seen, startVideosApp, tr, type VideosApp } from "./e2e.js";

// jsqr is CommonJS: its function is the default import at run time, `.default` to TypeScript.
const jsQR = typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default;

let app: VideosApp;
let bot: string;
beforeAll(async () => {
  app = await startVideosApp();
  bot = app.fake.bot.username ?? "";
});
afterAll(stopAll);

const title = (slug: string, lang: "ru" | "ka" | "uk" | "en") =>
  videoTitle(app.catalog.find((v) => v.slug === slug) as never, lang);

/** Decodes the QR code in the PNG the bot uploaded with this photo message. */
function decodeQr(message: SeenMessage): string {
  expect(message.media).toBe("photo");
  const upload = app.fake.uploads.find((u) => u.fileId === message.raw.photo?.at(-1)?.file_id);
  if (!upload) throw new Error("the photo was not uploaded as a file");
  expect(upload.filename).toMatch(/\.png$/);
  const png = PNG.sync.read(Buffer.from(upload.bytes));
  expect(png.width).toBeGreaterThanOrEqual(512);
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength),
    png.width,
    png.height,
  );
  if (!code) throw new Error("no QR code found in the image");
  return code.data;
}

async function next(chat: SimChat): Promise<SeenMessage> {
  return chat.nextBotMessage({ timeout: 4000 });
}

describe("deep links", () => {
  beforeAll(async () => {
    // Source tags are counted by name only once an operator has made them (with /qr).
    const operator = app.operator();
    for (const command of ["/qr hiv batumi-meeting", "/qr videos partner-org", "/qr bot poster-7"]) {
      operator.send(command);
      await next(operator);
    }
  });

  it("a tag nobody made is counted as 'other' and never stored", async () => {
    const person = app.person("en");
    person.startFromLink("video-hiv__Ivan-Petrov-Tbilisi");
    await next(person);
    expect(app.counts("deeplink.open", ["route", "source"])).toContainEqual({
      dims: { route: "video", source: "other" },
      count: 1,
    });
    expect(scanFiles(keptFiles(app), [{ label: "typed tag", value: "Ivan-Petrov" }])).toEqual([]);
  });
  it("open a film directly for a first-time visitor and count the source, never the person", async () => {
    const person = app.person("ka");
    person.startFromLink("video-hiv__batumi-meeting");
    const film = await next(person);
    expectFilm(app, film, "hiv", "ka");
    expect(app.counts("deeplink.open", ["route", "source"])).toContainEqual({
      dims: { route: "video", source: "batumi-meeting" },
      count: 1,
    });
  });

  it("open the film list, and an unknown film leads to the list with a note", async () => {
    const person = app.person("uk");
    person.startFromLink("videos__partner-org");
    expect((await next(person)).text).toBe(seen(tr("uk")("videos:list.text")));
    person.startFromLink("video-no-such-film");
    const list = await next(person);
    expect(list.text).toBe(seen(`${tr("uk")("videos:list.notFound")}\n\n${tr("uk")("videos:list.text")}`));
    expect(app.counts("deeplink.open", ["route", "source"])).toEqual(
      expect.arrayContaining([
        { dims: { route: "videos", source: "partner-org" }, count: 1 },
        { dims: { route: "video", source: "none" }, count: 1 },
      ]),
    );
  });

  it("a malformed payload gets the ordinary welcome and is not counted; unknown routes count as 'other'", async () => {
    const person = app.person("ru");
    const before = app.counts("deeplink.open", []).at(0)?.count ?? 0;
    person.startFromLink("video-hiv__a__b");
    const welcome = await next(person);
    expect(welcome.text).toContain(seen(tr("ru")("onboarding:welcome")));
    expect(app.counts("deeplink.open", []).at(0)?.count ?? 0).toBe(before);

    const other = app.person("en");
    other.startFromLink("nosuchsection-x__poster-7");
    expect((await next(other)).text).toContain(seen(tr("en")("onboarding:welcome")));
    other.startFromLink("__poster-7");
    expect((await next(other)).text).toContain(seen(tr("en")("onboarding:welcome")));
    expect(app.counts("deeplink.open", ["route", "source"])).toEqual(
      expect.arrayContaining([
        { dims: { route: "other", source: "poster-7" }, count: 1 },
        { dims: { route: "start", source: "poster-7" }, count: 1 },
      ]),
    );
  });
});

describe("QR codes", () => {
  it("an operator names a film and a source tag and gets a PNG that decodes to the tagged link", async () => {
    const t = tr("ru");
    const operator = app.operator();
    operator.send("/qr");
    const which = await next(operator);
    expect(which.text).toBe(t("videos:qr.which"));
    expect(labels(which).slice(0, 2)).toEqual([t("videos:qr.targetBot"), t("videos:qr.targetList")]);
    await operator.click(t("videos:list.item", { n: 2, title: title("hiv", "ru") }));
    await operator.settle(30);
    expect(operator.message(which.message_id)?.text).toBe(seen(t("videos:qr.askTag")));
    operator.send("not a tag!");
    expect((await next(operator)).text).toBe(t("videos:qr.badTag"));
    operator.send("batumi-meeting");
    const photo = await next(operator);
    const link = `https://t.me/${bot}?start=video-hiv__batumi-meeting`;
    expect(decodeQr(photo)).toBe(link);
    expect(photo.caption).toBe(
      seen(
        t("videos:qr.operatorCaption", {
          what: t("videos:qr.targetFilm", { title: title("hiv", "ru") }),
          link,
          tag: "batumi-meeting",
        }),
      ),
    );
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("operators can also ask directly: the bot's link with a tag, the list without one", async () => {
    const operator = app.operator();
    operator.send("/qr bot partner-x");
    expect(decodeQr(await next(operator))).toBe(`https://t.me/${bot}?start=__partner-x`);
    operator.send("/qr videos");
    expect(decodeQr(await next(operator))).toBe(`https://t.me/${bot}?start=videos`);
    operator.send("/qr bot");
    expect(decodeQr(await next(operator))).toBe(`https://t.me/${bot}`);
    operator.send("/qr nothing-like-this");
    expect((await next(operator)).text).toContain("/qr");
  });

  it("the QR flow's 'No tag' gives the untagged link", async () => {
    const t = tr("ru");
    const operator = app.operator();
    operator.send("/qr");
    await next(operator);
    await operator.click(t("videos:qr.targetList"));
    await operator.settle(30);
    await operator.click(t("videos:qr.noTag"));
    expect(decodeQr(await next(operator))).toBe(`https://t.me/${bot}?start=videos`);
  });

  it("anyone gets a QR code of a film's link to show someone next to them, and its openings count as 'qr'", async () => {
    const t = tr("en");
    const person = app.person("en");
    person.startFromLink("video-family");
    await next(person);
    await person.click(t("videos:nav.qr"));
    const photo = await next(person);
    const link = `https://t.me/${bot}?start=video-family__qr`;
    expect(decodeQr(photo)).toBe(link);
    expect(photo.caption).toBe(seen(t("videos:qr.person", { title: title("family", "en"), link })));

    const friend = app.person("ru");
    friend.startFromLink("video-family__qr");
    expectFilm(app, await next(friend), "family", "ru");
    expect(app.counts("deeplink.open", ["source"])).toContainEqual({ dims: { source: "qr" }, count: 1 });
  });

  it("for someone who isn't an operator, /qr lists the films to choose one", async () => {
    const t = tr("uk");
    const person = app.person("uk");
    person.send("/qr");
    const list = await next(person);
    expect(list.text).toBe(t("videos:qr.choose"));
    await person.click(t("videos:list.item", { n: 7, title: title("reform", "uk") }));
    expect(decodeQr(await next(person))).toBe(`https://t.me/${bot}?start=video-reform__qr`);
  });
});
