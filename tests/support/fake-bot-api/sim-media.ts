import type { FakeState } from "./state.js";
import type { WireDocument, WirePhotoSize, WireSticker, WireVideo, WireVoice } from "./wire-types.js";

/** Media a simulated user sends: each gets fresh file_ids the fake knows, as Telegram would. */

export function userPhoto(state: FakeState): WirePhotoSize[] {
  return [
    [90, 67, 1_200],
    [320, 240, 15_000],
    [800, 600, 60_000],
    [1280, 960, 110_000],
  ].map(([width = 0, height = 0, size = 0]) => {
    const file = state.registerFile("photo", { width, height, file_size: size });
    return { file_id: file.file_id, file_unique_id: file.file_unique_id, width, height, file_size: size };
  });
}

export interface UserVideoOptions {
  width?: number;
  height?: number;
  duration?: number;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export function userVideo(state: FakeState, options: UserVideoOptions = {}): WireVideo {
  const details = {
    width: options.width ?? 1280,
    height: options.height ?? 720,
    duration: options.duration ?? 95,
    mime_type: options.mime_type ?? "video/mp4",
    file_size: options.file_size ?? 12_345_678,
    ...(options.file_name === undefined ? {} : { file_name: options.file_name }),
  };
  const file = state.registerFile("video", details);
  return { file_id: file.file_id, file_unique_id: file.file_unique_id, ...details };
}

export interface UserDocumentOptions {
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export function userDocument(state: FakeState, options: UserDocumentOptions = {}): WireDocument {
  const details = {
    file_name: options.file_name ?? "document.pdf",
    mime_type: options.mime_type ?? "application/pdf",
    file_size: options.file_size ?? 48_000,
  };
  const file = state.registerFile("document", details);
  return { file_id: file.file_id, file_unique_id: file.file_unique_id, ...details };
}

export function userVoice(state: FakeState, duration = 4): WireVoice {
  const file = state.registerFile("voice", { duration, mime_type: "audio/ogg", file_size: duration * 4_000 });
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    duration,
    mime_type: "audio/ogg",
    file_size: file.file_size,
  };
}

export function userSticker(state: FakeState, emoji = "👍"): WireSticker {
  const file = state.registerFile("sticker", { width: 512, height: 512, file_size: 20_000 });
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    type: "regular",
    width: 512,
    height: 512,
    is_animated: false,
    is_video: false,
    emoji,
  };
}
