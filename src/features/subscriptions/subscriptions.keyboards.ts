import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { MENU_DATA } from "../../bot/ui/menu.js";
import { TOPICS } from "../../delivery/audience.js";
import { hasTopic } from "./subscriptions.topics.js";

/**
 * `sub` opens the screen; `sub:t:<mask>:<topic>` toggles a topic on the consent screen (the
 * choice travels in the buttons, so nothing is stored before consent); `sub:ok:<mask>`
 * subscribes; `sub:m:<topic>` toggles a topic of an existing subscription; `sub:off` leaves
 * from the subscription screen, `sub:off:b` from under a broadcast; `sub:no` declines.
 */
export const subscriptionsCodec = callbackCodec("sub");

/** The same data under every broadcast, so any recipient leaves with one tap. */
export const UNSUBSCRIBE_FROM_BROADCAST = subscriptionsCodec.encode("off", "b");

function topicLabel(t: Translate, on: boolean, topic: string): string {
  return `${on ? "✅" : "▫️"} ${t(`subscriptions:topics.${topic}`)}`;
}

/** Consent screen: topic toggles carrying the current choice, then Subscribe / Not now. */
export function consentKeyboard(ctx: BotContext, mask: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const topic of TOPICS) {
    keyboard.text(topicLabel(ctx.t, hasTopic(mask, topic), topic), subscriptionsCodec.encode("t", mask, topic)).row();
  }
  return keyboard
    .text(ctx.t("subscriptions:consent.confirm"), subscriptionsCodec.encode("ok", mask))
    .row()
    .text(ctx.t("subscriptions:consent.decline"), subscriptionsCodec.encode("no"));
}

/** An existing subscription: topic toggles saved at once, Unsubscribe, back to the menu. */
export function manageKeyboard(ctx: BotContext, mask: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const topic of TOPICS) {
    keyboard.text(topicLabel(ctx.t, hasTopic(mask, topic), topic), subscriptionsCodec.encode("m", topic)).row();
  }
  return keyboard
    .text(ctx.t("subscriptions:unsubscribe.button"), subscriptionsCodec.encode("off"))
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
}

/** After leaving or when not subscribed: a way in, and the menu. */
export function subscribeKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("subscriptions:subscribeAgain"), subscriptionsCodec.encode())
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
}

/** The button under every broadcast, in the recipient's language. */
export function unsubscribeMarkup(t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [[{ text: t("subscriptions:unsubscribe.button"), callback_data: UNSUBSCRIBE_FROM_BROADCAST }]],
  };
}
