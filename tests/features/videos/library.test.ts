import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Api, GrammyError, InputFile } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/client.js";
import { loadCatalog } from "../../../src/features/videos/videos.catalog.js";
import { createVideosRepo } from "../../../src/features/videos/videos.repo.js";
import { createVideoLibrary, type Presentation } from "../../../src/features/videos/videos.service.js";
import { SAMPLE_FILE_ID, writeFixtureCatalog } from "./fixtures.js";

interface Sent {
  method: string;
  chatId: number;
  file: string | "upload";
}

/** Just enough of grammY's Api: records sends, "uploads" InputFiles slowly, refuses chosen ids. */
function mockApi(refuse: Set<string> = new Set()) {
  const sent: Sent[] = [];
  let uploads = 0;
  let messageId = 0;
  const message = (chatId: number, extra: object) => ({
    message_id: ++messageId,
    date: 0,
    chat: { id: chatId, type: "private" },
    ...extra,
  });
  const api = {
    async sendChatAction() {
      return true;
    },
    async sendVideo(chatId: number, file: string | InputFile) {
      if (typeof file === "string" && refuse.has(file)) {
        throw new GrammyError(
          "Call to 'sendVideo' failed!",
          { ok: false, error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" },
          "sendVideo",
          {},
        );
      }
      let fileId = file as string;
      if (file instanceof InputFile) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        fileId = `BAACAgIAAxkBAAIBuploaded${++uploads}xxxxxxxxxxxx`;
      }
      sent.push({ method: "sendVideo", chatId, file: file instanceof InputFile ? "upload" : file });
      return message(chatId, { video: { file_id: fileId, file_unique_id: "u", width: 1, height: 1, duration: 61 } });
    },
    async sendMessage(chatId: number, text: string) {
      sent.push({ method: "sendMessage", chatId, file: text });
      return message(chatId, { text });
    },
  };
  return { api: api as unknown as Api, sent, uploads: () => uploads };
}

const presentation: Presentation = { caption: "<b>caption</b>", linkText: (url) => `<a href="${url}">watch</a>` };

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "pbr-library-"));
  const fixture = writeFixtureCatalog(dir);
  const handle = openDatabase(":memory:");
  const repo = createVideosRepo(handle.db);
  const make = (file = fixture.path) =>
    createVideoLibrary({ content: loadCatalog(file), repo, clock: () => 1_000, logger: pino({ level: "silent" }) });
  return { dir, fixture, handle, repo, make, library: make() };
}

describe("the video library", () => {
  it("knows how each source plays: local upload, file_id, URL, nothing, a missing file", () => {
    const { library } = setup();
    const kinds = Object.fromEntries(library.entries().map((video) => [video.slug, library.playable(video)]));
    expect(kinds.prison?.kind).toBe("upload");
    expect(kinds.hiv).toMatchObject({ kind: "file", fileId: SAMPLE_FILE_ID, origin: "content" });
    expect(kinds["hepatitis-tb"]).toEqual({ kind: "url", url: "https://films.example.org/hepatitis-tb" });
    expect(kinds.treatment).toEqual({ kind: "none", reason: "no-media" });
    expect(kinds.work).toEqual({ kind: "none", reason: "missing-file" });
    expect(library.problems()).toEqual([
      { slug: "treatment", problem: "no-media" },
      { slug: "work", problem: "missing-file" },
    ]);
  });

  it("uploads a local file once, even when several people ask at the same moment, then reuses its file_id", async () => {
    const { library, make } = setup();
    const { api, sent, uploads } = mockApi();
    const prison = library.find("prison");
    if (!prison) throw new Error("fixture");
    const results = await Promise.all([101, 102, 103].map((chat) => library.send(api, chat, prison, presentation)));
    expect(results.every((r) => r.status === "sent")).toBe(true);
    expect(uploads()).toBe(1);
    expect(sent.filter((s) => s.file === "upload")).toHaveLength(1);
    const uploadedId = library.cachedVideoId(prison);
    expect(uploadedId).toMatch(/uploaded1/);
    expect(sent.filter((s) => s.file === uploadedId)).toHaveLength(2);
    // A restart reads the file_id back from the database.
    const again = make();
    await again.send(api, 104, again.find("prison") ?? prison, presentation);
    expect(uploads()).toBe(1);
    expect(sent.at(-1)?.file).toBe(uploadedId);
  });

  it("uploads again when the local file changes or Telegram no longer knows the file_id", async () => {
    const { library, fixture } = setup();
    const refused = new Set<string>();
    const { api, uploads } = mockApi(refused);
    const prison = library.find("prison");
    if (!prison) throw new Error("fixture");
    await library.send(api, 1, prison, presentation);
    const first = library.cachedVideoId(prison);
    writeFileSync(fixture.files.prison as string, Buffer.alloc(9000, 1));
    utimesSync(fixture.files.prison as string, new Date(5_000_000), new Date(5_000_000));
    expect(library.playable(prison).kind).toBe("upload");
    await library.send(api, 1, prison, presentation);
    expect(uploads()).toBe(2);
    const second = library.cachedVideoId(prison);
    expect(second).not.toBe(first);
    refused.add(second as string);
    const result = await library.send(api, 1, prison, presentation);
    expect(result.status).toBe("sent");
    expect(uploads()).toBe(3);
  });

  it("a refused content file_id makes the film unavailable instead of failing", async () => {
    const { library } = setup();
    const { api } = mockApi(new Set([SAMPLE_FILE_ID]));
    const hiv = library.find("hiv");
    if (!hiv) throw new Error("fixture");
    expect(await library.send(api, 1, hiv, presentation)).toEqual({ status: "unavailable", reason: "refused" });
    expect(library.playable(hiv)).toEqual({ kind: "none", reason: "refused" });
  });

  it("a missing or vanished local file, or no media, is 'unavailable' — never an exception", async () => {
    const { library, fixture } = setup();
    const { api, sent } = mockApi();
    for (const slug of ["treatment", "work"]) {
      const video = library.find(slug);
      if (!video) throw new Error("fixture");
      expect((await library.send(api, 1, video, presentation)).status).toBe("unavailable");
    }
    rmSync(fixture.files.family as string);
    const family = library.find("family");
    if (!family) throw new Error("fixture");
    expect(await library.send(api, 1, family, presentation)).toEqual({ status: "unavailable", reason: "missing-file" });
    expect(sent).toEqual([]);
  });

  it("refuses to try uploading files over the Bot API's 50 MB", () => {
    const { fixture, repo } = setup();
    const library = createVideoLibrary({
      content: loadCatalog(fixture.path),
      repo,
      clock: () => 1,
      logger: pino({ level: "silent" }),
      uploadLimitBytes: 100,
    });
    expect(library.playable(library.find("prison") ?? library.entries()[0] ?? ({} as never))).toEqual({
      kind: "none",
      reason: "too-large",
    });
  });

  it("sends a URL source as a message with a link preview", async () => {
    const { library } = setup();
    const { api, sent } = mockApi();
    const film = library.find("hepatitis-tb");
    if (!film) throw new Error("fixture");
    expect((await library.send(api, 7, film, presentation)).status).toBe("sent");
    expect(sent[0]?.method).toBe("sendMessage");
    expect(sent[0]?.file).toContain('<a href="https://films.example.org/hepatitis-tb">watch</a>');
  });

  it("an operator's file wins until the content file's media for that film changes", () => {
    const { library, make, dir } = setup();
    const treatment = library.find("treatment");
    if (!treatment) throw new Error("fixture");
    library.attach("treatment", { fileId: "BAACAgIAAxkBAAIBoperatorFile0000001", kind: "video", duration: 90 });
    expect(library.playable(treatment)).toMatchObject({ kind: "file", origin: "operator", duration: 90 });
    library.attach("hiv", { fileId: "BAACAgIAAxkBAAIBoperatorFile0000002", kind: "video" });
    expect(library.playable(library.find("hiv") ?? treatment)).toMatchObject({ origin: "operator" });
    expect(make().problems()).toEqual([{ slug: "work", problem: "missing-file" }]);

    // The operator edits the content file: hiv's media changes, treatment's stays null.
    const changed = writeFixtureCatalog(path.join(dir, "v2"), { fileId: "BAACAgIAAxkBAAIBanotherContentId001" });
    const next = make(changed.path);
    expect(next.playable(next.find("hiv") ?? treatment)).toMatchObject({
      origin: "content",
      fileId: "BAACAgIAAxkBAAIBanotherContentId001",
    });
    expect(next.playable(next.find("treatment") ?? treatment)).toMatchObject({ origin: "operator" });
    expect(next.overridden()).toEqual(["hiv"]);
  });

  it("films added by operators follow the catalog's, get a free slug and fall back to their one language", () => {
    const { library, make } = setup();
    const film = library.addFilm({
      lang: "ka",
      title: "ახალი ფილმი",
      description: "",
      fileId: "BAACAgIAAxkBAAIBoperatorFile0000003",
      kind: "video",
    });
    expect(film.slug).toBe("film-8");
    expect(
      library
        .entries()
        .map((v) => v.slug)
        .at(-1),
    ).toBe("film-8");
    expect(library.neighbours("film-8")).toEqual({ index: 7, total: 8, previous: "reform", next: undefined });
    expect(library.playable(film)).toMatchObject({ kind: "file", origin: "operator" });
    const second = library.addFilm({
      lang: "ru",
      title: "Ещё",
      description: "Описание",
      fileId: "BAACAgIAAxkBAAIBoperatorFile0000004",
      kind: "video",
    });
    expect(second.slug).toBe("film-9");
    const reloaded = make();
    expect(reloaded.entries().map((v) => v.slug)).toEqual([...library.entries().map((v) => v.slug)]);
    expect(reloaded.problems()).toContainEqual({ slug: "film-8", problem: "operator-only-language" });
  });
});
