import { fixFormattedText, parseFormatted } from "./formatted-text.js";
import { mediaContent } from "./media-methods.js";
import { asObject, asString, type Params } from "./params.js";
import { validateReplyMarkup } from "./reply-markup.js";
import {
  type UserDocumentOptions,
  type UserVideoOptions,
  userDocument,
  userPhoto,
  userSticker,
  userVideo,
  userVoice,
} from "./sim-media.js";
import type {
  CallbackQueryRecord,
  ChatRecord,
  FakeState,
  InlineQueryRecord,
  StoredMessage,
  UserRecord,
} from "./state.js";
import type { InlineButtonView, JsonObject, SeenMessage, WireChat, WireMessage, WireUser } from "./wire-types.js";

export interface SimDeps {
  state: FakeState;
  /** Default for nextBotMessage/click/inlineQuery timeouts, in real milliseconds. */
  waitTimeoutMs: number;
}

export interface SimUserOptions {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

export interface WaitOptions {
  /** Real milliseconds to wait before failing. */
  timeout?: number;
}

/** Resolves with check()'s value as soon as it is defined, re-checking on every state change. */
export function waitFor<T>(
  state: FakeState,
  check: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first !== undefined) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(describe()));
    }, timeoutMs);
    const unsubscribe = state.onChange(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Read access to a simulated chat: what its people see, and waiting for the bot. */
export class ChatView {
  constructor(
    protected readonly deps: SimDeps,
    protected readonly record: ChatRecord,
  ) {}

  get id(): number {
    return this.record.chat.id;
  }

  get chat(): WireChat {
    return { ...this.record.chat };
  }

  /** The chat as its people see it now: deleted messages gone, edits applied. */
  get messages(): SeenMessage[] {
    return this.stored()
      .filter((stored) => !stored.deleted)
      .map((stored) => this.deps.state.seeMessage(stored));
  }

  botMessages(): SeenMessage[] {
    return this.messages.filter((message) => message.from === "bot");
  }

  lastBotMessage(): SeenMessage | undefined {
    return this.botMessages().at(-1);
  }

  message(messageId: number): SeenMessage | undefined {
    const stored = this.deps.state.liveMessage(this.record, messageId);
    return stored === undefined ? undefined : this.deps.state.seeMessage(stored);
  }

  /**
   * The next message the bot sends here after the last action in this chat (or after the message
   * the previous nextBotMessage() returned). Waits for it if it has not been sent yet.
   */
  nextBotMessage(options: WaitOptions = {}): Promise<SeenMessage> {
    const { state } = this.deps;
    const timeout = options.timeout ?? this.deps.waitTimeoutMs;
    return waitFor(
      state,
      () => {
        // Every change of the fake re-checks every waiting chat: a cheap "nothing new here" first.
        if (this.record.lastBotSeq <= this.record.cursorSeq) return undefined;
        const next = this.stored().find((stored) => stored.sender === "bot" && stored.seq > this.record.cursorSeq);
        if (next === undefined) return undefined;
        this.record.cursorSeq = next.seq;
        return state.seeMessage(next);
      },
      timeout,
      () => `no new bot message in chat ${this.id} within ${timeout} ms; ${this.recentCallsSummary()}`,
    );
  }

  /**
   * Resolves once the bot has dealt with every update pushed so far. When the bot under test
   * reports the updates it has handled (the test harness wires that up: `trackHandling`), that
   * report is the signal — no quiet period, so a slow bot can't make "nothing happened" pass
   * early — and `quietMs` is not used. Otherwise: every update fetched and no API call touching
   * this chat for `quietMs` (and none in flight).
   */
  async settle(quietMs = 150, options: WaitOptions = {}): Promise<void> {
    const { state } = this.deps;
    const target = state.updates.lastPushedId;
    if (state.updates.tracksHandling) {
      const timeout = options.timeout ?? Math.max(this.deps.waitTimeoutMs, quietMs * 10);
      await waitFor(
        state,
        () =>
          state.updates.isHandled(target) && state.updates.isDelivered(target) && state.inFlight === 0
            ? true
            : undefined,
        timeout,
        () =>
          `chat ${this.id}: the bot did not finish update ${target} within ${timeout} ms; ${this.recentCallsSummary()}`,
      );
      return;
    }
    const deadline = performance.now() + (options.timeout ?? Math.max(5_000, quietMs * 10));
    for (;;) {
      const now = performance.now();
      const delivered = state.updates.isDelivered(target);
      const lastActivity = Math.max(this.record.lastTouchedAt, state.lastDeliveryAt);
      if (delivered && state.inFlight === 0 && now - lastActivity >= quietMs) return;
      if (now > deadline) {
        throw new Error(
          delivered
            ? `chat ${this.id} did not settle: the bot kept calling the API`
            : `chat ${this.id} did not settle: update ${target} was never fetched (is the bot running?)`,
        );
      }
      await sleep(Math.min(20, Math.max(5, quietMs / 5)));
    }
  }

  protected stored(): StoredMessage[] {
    return [...this.record.messages.values()].sort((a, b) => a.message.message_id - b.message.message_id);
  }

  protected recentCallsSummary(): string {
    const recent = this.deps.state.calls
      .filter((call) => call.method !== "getUpdates")
      .slice(-5)
      .map((call) => `${call.method}${call.ok ? "" : ` → ${call.description ?? call.errorCode ?? "error"}`}`);
    return recent.length === 0 ? "the bot made no API calls" : `last calls: ${recent.join("; ")}`;
  }
}

export interface ClickOptions extends WaitOptions {
  /** The message holding the button; by default the latest bot message that has it. */
  message?: SeenMessage | number;
}

export interface InlineQueryOptions extends WaitOptions {
  offset?: string;
}

export interface ChooseInlineResultOptions {
  /**
   * Post the result into a chat the bot is not in (sharing to a friend): the bot only receives
   * chosen_inline_result. By default the result is posted into this chat.
   */
  elsewhere?: boolean;
}

/** One person acting in a chat with the bot: a private chat, or a member of a group (in a topic, maybe). */
export class SimChat extends ChatView {
  constructor(
    deps: SimDeps,
    record: ChatRecord,
    private readonly actor: UserRecord,
    /** The forum topic this person writes in (see inTopic). */
    readonly thread?: number,
  ) {
    super(deps, record);
  }

  get user(): WireUser {
    return { ...this.actor.user };
  }

  /** The same person writing in a forum topic of this group (what they send is a topic message). */
  inTopic(thread: number): SimChat {
    const topic = this.record.topics.get(thread);
    if (this.record.chat.is_forum !== true || topic === undefined || topic.deleted) {
      throw new Error(`chat ${this.id} has no topic ${thread}`);
    }
    return new SimChat(this.deps, this.record, this.actor, thread);
  }

  /** Sends a text message. A leading /command gets its bot_command entity, like in Telegram apps. */
  send(text: string, options: { replyTo?: number } = {}): WireMessage {
    const fixed = fixFormattedText({ text, entities: [] });
    if (fixed === undefined) throw new Error("Telegram apps do not send empty messages");
    return this.post(
      { text: fixed.text, ...(fixed.entities.length === 0 ? {} : { entities: fixed.entities }) },
      options,
    );
  }

  /** What a deep link t.me/<bot>?start=<payload> does: sends "/start <payload>". */
  startFromLink(payload?: string): WireMessage {
    if (payload === undefined || payload === "") return this.send("/start");
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload)) {
      throw new Error(
        `deep-link payload "${payload}" is invalid: Telegram allows 1-64 characters A-Z, a-z, 0-9, _ and - ` +
          "(the app would open the bot without it)",
      );
    }
    return this.send(`/start ${payload}`);
  }

  sendPhoto(options: { caption?: string } = {}): WireMessage {
    return this.post({ photo: userPhoto(this.deps.state), ...this.caption(options.caption) });
  }

  /** Sends a video; it gets a fresh file_id the fake knows, so the bot can re-send it. */
  sendVideo(options: UserVideoOptions & { caption?: string } = {}): WireMessage {
    return this.post({ video: userVideo(this.deps.state, options), ...this.caption(options.caption) });
  }

  /**
   * Sends several videos as one album: Telegram delivers each as its own message, with a shared
   * media_group_id. Returns the messages in order.
   */
  sendVideoAlbum(count: number, options: UserVideoOptions = {}): WireMessage[] {
    if (count < 2 || count > 10) throw new RangeError("an album holds 2 to 10 items");
    const media_group_id = String(this.deps.state.nextQueryId());
    return Array.from({ length: count }, () =>
      this.post({ video: userVideo(this.deps.state, options), media_group_id }),
    );
  }

  /** Forwards a video from a channel (as an operator adding a campaign video would). */
  forwardVideo(options: UserVideoOptions & { caption?: string; channelTitle?: string } = {}): WireMessage {
    const date = this.deps.state.clock.unix() - 3_600;
    return this.post({
      forward_origin: {
        type: "channel",
        date,
        chat: { id: -1_001_000_000_001, type: "channel", title: options.channelTitle ?? "Campaign channel" },
        message_id: 42,
      },
      video: userVideo(this.deps.state, options),
      ...this.caption(options.caption),
    });
  }

  sendDocument(options: UserDocumentOptions & { caption?: string } = {}): WireMessage {
    return this.post({ document: userDocument(this.deps.state, options), ...this.caption(options.caption) });
  }

  sendVoice(options: { duration?: number } = {}): WireMessage {
    return this.post({ voice: userVoice(this.deps.state, options.duration) });
  }

  sendSticker(options: { emoji?: string } = {}): WireMessage {
    return this.post({ sticker: userSticker(this.deps.state, options.emoji) });
  }

  sendContact(contact: {
    phone_number: string;
    first_name: string;
    last_name?: string;
    user_id?: number;
  }): WireMessage {
    return this.post({ contact: { ...contact } });
  }

  sendLocation(
    location: { latitude: number; longitude: number } = { latitude: 41.7151, longitude: 44.8271 },
  ): WireMessage {
    return this.post({ location: { ...location } });
  }

  /**
   * Deletes one of this chat's messages as the person would ("delete for both sides" in a private
   * chat). Telegram sends bots no update for deletions, so the bot learns nothing.
   */
  deleteOwn(messageId: number): void {
    this.storedMessage(messageId).deleted = true;
    this.deps.state.emitChange();
  }

  /** Edits this person's latest text message; the bot gets an edited_message update. */
  editLast(text: string): WireMessage {
    const { state } = this.deps;
    const last = this.stored()
      .filter((stored) => !stored.deleted && stored.sender === "user" && stored.message.from?.id === this.actor.user.id)
      .findLast((stored) => stored.message.text !== undefined);
    if (last === undefined) throw new Error(`${this.actor.user.first_name} has no text message to edit`);
    const fixed = fixFormattedText({ text, entities: [] });
    if (fixed === undefined) throw new Error("Telegram apps do not allow editing a message to empty text");
    const { entities: _old, ...rest } = last.message;
    last.message = {
      ...rest,
      text: fixed.text,
      ...(fixed.entities.length === 0 ? {} : { entities: fixed.entities }),
      edit_date: state.clock.unix(),
    };
    this.record.cursorSeq = state.messageSequence;
    state.emitChange();
    if (this.visibleToBot(last.message)) state.updates.push({ edited_message: structuredClone(last.message) });
    return structuredClone(last.message);
  }

  /**
   * Presses an inline button (by its text or a predicate) and resolves with the parameters of the
   * bot's answerCallbackQuery. Rejects if the bot never answers: the user's button would spin.
   */
  click(button: string | ((button: InlineButtonView) => boolean), options: ClickOptions = {}): Promise<Params> {
    const matches = typeof button === "string" ? (view: InlineButtonView) => view.text === button : button;
    const label = typeof button === "string" ? `"${button}"` : "matching the predicate";
    try {
      const candidates =
        options.message === undefined
          ? this.stored()
              .filter(
                (stored) =>
                  !stored.deleted && (stored.sender === "bot" || stored.message.via_bot?.id === this.deps.state.bot.id),
              )
              .reverse()
          : [this.storedMessage(options.message)];
      for (const stored of candidates) {
        const view = this.deps.state.seeMessage(stored).buttons.find(matches);
        if (view === undefined) continue;
        if (view.callback_data === undefined) {
          throw new Error(`button ${label} is not a callback button: ${JSON.stringify(view)}`);
        }
        return this.pushCallbackQuery(stored, stored.message.message_id, view.callback_data, options.timeout);
      }
      const available = candidates.flatMap((stored) =>
        this.deps.state.seeMessage(stored).buttons.map((view) => view.text),
      );
      throw new Error(`no inline button ${label} in chat ${this.id}; buttons: ${JSON.stringify(available)}`);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Sends a callback query with arbitrary (forged or stale) data for a message id. */
  clickData(data: string, messageId: number, options: WaitOptions = {}): Promise<Params> {
    const stored = this.deps.state.liveMessage(this.record, messageId);
    return this.pushCallbackQuery(stored, messageId, data, options.timeout);
  }

  /** Types "@bot query" and resolves with the parameters of the bot's answerInlineQuery. */
  inlineQuery(query: string, options: InlineQueryOptions = {}): Promise<Params> {
    const { state } = this.deps;
    if (state.bot.supports_inline_queries !== true) throw new Error("the bot does not support inline queries");
    const timeout = options.timeout ?? this.deps.waitTimeoutMs;
    const id = state.nextQueryId();
    const record: InlineQueryRecord = {
      id,
      from: this.actor.user,
      query,
      chatId: this.id,
      createdAtMs: state.clock.now(),
      answered: false,
    };
    state.inlineQueries.set(id, record);
    const answer = new Promise<Params>((resolve, reject) => {
      const timer = setTimeout(() => {
        delete record.onAnswer;
        reject(
          new Error(`inline query "${query}" was not answered within ${timeout} ms; ${this.recentCallsSummary()}`),
        );
      }, timeout);
      record.onAnswer = (params) => {
        clearTimeout(timer);
        resolve(params);
      };
    });
    const chatType = this.record.chat.type === "private" ? "sender" : this.record.chat.type;
    state.updates.push({
      inline_query: { id, from: this.actor.user, query, offset: options.offset ?? "", chat_type: chatType },
    });
    return answer;
  }

  /**
   * Picks a result from the bot's latest answer to this person's inline query and posts it as a
   * message "via @bot". The bot gets the message (if it can see this chat) and chosen_inline_result.
   */
  chooseInlineResult(result: string | JsonObject, options: ChooseInlineResultOptions = {}): WireMessage {
    const { state } = this.deps;
    const resultId = typeof result === "string" ? result : String(result.id);
    const answered = [...state.inlineQueries.values()]
      .filter((query) => query.answered && query.from.id === this.actor.user.id)
      .reverse()
      .map((query) => ({
        query,
        found: (Array.isArray(query.answer?.results) ? query.answer.results : [])
          .map((item) => asObject(item))
          .find((item) => item !== undefined && String(item.id) === resultId),
      }))
      .find(({ found }) => found !== undefined);
    if (answered?.found === undefined) {
      throw new Error(`no answered inline query from ${this.actor.user.first_name} has a result with id "${resultId}"`);
    }
    const chosen = answered.found;
    const markup = validateReplyMarkup(chosen.reply_markup ?? undefined, {
      inlineOnly: true,
      chatType: undefined,
      strict: state.options.strict,
    });
    const content: Partial<WireMessage> = {
      ...this.inlineResultContent(chosen),
      via_bot: state.botUser,
      ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
    };
    const inlineMessageId = markup.inline === undefined ? undefined : `AgAAA${state.nextQueryId()}`;

    const target = options.elsewhere === true ? this.hiddenChat() : this.record;
    const stored = state.addMessage(
      target,
      "user",
      (base) => ({ ...base, from: this.actor.user, ...content }),
      markup.visible,
    );
    if (inlineMessageId !== undefined) {
      stored.inlineMessageId = inlineMessageId;
      state.inlineMessages.set(inlineMessageId, { chatId: target.chat.id, messageId: stored.message.message_id });
    }
    if (target === this.record) {
      this.record.cursorSeq = stored.seq;
      if (this.visibleToBot(stored.message)) state.updates.push({ message: structuredClone(stored.message) });
    }
    if (state.options.inlineFeedback) {
      state.updates.push({
        chosen_inline_result: {
          result_id: resultId,
          from: this.actor.user,
          query: answered.query.query,
          ...(inlineMessageId === undefined ? {} : { inline_message_id: inlineMessageId }),
        },
      });
    }
    return structuredClone(stored.message);
  }

  /** The user blocks the bot: sends to this chat fail with 403 and the bot gets my_chat_member. */
  block(): void {
    this.setBlocked(true);
  }

  unblock(): void {
    this.setBlocked(false);
  }

  private setBlocked(blocked: boolean): void {
    const { state } = this.deps;
    if (this.record.chat.type !== "private") throw new Error("only a private chat can block the bot");
    if (this.actor.blocked === blocked) return;
    this.actor.blocked = blocked;
    state.updates.push({
      my_chat_member: {
        chat: this.record.chat,
        from: this.actor.user,
        date: state.clock.unix(),
        old_chat_member: {
          user: state.botUser,
          status: blocked ? "member" : "kicked",
          ...(blocked ? {} : { until_date: 0 }),
        },
        new_chat_member: {
          user: state.botUser,
          status: blocked ? "kicked" : "member",
          ...(blocked ? { until_date: 0 } : {}),
        },
      },
    });
  }

  private post(content: Partial<WireMessage>, options: { replyTo?: number } = {}): WireMessage {
    const { state } = this.deps;
    if (this.actor.blocked) {
      throw new Error(`${this.actor.user.first_name} has blocked the bot; call unblock() first`);
    }
    if (this.record.chat.type === "private") this.actor.started = true;
    else this.record.members.set(this.actor.user.id, this.actor);
    if (this.thread !== undefined && this.record.topics.get(this.thread)?.deleted !== false) {
      throw new Error(`topic ${this.thread} of chat ${this.id} was deleted`);
    }
    // In a topic, a message that replies to nothing is sent (by Telegram apps) as a reply to the
    // topic's creation message.
    const replyId = options.replyTo ?? this.thread;
    const replyTo = replyId === undefined ? undefined : state.liveMessage(this.record, replyId);
    if (options.replyTo !== undefined && replyTo === undefined) {
      throw new Error(`message ${options.replyTo} does not exist in chat ${this.id}`);
    }
    const stored = state.addMessage(this.record, "user", (base) => ({
      ...base,
      from: this.actor.user,
      ...(this.thread === undefined ? {} : { message_thread_id: this.thread, is_topic_message: true as const }),
      ...content,
      ...(replyTo === undefined ? {} : { reply_to_message: withoutReply(replyTo.message) }),
    }));
    this.record.cursorSeq = stored.seq;
    if (this.visibleToBot(stored.message)) state.updates.push({ message: structuredClone(stored.message) });
    return structuredClone(stored.message);
  }

  /** Group privacy mode: commands for this bot, replies to it and messages via it; admins see all. */
  private visibleToBot(message: WireMessage): boolean {
    const { state } = this.deps;
    if (this.record.chat.type === "private") return true;
    if (this.record.botStatus === "left" || this.record.botStatus === "kicked") return false;
    if (!state.options.privacyMode || this.record.botStatus === "administrator") return true;
    if (message.via_bot?.id === state.bot.id || message.reply_to_message?.from?.id === state.bot.id) return true;
    const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(message.text ?? message.caption ?? "");
    if (command === null) return false;
    const addressee = command[1];
    return addressee === undefined || addressee.toLowerCase() === (state.bot.username ?? "").toLowerCase();
  }

  private caption(caption: string | undefined): Partial<WireMessage> {
    if (caption === undefined) return {};
    const fixed = fixFormattedText({ text: caption, entities: [] });
    if (fixed === undefined) return {};
    return { caption: fixed.text, ...(fixed.entities.length === 0 ? {} : { caption_entities: fixed.entities }) };
  }

  private storedMessage(message: SeenMessage | number): StoredMessage {
    const id = typeof message === "number" ? message : message.message_id;
    const stored = this.deps.state.liveMessage(this.record, id);
    if (stored === undefined) throw new Error(`message ${id} is not in chat ${this.id} (deleted?)`);
    return stored;
  }

  private pushCallbackQuery(
    stored: StoredMessage | undefined,
    messageId: number,
    data: string,
    timeoutMs: number | undefined,
  ): Promise<Params> {
    const { state } = this.deps;
    const timeout = timeoutMs ?? this.deps.waitTimeoutMs;
    const id = state.nextQueryId();
    const query: CallbackQueryRecord = {
      id,
      from: this.actor.user,
      chatId: this.id,
      messageId,
      ...(stored?.inlineMessageId === undefined ? {} : { inlineMessageId: stored.inlineMessageId }),
      data,
      createdAtMs: state.clock.now(),
      answered: false,
    };
    state.callbackQueries.set(id, query);
    this.record.cursorSeq = state.messageSequence;
    const answer = new Promise<Params>((resolve, reject) => {
      const timer = setTimeout(() => {
        delete query.onAnswer;
        reject(
          new Error(
            `callback query "${data}" was not answered within ${timeout} ms (the user's button keeps spinning); ` +
              this.recentCallsSummary(),
          ),
        );
      }, timeout);
      query.onAnswer = (params) => {
        clearTimeout(timer);
        resolve(params);
      };
    });
    const chatInstance = String(BigInt(this.id) * 7919n + 104_729n);
    // A message the user can no longer access arrives as an InaccessibleMessage (date 0).
    const origin =
      stored?.inlineMessageId !== undefined
        ? { inline_message_id: stored.inlineMessageId }
        : {
            message:
              stored === undefined
                ? { chat: this.record.chat, message_id: messageId, date: 0 }
                : structuredClone(stored.message),
          };
    state.updates.push({
      callback_query: { id, from: this.actor.user, ...origin, chat_instance: chatInstance, data },
    });
    return answer;
  }

  private inlineResultContent(result: JsonObject): Partial<WireMessage> {
    const { state } = this.deps;
    const type = String(result.type).toLowerCase();
    const caption = (): Partial<WireMessage> => {
      const text = asString(result.caption);
      if (text === undefined) return {};
      const fixed = fixFormattedText(
        parseFormatted(text, asString(result.parse_mode), result.caption_entities ?? undefined, state.formatOptions),
      );
      if (fixed === undefined) return {};
      return { caption: fixed.text, ...(fixed.entities.length === 0 ? {} : { caption_entities: fixed.entities }) };
    };
    const content = asObject(result.input_message_content);
    if (content !== undefined && typeof content.message_text === "string") {
      const fixed = fixFormattedText(
        parseFormatted(
          content.message_text,
          asString(content.parse_mode),
          content.entities ?? undefined,
          state.formatOptions,
        ),
      );
      return fixed === undefined
        ? {}
        : { text: fixed.text, ...(fixed.entities.length === 0 ? {} : { entities: fixed.entities }) };
    }
    if (type === "video" || type === "photo" || type === "document") {
      const fileId = asString(result[`${type}_file_id`]);
      const file =
        (fileId === undefined ? undefined : state.files.get(fileId)) ?? state.registerFile(type, { file_size: 0 });
      return { ...mediaContent(state, type, file), ...caption() };
    }
    throw new Error(`chooseInlineResult does not simulate results of type "${type}"`);
  }

  /** A chat the bot is not in, for results shared "elsewhere". */
  private hiddenChat(): ChatRecord {
    const { state } = this.deps;
    const id = 9_000_000_000_000 + this.actor.user.id;
    return (
      state.chats.get(id) ??
      state.addChat(
        { id, type: "private", first_name: "Someone else" },
        "left",
        state.ensureUser({
          id,
          is_bot: false,
          first_name: "Someone else",
        }),
      )
    );
  }
}

/** A person's User object, fields in Telegram's order. */
export function simUser(options: SimUserOptions): WireUser {
  return {
    id: options.id,
    is_bot: false,
    first_name: options.first_name,
    ...(options.last_name === undefined ? {} : { last_name: options.last_name }),
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.language_code === undefined ? {} : { language_code: options.language_code }),
    ...(options.is_premium === true ? { is_premium: true } : {}),
  };
}

function withoutReply(message: WireMessage): WireMessage {
  const { reply_to_message: _nested, ...rest } = message;
  return structuredClone(rest);
}

export interface TopicView {
  thread: number;
  name: string;
  closed: boolean;
  deleted: boolean;
}

/** A simulated group or supergroup: people act through member(). */
export class SimGroup extends ChatView {
  /** Forum topics, in creation order (deleted ones too, marked). */
  topics(): TopicView[] {
    return [...this.record.topics.values()].map(({ thread, name, closed, deleted }) => ({
      thread,
      name,
      closed,
      deleted,
    }));
  }

  /** What the group sees in one topic now. */
  topicMessages(thread: number): SeenMessage[] {
    return this.messages.filter((message) => message.thread === thread);
  }

  /** Waits until a topic with this name appears (the bot created it). */
  waitForTopic(name: string | RegExp, options: WaitOptions = {}): Promise<TopicView> {
    const timeout = options.timeout ?? this.deps.waitTimeoutMs;
    const matches = (topic: TopicView) => (typeof name === "string" ? topic.name === name : name.test(topic.name));
    return waitFor(
      this.deps.state,
      () => this.topics().find((topic) => !topic.deleted && matches(topic)),
      timeout,
      () => `no topic ${String(name)} in chat ${this.id} within ${timeout} ms; ${this.recentCallsSummary()}`,
    );
  }

  /** Resolves once `check` holds for this chat (re-checked on every change of the fake). */
  waitUntil<T>(check: () => T | undefined, what: string, options: WaitOptions = {}): Promise<T> {
    const timeout = options.timeout ?? this.deps.waitTimeoutMs;
    return waitFor(
      this.deps.state,
      check,
      timeout,
      () => `${what} did not happen in chat ${this.id} within ${timeout} ms; ${this.recentCallsSummary()}`,
    );
  }

  /** A person in this group (created on first use). */
  member(options: SimUserOptions): SimChat {
    const { state } = this.deps;
    const user = state.ensureUser(simUser(options));
    this.record.members.set(user.user.id, user);
    return new SimChat(this.deps, this.record, user);
  }

  /** Someone adds the bot: it gets my_chat_member and a new_chat_members service message. */
  addBot(by: SimUserOptions): void {
    this.changeBotStatus(by, "member", true);
  }

  /** Someone removes the bot: further sends fail with 403. */
  removeBot(by: SimUserOptions, options: { ban?: boolean } = {}): void {
    this.changeBotStatus(by, options.ban === true ? "kicked" : "left", false);
  }

  /** Makes the bot an administrator (sees every message, may delete others' messages). */
  promoteBot(by: SimUserOptions): void {
    this.changeBotStatus(by, "administrator", false);
  }

  private changeBotStatus(by: SimUserOptions, status: ChatRecord["botStatus"], announce: boolean): void {
    const { state } = this.deps;
    const actor = state.ensureUser(simUser(by));
    const old = this.record.botStatus;
    this.record.botStatus = status;
    state.updates.push({
      my_chat_member: {
        chat: this.record.chat,
        from: actor.user,
        date: state.clock.unix(),
        old_chat_member: { user: state.botUser, status: old },
        new_chat_member: {
          user: state.botUser,
          status,
          ...(status === "kicked" ? { until_date: 0 } : {}),
          ...(status === "administrator"
            ? { can_be_edited: false, can_delete_messages: true, is_anonymous: false }
            : {}),
        },
      },
    });
    if (announce) {
      const stored = state.addMessage(this.record, "user", (base) => ({
        ...base,
        from: actor.user,
        new_chat_members: [state.botUser],
      }));
      state.updates.push({ message: structuredClone(stored.message) });
    }
  }
}
