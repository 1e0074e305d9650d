import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { AppServices } from "../../bot/services.js";
import { sendHtml, showScreen } from "../../bot/ui/screen.js";
import { utcDay } from "../../db/counters.repo.js";
import { DEFAULT_EVENTS_PATH, loadEvents } from "./events.content.js";
import { createEventsConversation, EVENTS_FLOW, type OperatorAction } from "./events.conversation.js";
import { eventsCodec } from "./events.keyboards.js";
import { createReminders } from "./events.reminders.js";
import { renderEventList } from "./events.render.js";
import type { EventsRepo } from "./events.repo.js";
import { createEventsCatalog, LIST_MAX } from "./events.service.js";

export interface EventsFeatureOptions {
  /** The events content file (tests use fixtures). */
  contentPath?: string;
}

/** How often due reminders are looked for (they are due by the day; a restart looks at once). */
const REMINDER_CHECK_MS = 60 * 60 * 1000;

const ACTIONS: readonly OperatorAction[] = ["add", "edit", "cancel"];

/**
 * Events (/events, in private chats and groups): upcoming international meetings and local
 * actions in the reader's language, from the content file and from operators, who add, edit and
 * cancel them from Telegram. Subscribers of the «Events» topic are reminded before each.
 */
export function createEventsFeature(app: AppServices, repo: EventsRepo, options: EventsFeatureOptions = {}): Feature {
  // Checked at start-up: a bad date or a missing translation stops the bot with the file and field.
  const content = loadEvents(options.contentPath ?? DEFAULT_EVENTS_PATH);
  const catalog = createEventsCatalog(content, repo);
  const composer = new Composer<BotContext>();
  const today = () => utcDay(app.clock());

  async function showEvents(ctx: BotContext, place: "new" | "replace"): Promise<void> {
    const events = catalog.upcoming(today()).slice(0, LIST_MAX);
    const text = renderEventList(ctx, events);
    const keyboard = new InlineKeyboard().url(
      ctx.t("events:list.subscribe"),
      `https://t.me/${ctx.me.username}?start=subscribe`,
    );
    if (ctx.chat?.type === "private" && app.isAdmin(ctx.from?.id)) {
      keyboard.row();
      for (const action of ACTIONS) keyboard.text(ctx.t(`events:operator.${action}`), eventsCodec.encode("o", action));
    }
    if (place === "new") await sendHtml(ctx, text, { keyboard, linkPreview: false });
    else await showScreen(ctx, text, { keyboard });
  }

  composer.command("events", (ctx) => showEvents(ctx, "new"));
  composer.callbackQuery(eventsCodec.encode(), (ctx) => showEvents(ctx, "replace"));

  const operators = composer.chatType("private").filter((ctx) => app.isAdmin(ctx.from?.id));
  operators.callbackQuery(eventsCodec.pattern, async (ctx) => {
    const [kind, action] = eventsCodec.decode(ctx.callbackQuery.data) ?? [];
    if (kind !== "o" || !ACTIONS.includes(action as OperatorAction)) {
      // A button of a flow that has ended.
      await ctx.answerCallbackQuery({ text: ctx.t("events:flow.stale") });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(EVENTS_FLOW, action);
  });

  const reminders = createReminders(app, { repo, catalog, delivery: app.delivery });
  const logger = app.logger.child({ feature: "events" });
  let timer: NodeJS.Timeout | undefined;
  const check = () =>
    reminders.runPending().catch((error: unknown) => {
      logger.error({ err: error }, "events: reminder check failed");
      return 0;
    });

  return {
    name: "events",
    composer,
    commands: [{ command: "events", description: "events:commands.events", scope: "all" }],
    menu: [{ label: "events:menu", data: eventsCodec.encode(), order: 50 }],
    deepLinks: [{ route: "events", open: (ctx) => showEvents(ctx, "new") }],
    conversations: [
      createEventsConversation(app, { repo, catalog, onCancelled: reminders.cancelled, onChanged: check }),
    ],
    start() {
      void check();
      timer = setInterval(() => void check(), REMINDER_CHECK_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await reminders.idle();
    },
    runPending: check,
  };
}
