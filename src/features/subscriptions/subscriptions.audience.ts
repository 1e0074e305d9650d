import type { InlineKeyboardMarkup } from "grammy/types";
import { type I18n, isLang, type Lang } from "../../bot/i18n.js";
import type { Subscribers } from "../../delivery/audience.js";
import { unsubscribeMarkup } from "./subscriptions.keyboards.js";
import type { SubscriptionsRepo } from "./subscriptions.repo.js";
import { countryName } from "./subscriptions.topics.js";

/**
 * What this feature lets others know about its subscribers (see `Subscribers`): counts, pages
 * of keys, a recipient's address at send time, removal of those who blocked the bot, the
 * Unsubscribe button and the names of topics and countries. Built once in the composition root.
 */
export function createSubscriberAudience(repo: SubscriptionsRepo, i18n: I18n): Subscribers {
  const markups = new Map<Lang, InlineKeyboardMarkup>();
  return {
    count: (audience) => repo.count(audience),
    stats: () => repo.stats(),
    page: (audience, after, limit) => repo.page(audience, after, limit),
    recipient: (owner) => repo.recipient(owner),
    remove: (owner) => void repo.remove(owner),
    unsubscribeMarkup(lang) {
      const key: Lang = isLang(lang) ? lang : "en";
      let markup = markups.get(key);
      if (!markup) {
        markup = unsubscribeMarkup(i18n.fixedT(key));
        markups.set(key, markup);
      }
      return markup;
    },
    topicName: (t, topic) => t(`subscriptions:topics.${topic}`),
    countryName,
  };
}
