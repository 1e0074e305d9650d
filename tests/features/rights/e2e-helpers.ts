import { expect } from "vitest";
import { createI18n, type Lang } from "../../../src/bot/i18n.js";
import { loadRightsContent } from "../../../src/country/country.content.js";
import { formatMessageText } from "../../support/fake-bot-api/formatted-text.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";

/** The real texts and content, to compute what a person should see. */
export const i18n = createI18n();
export const content = loadRightsContent({ i18n });

export function tr(lang: Lang) {
  return i18n.fixedT(lang);
}

export function speaker(lang: Lang) {
  return { t: i18n.fixedT(lang), lang };
}

/** What a person sees of some HTML once Telegram has parsed it. */
export function seen(html: string): string {
  return formatMessageText(html, "HTML", undefined, { strictAmpersand: true }).text;
}

/** The bot's message the person is looking at: the latest one (screens replace each other by editing). */
export function screen(chat: SimChat): SeenMessage {
  const message = chat.lastBotMessage();
  if (!message) throw new Error("the bot has not written anything");
  return message;
}

/** Presses a button and returns the screen after the bot has answered the press. */
export async function press(chat: SimChat, label: string): Promise<SeenMessage> {
  await chat.click(label);
  return screen(chat);
}

export function labels(message: SeenMessage): string[] {
  return message.buttons.map((button) => button.text);
}

/** Asserts the screen shows exactly this HTML (after Telegram's parsing). */
export function expectScreen(message: SeenMessage, html: string, where: string): void {
  expect(message.text, where).toBe(seen(html));
}

/** Distinct ids above 2^32 so that a privacy scan has no false positives. */
let nextId = 7_301_234_500;
export function personId(): number {
  nextId += 17;
  return nextId;
}
