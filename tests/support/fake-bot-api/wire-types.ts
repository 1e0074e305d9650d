/**
 * JSON shapes the fake puts on the wire. They follow the Bot API field names but are deliberately
 * looser than grammY's discriminated unions: the fake builds them field by field.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface WireUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
}

export type ChatType = "private" | "group" | "supergroup";

export interface WireChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  /** A supergroup with topics. */
  is_forum?: true;
}

export interface WireEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: WireUser;
  language?: string;
  custom_emoji_id?: string;
  unix_time?: number;
  date_time_format?: string;
}

export interface WirePhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface WireVideo {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  duration: number;
  mime_type?: string;
  file_name?: string;
  file_size?: number;
}

export interface WireDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface WireVoice {
  file_id: string;
  file_unique_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
}

export interface WireSticker {
  file_id: string;
  file_unique_id: string;
  type: "regular";
  width: number;
  height: number;
  is_animated: boolean;
  is_video: boolean;
  emoji?: string;
}

export interface WireContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
}

export interface WireLocation {
  latitude: number;
  longitude: number;
}

export type WireMessageOrigin =
  | { type: "user"; date: number; sender_user: WireUser }
  | { type: "hidden_user"; date: number; sender_user_name: string }
  | { type: "chat"; date: number; sender_chat: WireChat }
  | { type: "channel"; date: number; chat: WireChannel; message_id: number };

export interface WireChannel {
  id: number;
  type: "channel";
  title: string;
  username?: string;
}

export interface WireMessage {
  message_id: number;
  date: number;
  chat: WireChat;
  from?: WireUser;
  edit_date?: number;
  text?: string;
  entities?: WireEntity[];
  caption?: string;
  caption_entities?: WireEntity[];
  photo?: WirePhotoSize[];
  video?: WireVideo;
  document?: WireDocument;
  voice?: WireVoice;
  sticker?: WireSticker;
  contact?: WireContact;
  location?: WireLocation;
  via_bot?: WireUser;
  forward_origin?: WireMessageOrigin;
  reply_to_message?: WireMessage;
  reply_markup?: JsonObject;
  has_protected_content?: true;
  media_group_id?: string;
  link_preview_options?: JsonObject;
  show_caption_above_media?: true;
  has_media_spoiler?: true;
  new_chat_members?: WireUser[];
  left_chat_member?: WireUser;
  /** The forum topic the message is in (its creation message's id). */
  message_thread_id?: number;
  is_topic_message?: true;
  forum_topic_created?: { name: string; icon_color: number };
  forum_topic_closed?: Record<string, never>;
}

/** The media kinds the fake stores files for. */
export type MediaKind = "photo" | "video" | "document" | "voice" | "sticker";

/** What a test sees of a message in a simulated chat. */
export interface SeenMessage {
  message_id: number;
  /** Who sent it, as the user perceives it. */
  from: "bot" | "user";
  /** The actual sender (the bot's or a member's User). */
  sender?: WireUser;
  date: number;
  edit_date?: number;
  text?: string;
  caption?: string;
  /** `entities` for text messages, `caption_entities` for media. */
  entities: WireEntity[];
  /** The markup the user sees, including reply keyboards (which the Bot API never echoes back). */
  reply_markup?: JsonObject;
  /** All inline buttons, flattened in reading order. */
  buttons: InlineButtonView[];
  media?: MediaKind | "contact" | "location";
  file_id?: string;
  protect_content: boolean;
  via_bot: boolean;
  /** Only nextBotMessage() can return a message that was deleted since. */
  deleted?: true;
  /** The forum topic it is in. */
  thread?: number;
  /** Emoji reactions the bot set on it (setMessageReaction). */
  reactions: string[];
  /** The message as the Bot API serialises it. */
  raw: WireMessage;
}

export interface InlineButtonView {
  text: string;
  callback_data?: string;
  url?: string;
  switch_inline_query?: string;
  switch_inline_query_current_chat?: string;
  copy_text?: string;
  row: number;
  column: number;
}
