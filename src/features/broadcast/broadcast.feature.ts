import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { LANGUAGES } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { sendHtml } from "../../bot/ui/screen.js";
import { createSubscriptionsRepo } from "../subscriptions/subscriptions.repo.js";
import { countryName } from "../subscriptions/subscriptions.topics.js";
import { BROADCAST_FLOW, createBroadcastConversation } from "./broadcast.conversation.js";
import { broadcastCodec } from "./broadcast.keyboards.js";
import { createBroadcastRepo } from "./broadcast.repo.js";
import { BroadcastWorker, type WorkerOptions } from "./broadcast.worker.js";

/**
 * Operator broadcasts: /broadcast (a conversation: compose, audience, preview, confirm), a Stop
 * button under each progress message, and the delivery worker started and stopped with the bot.
 * For anyone not in ADMIN_IDS none of it exists: their /broadcast and any `bc:` data they forge
 * fall through to the ordinary answer for unknown input.
 */
export function createBroadcastFeature(app: AppServices, options: Partial<WorkerOptions> = {}): Feature {
  const worker = new BroadcastWorker(app, { rate: app.config.broadcastRate, ...options });
  const queue = createBroadcastRepo(app.db);
  const subscriptions = createSubscriptionsRepo(app.db, app.privacy);
  const composer = new Composer<BotContext>();
  const operators = composer.chatType("private").filter((ctx) => app.isAdmin(ctx.from?.id));

  operators.command("broadcast", async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(BROADCAST_FLOW);
  });
  operators.callbackQuery(broadcastCodec.pattern, async (ctx) => {
    const [action, id] = broadcastCodec.decode(ctx.callbackQuery.data) ?? [];
    if (action !== "x" || !id || !/^\d+$/.test(id)) {
      // A button of a /broadcast flow that has ended.
      await ctx.answerCallbackQuery({ text: ctx.t("broadcast:stale") });
      return;
    }
    const stopped = worker.cancel(Number(id));
    await ctx.answerCallbackQuery({ text: ctx.t(stopped ? "broadcast:stopping" : "broadcast:alreadyEnded") });
    if (!stopped) await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  });

  // Operators only: subscriber counts, numbers only. Anyone else falls through to the ordinary answer.
  operators.command("stats", async (ctx) => {
    const stats = subscriptions.stats();
    const line = (label: string, count: number) => `${escapeHtml(label)}: ${count}`;
    const byLang = LANGUAGES.map((lang) =>
      line(app.i18n.fixedT(lang)("common:languageName"), stats.byLang.find((row) => row.key === lang)?.count ?? 0),
    );
    const text = ctx.t("broadcast:stats.text", {
      total: stats.total,
      languages: byLang.join("\n"),
      countries: stats.byCountry.map((row) => line(countryName(ctx.t, row.key), row.count)).join("\n") || "—",
      topics: stats.byTopic.map((row) => line(ctx.t(`subscriptions:topics.${row.key}`), row.count)).join("\n"),
      broadcasts: queue.activeCount(),
    });
    await sendHtml(ctx, text, { protect: true });
  });

  return {
    name: "broadcast",
    composer,
    commands: [
      { command: "broadcast", description: "broadcast:commands.broadcast", scope: "operator" },
      { command: "stats", description: "broadcast:commands.stats", scope: "operator" },
    ],
    /** A person's place in any queue; and an operator's chat, no longer told about progress. */
    erase(owner) {
      queue.eraseOwner(owner);
      queue.forgetOperator((sealed) => {
        try {
          return app.privacy.hashId(app.privacy.decrypt(sealed, "broadcast")) === owner;
        } catch {
          return false;
        }
      });
    },
    conversations: [createBroadcastConversation(app, worker)],
    start: (api) => worker.start(api),
    stop: () => worker.stop(),
  };
}
