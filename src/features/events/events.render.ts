import type { Lang, Translate } from "../../bot/i18n.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { formatDate } from "../../bot/ui/dates.js";
import { type EventEntry, eventCity, eventDescription, eventTitle } from "./events.model.js";

export interface Speaker {
  readonly t: Translate;
  readonly lang: Lang;
}

/** "26 June 2027", or "16 – 20 March 2027" written as two full dates. */
export function eventDates(lang: Lang, event: Pick<EventEntry, "start" | "end">): string {
  const start = formatDate(lang, event.start);
  return event.start === event.end ? start : `${start} – ${formatDate(lang, event.end)}`;
}

/** A link shown by its site only ("unodc.org"), the full address behind it. */
function linkLine(link: string): string {
  const host = new URL(link).hostname.replace(/^www\./, "");
  return `🔗 <a href="${escapeHtml(link)}">${escapeHtml(host)}</a>`;
}

/** One event as HTML: title, dates and place, its line, the organiser's link. */
export function renderEvent(speaker: Speaker, event: EventEntry): string {
  const { t, lang } = speaker;
  const lines = [
    `<b>${escapeHtml(eventTitle(t, lang, event))}</b>`,
    `📅 ${escapeHtml(eventDates(lang, event))} · 📍 ${escapeHtml(eventCity(t, lang, event))}`,
  ];
  const description = eventDescription(t, lang, event);
  if (description) lines.push(escapeHtml(description));
  if (event.link) lines.push(linkLine(event.link));
  return lines.join("\n");
}

/** The /events screen: upcoming events, soonest first. */
export function renderEventList(speaker: Speaker, events: readonly EventEntry[]): string {
  if (events.length === 0) return `${speaker.t("events:list.title")}\n\n${speaker.t("events:list.none")}`;
  return [
    speaker.t("events:list.title"),
    ...events.map((event) => renderEvent(speaker, event)),
    speaker.t("events:list.remind"),
  ].join("\n\n");
}

/** A reminder as subscribers of the «Events» topic get it: how soon, then the event. */
export function renderReminder(speaker: Speaker, event: EventEntry, days: number): string {
  return `${speaker.t("events:reminder.lead", { count: days })}\n\n${renderEvent(speaker, event)}`;
}

/** The short notice to those who were reminded of an event that was then cancelled. */
export function renderCancelNotice(speaker: Speaker, event: EventEntry): string {
  const { t, lang } = speaker;
  return t("events:reminder.cancelled", {
    title: eventTitle(t, lang, event),
    dates: eventDates(lang, event),
  });
}
