import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { type I18n, isLang, LANGUAGES, type Lang } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { visibleLength } from "../../bot/telegram/html.js";
import { CAPTION_LIMIT } from "../../bot/telegram/telegram-text.js";
import { formatStartPayload, type StartPayload } from "../../bot/ui/deep-link.js";
import { sendHtml, showScreen } from "../../bot/ui/screen.js";
import { ContentError } from "../../content/content-error.js";
import type { CounterDims } from "../../db/counters.repo.js";
import type { Logger } from "../../logger.js";
import { type CatalogVideo, DEFAULT_CATALOG_PATH, fileLabel, loadCatalog } from "./videos.catalog.js";
import { INLINE_CACHE_SECONDS, inlineAnswer, sharedFromButton } from "./videos.inline.js";
import {
  attachCodec,
  botLink,
  groupListKeyboard,
  LIST_DATA,
  listKeyboard,
  pageFrom,
  publicVideoKeyboard,
  qrCodec,
  qrListKeyboard,
  unavailableKeyboard,
  videoKeyboard,
  videosCodec,
} from "./videos.keyboards.js";
import { manageFilms } from "./videos.manage.js";
import { PERSON_QR_SOURCE, qrPng, SOURCE_TAG } from "./videos.qr.js";
import { fullCaption, LONGEST_USERNAME, videoCaption, videoTitle } from "./videos.render.js";
import type { VideosRepo } from "./videos.repo.js";
import { createVideoLibrary, type VideoLibrary } from "./videos.service.js";
import { ATTACH_CONVERSATION, attachConversation } from "./videos-attach.conversation.js";
import { QR_CONVERSATION, type QrTarget, qrConversation, sendOperatorQr } from "./videos-qr.conversation.js";

export interface VideosFeatureOptions {
  /** The catalog content file (tests pass a fixture); the shipped src/content/videos.json by default. */
  catalogPath?: string;
}

/** The same film is posted into one group at most once in this time (double taps, button wars). */
const GROUP_REPEAT_MS = 30_000;

/** Source tags of links under films posted into groups and through inline mode. */
const GROUP_SOURCE = "group";

/**
 * Every caption, in every language, must fit Telegram's 1024 characters without being cut —
 * checked at start-up with the longest possible bot username, so an operator learns which text
 * to shorten instead of people seeing it cut.
 */
export function checkCaptions(content: readonly CatalogVideo[], i18n: I18n, file: string): void {
  content.forEach((video, index) => {
    for (const lang of LANGUAGES) {
      const length = visibleLength(fullCaption(i18n.fixedT(lang), video, lang, LONGEST_USERNAME));
      if (length > CAPTION_LIMIT) {
        throw new ContentError(
          fileLabel(file),
          `videos[${index}] (slug "${video.slug}").description.${lang}`,
          `makes the caption ${length} characters long; Telegram allows ${CAPTION_LIMIT}: shorten it by ${length - CAPTION_LIMIT}`,
        );
      }
    }
  });
}

/** Tells operators, in the log at start-up, which videos people cannot watch yet and why. */
function warnAtStartUp(library: VideoLibrary, logger: Logger, file: string, operators: number): void {
  const problems = library.problems();
  const of = (...kinds: string[]) => problems.filter((p) => kinds.includes(p.problem)).map((p) => p.slug);
  const placeholders = of("placeholder");
  if (placeholders.length > 0) {
    logger.warn(
      { videos: placeholders, file: fileLabel(file) },
      "videos still have placeholder texts: replace them with the real titles, speakers and descriptions",
    );
  }
  const unplayable = problems
    .filter((p) => ["no-media", "missing-file", "too-large", "refused"].includes(p.problem))
    .map((p) => `${p.slug} (${p.problem})`);
  if (unplayable.length > 0) {
    logger.warn(
      { videos: unplayable, file: fileLabel(file), operators },
      "videos without a playable file: people are told they are not available yet. An operator (ADMIN_IDS) can send the video to the bot to attach it, or set its media in the content file",
    );
  }
  const overridden = library.overridden();
  if (overridden.length > 0) {
    logger.info(
      { videos: overridden },
      "the content file changed these videos' media since an operator attached a file in Telegram; the content file's media is used",
    );
  }
  const added = of("operator-only-language");
  if (added.length > 0) {
    logger.info(
      { videos: added },
      "films added in Telegram have texts in one language only; add them to the content file with all languages",
    );
  }
}

/**
 * The source tag a deep-link visit is counted under: the tags operators made with /qr and the
 * bot's own ("qr" under a film) by name; any other tag as "other", so nobody can single out a
 * visit with a tag of their own or put text into the database through a link.
 */
function countedSource(ctx: BotContext, payload: StartPayload): string {
  if (payload.source === undefined) return "none";
  if (payload.source === PERSON_QR_SOURCE || ctx.app.counters.isKnownSource(payload.source)) return payload.source;
  return "other";
}

/**
 * The campaign's films: the list (menu, /videos), watching with previous/next, sharing through
 * inline mode and the Share button, deep links `video-<slug>` and `videos`, QR codes, the list
 * in groups, and operators attaching files from Telegram. Counts are anonymous daily totals.
 */
export function createVideosFeature(app: AppServices, repo: VideosRepo, options: VideosFeatureOptions = {}): Feature {
  const file = options.catalogPath ?? DEFAULT_CATALOG_PATH;
  const content = loadCatalog(file);
  checkCaptions(content, app.i18n, file);
  const logger = app.logger.child({ feature: "videos" });
  const library = createVideoLibrary({ content, repo, clock: app.clock, logger });
  const counters = app.counters;
  /** Last post of a film per group, in memory only (`<chat>:<slug>` → time). */
  const lastGroupPost = new Map<string, number>();
  warnAtStartUp(library, logger, file, app.config.adminIds.size);

  /** Counting must never cost anyone their film. */
  const count = (metric: string, dims: CounterDims) => {
    try {
      counters.increment(metric, dims);
    } catch (error) {
      logger.warn({ err: error, metric }, "could not count");
    }
  };

  async function showList(
    ctx: BotContext,
    lead?: string,
    place: "replace" | "new" = "replace",
    page = 0,
  ): Promise<void> {
    const text = [lead, ctx.t("videos:list.text")].filter(Boolean).join("\n\n");
    const keyboard = listKeyboard(ctx.t, library.entries(), ctx.lang, page);
    if (place === "new") await sendHtml(ctx, text, { keyboard });
    else await showScreen(ctx, text, { keyboard });
  }

  /**
   * Sends a film as a new message (films stay in the chat, forwardable). A film that can't be
   * played yet gets a short screen instead, which replaces the pressed one only when that was
   * such a screen too (`replace`).
   */
  async function watch(ctx: BotContext, slug: string, replace = false): Promise<void> {
    const video = library.find(slug);
    if (!video || !ctx.chat) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("videos:gone") });
      return showList(ctx);
    }
    // Uploading can take a while: stop the button's spinner first.
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const around = library.neighbours(slug);
    const result = await library.send(ctx.api, ctx.chat.id, video, {
      caption: videoCaption(ctx.t, video, ctx.lang, ctx.me.username),
      linkText: (url) => ctx.t("videos:caption.link", { url }),
      keyboard: videoKeyboard(ctx.t, video, ctx.lang, around),
    });
    if (result.status === "sent") {
      count("video.view", { video: slug, lang: ctx.lang, chat: "private" });
      return;
    }
    count("video.unavailable", { video: slug, reason: result.reason });
    const text = ctx.t("videos:unavailable.text", { title: videoTitle(video, ctx.lang) });
    const keyboard = unavailableKeyboard(ctx.t, around);
    if (replace) await showScreen(ctx, text, { keyboard });
    else await sendHtml(ctx, text, { keyboard });
  }

  async function personQr(ctx: BotContext, slug: string): Promise<void> {
    const video = library.find(slug);
    if (!video) {
      await ctx.answerCallbackQuery({ text: ctx.t("videos:gone") });
      return showList(ctx);
    }
    await ctx.answerCallbackQuery();
    const link = botLink(ctx.me.username, formatStartPayload("video", slug, PERSON_QR_SOURCE));
    await ctx.replyWithPhoto(new InputFile(await qrPng(link), `qr-${slug}.png`), {
      caption: ctx.t("videos:qr.person", { title: videoTitle(video, ctx.lang), link }),
      parse_mode: "HTML",
    });
    count("qr.made", { target: "film", by: "person" });
  }

  function qrTarget(ctx: BotContext, word: string): QrTarget | undefined {
    if (word === "bot") return { kind: "bot" };
    if (word === "videos") return { kind: "list" };
    const video = library.find(word);
    return video ? { kind: "film", slug: video.slug, title: videoTitle(video, ctx.lang) } : undefined;
  }

  async function qrList(ctx: BotContext, page = 0): Promise<void> {
    await showScreen(ctx, ctx.t("videos:qr.choose"), {
      keyboard: qrListKeyboard(ctx.t, library.entries(), ctx.lang, page),
    });
  }

  async function qrCommand(ctx: BotContext): Promise<void> {
    if (!ctx.app.isAdmin(ctx.from?.id)) return qrList(ctx);
    const args = String(ctx.match ?? "")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (args.length === 0) return ctx.conversation.enter(QR_CONVERSATION);
    const [word = "", tag, ...rest] = args;
    const target = qrTarget(ctx, word);
    if (!target || rest.length > 0 || (tag !== undefined && !SOURCE_TAG.test(tag))) {
      await ctx.reply(
        ctx.t("videos:qr.usage", {
          slugs: library
            .entries()
            .map((v) => v.slug)
            .join(", "),
        }),
      );
      return;
    }
    if (tag !== undefined) ctx.app.counters.registerSource(tag);
    await sendOperatorQr(ctx, target, tag);
    count("qr.made", { target: target.kind, by: "operator" });
  }

  async function postInGroup(ctx: BotContext, slug: string, listLang: string | undefined): Promise<void> {
    const video = library.find(slug);
    const chatId = ctx.chat?.id;
    if (!video || chatId === undefined) {
      await ctx.answerCallbackQuery({ text: ctx.t("videos:gone") });
      return;
    }
    if (library.playable(video).kind === "none") {
      await ctx.answerCallbackQuery({ text: ctx.t("videos:unavailable.toast") });
      return;
    }
    const key = `${chatId}:${slug}`;
    const now = app.clock();
    if (now - (lastGroupPost.get(key) ?? Number.NEGATIVE_INFINITY) < GROUP_REPEAT_MS) {
      await ctx.answerCallbackQuery({ text: ctx.t("videos:group.repeat") });
      return;
    }
    lastGroupPost.set(key, now);
    if (lastGroupPost.size > 5000) {
      for (const [k, at] of lastGroupPost) if (now - at >= GROUP_REPEAT_MS) lastGroupPost.delete(k);
    }
    await ctx.answerCallbackQuery();
    // The group sees the film in the language of the list, whoever pressed.
    const lang: Lang = isLang(listLang) ? listLang : ctx.lang;
    const t = ctx.app.i18n.fixedT(lang);
    const username = ctx.me.username;
    const result = await library.send(ctx.api, chatId, video, {
      caption: videoCaption(t, video, lang, username),
      linkText: (url) => t("videos:caption.link", { url }),
      keyboard: publicVideoKeyboard(t, video, lang, botLink(username, formatStartPayload("videos", "", GROUP_SOURCE))),
    });
    if (result.status === "sent") count("video.view", { video: slug, lang, chat: "group" });
    else count("video.unavailable", { video: slug, reason: result.reason });
  }

  const composer = new Composer<BotContext>();
  composer.use(manageFilms(library));
  const privateChat = composer.chatType("private");
  const groups = composer.chatType(["group", "supergroup"]);

  privateChat.command("videos", (ctx) => showList(ctx));
  privateChat.command("qr", qrCommand);
  privateChat.callbackQuery(videosCodec.pattern, async (ctx) => {
    const [action, slug] = videosCodec.decode(ctx.callbackQuery.data) ?? [];
    if ((action === "w" || action === "g") && slug) return watch(ctx, slug);
    if (action === "u" && slug) return watch(ctx, slug, true);
    if (action === "q" && slug) return personQr(ctx, slug);
    const page = pageFrom(slug, library.entries().length);
    if (action === "ql") return qrList(ctx, page);
    return showList(ctx, undefined, action === "ln" ? "new" : "replace", page);
  });
  // Buttons of an operator's flow that has ended (cancelled, timed out, restarted).
  privateChat.callbackQuery([attachCodec.pattern, qrCodec.pattern], async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("videos:flow.expired") });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });
  // Operators attach files by sending or forwarding a video; for anyone else it is unknown input.
  privateChat.on("message:video", async (ctx, next) => {
    if (!ctx.app.isAdmin(ctx.from.id) || Object.keys(ctx.conversation.active()).length > 0) return next();
    await ctx.conversation.enter(ATTACH_CONVERSATION);
  });
  privateChat.on("message:document", async (ctx, next) => {
    if (!ctx.app.isAdmin(ctx.from.id) || !ctx.message.document.mime_type?.startsWith("video/")) return next();
    await ctx.reply(ctx.t("videos:attach.asDocument"));
  });

  groups.command("videos", async (ctx) => {
    const playable = library.entries().filter((video) => library.playable(video).kind !== "none");
    if (playable.length === 0) {
      await ctx.reply(ctx.t("videos:group.none"));
      return;
    }
    await ctx.reply(ctx.t("videos:group.list"), { reply_markup: groupListKeyboard(ctx.t, playable, ctx.lang) });
  });
  groups.callbackQuery(videosCodec.pattern, async (ctx, next) => {
    const [action, slug, lang] = videosCodec.decode(ctx.callbackQuery.data) ?? [];
    if (action === "gl") {
      const playable = library.entries().filter((video) => library.playable(video).kind !== "none");
      const listLang: Lang = isLang(lang) ? lang : ctx.lang;
      const page = pageFrom(slug, playable.length);
      await ctx.editMessageReplyMarkup({
        reply_markup: groupListKeyboard(ctx.app.i18n.fixedT(listLang), playable, listLang, page),
      });
      return;
    }
    if (action !== "g" || !slug) return next();
    await postInGroup(ctx, slug, lang);
  });

  composer.on("inline_query", async (ctx) => {
    const { query, offset } = ctx.inlineQuery;
    // Inline queries come without a chat: the asker's Telegram language decides (ctx.lang).
    const lang = ctx.lang;
    const answer = inlineAnswer({ library, t: ctx.t, lang, query, offset, botUsername: ctx.me.username });
    if (!offset) {
      count("inline.query", { lang, found: query.trim() === "" ? "all" : answer.matched > 0 ? "some" : "none" });
      const shared = sharedFromButton(library.entries(), lang, query);
      if (shared) count("video.share_button", { video: shared.slug, lang });
    }
    await ctx.answerInlineQuery(answer.results, {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: true,
      next_offset: answer.nextOffset,
      button: answer.button,
    });
  });
  // Needs inline feedback switched on in @BotFather (/setinlinefeedback); counts posts made.
  composer.on("chosen_inline_result", (ctx) => {
    const id = ctx.chosenInlineResult.result_id;
    const video = id.startsWith("v.") ? library.find(id.slice(2)) : undefined;
    if (video) count("video.shared", { video: video.slug, lang: ctx.lang });
  });

  return {
    name: "videos",
    composer,
    commands: [
      { command: "videos", description: "videos:commands.videos", scope: "all" },
      { command: "qr", description: "videos:commands.qr", scope: "private" },
      { command: "films", description: "films:commands", scope: "operator" },
    ],
    menu: [{ label: "videos:menu", data: LIST_DATA, order: 10 }],
    deepLinks: [
      {
        route: "video",
        open: async (ctx, payload) => {
          if (library.find(payload.arg)) return watch(ctx, payload.arg);
          await showList(ctx, ctx.t("videos:list.notFound"));
        },
      },
      { route: "videos", open: (ctx) => showList(ctx) },
    ],
    conversations: [attachConversation(library), qrConversation(library, { count })],
    onDeepLink(ctx: BotContext, payload: StartPayload) {
      const known = payload.route === "" || ctx.app.registry.deepLinks.has(payload.route);
      count("deeplink.open", {
        route: known ? payload.route || "start" : "other",
        source: countedSource(ctx, payload),
      });
    },
  };
}
