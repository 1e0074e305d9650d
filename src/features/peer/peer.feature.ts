import { Composer, type InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { Translate } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { showScreen } from "../../bot/ui/screen.js";
import { isTopic, type RightsContent } from "../../country/country.content.js";
import { emergencyNumbers, knownCountry } from "../../country/rights.screens.js";
import { type ConsultantsContent, languagesText } from "./peer.content.js";
import {
  askCodec,
  blockKeyboard,
  closeKeyboard,
  endKeyboard,
  groupCodec,
  headerKeyboard,
  introKeyboard,
  sectionsKeyboard,
  selfHelpKeyboard,
  topicsKeyboard,
} from "./peer.keyboards.js";
import type { FloodRule, PeerRepo } from "./peer.repo.js";
import { createPeerService, type PeerService, type Section } from "./peer.service.js";

export interface PeerFeatureDeps {
  repo: PeerRepo;
  consultants: ConsultantsContent;
  rights: RightsContent;
  /** How often housekeeping runs (idle conversations, topics past retention); 10 minutes by default. */
  housekeepingEveryMs?: number;
  flood?: FloodRule;
}

/** A pseudonym: 2–32 letters, digits, spaces, dots and dashes; no @, no links. */
const PSEUDONYM = /^[\p{L}\p{N}][\p{L}\p{N} .'-]{0,30}[\p{L}\p{N}.]$/u;

function isCommand(message: Message): boolean {
  return message.entities?.some((entity) => entity.type === "bot_command" && entity.offset === 0) === true;
}

function ownerOf(ctx: BotContext): string | undefined {
  return ctx.from ? ctx.app.ownerKey(ctx.from.id) : undefined;
}

// ── The person's side ──────────────────────────────────────────────────────────

async function showNotAvailable(ctx: BotContext): Promise<void> {
  await showScreen(ctx, ctx.t("peer:notConfigured"), { keyboard: selfHelpKeyboard(ctx, false) });
}

/** The first screen: who answers, when, what is kept, what not to send, emergency numbers. */
async function showIntro(
  ctx: BotContext,
  service: PeerService,
  consultants: ConsultantsContent,
  rights: RightsContent,
) {
  const now = ctx.app.clock();
  const country = knownCountry(ctx.session.country);
  const text = ctx.t("peer:intro", {
    hours: service.hoursText(ctx.lang, now),
    replyHours: consultants.replyWithinHours,
    languages: languagesText(consultants, ctx.lang),
    // Already HTML (content checked at start-up), inserted unescaped with {{- emergency}}.
    emergency: country ? emergencyNumbers(ctx, rights, country) : ctx.t("rights:relatives.emergencyOther"),
  });
  await showScreen(ctx, text, { keyboard: introKeyboard(ctx), protect: true });
}

/**
 * `/ask` and the menu entry: not available / blocked / the open conversation / the first screen.
 * Nothing is stored until the person presses "write my question".
 */
async function openAsk(ctx: BotContext, deps: PeerFeatureDeps, service: PeerService, write = false): Promise<void> {
  const owner = ownerOf(ctx);
  if (!owner || !ctx.chat) return;
  if (!service.state.ready) return showNotAvailable(ctx);
  if (deps.repo.isBlocked(owner)) {
    await showScreen(ctx, ctx.t("peer:blocked"), { keyboard: selfHelpKeyboard(ctx, false) });
    return;
  }
  const current = deps.repo.current(owner);
  if (current?.status === "open") {
    await showScreen(ctx, ctx.t("peer:alreadyOpen", { number: current.number }), { keyboard: endKeyboard(ctx) });
    return;
  }
  if (!write && !current) return showIntro(ctx, service, deps.consultants, deps.rights);
  if (!current) {
    const created = deps.repo.create({
      owner,
      chatId: ctx.chat.id,
      lang: ctx.lang,
      country: knownCountry(ctx.session.country) ?? null,
      now: ctx.app.clock(),
    });
    ctx.log.info({ conversation: created.number }, "peer: a person is writing a question");
  }
  await showScreen(ctx, ctx.t("peer:writePrompt"), { keyboard: endKeyboard(ctx), protect: true });
}

async function endConversation(ctx: BotContext, deps: PeerFeatureDeps, service: PeerService): Promise<void> {
  const owner = ownerOf(ctx);
  const current = owner ? deps.repo.current(owner) : undefined;
  if (!current) {
    await ctx.answerCallbackQuery({ text: ctx.t("peer:noConversation") });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  await service.close(current.number, "person");
  // A conversation nobody had written in yet ends quietly in the group; the person still hears it ended.
  if (current.status === "waiting") await ctx.reply(ctx.t("peer:ended.byPerson"));
}

// ── The consultants' side ──────────────────────────────────────────────────────

/** Buttons that only change the keyboard under a conversation's first message. */
const NAVIGATION: Readonly<Record<string, (t: Translate, number: number, topics: boolean) => InlineKeyboard>> = {
  h: (t, number) => headerKeyboard(t, number),
  c: (t, number, topics) => closeKeyboard(t, number, topics),
  b: (t, number) => blockKeyboard(t, number),
  s: (t, number) => sectionsKeyboard(t, number),
  sr: (t, number) => topicsKeyboard(t, number),
};

/** The section a "Send a section" button stands for. */
function sectionOf(action: string | undefined, topic: string | undefined): Section | undefined {
  if (action === "ss") return { kind: "sos" };
  if (action === "sc") return { kind: "contacts" };
  if (action === "sa" && isTopic(topic)) return { kind: "article", topic };
  return undefined;
}

function formatWaiting(service: PeerService, consultants: ConsultantsContent, since: number | null): string {
  if (since === null) return service.groupT("peer:group.tickets.answered");
  const time = new Intl.DateTimeFormat(consultants.groupLanguage, {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: consultants.timeZone,
  }).format(since);
  return service.groupT("peer:group.tickets.waiting", { time });
}

/**
 * Ask a peer: a person writes to UnMode's peer consultants through the bot, the consultants
 * answer in their own group (a topic per conversation, or replies), and the bot copies messages
 * both ways so neither side learns who the other is. Nothing of what is said is stored.
 */
export function createPeerFeature(app: AppServices, deps: PeerFeatureDeps): Feature {
  const { repo, consultants } = deps;
  const service = createPeerService({ app, repo, consultants, rights: deps.rights, flood: deps.flood });
  const composer = new Composer<BotContext>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let housekeeping: Promise<void> | undefined;

  // ── The consultants' group: nothing else of the bot happens there ───────────
  const group = composer.filter((ctx) => service.isConsultantsChat(ctx.chat?.id));
  const t = service.groupT;

  group.on("my_chat_member", async (_ctx, next) => {
    await service.recheck();
    await next();
  });

  group.command("name", async (ctx) => {
    if (!ctx.from || ctx.from.is_bot) return;
    const consultant = app.ownerKey(ctx.from.id);
    const name = ctx.match.trim().replace(/\s+/g, " ");
    if (name === "") {
      repo.setPseudonym(consultant, undefined);
      await ctx.reply(t("peer:group.name.reset", { role: t("peer:signature") }));
      return;
    }
    if (!PSEUDONYM.test(name)) {
      await ctx.reply(t("peer:group.name.invalid"));
      return;
    }
    repo.setPseudonym(consultant, name);
    // The command holds the pseudonym: it goes from the group's history where the bot may delete it.
    await ctx.deleteMessage().catch(() => undefined);
    await ctx.reply(t("peer:group.name.set", { name }));
  });

  group.command("tickets", async (ctx) => {
    const tickets = repo.tickets();
    if (tickets.length === 0) {
      await ctx.reply(t("peer:group.tickets.none"));
      return;
    }
    const lines = tickets.map(
      (ticket) => `${escapeHtml(service.label(ticket))} — ${formatWaiting(service, consultants, ticket.waitingSince)}`,
    );
    await ctx.reply([t("peer:group.tickets.title", { count: tickets.length }), ...lines].join("\n"));
  });

  group.command("unblock", async (ctx) => {
    if (!app.isAdmin(ctx.from?.id)) {
      await ctx.reply(t("peer:group.unblock.operatorsOnly"));
      return;
    }
    const number = Number.parseInt(ctx.match.trim().replace(/^#/, ""), 10);
    if (!Number.isSafeInteger(number) || number < 1) {
      await ctx.reply(t("peer:group.unblock.usage"));
      return;
    }
    const lifted = repo.unblock(number);
    if (lifted) ctx.log.info({ conversation: number }, "peer: a block was lifted");
    await ctx.reply(t(lifted ? "peer:group.unblock.done" : "peer:group.unblock.none", { number }));
  });

  group.callbackQuery(groupCodec.pattern, async (ctx) => {
    const [action, arg, extra] = groupCodec.decode(ctx.callbackQuery.data) ?? [];
    const number = Number.parseInt(arg ?? "", 10);
    const conversation = Number.isSafeInteger(number) ? repo.get(number) : undefined;
    const markup = (keyboard: InlineKeyboard | undefined) =>
      ctx.editMessageReplyMarkup({ reply_markup: keyboard }).catch(() => undefined);
    if (conversation?.status !== "open") {
      await ctx.answerCallbackQuery({ text: t("peer:group.alreadyClosed") });
      await markup(undefined);
      return;
    }
    const navigate = NAVIGATION[action ?? ""];
    if (navigate) {
      await markup(navigate(t, number, conversation.thread !== null));
      return;
    }
    if (action === "cy" || action === "cd") {
      await ctx.answerCallbackQuery({ text: t("peer:group.closedToast", { number }) });
      await markup(undefined);
      await service.close(number, "consultant", { deleteNow: action === "cd" });
      return;
    }
    if (action === "by") {
      await ctx.answerCallbackQuery({ text: t("peer:group.blockedToast", { number }) });
      await markup(undefined);
      await service.block(number);
      ctx.log.info({ conversation: number }, "peer: a person was blocked");
      return;
    }
    const section = sectionOf(action, extra);
    if (!section) {
      await markup(headerKeyboard(t, number));
      return;
    }
    const sent = await service.sendSection(number, section);
    await markup(sent ? headerKeyboard(t, number) : undefined);
    await ctx.answerCallbackQuery({
      text: sent ? t("peer:group.sectionSent", { number, section: sent }) : t("peer:group.notDelivered.closed"),
    });
  });

  group.on("message", async (ctx, next) => {
    const message = ctx.message;
    // Other bots, channels posting in, automatic forwards: none of them is a consultant. An
    // anonymous administrator posts as the group itself.
    const anonymousAdmin = message.sender_chat?.id === ctx.chat.id;
    if (message.is_automatic_forward || (message.sender_chat && !anonymousAdmin)) return;
    if (!anonymousAdmin && (!ctx.from || ctx.from.is_bot)) return;
    if (isCommand(message)) {
      // Commands of other features, when addressed to the bot by name (as groupEtiquette requires elsewhere).
      const mention = message.text?.split(/\s/)[0]?.split("@")[1];
      if (mention?.toLowerCase() === ctx.me.username.toLowerCase()) await next();
      return;
    }
    const consultant = app.ownerKey(anonymousAdmin ? ctx.chat.id : (ctx.from?.id ?? ctx.chat.id));
    if (message.is_topic_message && message.message_thread_id !== undefined) {
      const conversation = repo.byThread(message.message_thread_id);
      if (conversation || repo.isClosedTopic(message.message_thread_id))
        await service.fromConsultant(conversation, message, consultant);
      return;
    }
    // Reply mode only: with topics, the General topic is the consultants' own chatter.
    const replyTo = message.reply_to_message;
    const state = service.state;
    if (!replyTo || !state.ready || state.mode !== "reply") return;
    const conversation = repo.byMessage(replyTo.message_id);
    // A reply to one of the bot's messages that belongs to no open conversation: say it reached nobody.
    if (conversation || replyTo.from?.id === ctx.me.id) await service.fromConsultant(conversation, message, consultant);
  });

  // Callback queries and messages of the group that reached here are not for anyone else.
  group.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  // ── The person's side: private chats ──────────────────────────────────────────
  const privateChat = composer.chatType("private");
  privateChat.command("ask", (ctx) => openAsk(ctx, deps, service));
  privateChat.callbackQuery(askCodec.pattern, async (ctx) => {
    const [action] = askCodec.decode(ctx.callbackQuery.data) ?? [];
    if (action === "w") return openAsk(ctx, deps, service, true);
    if (action === "end") return endConversation(ctx, deps, service);
    return openAsk(ctx, deps, service);
  });

  // Whatever a person with a conversation sends that no section took: to the consultants.
  privateChat.on("message", async (ctx, next) => {
    if (isCommand(ctx.message)) return next();
    const current = repo.current(app.ownerKey(ctx.from.id));
    if (!current) return next();
    await service.fromPerson(
      current,
      ctx.message,
      (html, keyboard) => ctx.reply(html, { reply_markup: keyboard }),
      ctx.t,
      ctx.lang,
    );
  });

  // Blocking the bot ends the conversation; the group is told.
  composer.on("my_chat_member", async (ctx, next) => {
    const update = ctx.myChatMember;
    if (update.chat.type === "private" && update.new_chat_member.status === "kicked") {
      const current = repo.current(app.ownerKey(update.from.id));
      if (current) await service.close(current.number, "botBlocked");
    }
    await next();
  });

  return {
    name: "peer",
    composer,
    commands: [{ command: "ask", description: "peer:commands.ask", scope: "private", groupHint: "peer:groupHint" }],
    menu: [{ label: "peer:menu", data: askCodec.encode(), order: 50 }],
    deepLinks: [{ route: "ask", open: (ctx) => openAsk(ctx, deps, service) }],
    /** /forget: the person's conversation closes; the group reads only "#17 was closed by the person". */
    async erase(owner) {
      const current = repo.current(owner);
      if (current) await service.close(current.number, "forgotten");
    },
    // A person who changes language or country mid-conversation gets answers and sections in the new ones.
    settingsChanged(owner, settings) {
      const current = repo.current(owner);
      if (!current) return;
      repo.setSettings(owner, settings.lang ?? current.lang, knownCountry(settings.country) ?? current.country);
    },
    async start(api) {
      await service.start(api);
      // One pass at a time; stop() waits for the one under way, so none runs on a closed database.
      const run = () => {
        housekeeping ??= service
          .housekeeping()
          .then((done) => app.logger.debug({ feature: "peer", ...done }, "peer housekeeping"))
          .catch((error: unknown) => app.logger.error({ err: error, feature: "peer" }, "peer housekeeping failed"))
          .finally(() => {
            housekeeping = undefined;
          });
        return housekeeping;
      };
      await run();
      timer = setInterval(run, deps.housekeepingEveryMs ?? 10 * 60 * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await housekeeping;
    },
  };
}
