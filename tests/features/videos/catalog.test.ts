import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n, LANGUAGES } from "../../../src/bot/i18n.js";
import { visibleLength } from "../../../src/bot/telegram/html.js";
import { CAPTION_LIMIT } from "../../../src/bot/telegram/telegram-text.js";
import { ContentError } from "../../../src/content/content-error.js";
import { DEFAULT_CATALOG_PATH, loadCatalog, parseCatalog } from "../../../src/features/videos/videos.catalog.js";
import { checkCaptions } from "../../../src/features/videos/videos.feature.js";
import { fullCaption, LONGEST_USERNAME } from "../../../src/features/videos/videos.render.js";
import { writeFixtureCatalog, writeRawCatalog } from "./fixtures.js";

const i18n = createI18n();
const shippedJson = () =>
  JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, "utf8")) as { videos: Array<Record<string, unknown>> };

function problem(json: unknown): string {
  try {
    parseCatalog(json, "/tmp/catalog/videos.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error("the catalog was accepted");
}

describe("the shipped catalog", () => {
  const videos = loadCatalog();

  it("has films with distinct slugs and texts in every language", () => {
    expect(videos.length).toBeGreaterThan(0);
    const slugs = videos.map((v) => v.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const video of videos) {
      expect(video.slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      for (const lang of LANGUAGES) {
        expect(video.title[lang], `${video.slug} title ${lang}`).toBeTruthy();
        expect(video.description[lang], `${video.slug} description ${lang}`).toBeTruthy();
      }
    }
  });

  it("a placeholder tells operators to replace it and invents no speaker, city or file; a speaker is named only with consent", () => {
    const raw = shippedJson().videos;
    for (const video of videos) {
      const entry = raw.find((e) => e.slug === video.slug) as {
        note?: string;
        speaker?: { consent?: string } | null;
      };
      if (video.placeholder) {
        expect(String(entry.note), video.slug).toMatch(/Replace/);
        expect(video.speaker, video.slug).toBeUndefined();
        expect(video.media, video.slug).toBeUndefined();
        expect(video.duration, video.slug).toBeUndefined();
      }
      if (video.speaker) expect(entry.speaker?.consent, video.slug).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("Georgian texts are in Mkhedruli, Russian and Ukrainian in Cyrillic", () => {
    for (const video of videos) {
      expect(video.title.ka).toMatch(/^[\u10D0-\u10FF\s:,.\-—„“()CA-Za-z0-9]+$/);
      expect(video.description.ka).toMatch(/[\u10D0-\u10FF]{4}/);
      expect(video.title.ru).toMatch(/[А-Яа-яЁё]/);
      expect(video.title.uk).toMatch(/[А-ЯҐЄІЇа-яґєії]/);
    }
  });

  it("every caption fits Telegram's 1024 characters in every language, even with the longest bot username", () => {
    expect(() => checkCaptions(videos, i18n, DEFAULT_CATALOG_PATH)).not.toThrow();
    for (const video of videos) {
      for (const lang of LANGUAGES) {
        const length = visibleLength(fullCaption(i18n.fixedT(lang), video, lang, LONGEST_USERNAME));
        expect(length).toBeLessThanOrEqual(CAPTION_LIMIT);
      }
    }
  });
});

describe("catalog validation", () => {
  it("names the file, the video (by index and slug) and the field for a missing translation", () => {
    const json = shippedJson();
    const title = json.videos[1]?.title as Record<string, unknown>;
    delete title.ka;
    expect(problem(json)).toBe('/tmp/catalog/videos.json: videos[1] (slug "hiv").title.ka is missing');
  });

  it("rejects unknown fields (typos) instead of ignoring them", () => {
    const json = shippedJson();
    (json.videos[0] as Record<string, unknown>).titel = "x";
    expect(problem(json)).toMatch(/videos\[0\] \(slug "prison"\) has unknown field "titel"/);
  });

  it("rejects duplicate and malformed slugs", () => {
    const json = shippedJson();
    (json.videos[3] as Record<string, unknown>).slug = "hiv";
    expect(problem(json)).toMatch(/videos\[3\]\.slug "hiv" is already used by videos\[1\]/);
    (json.videos[3] as Record<string, unknown>).slug = "Treatment Denied";
    expect(problem(json)).toMatch(/slug may only hold lowercase Latin letters/);
    (json.videos[3] as Record<string, unknown>).slug = "a-very-long-slug-over-the-limit";
    expect(problem(json)).toMatch(/slug is longer than 24 characters/);
  });

  it("needs exactly one media source, and a well-formed one", () => {
    const json = shippedJson();
    const entry = json.videos[2] as Record<string, unknown>;
    entry.media = { fileId: "BAACAgIAAxkBAAIBfixtureFileIdNeverSent01", url: "https://example.org/x" };
    expect(problem(json)).toMatch(/media must have exactly one of/);
    entry.media = { url: "ftp://example.org/x" };
    expect(problem(json)).toMatch(/media\.url must be a public http\(s\) URL/);
    entry.media = { fileId: "not a file id" };
    expect(problem(json)).toMatch(/media\.fileId does not look like a Telegram file_id/);
    entry.media = "prison.mp4";
    expect(problem(json)).toMatch(/media must be null or an object/);
  });

  it("shows a speaker only with a recorded consent date", () => {
    const json = shippedJson();
    const name = {
      ru: "Имя",
      ka: "სახელი",
      uk: "Ім'я",
      en: "Name",
      kk: "Аты",
      ky: "Аты",
      ro: "Nume",
      hy: "Անուն",
      az: "Ad",
      uz: "Ism",
      tg: "Ном",
      be: "Імя",
    };
    (json.videos[0] as Record<string, unknown>).speaker = { name };
    expect(problem(json)).toMatch(/videos\[0\] \(slug "prison"\)\.speaker\.consent/);
    (json.videos[0] as Record<string, unknown>).speaker = { name, consent: "2026-02-30" };
    expect(problem(json)).toMatch(/consent must be the date/);
    (json.videos[0] as Record<string, unknown>).speaker = { name, consent: "2026-02-03" };
    const [video] = parseCatalog(json, "/tmp/x.json");
    expect(video?.speaker?.name.ka).toBe("სახელი");
    expect(video?.speaker?.place).toBeUndefined();
  });

  it("checks lengths, durations and the list itself", () => {
    const json = shippedJson();
    (json.videos[0]?.title as Record<string, string>).en = "x".repeat(101);
    expect(problem(json)).toMatch(/title\.en is longer than 100 characters/);
    const other = shippedJson();
    (other.videos[0] as Record<string, unknown>).duration = 12.5;
    expect(problem(other)).toMatch(/duration must be whole seconds/);
    expect(problem({ videos: [] })).toMatch(/videos lists no videos/);
    expect(problem([])).toMatch(/must be a JSON object/);
  });

  it("reports unreadable and malformed files as ContentError with the file name", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-catalog-"));
    expect(() => loadCatalog(path.join(dir, "absent.json"))).toThrow(/absent\.json: could not be read \(ENOENT\)/);
    const broken = writeRawCatalog(dir, '{ "videos": [', "broken.json");
    expect(() => loadCatalog(broken)).toThrow(ContentError);
    expect(() => loadCatalog(broken)).toThrow(/broken\.json: is not valid JSON/);
  });

  it("refuses at start-up a text that would make a caption too long, naming the field and by how much", () => {
    const json = shippedJson();
    (json.videos[4]?.title as Record<string, string>).ka = "ო".repeat(100);
    (json.videos[4]?.description as Record<string, string>).ka = "ა ".repeat(450).trim();
    const videos = parseCatalog(json, "/tmp/catalog/videos.json");
    expect(() => checkCaptions(videos, i18n, "/tmp/catalog/videos.json")).toThrow(
      /videos\[4\] \(slug "family"\)\.description\.ka makes the caption \d+ characters long; Telegram allows 1024: shorten it by \d+/,
    );
  });

  it("resolves local media against the catalog's folder and keeps the declaration to notice changes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-catalog-"));
    const fixture = writeFixtureCatalog(dir);
    const videos = loadCatalog(fixture.path);
    const prison = videos.find((v) => v.slug === "prison");
    expect(prison?.media).toEqual({
      type: "local",
      path: path.join(dir, "media", "prison.mp4"),
      declared: "media/prison.mp4",
    });
    expect(prison?.mediaBasis).toBe(JSON.stringify({ file: "media/prison.mp4" }));
    expect(videos.find((v) => v.slug === "hepatitis-tb")?.media).toEqual({
      type: "url",
      url: "https://films.example.org/hepatitis-tb",
    });
    expect(videos.find((v) => v.slug === "treatment")?.media).toBeUndefined();
  });
});
