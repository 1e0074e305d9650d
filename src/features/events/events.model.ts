import type { Lang, Translate } from "../../bot/i18n.js";

/** Every language the campaign speaks; content events carry their texts in all of them. */
export const EVENT_LANGUAGES = ["ru", "ka", "uk", "en", "kk", "ky", "ro", "hy", "az", "uz", "tg", "be"] as const;

export const EVENT_KINDS = ["international", "local"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Operator events of a known kind take their title and description from the locale files, in every language. */
export const PRESETS = ["cnd", "hr", "sdp"] as const;
export type Preset = (typeof PRESETS)[number];

/** A text in every language (content), or one text typed by an operator, shown as typed. */
export type EventText = Readonly<Record<string, string>> | string;

/** An event as /events shows it and reminders announce it. */
export interface EventEntry {
  /** `c:<id>` for the content file, `o:<number>` for operator events. */
  readonly key: string;
  readonly origin: "content" | "operator";
  readonly kind: EventKind;
  readonly preset: Preset | null;
  /** First and last day, `YYYY-MM-DD` (calendar days of the event's place). */
  readonly start: string;
  readonly end: string;
  readonly title: EventText | null;
  readonly description: EventText | null;
  /** null: online. */
  readonly city: EventText | null;
  readonly link: string | null;
  /** Days before the start when subscribers of the «Events» topic are reminded, e.g. [7, 1]. */
  readonly remindDays: readonly number[];
  readonly cancelled: boolean;
}

export const REMIND_MAX_DAYS = 60;

function pick(text: EventText, lang: Lang): string {
  if (typeof text === "string") return text;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? "";
}

/** An event's title in a language (plain text). */
export function eventTitle(t: Translate, lang: Lang, event: EventEntry): string {
  if (event.preset && !event.title) return t(`events:presets.${event.preset}.title`);
  return event.title ? pick(event.title, lang) : "";
}

export function eventDescription(t: Translate, lang: Lang, event: EventEntry): string {
  if (event.preset && !event.description) return t(`events:presets.${event.preset}.description`);
  return event.description ? pick(event.description, lang) : "";
}

export function eventCity(t: Translate, lang: Lang, event: EventEntry): string {
  return event.city === null ? t("events:online") : pick(event.city, lang);
}

/** Whole days from `today` to `day` (both `YYYY-MM-DD`). */
export function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Reminder days as typed ("7, 1", "3"): whole numbers 1–60, each once, largest first; undefined if not. */
export function parseRemindDays(text: string): number[] | undefined {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 5) return undefined;
  const days = parts.map((part) => (/^\d{1,2}$/.test(part) ? Number(part) : Number.NaN));
  if (days.some((day) => !Number.isInteger(day) || day < 1 || day > REMIND_MAX_DAYS)) return undefined;
  return [...new Set(days)].sort((a, b) => b - a);
}
