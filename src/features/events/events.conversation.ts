import { createConversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Middleware } from "grammy";
import type { BotContext, FlowContext } from "../../bot/context.js";
import type { AppServices } from "../../bot/services.js";
import { commandOf, FLOW_TIMEOUT_MS, type Flow } from "../../bot/ui/flow.js";
import { utcDay } from "../../db/counters.repo.js";
import { isCalendarDay } from "./events.content.js";
import { eventsCodec, keyFromData, keyToData } from "./events.keyboards.js";
import { type EventEntry, type EventKind, eventTitle, type Preset, parseRemindDays } from "./events.model.js";
import { eventDates, renderEvent } from "./events.render.js";
import type { EventChange, EventsRepo, NewEvent } from "./events.repo.js";
import type { EventsCatalog } from "./events.service.js";

export const EVENTS_FLOW = "events-operator";
export type OperatorAction = "add" | "edit" | "cancel";

const TITLE_MAX = 120;
const DESCRIPTION_MAX = 400;
const CITY_MAX = 60;
const LINK_MAX = 300;
const DEFAULT_REMIND = [7, 1] as const;

type Button = { label: string; data: string };
type Parsed<T> = { value: T } | { problem: string };

/** "2027-03-16" or "16.03.2027" → "2027-03-16", if it is a real date. */
export function parseDay(text: string): string | undefined {
  const trimmed = text.trim();
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  const iso = dotted ? `${dotted[3]}-${dotted[2]?.padStart(2, "0")}-${dotted[1]?.padStart(2, "0")}` : trimmed;
  return isCalendarDay(iso) ? iso : undefined;
}

/** Plain text an operator typed: trimmed, not empty, not too long, no HTML. */
function plain(text: string | undefined, max: number, t: FlowContext["t"]): Parsed<string> | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (!value) return { problem: t("events:flow.empty") };
  if (value.length > max) return { problem: t("events:flow.tooLong", { max }) };
  if (/[<>]/.test(value)) return { problem: t("events:flow.noHtml") };
  return { value };
}

function parseLink(text: string, t: FlowContext["t"]): Parsed<string> {
  const value = text.trim();
  try {
    const url = new URL(value);
    if (url.protocol === "https:" && value.length <= LINK_MAX && url.hostname.includes(".")) return { value: url.href };
  } catch {
    // falls through to the problem below
  }
  return { problem: t("events:flow.badLink") };
}

/**
 * The operators' guided flow for events: add (a known kind whose texts are translated, or their
 * own title and line), edit (dates, place, link, reminders, texts) and cancel. Every step takes
 * /cancel or the Cancel button; a wrong answer is explained and asked again.
 */
export function createEventsConversation(
  app: AppServices,
  deps: {
    repo: EventsRepo;
    catalog: EventsCatalog;
    onCancelled: (event: EventEntry) => Promise<unknown>;
    /** After an event was added or changed: a reminder may be due at once (an event a few days away). */
    onChanged: () => Promise<unknown>;
  },
): Middleware<BotContext> {
  return createConversation<BotContext, FlowContext>(
    async (conversation: Flow, ctx: FlowContext, action: OperatorAction = "add") => {
      const t = ctx.t;
      const today = await conversation.external(() => utcDay(app.clock()));

      /** Asks, and waits for an answer this step accepts (a button of its message, or typed text). */
      async function ask<T>(
        prompt: string,
        buttons: Button[],
        parse: (input: { data?: string; text?: string }) => Parsed<T> | undefined,
      ): Promise<{ ctx: FlowContext; value: T }> {
        const keyboard = new InlineKeyboard();
        for (const button of buttons) keyboard.text(button.label, button.data).row();
        keyboard.text(t("events:flow.cancel"), eventsCodec.encode("x"));
        const question = await ctx.reply(prompt, { parse_mode: "HTML", reply_markup: keyboard });
        for (;;) {
          const answer = await conversation.wait();
          const command = commandOf(answer);
          const data = answer.callbackQuery?.data;
          const onQuestion = answer.callbackQuery?.message?.message_id === question.message_id;
          if (command === "cancel" || (onQuestion && data === eventsCodec.encode("x"))) {
            if (answer.callbackQuery) await answer.answerCallbackQuery();
            await answer.reply(t("events:flow.cancelled"));
            return conversation.halt();
          }
          if (command !== undefined || (answer.callbackQuery && !onQuestion)) return conversation.halt({ next: true });
          const parsed = onQuestion
            ? parse({ data: eventsCodec.decode(data)?.join(":") })
            : answer.message?.text !== undefined
              ? parse({ text: answer.message.text })
              : undefined;
          if (answer.callbackQuery) await answer.answerCallbackQuery();
          if (parsed && "value" in parsed) {
            if (onQuestion) await answer.editMessageReplyMarkup().catch(() => undefined);
            return { ctx: answer, value: parsed.value };
          }
          await answer.reply(parsed?.problem ?? t("events:flow.useButtonsOrType"));
        }
      }

      const askDay = (prompt: string, notBefore: string, extra: Button[] = [], fallback?: string) =>
        ask<string>(prompt, extra, ({ data, text }) => {
          if (data === "d" && fallback) return { value: fallback };
          if (text === undefined) return undefined;
          const day = parseDay(text);
          if (!day) return { problem: t("events:flow.badDate") };
          if (day < notBefore) return { problem: t("events:flow.tooEarly") };
          return { value: day };
        });

      const askDates = async (): Promise<{ start: string; end: string }> => {
        const start = (await askDay(t("events:flow.start"), today)).value;
        const end = (
          await askDay(
            t("events:flow.end"),
            start,
            [{ label: t("events:flow.sameDay"), data: eventsCodec.encode("d") }],
            start,
          )
        ).value;
        return { start, end };
      };
      const askCity = async () =>
        (
          await ask<string | null>(
            t("events:flow.city"),
            [{ label: t("events:online"), data: eventsCodec.encode("d") }],
            ({ data, text }) => (data === "d" ? { value: null } : plain(text, CITY_MAX, t)),
          )
        ).value;
      const askLink = async () =>
        (
          await ask<string | null>(
            t("events:flow.link"),
            [{ label: t("events:flow.noLink"), data: eventsCodec.encode("d") }],
            ({ data, text }) => (data === "d" ? { value: null } : text === undefined ? undefined : parseLink(text, t)),
          )
        ).value;
      const askRemind = async () =>
        (
          await ask<number[]>(
            t("events:flow.remind"),
            [{ label: t("events:flow.remindDefault"), data: eventsCodec.encode("d") }],
            ({ data, text }) => {
              if (data === "d") return { value: [...DEFAULT_REMIND] };
              if (text === undefined) return undefined;
              const days = parseRemindDays(text);
              return days ? { value: days } : { problem: t("events:flow.badRemind") };
            },
          )
        ).value;
      const askTexts = async () => {
        const title = (await ask(t("events:flow.title"), [], ({ text }) => plain(text, TITLE_MAX, t))).value;
        const description = (await ask(t("events:flow.description"), [], ({ text }) => plain(text, DESCRIPTION_MAX, t)))
          .value;
        return { title, description };
      };
      const preview = (event: EventEntry) =>
        `${renderEvent({ t, lang: ctx.lang }, event)}\n\n${t("events:flow.reminders", { days: event.remindDays.join(", ") || "—" })}`;

      const chooseEvent = async (prompt: string, editable: (event: EventEntry) => boolean) => {
        const events = await conversation.external(() => deps.catalog.upcoming(today).filter(editable));
        if (events.length === 0) {
          await ctx.reply(t("events:flow.noneToChoose"));
          return conversation.halt();
        }
        return (
          await ask<EventEntry>(
            prompt,
            events.map((event) => ({
              label: `${eventTitle(t, ctx.lang, event)} · ${eventDates(ctx.lang, event)}`.slice(0, 64),
              data: eventsCodec.encode("e", keyToData(event.key)),
            })),
            ({ data }) => {
              const key = keyFromData(data?.split(":")[1]);
              const event = events.find((candidate) => candidate.key === key);
              return event ? { value: event } : undefined;
            },
          )
        ).value;
      };

      if (action === "cancel") {
        const event = await chooseEvent(t("events:flow.chooseCancel"), () => true);
        await ask(
          `${preview(event)}\n\n${t("events:flow.confirmCancel")}`,
          [{ label: t("events:flow.yesCancel"), data: eventsCodec.encode("ok") }],
          ({ data }) => (data === "ok" ? { value: true } : undefined),
        );
        const cancelled = await conversation.external(() => deps.repo.cancel(event.key));
        if (cancelled) await conversation.external(() => deps.onCancelled({ ...event, cancelled: true }));
        await ctx.reply(t(cancelled ? "events:flow.cancelledEvent" : "events:flow.alreadyCancelled"));
        return;
      }

      if (action === "edit") {
        const event = await chooseEvent(t("events:flow.chooseEdit"), () => true);
        const fields =
          event.origin === "content"
            ? ["remind"]
            : ["dates", "city", "link", "remind", ...(event.preset ? [] : ["texts"])];
        const field = (
          await ask<string>(
            `${preview(event)}\n\n${t(event.origin === "content" ? "events:flow.contentOnlyRemind" : "events:flow.chooseField")}`,
            fields.map((name) => ({ label: t(`events:flow.fields.${name}`), data: eventsCodec.encode("f", name) })),
            ({ data }) => {
              const name = data?.split(":")[1];
              return name && fields.includes(name) ? { value: name } : undefined;
            },
          )
        ).value;
        let change: EventChange = {};
        if (field === "dates") change = await askDates();
        if (field === "city") change = { city: await askCity() };
        if (field === "link") change = { link: await askLink() };
        if (field === "remind") change = { remindDays: await askRemind() };
        if (field === "texts") change = await askTexts();
        await conversation.external(() => {
          if (event.origin === "content")
            deps.repo.setContentReminders(event.key, change.remindDays ?? event.remindDays);
          else deps.repo.edit(event.key, change);
        });
        await conversation.external(() => deps.onChanged());
        const updated = await conversation.external(() => deps.catalog.find(event.key, today));
        await ctx.reply(`${t("events:flow.saved")}\n\n${updated ? preview(updated) : ""}`, { parse_mode: "HTML" });
        return;
      }

      // ── Adding an event ──
      const choices: Array<{ id: string; preset: Preset | null; kind: EventKind }> = [
        { id: "cnd", preset: "cnd", kind: "international" },
        { id: "hr", preset: "hr", kind: "international" },
        { id: "sdp", preset: "sdp", kind: "local" },
        { id: "oi", preset: null, kind: "international" },
        { id: "ol", preset: null, kind: "local" },
      ];
      const choice = (
        await ask(
          t("events:flow.kind"),
          choices.map((item) => ({ label: t(`events:flow.kinds.${item.id}`), data: eventsCodec.encode("k", item.id) })),
          ({ data }) => {
            const found = choices.find((item) => data === `k:${item.id}`);
            return found ? { value: found } : undefined;
          },
        )
      ).value;
      const texts = choice.preset ? { title: null, description: null } : await askTexts();
      const dates = await askDates();
      const draft: NewEvent = {
        kind: choice.kind,
        preset: choice.preset,
        ...texts,
        ...dates,
        city: await askCity(),
        link: await askLink(),
        remindDays: await askRemind(),
      };
      const shown: EventEntry = { ...draft, key: "o:0", origin: "operator", cancelled: false };
      await ask(
        `${preview(shown)}\n\n${t("events:flow.confirmAdd")}`,
        [{ label: t("events:flow.save"), data: eventsCodec.encode("ok") }],
        ({ data }) => (data === "ok" ? { value: true } : undefined),
      );
      await conversation.external(() => deps.repo.add(draft));
      await ctx.reply(t("events:flow.added"));
      await conversation.external(() => deps.onChanged());
    },
    { id: EVENTS_FLOW, maxMillisecondsToWait: FLOW_TIMEOUT_MS },
  );
}
