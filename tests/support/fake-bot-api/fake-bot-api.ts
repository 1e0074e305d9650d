import type { Update } from "grammy/types";
import type { BotCommand } from "./bot-settings.js";
import { FakeClock } from "./clock.js";
import { FaultInjector, type InjectedFailure } from "./fault-injection.js";
import { RateLimiter, type RateLimits } from "./rate-limits.js";
import { FakeServer } from "./server.js";
import { ChatView, SimChat, type SimDeps, SimGroup, type SimUserOptions, simUser, waitFor } from "./sim-chat.js";
import {
  type BotRights,
  type CallbackQueryRecord,
  FakeState,
  type MediaUrl,
  type RecordedCall,
  type UnknownParam,
  type Upload,
} from "./state.js";
import { UpdateQueue, type WebhookDelivery, type WireUpdate } from "./update-queue.js";
import type { ChatType, JsonObject, MediaKind, WireUser } from "./wire-types.js";

export interface FakeBotApiOptions {
  /** Default `<bot id>:TEST-token` (a bot's token starts with its id). */
  token?: string;
  /** Overrides for getMe. */
  bot?: Partial<WireUser>;
  /** Flood limits; off unless given. */
  rateLimits?: RateLimits;
  /**
   * Reject some input Telegram silently tolerates but that is a bug in a bot: an `&` that is not an
   * HTML entity, inline buttons without text or with several actions. Default true.
   */
  strict?: boolean;
  /** After this long (fake clock) answerCallbackQuery says "query is too old". Default 15 s. */
  callbackQueryTimeoutMs?: number;
  /** After this long (fake clock) answerInlineQuery says "query is too old". Default 10 s. */
  inlineQueryTimeoutMs?: number;
  /** Group privacy mode (BotFather default). Default true. */
  privacyMode?: boolean;
  /** Send chosen_inline_result updates. Default true. */
  inlineFeedback?: boolean;
  /** Fake clock start (ms since epoch). Default: now. */
  startTime?: number;
  /** Only advanceClock() moves the fake clock. Default false (it follows real time). */
  freezeClock?: boolean;
  /** Delay before every answer, in real ms. */
  latencyMs?: number;
  /** Default timeout of nextBotMessage/click/inlineQuery, in real ms. Default 2000. */
  waitTimeoutMs?: number;
  webhook?: { retries?: number; retryDelayMs?: number; timeoutMs?: number };
}

/** An update as a test pushes it: any Update field except update_id, loosely typed. */
export type PartialUpdate = { [K in Exclude<keyof Update, "update_id">]?: unknown };

export type GroupChatOptions = {
  id: number;
  title: string;
  type?: Extract<ChatType, "group" | "supergroup">;
  username?: string;
  /** Whether the bot is an administrator (sees all messages, may delete others'). Default false. */
  botIsAdmin?: boolean;
  /** A supergroup with topics (forum). Default false. */
  isForum?: boolean;
  /** The bot's administrator rights (both true by default). */
  botRights?: Partial<BotRights>;
};

const DEFAULT_BOT: WireUser = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "People by Right",
  username: "people_by_right_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
};

/**
 * A Telegram Bot API server on 127.0.0.1 for end-to-end tests: the real bot talks HTTP to
 * `apiRoot`, tests act as people through simulated chats and assert on what those people see.
 *
 * @example
 * const fake = await FakeBotApi.start();
 * const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
 * const alice = fake.privateChat({ id: 1001, first_name: 'Alice', language_code: 'ka' });
 * alice.send('/start');
 * const reply = await alice.nextBotMessage();
 */
export class FakeBotApi {
  readonly token: string;
  readonly bot: WireUser;
  private readonly state: FakeState;
  private readonly limiter = new RateLimiter();
  private readonly faults = new FaultInjector();
  private readonly server: FakeServer;
  private latencyMs: number;
  private readonly waitTimeoutMs: number;
  private port = 0;

  private constructor(options: FakeBotApiOptions) {
    // As in Telegram, a bot's token starts with its id.
    const tokenId = options.token === undefined ? undefined : Number(options.token.split(":")[0]);
    this.bot = {
      ...DEFAULT_BOT,
      ...(tokenId !== undefined && Number.isSafeInteger(tokenId) && tokenId > 0 ? { id: tokenId } : {}),
      can_read_all_group_messages: options.privacyMode === false,
      ...options.bot,
      is_bot: true,
    };
    this.token = options.token ?? `${this.bot.id}:TEST-token`;
    this.latencyMs = options.latencyMs ?? 0;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 2_000;
    const clock = new FakeClock(options.startTime, options.freezeClock ?? false);
    let server: FakeServer | undefined;
    const updates = new UpdateQueue({
      webhookRetries: options.webhook?.retries ?? 3,
      webhookRetryDelayMs: options.webhook?.retryDelayMs ?? 20,
      webhookTimeoutMs: options.webhook?.timeoutMs ?? 10_000,
      unixNow: () => clock.unix(),
      onProgress: () => {
        this.state.lastDeliveryAt = performance.now();
        this.state.emitChange();
      },
      onWebhookReply: async (body) => server?.dispatchWebhookReply(body),
    });
    this.state = new FakeState(
      {
        strict: options.strict ?? true,
        callbackQueryTimeoutMs: options.callbackQueryTimeoutMs ?? 15_000,
        inlineQueryTimeoutMs: options.inlineQueryTimeoutMs ?? 10_000,
        privacyMode: options.privacyMode ?? true,
        inlineFeedback: options.inlineFeedback ?? true,
      },
      clock,
      this.bot,
      updates,
    );
    if (options.rateLimits !== undefined) this.limiter.set(options.rateLimits);
    server = new FakeServer({
      state: this.state,
      limiter: this.limiter,
      faults: this.faults,
      token: this.token,
      latencyMs: () => this.latencyMs,
    });
    this.server = server;
  }

  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const fake = new FakeBotApi(options);
    fake.port = await fake.server.listen();
    return fake;
  }

  /** Stops long polls and webhook delivery and closes the server. */
  async stop(): Promise<void> {
    this.state.updates.stop();
    await this.server.close();
  }

  /**
   * The bot under test will report every update it has completely handled (markHandled), so
   * SimChat.settle waits for that instead of a quiet period. The test harness calls this.
   */
  trackHandling(): void {
    this.state.updates.trackHandling();
  }

  /** The bot has completely handled this update (see trackHandling). */
  markHandled(updateId: number): void {
    this.state.updates.markHandled(updateId);
  }

  /** The id of the last update pushed to the bot (by any simulated chat). */
  get lastUpdateId(): number {
    return this.state.updates.lastPushedId;
  }

  /** Pass as grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ── Recorded traffic ────────────────────────────────────────────────

  get calls(): readonly RecordedCall[] {
    return this.state.calls;
  }

  /** Calls of one method (case-insensitive), in order. */
  callsOf(method: string): RecordedCall[] {
    const wanted = method.toLowerCase();
    return this.state.calls.filter((call) => call.method.toLowerCase() === wanted);
  }

  /** Parameters a method does not declare; Telegram ignores them, so they are usually bugs. */
  get unknownParams(): readonly UnknownParam[] {
    return this.state.unknownParams;
  }

  /** Every file upload received (multipart), with its bytes. */
  get uploads(): readonly Upload[] {
    return this.state.uploads;
  }

  /** Media sent by HTTP URL (never fetched). */
  get mediaUrls(): readonly MediaUrl[] {
    return this.state.mediaUrls;
  }

  /** Every file_id the fake knows (uploads, URLs, users' media, seeded files). */
  get fileIds(): string[] {
    return [...this.state.files.keys()];
  }

  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.state.updates.webhookDeliveries;
  }

  /** Callback queries the bot has not answered (the user's button still spins). */
  unansweredCallbackQueries(): Array<Pick<CallbackQueryRecord, "id" | "data" | "chatId" | "messageId">> {
    return [...this.state.callbackQueries.values()]
      .filter((query) => !query.answered)
      .map(({ id, data, chatId, messageId }) => ({
        id,
        data,
        ...(chatId === undefined ? {} : { chatId }),
        ...(messageId === undefined ? {} : { messageId }),
      }));
  }

  // ── Time ────────────────────────────────────────────────────────────

  /** The fake clock, in ms since the epoch. */
  now(): number {
    return this.state.clock.now();
  }

  advanceClock(ms: number): void {
    this.state.clock.advance(ms);
  }

  // ── People and updates ──────────────────────────────────────────────

  /** Queues an update (update_id is assigned) for getUpdates or the webhook. */
  pushUpdate(update: PartialUpdate): WireUpdate {
    return this.state.updates.push(structuredClone(update));
  }

  /**
   * A private chat with a person (chat id = user id). The bot can write only after they do.
   * Calling it again for the same id returns another handle on the same chat and person.
   */
  privateChat(options: SimUserOptions): SimChat {
    const user = this.state.ensureUser(simUser(options));
    const chat = this.state.addChat(
      {
        id: options.id,
        type: "private",
        first_name: options.first_name,
        ...(options.last_name === undefined ? {} : { last_name: options.last_name }),
        ...(options.username === undefined ? {} : { username: options.username }),
      },
      "member",
      user,
    );
    return new SimChat(this.simDeps(), chat, user);
  }

  /** A group or supergroup (negative id) the bot is a member of; act in it through member(). */
  groupChat(options: GroupChatOptions): SimGroup {
    if (options.id >= 0) throw new RangeError("group chat ids are negative");
    const chat = this.state.addChat(
      {
        id: options.id,
        type: options.type ?? "supergroup",
        title: options.title,
        ...(options.username === undefined ? {} : { username: options.username }),
        ...(options.isForum === true ? { is_forum: true as const } : {}),
      },
      options.botIsAdmin === true ? "administrator" : "member",
    );
    Object.assign(chat.botRights, options.botRights);
    return new SimGroup(this.simDeps(), chat);
  }

  /** A read-only view of any chat the fake knows. */
  chat(id: number): ChatView | undefined {
    const record = this.state.chats.get(id);
    return record === undefined ? undefined : new ChatView(this.simDeps(), record);
  }

  /** Registers a file as if uploaded earlier, e.g. a campaign video whose file_id is in the database. */
  seedFile(kind: MediaKind, details: { file_name?: string; mime_type?: string; duration?: number } = {}): string {
    return this.state.registerFile(kind, { file_size: 1_000_000, ...details }).file_id;
  }

  // ── Bot profile as set by the bot ───────────────────────────────────

  /** The command menu a user sees in a chat, after Telegram's scope and language fallback. */
  commandsSeenBy(chat: { id: number }, languageCode = ""): BotCommand[] {
    const record = this.state.chats.get(chat.id);
    if (record === undefined) return [];
    const userId = record.user?.user.id ?? 0;
    return this.state.settings.commandsSeenBy(record.chat, userId, languageCode);
  }

  description(languageCode = ""): string {
    return this.state.settings.getDescription("description", languageCode);
  }

  shortDescription(languageCode = ""): string {
    return this.state.settings.getDescription("short_description", languageCode);
  }

  menuButton(chatId?: number): JsonObject {
    return this.state.settings.getMenuButton(chatId);
  }

  // ── Failure scenarios ───────────────────────────────────────────────

  setRateLimits(limits: RateLimits): void {
    this.limiter.set(limits);
  }

  /** Requests answered with 429 because of setRateLimits/rateLimits. */
  get rateLimitHits(): number {
    return this.limiter.hits;
  }

  /** The next call(s) of `method` ('*' = any but getUpdates) fail with this error. */
  failNext(method: string, failure: InjectedFailure): void {
    this.faults.failNext(method, failure);
  }

  /** The next call(s) with this chat_id fail with this error. */
  failFor(chatId: number, failure: InjectedFailure): void {
    this.faults.failFor(chatId, failure);
  }

  clearFailures(): void {
    this.faults.clear();
  }

  /** The most method calls (other than getUpdates) the bot had waiting for an answer at once. */
  get peakInFlight(): number {
    return this.state.peakInFlight;
  }

  /**
   * Holds every method call but getUpdates unanswered until the returned function is called, so a
   * test sees how many the bot keeps waiting at once (`untilInFlight`, `peakInFlight`).
   */
  holdAnswers(): () => void {
    let release = () => {};
    this.state.answersHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.state.answersHeld = undefined;
      release();
    };
  }

  /** Updates pushed that the bot has not been handed yet. */
  undeliveredUpdates(): number {
    return this.state.updates.undelivered;
  }

  /** Resolves once `count` method calls (other than getUpdates) wait for an answer at once. */
  untilInFlight(count: number, timeoutMs = this.waitTimeoutMs): Promise<void> {
    return waitFor(
      this.state,
      () => (this.state.inFlight >= count ? true : undefined),
      timeoutMs,
      () => `fewer than ${count} calls waited at once within ${timeoutMs} ms (${this.state.inFlight} now)`,
    ).then(() => undefined);
  }

  /** Delay every answer by this many real milliseconds. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  private simDeps(): SimDeps {
    return { state: this.state, waitTimeoutMs: this.waitTimeoutMs };
  }
}
