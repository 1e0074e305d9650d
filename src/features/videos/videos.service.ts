import { accessSync, constants, statSync } from "node:fs";
import { type Api, GrammyError, InputFile } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { Lang } from "../../bot/i18n.js";
import type { Logger } from "../../logger.js";
import type { CatalogVideo } from "./videos.catalog.js";
import type { ExtraVideo, FileKind, StoredVideoFile, VideosRepo } from "./videos.repo.js";

/** The Bot API accepts uploads up to 50 MB; bigger files must be attached from Telegram. */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

/** What sending a video would do right now. */
export type Playable =
  | { kind: "file"; fileId: string; fileKind: FileKind; origin: "operator" | "content" | "upload"; duration?: number }
  | { kind: "upload"; path: string; basis: string }
  | { kind: "url"; url: string }
  | { kind: "none"; reason: Unplayable };

/** Why a video can't be sent: no media yet, a local file missing or too big, or a refused file_id. */
export type Unplayable = "no-media" | "missing-file" | "too-large" | "refused";

/** How a video is presented: caption (Telegram HTML), the line with a URL for link sources, buttons. */
export interface Presentation {
  caption: string;
  linkText(url: string): string;
  keyboard?: InlineKeyboardMarkup;
}

export type SendResult = { status: "sent"; message: Message } | { status: "unavailable"; reason: Unplayable };

/** Something operators should know at start-up about one video. */
export interface VideoProblem {
  slug: string;
  problem: Unplayable | "placeholder" | "operator-only-language";
}

export interface VideoLibraryDeps {
  content: readonly CatalogVideo[];
  repo: VideosRepo;
  clock: () => number;
  logger: Logger;
  uploadLimitBytes?: number;
}

/** Telegram refuses this file_id or URL (another bot's id, a deleted file, a wrong type). */
export function isRefusedFile(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /wrong file identifier|wrong remote file|file reference|FILE_ID_INVALID|can't use file of type|failed to get HTTP URL content|wrong type of the web page content/i.test(
      error.description,
    )
  );
}

function fileOf(message: Message): { fileId: string; kind: FileKind; duration?: number } | undefined {
  if (message.video) return { fileId: message.video.file_id, kind: "video", duration: message.video.duration };
  if (message.animation)
    return { fileId: message.animation.file_id, kind: "animation", duration: message.animation.duration };
  if (message.document) return { fileId: message.document.file_id, kind: "document" };
  return undefined;
}

function extraToVideo(extra: ExtraVideo): CatalogVideo {
  const lang = extra.lang as Lang;
  return {
    slug: extra.slug,
    origin: "operator",
    placeholder: false,
    title: { [lang]: extra.title },
    description: extra.description ? { [lang]: extra.description } : {},
    speaker: undefined,
    duration: undefined,
    media: undefined,
    mediaBasis: "null",
  };
}

/**
 * The catalog as people see it — the content file's videos, then films operators added in
 * Telegram — and how to play each: a file attached by an operator (until the content file's
 * `media` for that video changes), the content file's file_id, a local file uploaded once and
 * then re-sent by the file_id Telegram returned, or a link.
 */
export function createVideoLibrary(deps: VideoLibraryDeps) {
  const { repo, logger } = deps;
  const uploadLimit = deps.uploadLimitBytes ?? UPLOAD_LIMIT_BYTES;
  const content = new Map(deps.content.map((video) => [video.slug, video]));
  let files = new Map<string, StoredVideoFile>();
  let entries: CatalogVideo[] = [];
  /** file_ids Telegram refused this run (not persisted: a new bot token is a redeploy anyway). */
  const refused = new Set<string>();
  /** Uploads in progress by slug, so that a local file goes up once even under concurrent requests. */
  const uploading = new Map<string, Promise<unknown>>();

  const fileKey = (slug: string, origin: StoredVideoFile["origin"]) => `${slug}\u0000${origin}`;
  function reload(): void {
    files = new Map(repo.files().map((file) => [fileKey(file.slug, file.origin), file]));
    const extras = repo
      .extras()
      .filter((extra) => !content.has(extra.slug))
      .map(extraToVideo);
    // Where the content file gives no length, an operator's file brings its own (Telegram tells
    // it with the video). Uploads don't: the first caption would differ from the later ones.
    // An order an operator set comes first; films it does not name follow in their own order.
    const position = new Map(repo.order().map((slug, index) => [slug, index]));
    const natural = [...deps.content, ...extras];
    const rank = (video: CatalogVideo) => position.get(video.slug) ?? position.size + natural.indexOf(video);
    entries = natural
      .sort((a, b) => rank(a) - rank(b))
      .map((video) => {
        if (video.duration !== undefined) return video;
        const attached = files.get(fileKey(video.slug, "operator"));
        const known = attached?.basis === video.mediaBasis ? attached.duration : null;
        return known ? { ...video, duration: known } : video;
      });
  }
  reload();

  function localFile(path: string): { basis: string } | { problem: Unplayable } {
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return { problem: "missing-file" };
      accessSync(path, constants.R_OK);
      if (stat.size > uploadLimit) return { problem: "too-large" };
      return { basis: `${path}|${stat.size}|${Math.trunc(stat.mtimeMs)}` };
    } catch {
      return { problem: "missing-file" };
    }
  }

  function playable(video: CatalogVideo): Playable {
    const attached = files.get(fileKey(video.slug, "operator"));
    if (attached && attached.basis === video.mediaBasis && !refused.has(attached.fileId)) {
      return {
        kind: "file",
        fileId: attached.fileId,
        fileKind: attached.kind,
        origin: "operator",
        duration: attached.duration ?? video.duration,
      };
    }
    const media = video.media;
    if (!media) return { kind: "none", reason: attached && refused.has(attached.fileId) ? "refused" : "no-media" };
    if (media.type === "url") return { kind: "url", url: media.url };
    if (media.type === "file_id") {
      if (refused.has(media.fileId)) return { kind: "none", reason: "refused" };
      return { kind: "file", fileId: media.fileId, fileKind: "video", origin: "content", duration: video.duration };
    }
    const local = localFile(media.path);
    if ("problem" in local) return { kind: "none", reason: local.problem };
    const uploaded = files.get(fileKey(video.slug, "upload"));
    if (uploaded && uploaded.basis === local.basis && !refused.has(uploaded.fileId)) {
      return {
        kind: "file",
        fileId: uploaded.fileId,
        fileKind: uploaded.kind,
        origin: "upload",
        duration: uploaded.duration ?? video.duration,
      };
    }
    return { kind: "upload", path: media.path, basis: local.basis };
  }

  async function sendFile(
    api: Api,
    chatId: number,
    kind: FileKind,
    file: string | InputFile,
    duration: number | undefined,
    presentation: Presentation,
  ): Promise<Message> {
    const common = { caption: presentation.caption, parse_mode: "HTML" as const, reply_markup: presentation.keyboard };
    if (kind === "video") return api.sendVideo(chatId, file, { ...common, duration, supports_streaming: true });
    if (kind === "animation") return api.sendAnimation(chatId, file, { ...common, duration });
    return api.sendDocument(chatId, file, common);
  }

  async function upload(
    api: Api,
    chatId: number,
    video: CatalogVideo,
    path: string,
    basis: string,
    presentation: Presentation,
  ) {
    await api.sendChatAction(chatId, "upload_video").catch(() => undefined);
    const started = deps.clock();
    const message = await sendFile(api, chatId, "video", new InputFile(path), video.duration, presentation);
    const file = fileOf(message);
    if (file) {
      repo.saveFile(
        {
          slug: video.slug,
          origin: "upload",
          fileId: file.fileId,
          kind: file.kind,
          basis,
          duration: file.duration ?? null,
        },
        deps.clock(),
      );
      reload();
      logger.info(
        { video: video.slug, kind: file.kind, ms: deps.clock() - started },
        "uploaded a video file; later sends reuse its file_id",
      );
    }
    return message;
  }

  return {
    /** Every video in order: the content file's, then operator-added films. */
    entries(): readonly CatalogVideo[] {
      return entries;
    },
    find(slug: string): CatalogVideo | undefined {
      return entries.find((video) => video.slug === slug);
    },
    /** Position of a video (0-based) and its neighbours' slugs. */
    neighbours(slug: string): { index: number; total: number; previous?: string; next?: string } {
      const index = entries.findIndex((video) => video.slug === slug);
      return { index, total: entries.length, previous: entries[index - 1]?.slug, next: entries[index + 1]?.slug };
    },
    playable,
    /** The file_id of a playable Telegram video, for inline results (InlineQueryResultCachedVideo). */
    cachedVideoId(video: CatalogVideo): string | undefined {
      const play = playable(video);
      return play.kind === "file" && play.fileKind === "video" ? play.fileId : undefined;
    },
    /**
     * Sends a video to a chat. A local file is uploaded once (concurrent requests wait for that
     * upload, then reuse its file_id); a file_id Telegram refuses is dropped and the next source
     * tried (a stale upload is simply uploaded again).
     */
    async send(api: Api, chatId: number, video: CatalogVideo, presentation: Presentation): Promise<SendResult> {
      for (let attempt = 0; attempt < 4; attempt++) {
        const play = playable(video);
        if (play.kind === "none") return { status: "unavailable", reason: play.reason };
        if (play.kind === "url") {
          const message = await api.sendMessage(
            chatId,
            `${presentation.caption}\n\n${presentation.linkText(play.url)}`,
            {
              parse_mode: "HTML",
              link_preview_options: { url: play.url, prefer_large_media: true, show_above_text: true },
              reply_markup: presentation.keyboard,
            },
          );
          return { status: "sent", message };
        }
        if (play.kind === "upload") {
          const pending = uploading.get(video.slug);
          if (pending) {
            await pending.catch(() => undefined);
            continue;
          }
          const job = upload(api, chatId, video, play.path, play.basis, presentation);
          uploading.set(video.slug, job);
          try {
            return { status: "sent", message: await job };
          } finally {
            uploading.delete(video.slug);
          }
        }
        try {
          const message = await sendFile(api, chatId, play.fileKind, play.fileId, play.duration, presentation);
          return { status: "sent", message };
        } catch (error) {
          if (!isRefusedFile(error)) throw error;
          refused.add(play.fileId);
          if (play.origin === "upload") repo.deleteFile(video.slug, "upload");
          reload();
          logger.warn({ video: video.slug, origin: play.origin, err: error }, "Telegram refused a video's file_id");
        }
      }
      return { status: "unavailable", reason: "refused" };
    },
    /** Attaches a file an operator sent in Telegram to a video (replacing an earlier one). */
    attach(slug: string, file: { fileId: string; kind: FileKind; duration?: number }): void {
      const video = content.get(slug) ?? entries.find((entry) => entry.slug === slug);
      if (!video) throw new Error(`no video "${slug}"`);
      repo.saveFile(
        {
          slug,
          origin: "operator",
          fileId: file.fileId,
          kind: file.kind,
          basis: video.mediaBasis,
          duration: file.duration ?? null,
        },
        deps.clock(),
      );
      refused.delete(file.fileId);
      reload();
    },
    /** Where a film's file comes from now: attached by an operator, the content file, or nowhere. */
    fileSource(video: CatalogVideo): "operator" | "content" | "none" {
      const play = playable(video);
      if (play.kind === "none") return "none";
      return play.kind === "file" && play.origin === "operator" ? "operator" : "content";
    },
    /**
     * Detaches the file an operator attached to a film: the content file's media (if any) is used
     * again. An operator-added film has no other media, so it becomes "not available yet".
     */
    detach(slug: string): void {
      repo.deleteFile(slug, "operator");
      reload();
    },
    /** Removes a film an operator added in Telegram (content-file films are removed there). */
    remove(slug: string): boolean {
      const video = entries.find((entry) => entry.slug === slug);
      if (video?.origin !== "operator") return false;
      repo.removeExtra(slug);
      reload();
      return true;
    },
    /** Moves a film one place up (-1) or down (+1) in the list everyone sees. */
    move(slug: string, by: -1 | 1): boolean {
      const order = entries.map((video) => video.slug);
      const from = order.indexOf(slug);
      const to = from + by;
      if (from < 0 || to < 0 || to >= order.length) return false;
      [order[from], order[to]] = [order[to] as string, slug];
      repo.saveOrder(order);
      reload();
      return true;
    },
    /** A film an operator added in Telegram: texts in their language, the file attached. */
    addFilm(input: {
      lang: Lang;
      title: string;
      description: string;
      fileId: string;
      kind: FileKind;
      duration?: number;
    }): CatalogVideo {
      const taken = new Set(entries.map((video) => video.slug));
      let n = entries.length + 1;
      while (taken.has(`film-${n}`)) n++;
      const slug = `film-${n}`;
      const at = deps.clock();
      repo.addExtra(
        { slug, lang: input.lang, title: input.title, description: input.description, createdAt: at },
        {
          slug,
          origin: "operator",
          fileId: input.fileId,
          kind: input.kind,
          basis: "null",
          duration: input.duration ?? null,
        },
      );
      reload();
      return entries.find((video) => video.slug === slug) as CatalogVideo;
    },
    /** Content file changes and missing files that operators should hear about at start-up. */
    problems(): VideoProblem[] {
      const out: VideoProblem[] = [];
      for (const video of entries) {
        if (video.placeholder) out.push({ slug: video.slug, problem: "placeholder" });
        if (video.origin === "operator") out.push({ slug: video.slug, problem: "operator-only-language" });
        const play = playable(video);
        if (play.kind === "none") out.push({ slug: video.slug, problem: play.reason });
      }
      return out;
    },
    /** Operator attachments the content file has since overridden (its `media` changed). */
    overridden(): string[] {
      return [...files.values()]
        .filter((file) => file.origin === "operator")
        .filter((file) => {
          const video = content.get(file.slug);
          return video !== undefined && video.mediaBasis !== file.basis;
        })
        .map((file) => file.slug);
    },
  };
}

export type VideoLibrary = ReturnType<typeof createVideoLibrary>;
