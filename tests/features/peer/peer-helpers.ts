import { readFileSync } from "node:fs";
import path from "node:path";
import { type StartTestAppOptions, startTestApp, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { formatMessageText } from "../../support/fake-bot-api/formatted-text.js";
import type { ChatView, SimChat, SimGroup, SimUserOptions } from "../../support/fake-bot-api/sim-chat.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";

/** The consultants' supergroup of these tests. */
export const GROUP_ID = -1001987650001;

/** Wednesday 2 December 2026, 10:00 UTC = 14:00 in Tbilisi: the consultants are at work. */
export const WORKING_TIME = Date.UTC(2026, 11, 2, 10, 0);
/** Saturday 5 December 2026, 10:00 UTC: nobody at work (the shipped hours are Mon–Fri). */
export const WEEKEND = Date.UTC(2026, 11, 5, 10, 0);

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

type Json = { [key: string]: string | Json };

/** A locale file as written, to compute what people should see. */
export function locale(lang: string, namespace: string): Json {
  return JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../../locales/${lang}/${namespace}.json`), "utf8"),
  ) as Json;
}

/** A string of a locale file with {{variables}} filled in (as plain text). */
export function text(lang: string, key: string, vars: Record<string, string | number> = {}): string {
  const [namespace, rest] = key.split(":") as [string, string];
  let value: string | Json = locale(lang, namespace);
  for (const part of rest.split(".")) value = (value as Json)[part] as string | Json;
  if (typeof value !== "string") throw new Error(`${lang}/${key} is not a string`);
  return value.replace(/\{\{-?\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
}

/** What a person sees of some HTML after Telegram parsed it. */
export function seen(html: string): string {
  return formatMessageText(html, "HTML", undefined, { strictAmpersand: false }).text;
}

export interface PeerSetup {
  t: TestApp;
  fake: FakeBotApi;
  group: SimGroup;
}

/**
 * The app with a consultants' group: a supergroup (a forum with `topics`) where the bot is an
 * administrator, on a fake clock that starts at `startTime` (the app reads the same clock).
 */
export async function startPeer(
  options: {
    topics?: boolean;
    startTime?: number;
    env?: Record<string, string>;
    app?: StartTestAppOptions["app"];
    botIsAdmin?: boolean;
  } = {},
): Promise<PeerSetup> {
  const fake = await FakeBotApi.start({
    startTime: options.startTime ?? WORKING_TIME,
    rateLimits: { globalPerSecond: 30 },
  });
  const group = fake.groupChat({
    id: GROUP_ID,
    title: "Consultants",
    botIsAdmin: options.botIsAdmin ?? true,
    isForum: options.topics === true,
  });
  const t = await startTestApp({
    fake,
    env: { CONSULTANTS_CHAT_ID: String(GROUP_ID), ...options.env },
    app: { clock: () => fake.now(), floodLimit: 1000, ...options.app },
  });
  return { t, fake, group };
}

/** A person with a Russian Telegram, who has chosen a country (Georgia) in /sos. */
export function person(fake: FakeBotApi, options: Partial<SimUserOptions> & { id: number }): SimChat {
  return fake.privateChat({ first_name: "Tamar", language_code: "ru", ...options });
}

/** /ask → "write my question": the person's conversation waits for its first message. */
export async function startWriting(chat: SimChat, lang = "ru"): Promise<void> {
  chat.send("/ask");
  await chat.nextBotMessage();
  await chat.click(text(lang, "peer:buttons.write"));
}

/** The bot's next message with text in a chat (service messages such as "topic closed" are skipped). */
export async function nextText(chat: ChatView): Promise<SeenMessage> {
  for (;;) {
    const message = await chat.nextBotMessage();
    if (message.text !== undefined) return message;
  }
}
