import { badRequest, forbidden } from "./api-error.js";
import { BotSettings } from "./bot-settings.js";
import type { FakeClock } from "./clock.js";
import type { FormatOptions } from "./formatted-text.js";
import type { Params } from "./params.js";
import type { UpdateQueue } from "./update-queue.js";
import type {
  ChatType,
  InlineButtonView,
  JsonObject,
  MediaKind,
  SeenMessage,
  WireChat,
  WireMessage,
  WireUser,
} from "./wire-types.js";

export interface StateOptions {
  /** See FakeBotApiOptions.strict. */
  strict: boolean;
  callbackQueryTimeoutMs: number;
  inlineQueryTimeoutMs: number;
  /** Privacy mode: in groups the bot only gets commands, replies to it and messages via it. */
  privacyMode: boolean;
  /** Push chosen_inline_result updates (BotFather's "inline feedback"). */
  inlineFeedback: boolean;
}

export interface UserRecord {
  user: WireUser;
  /** The user has written to the bot, so the bot may write to them. */
  started: boolean;
  blocked: boolean;
}

export type BotMembership = "member" | "administrator" | "left" | "kicked";

/** The administrator rights the bot has in a group (when it is an administrator). */
export interface BotRights {
  can_delete_messages: boolean;
  can_manage_topics: boolean;
}

/** A forum topic: its id is the id of the service message that created it. */
export interface TopicRecord {
  thread: number;
  name: string;
  iconColor: number;
  closed: boolean;
  deleted: boolean;
}

export interface ChatRecord {
  chat: WireChat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  /** The other side of a private chat. */
  user?: UserRecord;
  members: Map<number, UserRecord>;
  botStatus: BotMembership;
  botRights: BotRights;
  /** Forum topics by thread id (supergroups with is_forum). */
  topics: Map<number, TopicRecord>;
  /** performance.now() of the last API call that touched this chat. */
  lastTouchedAt: number;
  /** Bot messages with a higher creation sequence are "next" for nextBotMessage(). */
  cursorSeq: number;
  /** Creation sequence of the newest bot message here: nextBotMessage() looks no further when it is not past the cursor. */
  lastBotSeq: number;
}

export interface StoredMessage {
  message: WireMessage;
  sender: "bot" | "user";
  /** Global creation order across all chats. */
  seq: number;
  sentAtMs: number;
  deleted: boolean;
  /** The markup the user sees (Message.reply_markup only ever carries inline keyboards). */
  visibleMarkup?: JsonObject;
  inlineMessageId?: string;
  /** Emoji the bot reacted with. */
  reactions?: string[];
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  kind: MediaKind;
  file_size: number;
  file_path: string;
  bytes?: Uint8Array;
  width?: number;
  height?: number;
  duration?: number;
  mime_type?: string;
  file_name?: string;
}

export interface CallbackQueryRecord {
  id: string;
  from: WireUser;
  chatId?: number;
  messageId?: number;
  inlineMessageId?: string;
  data: string;
  createdAtMs: number;
  answered: boolean;
  answer?: Params;
  onAnswer?: (answer: Params) => void;
}

export interface InlineQueryRecord {
  id: string;
  from: WireUser;
  query: string;
  chatId?: number;
  createdAtMs: number;
  answered: boolean;
  answer?: Params;
  onAnswer?: (answer: Params) => void;
}

export interface RecordedCall {
  method: string;
  params: Params;
  ok: boolean;
  errorCode?: number;
  description?: string;
  result?: unknown;
  /** The fake clock (ms) when the call arrived. */
  at: number;
}

export interface Upload {
  method: string;
  /** The API parameter the file was for (photo, video, media…). */
  field: string;
  /** The multipart part name (what attach:// pointed at). */
  partName: string;
  filename: string;
  byteLength: number;
  bytes: Uint8Array;
  fileId: string;
}

export interface MediaUrl {
  method: string;
  field: string;
  url: string;
  fileId: string;
}

export interface UnknownParam {
  method: string;
  param: string;
}

const FILE_ID_PREFIX: Record<MediaKind, string> = {
  photo: "AgACAgIAAxkBAAI",
  video: "BAACAgIAAxkBAAI",
  document: "BQACAgIAAxkBAAI",
  voice: "AwACAgIAAxkBAAI",
  sticker: "CAACAgIAAxkBAAI",
};

const FILE_FOLDER: Record<MediaKind, [string, string]> = {
  photo: ["photos", "jpg"],
  video: ["videos", "mp4"],
  document: ["documents", "dat"],
  voice: ["voice", "oga"],
  sticker: ["stickers", "webp"],
};

/** Everything the fake knows; shared by the HTTP handlers and the simulated chats. */
export class FakeState {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  readonly inlineQueries = new Map<string, InlineQueryRecord>();
  readonly inlineMessages = new Map<string, { chatId: number; messageId: number }>();
  readonly settings = new BotSettings();
  readonly calls: RecordedCall[] = [];
  readonly unknownParams: UnknownParam[] = [];
  readonly uploads: Upload[] = [];
  readonly mediaUrls: MediaUrl[] = [];
  /** Requests other than getUpdates currently being handled. */
  inFlight = 0;
  /** The most requests other than getUpdates handled at once so far. */
  peakInFlight = 0;
  /** While set, requests other than getUpdates wait for it before they are handled. */
  answersHeld: Promise<void> | undefined;
  /** performance.now() when updates were last handed to the bot. */
  lastDeliveryAt = 0;
  private messageSeq = 0;
  private fileSeq = 0;
  private querySeq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly options: StateOptions,
    readonly clock: FakeClock,
    readonly bot: WireUser,
    readonly updates: UpdateQueue,
  ) {}

  /** Subscribes to "something changed" (a message, a call, an update delivered). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emitChange(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get formatOptions(): FormatOptions {
    return {
      strictAmpersand: this.options.strict,
      resolveUser: (id) => this.users.get(id)?.user,
    };
  }

  /** The bot as a message sender: Telegram omits getMe's capability flags there. */
  get botUser(): WireUser {
    const { id, is_bot, first_name, username } = this.bot;
    return { id, is_bot, first_name, ...(username === undefined ? {} : { username }) };
  }

  get messageSequence(): number {
    return this.messageSeq;
  }

  ensureUser(user: WireUser): UserRecord {
    const existing = this.users.get(user.id);
    if (existing !== undefined) return existing;
    const record: UserRecord = { user, started: false, blocked: false };
    this.users.set(user.id, record);
    return record;
  }

  addChat(chat: WireChat, botStatus: BotMembership, user?: UserRecord): ChatRecord {
    const existing = this.chats.get(chat.id);
    if (existing !== undefined) return existing;
    const record: ChatRecord = {
      chat,
      nextMessageId: 1,
      messages: new Map(),
      ...(user === undefined ? {} : { user }),
      members: new Map(),
      botStatus,
      botRights: { can_delete_messages: true, can_manage_topics: true },
      topics: new Map(),
      lastTouchedAt: 0,
      cursorSeq: this.messageSeq,
      lastBotSeq: 0,
    };
    this.chats.set(chat.id, record);
    return record;
  }

  /**
   * The chat a method targets, with Telegram's access errors: unknown chats and users who never
   * wrote to the bot are "chat not found", blocked users and lost group membership are 403.
   */
  resolveChat(value: number | string | undefined, access: "write" | "read" = "write"): ChatRecord {
    if (value === undefined || value === "") throw badRequest("chat_id is empty");
    let record: ChatRecord | undefined;
    if (typeof value === "string" && value.startsWith("@")) {
      const username = value.slice(1).toLowerCase();
      record = [...this.chats.values()].find(
        (chat) => chat.chat.type !== "private" && chat.chat.username?.toLowerCase() === username,
      );
    } else {
      record = this.chats.get(typeof value === "number" ? value : Number.parseInt(value, 10) || 0);
    }
    if (record === undefined) throw badRequest("chat not found");
    if (record.chat.type === "private") {
      const user = record.user;
      if (user === undefined || !user.started) throw badRequest("chat not found");
      if (access === "write" && user.blocked) throw forbidden("bot was blocked by the user");
    } else if (access === "write" || record.botStatus === "kicked") {
      const kind = record.chat.type === "group" ? "group chat" : "supergroup chat";
      if (record.botStatus === "kicked") throw forbidden(`bot was kicked from the ${kind}`);
      if (record.botStatus === "left") throw forbidden(`bot is not a member of the ${kind}`);
    }
    this.touch(record);
    return record;
  }

  touch(chat: ChatRecord): void {
    chat.lastTouchedAt = performance.now();
  }

  addMessage(
    chat: ChatRecord,
    sender: "bot" | "user",
    build: (base: Pick<WireMessage, "message_id" | "date" | "chat">) => WireMessage,
    visibleMarkup?: JsonObject,
  ): StoredMessage {
    const message = build({ message_id: chat.nextMessageId++, date: this.clock.unix(), chat: chat.chat });
    const stored: StoredMessage = {
      message,
      sender,
      seq: ++this.messageSeq,
      sentAtMs: this.clock.now(),
      deleted: false,
      ...(visibleMarkup === undefined ? {} : { visibleMarkup }),
    };
    chat.messages.set(message.message_id, stored);
    if (sender === "bot") chat.lastBotSeq = stored.seq;
    this.emitChange();
    return stored;
  }

  liveMessage(chat: ChatRecord, messageId: number | undefined): StoredMessage | undefined {
    if (messageId === undefined) return undefined;
    const stored = chat.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  registerFile(
    kind: MediaKind,
    details: Omit<StoredFile, "file_id" | "file_unique_id" | "kind" | "file_path">,
  ): StoredFile {
    const seq = ++this.fileSeq;
    const tag = seq.toString(36).padStart(6, "0");
    const [folder, extension] = FILE_FOLDER[kind];
    const file: StoredFile = {
      ...details,
      kind,
      file_id: `${FILE_ID_PREFIX[kind]}${tag}${Math.random().toString(36).slice(2, 10)}`,
      file_unique_id: `AgAD${tag}`,
      file_path: `${folder}/file_${seq}.${extension}`,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  nextQueryId(): string {
    this.querySeq++;
    return `${BigInt(this.bot.id) * 1000n + BigInt(this.querySeq)}`;
  }

  chatType(value: number | string | undefined): ChatType | undefined {
    return typeof value === "number" ? this.chats.get(value)?.chat.type : undefined;
  }

  /** A message as the user sees it. */
  seeMessage(stored: StoredMessage): SeenMessage {
    const message = stored.message;
    const media = mediaOf(message);
    const buttons: InlineButtonView[] = [];
    const rows = stored.visibleMarkup?.inline_keyboard;
    if (Array.isArray(rows)) {
      rows.forEach((row, rowIndex) => {
        if (!Array.isArray(row)) return;
        row.forEach((button, column) => {
          if (typeof button !== "object" || button === null || Array.isArray(button)) return;
          const view: InlineButtonView = { text: String(button.text), row: rowIndex, column };
          for (const key of [
            "callback_data",
            "url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
          ] as const) {
            const value = button[key];
            if (typeof value === "string") view[key] = value;
          }
          const copy = button.copy_text;
          if (typeof copy === "object" && copy !== null && !Array.isArray(copy) && typeof copy.text === "string") {
            view.copy_text = copy.text;
          }
          buttons.push(view);
        });
      });
    }
    return {
      message_id: message.message_id,
      from: stored.sender,
      ...(message.from === undefined ? {} : { sender: message.from }),
      date: message.date,
      ...(message.edit_date === undefined ? {} : { edit_date: message.edit_date }),
      ...(message.text === undefined ? {} : { text: message.text }),
      ...(message.caption === undefined ? {} : { caption: message.caption }),
      entities: message.entities ?? message.caption_entities ?? [],
      ...(stored.visibleMarkup === undefined ? {} : { reply_markup: stored.visibleMarkup }),
      buttons,
      ...(media === undefined ? {} : media),
      protect_content: message.has_protected_content === true,
      via_bot: message.via_bot !== undefined,
      ...(stored.deleted ? { deleted: true as const } : {}),
      ...(message.message_thread_id === undefined ? {} : { thread: message.message_thread_id }),
      reactions: [...(stored.reactions ?? [])],
      raw: structuredClone(message),
    };
  }
}

function mediaOf(message: WireMessage): Pick<SeenMessage, "media" | "file_id"> | undefined {
  if (message.photo !== undefined) return { media: "photo", file_id: message.photo.at(-1)?.file_id ?? "" };
  if (message.video !== undefined) return { media: "video", file_id: message.video.file_id };
  if (message.document !== undefined) return { media: "document", file_id: message.document.file_id };
  if (message.voice !== undefined) return { media: "voice", file_id: message.voice.file_id };
  if (message.sticker !== undefined) return { media: "sticker", file_id: message.sticker.file_id };
  if (message.contact !== undefined) return { media: "contact" };
  if (message.location !== undefined) return { media: "location" };
  return undefined;
}
