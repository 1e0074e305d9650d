import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LANGUAGES, type Lang } from "../../bot/i18n.js";
import { ContentError } from "../../content/content-error.js";
import * as v from "../../validation.js";

/** The shipped catalog; operators edit it (format in src/content/README.md, "Campaign videos"). */
export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL("../../content/videos.json", import.meta.url));

/** Texts per language; content-file videos have all four, operator-added ones only their own. */
export type LocalizedText = Readonly<Partial<Record<Lang, string>>>;

/** Where a video's file comes from, as written in the content file. */
export type MediaSource =
  | { readonly type: "file_id"; readonly fileId: string }
  | { readonly type: "local"; readonly path: string; readonly declared: string }
  | { readonly type: "url"; readonly url: string };

export interface Speaker {
  readonly name: LocalizedText;
  readonly place: LocalizedText | undefined;
}

/** One video of the catalog, from the content file or added by an operator in Telegram. */
export interface CatalogVideo {
  readonly slug: string;
  readonly origin: "content" | "operator";
  /** Texts still to be replaced with the real film's (flagged to operators at start-up). */
  readonly placeholder: boolean;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  /** Shown only where the activist's consent is recorded in the content file. */
  readonly speaker: Speaker | undefined;
  /** Seconds. */
  readonly duration: number | undefined;
  readonly media: MediaSource | undefined;
  /** The content file's `media` as written (JSON), to notice when it changes. */
  readonly mediaBasis: string;
}

export const SLUG_MAX = 24;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TITLE_MAX = 100;
export const DESCRIPTION_MAX = 900;
const NAME_MAX = 80;
const PLACE_MAX = 80;
const NOTE_MAX = 1000;

const text = (max: number) =>
  v
    .string((issue) => (issue.input === undefined ? "is missing" : "must be text in quotes"))
    .trim()
    .min(1, "is empty")
    .max(max, `is longer than ${max} characters`);

const localized = (max: number) =>
  v.strictObject(
    Object.fromEntries(LANGUAGES.map((lang) => [lang, text(max)])) as Record<Lang, ReturnType<typeof text>>,
    (issue) => (issue.input === undefined ? "is missing" : `must be an object with ${LANGUAGES.join(", ")}`),
  );

const media = v
  .strictObject(
    {
      fileId: v
        .string()
        .regex(/^[A-Za-z0-9_-]{20,255}$/, "does not look like a Telegram file_id")
        .optional(),
      file: v.string().trim().min(1, "is empty").optional(),
      url: v.url(/^https?$/, "must be a public http(s) URL").optional(),
    },
    'must be null or an object with one of "fileId", "file", "url"',
  )
  .refine(
    (value) => [value.fileId, value.file, value.url].filter((part) => part !== undefined).length === 1,
    'must have exactly one of "fileId", "file" or "url"',
  )
  .nullable();

const speaker = v
  .strictObject(
    {
      name: localized(NAME_MAX),
      place: localized(PLACE_MAX).nullable().default(null),
      consent: v.isoDate("must be the date the activist's consent was recorded, YYYY-MM-DD"),
    },
    "must be null or an object with name, place and consent",
  )
  .nullable()
  .default(null);

const video = v.strictObject(
  {
    slug: v
      .string("is missing")
      .max(SLUG_MAX, `is longer than ${SLUG_MAX} characters`)
      .regex(SLUG, "may only hold lowercase Latin letters, digits and single dashes, e.g. treatment-denied"),
    placeholder: v.boolean("must be true or false").default(false),
    note: v.string("must be text").max(NOTE_MAX, `is longer than ${NOTE_MAX} characters`).optional(),
    title: localized(TITLE_MAX),
    description: localized(DESCRIPTION_MAX),
    speaker,
    duration: v
      .number("must be a number of seconds or null")
      .int("must be whole seconds")
      .min(1, "must be at least 1 second")
      .max(6 * 60 * 60, "must be under 6 hours")
      .nullable()
      .default(null),
    media: media.default(null),
  },
  "must be an object",
);

const catalog = v.strictObject(
  {
    about: v.string("must be text").optional(),
    videos: v.array(video, "must be a list of videos").min(1, "lists no videos"),
  },
  "must be a JSON object with a videos list",
);

type RawCatalog = v.Infer<typeof catalog>;

function describePath(issuePath: v.Path, raw: unknown): string {
  let out = "";
  let node: unknown = raw;
  for (const part of issuePath) {
    if (typeof part === "number") {
      out += `[${part}]`;
      node = Array.isArray(node) ? node[part] : undefined;
      const slug = (node as { slug?: unknown } | undefined)?.slug;
      if (out.startsWith("videos[") && out.indexOf("]") === out.length - 1 && typeof slug === "string") {
        out += ` (slug "${slug}")`;
      }
    } else {
      out += `${out ? "." : ""}${part}`;
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return out;
}

function problemOf(issue: v.Issue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys ?? [];
    return `has unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} (a typo?)`;
  }
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
    return issue.message.includes("received undefined") ? "is missing" : `must be ${issue.expected}`;
  }
  return issue.message;
}

/** The label of the file in errors: relative to the working directory when inside it. */
export function fileLabel(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Validates the catalog; throws ContentError naming the file, the field (with the video's slug)
 * and what is wrong. Local media paths are resolved against the content file's folder. Whether
 * a local file exists is not checked here: a missing file must not stop the bot (see problems()).
 */
export function parseCatalog(json: unknown, file: string): CatalogVideo[] {
  const label = fileLabel(file);
  const result = catalog.safeParse(json);
  if (!result.success) {
    const issue = result.issues[0];
    if (!issue) throw new ContentError(label, "", "is invalid");
    throw new ContentError(label, describePath(issue.path, json), problemOf(issue));
  }
  const parsed: RawCatalog = result.data;
  const seen = new Map<string, number>();
  parsed.videos.forEach((entry, index) => {
    const earlier = seen.get(entry.slug);
    if (earlier !== undefined) {
      throw new ContentError(label, `videos[${index}].slug`, `"${entry.slug}" is already used by videos[${earlier}]`);
    }
    seen.set(entry.slug, index);
  });
  const folder = path.dirname(path.resolve(file));
  return parsed.videos.map((entry): CatalogVideo => {
    const source = entry.media;
    let resolved: MediaSource | undefined;
    if (source?.fileId) resolved = { type: "file_id", fileId: source.fileId };
    else if (source?.file) resolved = { type: "local", path: path.resolve(folder, source.file), declared: source.file };
    else if (source?.url) resolved = { type: "url", url: source.url };
    return {
      slug: entry.slug,
      origin: "content",
      placeholder: entry.placeholder,
      title: entry.title,
      description: entry.description,
      speaker: entry.speaker ? { name: entry.speaker.name, place: entry.speaker.place ?? undefined } : undefined,
      duration: entry.duration ?? undefined,
      media: resolved,
      mediaBasis: JSON.stringify(source ?? null),
    };
  });
}

/** Reads and validates a catalog file; every problem is a ContentError. */
export function loadCatalog(file: string = DEFAULT_CATALOG_PATH): CatalogVideo[] {
  const label = fileLabel(file);
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    throw new ContentError(label, "", `could not be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ContentError(label, "", `is not valid JSON: ${(error as Error).message}`);
  }
  return parseCatalog(json, file);
}

/** A text in the wanted language, else English, else whatever language the video has. */
export function textIn(texts: LocalizedText, lang: Lang): string {
  return texts[lang] ?? texts.en ?? Object.values(texts).find((value) => value !== undefined) ?? "";
}
