import { type Api, GrammyError } from "grammy";
import type { Message, MessageEntity } from "grammy/types";
import { isLang, type Lang, type Translate } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { categoriesKeyboard } from "../../country/contacts.keyboards.js";
import { categoriesOf, renderCategories } from "../../country/contacts.render.js";
import {
  type CountryChoice,
  isCountryChoice,
  OTHER_COUNTRY,
  type RightsContent,
  type Topic,
} from "../../country/country.content.js";
import { articleKeyboard } from "../../country/rights.keyboards.js";
import { countryName, renderArticle, renderSosCard, topicTitle } from "../../country/rights.render.js";
import { checkpoint } from "../../db/client.js";
import { utcDay } from "../../db/counters.repo.js";
import { type ConsultantsContent, hoursText, isWorkingTime } from "./peer.content.js";
import { endKeyboard, headerKeyboard, selfHelpKeyboard } from "./peer.keyboards.js";
import type { Conversation, FloodRule, PeerRepo } from "./peer.repo.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Telegram lets a bot delete messages younger than this. */
const DELETABLE_MS = 48 * HOUR;
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
/** Telegram has no ✓ reaction; 👌 is the closest of the reactions bots may set. */
const DELIVERED = "👌";
/** A person is reminded of the hours at most this often while nobody is at work. */
const OFF_HOURS_REMINDER_MS = 12 * HOUR;
/** A conversation opened with "write my question" but never written in is dropped after this. */
const WAITING_FOR_MS = DAY;

/** 20 messages an hour while waiting for an answer, then a kind "please wait". */
export const DEFAULT_FLOOD: FloodRule = { limit: 20, windowMs: HOUR };

/**
 * Buckets of the time to a first answer, counted per day as `peer.first_answer{within}`: a
 * median (or any percentile) is read from the cumulative counts without keeping any per-person
 * time. The upper bound of each bucket, in minutes; `more` is everything above the last.
 */
export const FIRST_ANSWER_BUCKETS = [
  ["5m", 5],
  ["15m", 15],
  ["30m", 30],
  ["1h", 60],
  ["2h", 120],
  ["4h", 240],
  ["8h", 480],
  ["12h", 720],
  ["24h", 1440],
  ["48h", 2880],
  ["72h", 4320],
] as const;

export function firstAnswerBucket(ms: number): string {
  const minutes = ms / MINUTE;
  return FIRST_ANSWER_BUCKETS.find(([, upper]) => minutes <= upper)?.[0] ?? "more";
}

/** Why a conversation closed (a counter dimension and the wording on both sides). */
export type CloseReason = "person" | "consultant" | "idle" | "blocked" | "botBlocked" | "forgotten";

export type GroupMode = "topics" | "reply";

/** What "Send a section" sends: the detained card, the help contacts, or a rights article. */
export type Section = { kind: "sos" } | { kind: "contacts" } | { kind: "article"; topic: Topic };

/** Whether the consultants' group can be used, as found at start-up (and after changes there). */
export type GroupState = { ready: false } | { ready: true; mode: GroupMode };

export interface PeerServiceDeps {
  app: AppServices;
  repo: PeerRepo;
  consultants: ConsultantsContent;
  rights: RightsContent;
  flood?: FloodRule;
}

/** What the person may send: anything but service messages (a copy of those is refused). */
function isCopyable(message: Message): boolean {
  return !(
    message.new_chat_members ||
    message.left_chat_member ||
    message.pinned_message ||
    message.forum_topic_created ||
    message.forum_topic_closed ||
    message.forum_topic_reopened ||
    message.forum_topic_edited
  );
}

function hasCaptionSlot(message: Message): boolean {
  return Boolean(
    message.photo || message.video || message.document || message.audio || message.voice || message.animation,
  );
}

function isBlockedError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    (error.error_code === 403 ||
      (error.error_code === 400 && /chat not found|user is deactivated/i.test(error.description)))
  );
}

/**
 * "Ask a peer": the person's conversations with the consultants' group, copied both ways so that
 * neither side sees who the other is, with nothing of what is said stored.
 */
export function createPeerService(deps: PeerServiceDeps) {
  const { app, repo, consultants, rights } = deps;
  const flood = deps.flood ?? DEFAULT_FLOOD;
  const groupId = app.config.peer.chatId;
  const groupT = app.i18n.fixedT(consultants.groupLanguage);
  let api: Api | undefined;
  let state: GroupState = { ready: false };

  const langOf = (conversation: Pick<Conversation, "lang">): Lang =>
    isLang(conversation.lang) ? conversation.lang : consultants.groupLanguage;
  const countryOf = (conversation: Pick<Conversation, "country">): CountryChoice =>
    isCountryChoice(conversation.country) ? conversation.country : OTHER_COUNTRY;
  const log = (number: number) => app.logger.child({ feature: "peer", conversation: number });

  /** "#17 · ru · Georgia": what identifies a conversation in the group. No names, ever. */
  function label(conversation: Pick<Conversation, "number" | "lang" | "country">): string {
    const country = isCountryChoice(conversation.country)
      ? countryName(groupT, conversation.country)
      : groupT("peer:group.noCountry");
    return `#${conversation.number} · ${conversation.lang} · ${country}`;
  }

  /** A line in the group, in the conversation's topic when there is one. */
  async function say(text: string, where: { thread?: number | null; replyTo?: number } = {}): Promise<void> {
    if (!api || groupId === undefined) return;
    await api
      .sendMessage(groupId, text, {
        ...(where.thread ? { message_thread_id: where.thread } : {}),
        ...(where.replyTo
          ? { reply_parameters: { message_id: where.replyTo, allow_sending_without_reply: true } }
          : {}),
      })
      .catch((error: unknown) =>
        app.logger.warn({ err: error, feature: "peer" }, "could not post in the consultants' group"),
      );
  }

  /** Checks CONSULTANTS_CHAT_ID: a supergroup where the bot is an administrator that may post, delete and (for topics) manage topics. */
  async function check(): Promise<GroupState> {
    if (!api || groupId === undefined) return { ready: false };
    const problem = (reason: string) => {
      app.logger.warn(
        `CONSULTANTS_CHAT_ID is set but not usable: ${reason}. /ask answers "not available" until this is fixed (see the README, "Ask a peer").`,
      );
      return { ready: false } as const;
    };
    try {
      const chat = await api.getChat(groupId);
      if (chat.type !== "supergroup") return problem("it is not a supergroup");
      // A bot's id is the number its token starts with: no second getMe at start.
      const me = await api.getChatMember(groupId, Number(app.config.botToken.split(":")[0]));
      if (me.status !== "administrator") return problem("the bot is not an administrator there");
      const topics = chat.is_forum === true;
      const missing = [
        me.can_delete_messages ? undefined : "delete messages",
        topics && !me.can_manage_topics ? "manage topics" : undefined,
      ].filter(Boolean);
      if (missing.length > 0) return problem(`the bot lacks the administrator right to ${missing.join(" and ")}`);
      app.logger.info({ feature: "peer", mode: topics ? "topics" : "reply" }, "consultants' group ready");
      return { ready: true, mode: topics ? "topics" : "reply" };
    } catch (error) {
      const reason = error instanceof GrammyError ? error.description : "Telegram could not be asked";
      return problem(`Telegram says "${reason}" (is the bot a member of that group?)`);
    }
  }

  /** The first message: the conversation appears in the group (a topic, or a header message). */
  async function openInGroup(conversation: Conversation, now: number): Promise<Conversation> {
    if (!api || groupId === undefined || !state.ready) throw new Error("the consultants' group is not ready");
    const header = `<b>${escapeHtml(label(conversation))}</b>\n${groupT(
      state.mode === "topics" ? "peer:group.headerTopics" : "peer:group.headerReply",
    )}`;
    if (state.mode === "topics") {
      const topic = await api.createForumTopic(groupId, label(conversation));
      await api.sendMessage(groupId, header, {
        message_thread_id: topic.message_thread_id,
        reply_markup: headerKeyboard(groupT, conversation.number),
      });
      repo.open(conversation.number, { thread: topic.message_thread_id }, now);
    } else {
      const sent = await api.sendMessage(groupId, header, {
        reply_markup: headerKeyboard(groupT, conversation.number),
      });
      repo.open(conversation.number, { header: sent.message_id }, now);
    }
    app.counters.increment("peer.opened", { lang: conversation.lang });
    log(conversation.number).info("peer: conversation opened");
    return repo.get(conversation.number) as Conversation;
  }

  /** A person's message, copied (never forwarded) into the group. */
  async function copyToGroup(conversation: Conversation, message: Message, now: number): Promise<void> {
    if (!api || groupId === undefined) return;
    const sent = await api.copyMessage(groupId, message.chat.id, message.message_id, {
      protect_content: true,
      ...(conversation.thread
        ? { message_thread_id: conversation.thread }
        : conversation.header
          ? { reply_parameters: { message_id: conversation.header, allow_sending_without_reply: true } }
          : {}),
    });
    if (!conversation.thread) repo.route(conversation.number, sent.message_id, now);
  }

  /** The consultant's signature in the person's language: their pseudonym, or the role. */
  function signature(consultant: string, t: Translate): string {
    return `— ${repo.pseudonym(consultant) ?? t("peer:signature")}`;
  }

  /**
   * A consultant's message, copied to the person with the signature added: to the text or the
   * caption where it fits, else as a line of its own. Entities are passed as they are (no HTML
   * parsing, so nothing the consultant typed can break the message) except mentions by name,
   * which would link to the consultant's account.
   */
  async function copyToPerson(conversation: Conversation, message: Message, consultant: string): Promise<void> {
    if (!api || conversation.chatId === undefined) throw new Error("no address");
    const chatId = conversation.chatId;
    const t = app.i18n.fixedT(langOf(conversation));
    const sign = signature(consultant, t);
    const keyboard = endKeyboard({ t });
    const anonymous = (entities: MessageEntity[] | undefined) =>
      (entities ?? []).filter((entity) => entity.type !== "text_mention");
    const signed = (body: string, entities: MessageEntity[] | undefined) => {
      const text = body === "" ? sign : `${body}\n\n${sign}`;
      const italic: MessageEntity = { type: "italic", offset: text.length - sign.length, length: sign.length };
      return { text, entities: [...anonymous(entities), italic] };
    };
    const signatureLine = () =>
      api?.sendMessage(chatId, sign, {
        entities: [{ type: "italic", offset: 0, length: sign.length }],
        reply_markup: keyboard,
      });
    const noPreview = { is_disabled: true };
    if (message.text !== undefined) {
      const { text, entities } = signed(message.text, message.entities);
      if (text.length <= TEXT_LIMIT) {
        await api.sendMessage(chatId, text, { entities, reply_markup: keyboard, link_preview_options: noPreview });
        return;
      }
      await api.sendMessage(chatId, message.text, {
        entities: anonymous(message.entities),
        link_preview_options: noPreview,
      });
      await signatureLine();
      return;
    }
    if (hasCaptionSlot(message)) {
      const { text, entities } = signed(message.caption ?? "", message.caption_entities);
      const fits = text.length <= CAPTION_LIMIT;
      await api.copyMessage(chatId, message.chat.id, message.message_id, {
        caption: fits ? text : (message.caption ?? ""),
        caption_entities: fits ? entities : anonymous(message.caption_entities),
        ...(fits ? { reply_markup: keyboard } : {}),
      });
      if (!fits) await signatureLine();
      return;
    }
    // A kind without a caption (a sticker, a video note, a location…): the copy, then the signature.
    await api.copyMessage(chatId, message.chat.id, message.message_id);
    await signatureLine();
  }

  /** Deletes what the group still shows of a conversation (reply mode, under 48 hours). */
  async function deleteGroupMessages(messages: ReadonlyArray<{ message: number; at: number }>, now: number) {
    if (!api || groupId === undefined) return;
    const ids = messages.filter((m) => now - m.at < DELETABLE_MS).map((m) => m.message);
    for (let start = 0; start < ids.length; start += 100) {
      await api.deleteMessages(groupId, ids.slice(start, start + 100)).catch((error: unknown) => {
        app.logger.warn({ err: error, feature: "peer" }, "could not delete some messages in the consultants' group");
      });
    }
  }

  async function deleteTopic(thread: number): Promise<boolean> {
    if (!api || groupId === undefined) return false;
    try {
      await api.deleteForumTopic(groupId, thread);
      return true;
    } catch (error) {
      // Already gone (deleted by hand): nothing left to delete.
      if (error instanceof GrammyError && /not found|TOPIC_ID_INVALID/i.test(error.description)) return true;
      app.logger.warn({ err: error, feature: "peer" }, "could not delete a closed conversation's topic");
      return false;
    }
  }

  /**
   * Closes a conversation: the address and routing go at once (repo), the person is told (unless
   * they left or erased everything), the group gets one line, and what the group shows is
   * deleted — now in reply mode (what Telegram still allows), after the retention period or at
   * once (`deleteNow`) in topics mode.
   */
  async function close(number: number, reason: CloseReason, options: { deleteNow?: boolean } = {}): Promise<boolean> {
    const conversation = repo.get(number);
    if (!conversation) return false;
    const now = app.clock();
    const closed = repo.close(number);
    if (!closed) return false;
    // The address and the routing must not linger in the write-ahead log either.
    checkpoint(app.sqlite);
    if (conversation.status === "waiting") return true;
    app.counters.increment("peer.closed", { reason });
    log(number).info({ reason }, "peer: conversation closed");

    const personLine: Partial<Record<CloseReason, string>> = {
      person: "peer:ended.byPerson",
      consultant: "peer:ended.byConsultant",
      idle: "peer:ended.idle",
      blocked: "peer:ended.byConsultant",
    };
    const key = personLine[reason];
    if (api && key && conversation.chatId !== undefined) {
      const t = app.i18n.fixedT(langOf(conversation));
      await api.sendMessage(conversation.chatId, t(key)).catch((error: unknown) => {
        if (!isBlockedError(error)) app.logger.warn({ err: error, feature: "peer" }, "could not tell the person");
      });
    }

    const line = groupT(`peer:group.closed.${reason}`, { number, days: app.config.peer.idleCloseDays });
    if (closed.thread) {
      await say(line, { thread: closed.thread });
      const retention = app.config.peer.topicRetentionDays;
      if (options.deleteNow || retention === 0) {
        if (!(await deleteTopic(closed.thread))) repo.scheduleTopicDeletion(closed.thread, now);
      } else {
        if (api && groupId !== undefined) await api.closeForumTopic(groupId, closed.thread).catch(() => undefined);
        repo.scheduleTopicDeletion(closed.thread, now + retention * DAY);
      }
    } else {
      await deleteGroupMessages(closed.messages, now);
      await say(line);
    }
    return true;
  }

  return {
    get state(): GroupState {
      return state;
    },
    label,
    langOf,
    countryOf,
    groupT,

    async start(botApi: Api): Promise<void> {
      api = botApi;
      if (groupId === undefined) {
        app.logger.info({ feature: "peer" }, "CONSULTANTS_CHAT_ID is not set: /ask says the service is not available");
        return;
      }
      state = await check();
    },

    /** The bot's rights in the group changed: look again. */
    async recheck(): Promise<void> {
      state = await check();
    },

    isConsultantsChat(chatId: number | undefined): boolean {
      return groupId !== undefined && chatId === groupId;
    },

    isWorkingTime: (now: number) => isWorkingTime(consultants, now),
    hoursText: (lang: string, now: number) => hoursText(consultants, lang, now),

    /**
     * A message from a person with a conversation: opens it in the group on the first message,
     * copies it there, and answers with an acknowledgement (first time), the hours (outside them),
     * or a kind "please wait" when they send too much — never silently dropping anything.
     */
    async fromPerson(
      conversation: Conversation,
      message: Message,
      reply: (html: string, keyboard?: ReturnType<typeof endKeyboard>) => Promise<unknown>,
      t: Translate,
      lang: Lang,
    ): Promise<void> {
      const now = app.clock();
      if (!state.ready) {
        await reply(t("peer:unavailableNow"), selfHelpKeyboard({ t }, true));
        return;
      }
      if (!isCopyable(message)) return;
      // A contact card can link to a Telegram account and shows a phone number: never passed on.
      if (message.contact) {
        await reply(t("peer:noContacts"));
        return;
      }
      const admitted = repo.admitPersonMessage(conversation.number, now, flood);
      if (!admitted.admitted) {
        const minutes = Math.max(1, Math.ceil((admitted.retryAt - now) / MINUTE));
        await reply(t("peer:slowDown", { minutes }));
        return;
      }
      const first = conversation.status === "waiting";
      let current = conversation;
      try {
        if (first) current = await openInGroup(conversation, now);
        await copyToGroup(current, message, now);
      } catch (error) {
        // Consultants deleted the conversation's topic by hand: they ended it.
        if (
          current.thread &&
          error instanceof GrammyError &&
          /thread not found|TOPIC_DELETED/i.test(error.description)
        ) {
          await close(current.number, "consultant");
          return;
        }
        app.logger.warn(
          { err: error, feature: "peer", conversation: conversation.number },
          "peer: could not pass a message on",
        );
        // The group may have changed (topics switched on or off, rights taken away): look again.
        state = await check();
        await reply(t("peer:notPassed"), selfHelpKeyboard({ t }, !first));
        return;
      }
      const working = isWorkingTime(consultants, now);
      if (!working && (current.offHoursNoted === null || now - current.offHoursNoted >= OFF_HOURS_REMINDER_MS)) {
        repo.noteOffHours(current.number, now);
        await reply(t("peer:offHours", { hours: hoursText(consultants, lang, now) }), selfHelpKeyboard({ t }, true));
        return;
      }
      if (first) await reply(t("peer:passedOn"), endKeyboard({ t }));
    },

    /**
     * A consultant's message for conversation `conversation` (found by its topic or the message it
     * replies to): copied to the person; the group sees 👌 when delivered, a line when not.
     */
    async fromConsultant(conversation: Conversation | undefined, message: Message, consultant: string): Promise<void> {
      if (!api || groupId === undefined) return;
      const where = { thread: message.message_thread_id ?? null, replyTo: message.message_id };
      if (conversation?.status !== "open") {
        await say(groupT("peer:group.notDelivered.closed"), where);
        return;
      }
      const now = app.clock();
      try {
        await copyToPerson(conversation, message, consultant);
      } catch (error) {
        if (isBlockedError(error) || conversation.chatId === undefined) {
          await say(groupT("peer:group.notDelivered.blocked", { number: conversation.number }), where);
          await close(conversation.number, "botBlocked");
          return;
        }
        log(conversation.number).warn({ err: error }, "peer: a reply could not be delivered");
        await say(groupT("peer:group.notDelivered.failed"), where);
        return;
      }
      if (!conversation.thread) repo.route(conversation.number, message.message_id, now);
      const firstAnswer = repo.answered(conversation.number, now);
      if (firstAnswer !== undefined) {
        app.counters.increment("peer.answered");
        app.counters.increment("peer.first_answer", { within: firstAnswerBucket(firstAnswer) });
      }
      await api
        .setMessageReaction(groupId, message.message_id, [{ type: "emoji", emoji: DELIVERED }])
        .catch((error: unknown) =>
          app.logger.debug({ err: error, feature: "peer" }, "could not mark a reply delivered"),
        );
    },

    close,

    /** Blocks the person of a conversation (by their keyed hash) and closes it. */
    async block(number: number): Promise<boolean> {
      const conversation = repo.get(number);
      if (!conversation) return false;
      repo.block(conversation.owner, number, app.clock());
      return close(number, "blocked");
    },

    /**
     * Sends a section to the person in their language and for their country: the detained card,
     * the help contacts, or a rights article — with the buttons they have in the bot.
     */
    async sendSection(number: number, section: Section): Promise<string | undefined> {
      const conversation = repo.get(number);
      if (!api || !conversation || conversation.status !== "open" || conversation.chatId === undefined)
        return undefined;
      const lang = langOf(conversation);
      const t = app.i18n.fixedT(lang);
      const speaker = { t, lang };
      const country = countryOf(conversation);
      try {
        if (section.kind === "sos") {
          await api.sendMessage(conversation.chatId, renderSosCard(speaker, rights, country), {
            reply_markup: endKeyboard(speaker),
            link_preview_options: { is_disabled: true },
          });
          return groupT("rights:menu.sos");
        }
        if (section.kind === "contacts") {
          await api.sendMessage(conversation.chatId, renderCategories(speaker, rights, country), {
            reply_markup: categoriesKeyboard(speaker, country, categoriesOf(rights, country)),
            link_preview_options: { is_disabled: true },
          });
          return groupT("contacts:menu");
        }
        const pages = renderArticle(speaker, rights, country, section.topic);
        await api.sendMessage(conversation.chatId, pages[0] ?? "", {
          reply_markup: articleKeyboard(speaker, country, section.topic, 0, pages.length),
          link_preview_options: { is_disabled: true },
        });
        return topicTitle(groupT, section.topic);
      } catch (error) {
        if (isBlockedError(error)) {
          await close(number, "botBlocked");
          return undefined;
        }
        throw error;
      }
    },

    /**
     * Scheduled housekeeping: closes conversations idle for PEER_IDLE_CLOSE_DAYS (both sides are
     * told), drops "write my question" never followed by a message, deletes topics whose
     * retention ended. Checkpoints the database when anything was erased.
     */
    async housekeeping(): Promise<{ idle: number; waiting: number; topics: number }> {
      const now = app.clock();
      const result = { idle: 0, waiting: 0, topics: 0 };
      const cutoff = utcDay(now - app.config.peer.idleCloseDays * DAY);
      for (const number of repo.idleSince(cutoff)) if (await close(number, "idle")) result.idle++;
      for (const number of repo.waitingSince(now - WAITING_FOR_MS)) if (await close(number, "person")) result.waiting++;
      if (state.ready) {
        for (const thread of repo.topicsDue(now)) {
          if (await deleteTopic(thread)) {
            repo.topicDeleted(thread);
            result.topics++;
          }
        }
      }
      if (result.topics > 0) checkpoint(app.sqlite);
      return result;
    },
  };
}

export type PeerService = ReturnType<typeof createPeerService>;
