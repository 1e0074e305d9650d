import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_CATALOG_PATH } from "../../../src/features/videos/videos.catalog.js";

/** A syntactically valid file_id for catalogs whose ids never reach a (fake) Telegram. */
export const SAMPLE_FILE_ID = "BAACAgIAAxkBAAIBfixtureFileIdNeverSent01";

export interface FixtureCatalog {
  /** The catalog file to pass as `content.videos` / `catalogPath`. */
  path: string;
  /** The local media files, by slug. */
  files: Record<string, string>;
  /** Slugs in catalog order. */
  slugs: string[];
}

export interface FixtureOptions {
  /** The file_id used by the entries whose media is a file_id (register it with the fake first). */
  fileId?: string;
  /** Bytes of each local video file. */
  videoBytes?: number;
}

type Json = Record<string, unknown>;

/**
 * A seven-film catalog with the shipped texts (so real Georgian lengths are exercised) and every
 * kind of media source: local files (prison, family), a file_id (hiv, reform), a URL
 * (hepatitis-tb), none (treatment) and a local file that does not exist (work). `reform` has a
 * consented speaker and a duration.
 */
export function writeFixtureCatalog(dir: string, options: FixtureOptions = {}): FixtureCatalog {
  const shipped = JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, "utf8")) as { videos: Json[] };
  const fileId = options.fileId ?? SAMPLE_FILE_ID;
  mkdirSync(path.join(dir, "media"), { recursive: true });
  const files: Record<string, string> = {};
  for (const slug of ["prison", "family"]) {
    const file = path.join(dir, "media", `${slug}.mp4`);
    writeFileSync(file, Buffer.alloc(options.videoBytes ?? 4096, slug));
    files[slug] = file;
  }
  const media: Record<string, Json | null> = {
    prison: { file: "media/prison.mp4" },
    hiv: { fileId },
    "hepatitis-tb": { url: "https://films.example.org/hepatitis-tb" },
    treatment: null,
    family: { file: "media/family.mp4" },
    work: { file: "media/missing.mp4" },
    reform: { fileId },
  };
  const videos = shipped.videos.map((entry) => {
    const slug = String(entry.slug);
    const out: Json = { ...entry, placeholder: false, media: media[slug] ?? null };
    delete out.note;
    if (slug === "reform") {
      out.duration = 245;
      out.speaker = {
        name: {
          ru: "Тестовая Спикерка",
          ka: "სატესტო მომხსენებელი",
          uk: "Тестова Спікерка",
          en: "Test Speaker",
          kk: "Сынақ Спикер",
          ky: "Сыноо Спикер",
          ro: "Vorbitoare de Test",
          hy: "Փորձնական Խոսնակ",
          az: "Test Spiker",
          uz: "Test Spiker",
          tg: "Сухангӯи Санҷишӣ",
          be: "Тэставая Спікерка",
        },
        place: {
          ru: "Батуми, Грузия",
          ka: "ბათუმი, საქართველო",
          uk: "Батумі, Грузія",
          en: "Batumi, Georgia",
          kk: "Батуми, Грузия",
          ky: "Батуми, Грузия",
          ro: "Batumi, Georgia",
          hy: "Բաթումի, Վրաստան",
          az: "Batumi, Gürcüstan",
          uz: "Batumi, Gruziya",
          tg: "Батумӣ, Гурҷистон",
          be: "Батумі, Грузія",
        },
        consent: "2026-01-15",
      };
    }
    return out;
  });
  const file = path.join(dir, "videos.json");
  writeFileSync(file, JSON.stringify({ about: "test fixture", videos }, null, 2));
  return { path: file, files, slugs: videos.map((v) => String(v.slug)) };
}

/** Writes a catalog from raw JSON (for validation tests). */
export function writeRawCatalog(dir: string, json: unknown, name = "videos.json"): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json, null, 2));
  return file;
}
