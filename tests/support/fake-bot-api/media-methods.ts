import { ApiError, badRequest } from "./api-error.js";
import { formatCaption } from "./formatted-text.js";
import { admit, captionFields, markupFor, outgoingExtras, replyTarget } from "./message-helpers.js";
import type { MethodContext, MethodHandler } from "./method-context.js";
import { asObject, asString, chatIdParam, int, str } from "./params.js";
import type { FakeState, StoredFile } from "./state.js";
import type { JsonObject, MediaKind, WireDocument, WireMessage, WirePhotoSize, WireVideo } from "./wire-types.js";

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const KIND_NAMES: Record<MediaKind, string> = {
  photo: "Photo",
  video: "Video",
  document: "Document",
  voice: "Voice",
  sticker: "Sticker",
};

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  zip: "application/zip",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  mp4: "video/mp4",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
};

/**
 * Resolves a photo/video/document argument like Telegram: a known file_id (of the right type), an
 * http(s) URL (recorded, never fetched), or `attach://<part>` pointing at an uploaded part.
 */
export function resolveInputFile(
  context: MethodContext,
  value: string | undefined,
  field: string,
  kind: MediaKind,
): StoredFile {
  const { state } = context;
  if (value === undefined || value === "") throw badRequest(`there is no ${kind} in the request`);

  if (value.startsWith("attach://")) {
    const part = context.files.get(value.slice("attach://".length));
    if (part === undefined) throw badRequest(`there is no ${kind} in the request`);
    if (part.bytes.byteLength > MAX_UPLOAD_BYTES) throw new ApiError(413, "Request Entity Too Large");
    if (kind === "photo" && part.bytes.byteLength > MAX_PHOTO_UPLOAD_BYTES)
      throw badRequest("PHOTO_INVALID_DIMENSIONS");
    const dimensions = kind === "photo" ? pngDimensions(part.bytes) : undefined;
    const extension = part.filename.split(".").pop()?.toLowerCase() ?? "";
    const mimeType = MIME_BY_EXTENSION[extension] ?? part.contentType;
    const file = state.registerFile(kind, {
      file_size: part.bytes.byteLength,
      bytes: part.bytes,
      file_name: part.filename,
      ...(dimensions ?? {}),
      ...(mimeType === undefined || mimeType === "application/octet-stream" ? {} : { mime_type: mimeType }),
    });
    state.uploads.push({
      method: context.method,
      field,
      partName: part.name,
      filename: part.filename,
      byteLength: part.bytes.byteLength,
      bytes: part.bytes,
      fileId: file.file_id,
    });
    return file;
  }

  if (/^https?:\/\/[^/\s]+/i.test(value)) {
    const file = state.registerFile(kind, { file_size: 0 });
    state.mediaUrls.push({ method: context.method, field, url: value, fileId: file.file_id });
    return file;
  }

  return knownFile(state, value, kind);
}

/** A file_id the fake has seen, of the kind the method needs. */
export function knownFile(state: FakeState, fileId: string, kind: MediaKind): StoredFile {
  const known = state.files.get(fileId);
  if (known === undefined) throw badRequest("wrong file identifier/HTTP URL specified");
  if (known.kind !== kind) throw badRequest(`can't use file of type ${KIND_NAMES[known.kind]} as ${KIND_NAMES[kind]}`);
  return known;
}

/** Reads width/height from a PNG header, so QR codes and charts get their real size. */
function pngDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.byteLength < 24 || signature.some((byte, index) => bytes[index] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Telegram stores a photo in several sizes; each gets its own file_id. */
function photoSizes(state: FakeState, file: StoredFile): WirePhotoSize[] {
  const width = file.width ?? 1280;
  const height = file.height ?? 720;
  const longest = Math.max(width, height);
  const sizes: WirePhotoSize[] = [];
  for (const limit of [90, 320, 800]) {
    if (limit >= longest) break;
    const scale = limit / longest;
    const thumb = state.registerFile("photo", {
      file_size: Math.max(1, Math.round(file.file_size * scale * scale)),
      width: Math.round(width * scale),
      height: Math.round(height * scale),
    });
    sizes.push({
      file_id: thumb.file_id,
      file_unique_id: thumb.file_unique_id,
      width: thumb.width ?? 0,
      height: thumb.height ?? 0,
      file_size: thumb.file_size,
    });
  }
  sizes.push({ file_id: file.file_id, file_unique_id: file.file_unique_id, width, height, file_size: file.file_size });
  return sizes;
}

function videoOf(file: StoredFile, overrides: { width?: number; height?: number; duration?: number }): WireVideo {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    width: overrides.width ?? file.width ?? 1280,
    height: overrides.height ?? file.height ?? 720,
    duration: overrides.duration ?? file.duration ?? 30,
    mime_type: file.mime_type ?? "video/mp4",
    ...(file.file_name === undefined ? {} : { file_name: file.file_name }),
    ...(file.file_size > 0 ? { file_size: file.file_size } : {}),
  };
}

function documentOf(file: StoredFile): WireDocument {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_name: file.file_name ?? "document",
    ...(file.mime_type === undefined ? {} : { mime_type: file.mime_type }),
    ...(file.file_size > 0 ? { file_size: file.file_size } : {}),
  };
}

/** The media part of a message for a resolved file. */
export function mediaContent(
  state: FakeState,
  kind: "photo" | "video" | "document",
  file: StoredFile,
  overrides: { width?: number; height?: number; duration?: number } = {},
): Partial<WireMessage> {
  switch (kind) {
    case "photo":
      return { photo: photoSizes(state, file) };
    case "video":
      return { video: videoOf(file, overrides) };
    case "document":
      return { document: documentOf(file) };
  }
}

function sendMedia(kind: "photo" | "video" | "document"): MethodHandler {
  return (context) => {
    const { params, state } = context;
    const file = resolveInputFile(context, str(params, kind), kind, kind);
    const caption = formatCaption(
      str(params, "caption"),
      str(params, "parse_mode"),
      params.caption_entities,
      state.formatOptions,
    );
    const markup = markupFor(context, false);
    const chat = state.resolveChat(chatIdParam(params, "chat_id"));
    const reply = replyTarget(context, chat);
    admit(context, chat);
    const overrides = {
      ...(int(params, "width") === undefined ? {} : { width: int(params, "width") }),
      ...(int(params, "height") === undefined ? {} : { height: int(params, "height") }),
      ...(int(params, "duration") === undefined ? {} : { duration: int(params, "duration") }),
    };
    return state.addMessage(
      chat,
      "bot",
      (base) => ({
        ...base,
        ...outgoingExtras(context, markup, reply),
        ...mediaContent(state, kind, file, overrides),
        ...captionFields(caption),
        ...(params.show_caption_above_media === true ? { show_caption_above_media: true as const } : {}),
        ...(params.has_spoiler === true ? { has_media_spoiler: true as const } : {}),
      }),
      markup.visible,
    ).message;
  };
}

const sendMediaGroup: MethodHandler = (context) => {
  const { params, state } = context;
  const media = params.media;
  if (!Array.isArray(media)) throw badRequest("can't parse media JSON object");
  if (media.length < 2 || media.length > 10) throw badRequest("wrong number of media in the album");
  const items = media.map((raw): { item: JsonObject; type: "photo" | "video" | "document" } => {
    const item = asObject(raw);
    const type = asString(item?.type);
    if (item === undefined || (type !== "photo" && type !== "video" && type !== "document")) {
      throw badRequest("can't parse InputMedia: unsupported media type for the fake");
    }
    return { item, type };
  });
  const hasDocuments = items.some(({ type }) => type === "document");
  if (hasDocuments && items.some(({ type }) => type !== "document")) {
    throw badRequest("can't use the media of the specified type in the album");
  }
  const prepared = items.map(({ item, type }) => ({
    type,
    file: resolveInputFile(context, asString(item.media), "media", type),
    caption: formatCaption(
      asString(item.caption),
      asString(item.parse_mode),
      item.caption_entities ?? undefined,
      state.formatOptions,
    ),
  }));
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  const reply = replyTarget(context, chat);
  const groupId = `${state.clock.now()}${chat.nextMessageId}`;
  return prepared.map(({ type, file, caption }) => {
    admit(context, chat);
    return state.addMessage(chat, "bot", (base) => ({
      ...base,
      ...outgoingExtras(context, {}, reply),
      media_group_id: groupId,
      ...mediaContent(state, type, file),
      ...captionFields(caption),
    })).message;
  });
};

const getFile: MethodHandler = ({ params, state }) => {
  const file = state.files.get(str(params, "file_id") ?? "");
  if (file === undefined) throw badRequest("invalid file_id");
  if (file.file_size > MAX_DOWNLOAD_BYTES) throw badRequest("file is too big");
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    ...(file.file_size > 0 ? { file_size: file.file_size } : {}),
    file_path: file.file_path,
  };
};

export const mediaMethods: Readonly<Record<string, MethodHandler>> = {
  sendPhoto: sendMedia("photo"),
  sendVideo: sendMedia("video"),
  sendDocument: sendMedia("document"),
  sendMediaGroup,
  getFile,
};
