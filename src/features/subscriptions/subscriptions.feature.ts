import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { isLang } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { formatDate } from "../../bot/ui/dates.js";
import { backToMenuKeyboard } from "../../bot/ui/menu.js";
import { sendHtml, showScreen } from "../../bot/ui/screen.js";
import { countQuietly } from "../../db/counters.repo.js";
import { isTopic } from "../../delivery/audience.js";
import {
  consentKeyboard,
  manageKeyboard,
  subscribeKeyboard,
  subscriptionsCodec,
  UNSUBSCRIBE_FROM_BROADCAST,
} from "./subscriptions.keyboards.js";
import type { Subscription, SubscriptionsRepo } from "./subscriptions.repo.js";
import { ALL_TOPICS, countryName, parseTopicMask, toggleTopic, topicsOf } from "./subscriptions.topics.js";

type Repos = {
  subscriptions: SubscriptionsRepo;
};

/** The topics of a mask as a comma-separated, escaped list. */
function topicList(ctx: BotContext, mask: number): string {
  return topicsOf(mask)
    .map((topic) => escapeHtml(ctx.t(`subscriptions:topics.${topic}`)))
    .join(", ");
}

function ownerOf(ctx: BotContext): string | undefined {
  return ctx.from ? ctx.app.ownerKey(ctx.from.id) : undefined;
}

/** The settings a subscription follows: the language this update speaks, the country chosen in the bot. */
function currentSettings(ctx: BotContext): { lang: string; country: string | null } {
  return { lang: ctx.lang, country: ctx.session?.country ?? null };
}

async function showConsent(ctx: BotContext, mask: number): Promise<void> {
  await showScreen(ctx, ctx.t("subscriptions:consent.text"), { keyboard: consentKeyboard(ctx, mask), protect: true });
}

async function showManage(ctx: BotContext, subscription: Subscription, lead?: string): Promise<void> {
  const text = ctx.t("subscriptions:manage.text", {
    // A calendar day, written like every other date in the bot ("28 November 2026").
    date: formatDate(ctx.lang, subscription.created),
    language: ctx.app.i18n.fixedT(ctx.lang)("common:languageName"),
    country:
      subscription.country === null ? ctx.t("subscriptions:countries.none") : countryName(ctx.t, subscription.country),
  });
  await showScreen(ctx, [lead, text].filter(Boolean).join("\n\n"), {
    keyboard: manageKeyboard(ctx, subscription.topics),
    protect: true,
  });
}

/**
 * /subscribe and the menu entry: the consent screen for a newcomer (nothing is stored until they
 * press Subscribe), or the subscription's topics for a subscriber, who may change them or leave.
 * Opening it also brings the subscription's language and country in line with the bot's settings.
 */
async function openSubscription(ctx: BotContext, repos: Repos): Promise<void> {
  const owner = ownerOf(ctx);
  if (!owner) return;
  const existing = repos.subscriptions.get(owner);
  if (!existing) return showConsent(ctx, ALL_TOPICS);
  const { lang, country } = currentSettings(ctx);
  if (existing.lang !== lang || existing.country !== country) repos.subscriptions.setSettings(owner, lang, country);
  await showManage(ctx, { ...existing, lang, country });
}

/**
 * Anonymous daily counts for the reach report: `subscription.joined`, and `subscription.left`
 * by `reason` (unsubscribed, blocked, forget; broadcast delivery counts "unreachable").
 */
const JOINED = "subscription.joined";
const LEFT = "subscription.left";
type LeftReason = "unsubscribed" | "blocked" | "forget";

/**
 * Removes the subscription. A broadcast being sent skips whoever has no subscription any more
 * (it reads the address at send time), so no queue needs touching.
 */
function unsubscribe(app: AppServices, repos: Repos, owner: string, reason: LeftReason): boolean {
  const was = repos.subscriptions.remove(owner);
  if (was) countQuietly(app.counters, app.logger, LEFT, { reason });
  return was;
}

/**
 * Anonymous opt-in subscriptions: consent with topic choice, topic changes, one-tap leaving
 * (button under every broadcast, /unsubscribe, /forget, blocking the bot), and subscriber
 * counts for operators (/stats, numbers only).
 */
export function createSubscriptionsFeature(app: AppServices, repo: SubscriptionsRepo): Feature {
  const repos: Repos = { subscriptions: repo };
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("subscribe", (ctx) => openSubscription(ctx, repos));
  privateChat.command("unsubscribe", async (ctx) => {
    const owner = app.ownerKey(ctx.from.id);
    if (!unsubscribe(app, repos, owner, "unsubscribed")) {
      await sendHtml(ctx, ctx.t("subscriptions:notSubscribed"), { keyboard: subscribeKeyboard(ctx) });
      return;
    }
    ctx.log.info("subscriptions: a person unsubscribed");
    await sendHtml(ctx, ctx.t("subscriptions:unsubscribed"), { keyboard: subscribeKeyboard(ctx) });
  });

  privateChat.callbackQuery(subscriptionsCodec.pattern, async (ctx) => {
    const owner = app.ownerKey(ctx.from.id);
    const [action, arg, extra] = subscriptionsCodec.decode(ctx.callbackQuery.data) ?? [];

    if (action === "t") {
      // Consent screen toggles: the choice lives in the buttons until the person confirms.
      const mask = parseTopicMask(arg);
      if (mask === undefined || !isTopic(extra)) return openSubscription(ctx, repos);
      const next = toggleTopic(mask, extra);
      if (next === 0) return ctx.answerCallbackQuery({ text: ctx.t("subscriptions:needOneTopic") });
      return showConsent(ctx, next);
    }

    if (action === "ok") {
      const topics = parseTopicMask(arg);
      if (topics === undefined) return openSubscription(ctx, repos);
      const { lang, country } = currentSettings(ctx);
      if (!repos.subscriptions.get(owner)) countQuietly(app.counters, ctx.log, JOINED);
      repos.subscriptions.subscribe({ owner, chatId: ctx.chat.id, lang, country, topics, now: app.clock() });
      ctx.log.info("subscriptions: a person subscribed");
      await ctx.answerCallbackQuery({ text: ctx.t("subscriptions:done.toast") });
      return showScreen(ctx, ctx.t("subscriptions:done.text", { topics: topicList(ctx, topics) }), {
        keyboard: backToMenuKeyboard(ctx),
        protect: true,
      });
    }

    if (action === "m") {
      const existing = repos.subscriptions.get(owner);
      if (!existing) return openSubscription(ctx, repos);
      if (!isTopic(arg)) return showManage(ctx, existing);
      const topics = toggleTopic(existing.topics, arg);
      if (topics === 0) return ctx.answerCallbackQuery({ text: ctx.t("subscriptions:needOneTopic"), show_alert: true });
      repos.subscriptions.setTopics(owner, topics);
      await ctx.answerCallbackQuery({ text: ctx.t("subscriptions:manage.saved") });
      return showManage(ctx, { ...existing, topics });
    }

    if (action === "off") {
      const fromBroadcast = ctx.callbackQuery.data === UNSUBSCRIBE_FROM_BROADCAST;
      // Someone who never chose a language in the bot is answered in their subscription's language.
      const lang = repos.subscriptions.get(owner)?.lang;
      if (!ctx.session.lang && isLang(lang)) {
        ctx.lang = lang;
        ctx.t = app.i18n.fixedT(lang);
      }
      const was = unsubscribe(app, repos, owner, "unsubscribed");
      if (was) ctx.log.info("subscriptions: a person unsubscribed");
      await ctx.answerCallbackQuery({
        text: ctx.t(was ? "subscriptions:unsubscribedToast" : "subscriptions:notSubscribedToast"),
      });
      if (fromBroadcast) {
        // The broadcast stays as it was, without the button; the confirmation comes as a new message.
        await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch((error: unknown) => {
          ctx.log.debug({ err: error }, "could not remove the unsubscribe button");
        });
        if (!was) return;
        await sendHtml(ctx, ctx.t("subscriptions:unsubscribed"), { keyboard: subscribeKeyboard(ctx) });
        return;
      }
      return showScreen(ctx, ctx.t(was ? "subscriptions:unsubscribed" : "subscriptions:notSubscribed"), {
        keyboard: subscribeKeyboard(ctx),
      });
    }

    if (action === "no")
      return showScreen(ctx, ctx.t("subscriptions:consent.declined"), { keyboard: backToMenuKeyboard(ctx) });
    return openSubscription(ctx, repos);
  });

  // Blocking the bot in a private chat ends the subscription at once.
  composer.on("my_chat_member", async (ctx, next) => {
    const update = ctx.myChatMember;
    if (update.chat.type === "private" && update.new_chat_member.status === "kicked") {
      if (unsubscribe(app, repos, app.ownerKey(update.from.id), "blocked"))
        ctx.log.info("subscriptions: removed after the bot was blocked");
    }
    await next();
  });

  return {
    name: "subscriptions",
    composer,
    commands: [
      { command: "subscribe", description: "subscriptions:commands.subscribe", scope: "private" },
      { command: "unsubscribe", description: "subscriptions:commands.unsubscribe", scope: "private" },
    ],
    menu: [{ label: "subscriptions:menu", data: subscriptionsCodec.encode(), order: 60 }],
    deepLinks: [{ route: "subscribe", open: (ctx) => openSubscription(ctx, repos) }],
    erase(owner) {
      unsubscribe(app, repos, owner, "forget");
    },
    // A subscriber who changes language or country gets broadcasts for the new ones.
    settingsChanged(owner, settings) {
      const current = repos.subscriptions.get(owner);
      if (!current) return;
      repos.subscriptions.setSettings(owner, settings.lang ?? current.lang, settings.country ?? null);
    },
  };
}
