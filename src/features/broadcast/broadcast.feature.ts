import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { LANGUAGES } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { escapeHtml } from "../../bot/telegram/html.js";
import { sendHtml } from "../../bot/ui/screen.js";
import { deliveryStopCodec, stoppedJob } from "../../delivery/delivery.progress.js";
import { BROADCAST_FLOW, createBroadcastConversation } from "./broadcast.conversation.js";
import { broadcastCodec } from "./broadcast.keyboards.js";

/**
 * Operator broadcasts: /broadcast (a conversation: compose, audience, preview, confirm) queued
 * with `app.delivery`, the Stop button under each delivery's progress message, and /stats. For
 * anyone not in ADMIN_IDS none of it exists: their /broadcast and any `bc:` or `dl:` data they
 * forge fall through to the ordinary answer for unknown input.
 */
export function createBroadcastFeature(app: AppServices): Feature {
  const composer = new Composer<BotContext>();
  const operators = composer.chatType("private").filter((ctx) => app.isAdmin(ctx.from?.id));

  operators.command("broadcast", async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(BROADCAST_FLOW);
  });
  // A button of a /broadcast flow that has ended.
  operators.callbackQuery(broadcastCodec.pattern, (ctx) => ctx.answerCallbackQuery({ text: ctx.t("broadcast:stale") }));
  operators.callbackQuery(deliveryStopCodec.pattern, async (ctx) => {
    const jobId = stoppedJob(ctx.callbackQuery.data);
    const stopped = jobId !== undefined && app.delivery.cancel(jobId);
    await ctx.answerCallbackQuery({ text: ctx.t(stopped ? "broadcast:stopping" : "broadcast:alreadyEnded") });
    if (!stopped)
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch((error: unknown) => {
        ctx.log.debug({ err: error }, "broadcast: could not remove the Stop button of an ended delivery");
      });
  });

  // Operators only: subscriber counts, numbers only. Anyone else falls through to the ordinary answer.
  operators.command("stats", async (ctx) => {
    const stats = app.subscribers.stats();
    const line = (label: string, count: number) => `${escapeHtml(label)}: ${count}`;
    const byLang = LANGUAGES.map((lang) =>
      line(app.i18n.fixedT(lang)("common:languageName"), stats.byLang.find((row) => row.key === lang)?.count ?? 0),
    );
    const text = ctx.t("broadcast:stats.text", {
      total: stats.total,
      languages: byLang.join("\n"),
      countries:
        stats.byCountry.map((row) => line(app.subscribers.countryName(ctx.t, row.key), row.count)).join("\n") || "—",
      topics: stats.byTopic.map((row) => line(app.subscribers.topicName(ctx.t, row.key), row.count)).join("\n"),
      broadcasts: app.delivery.activeCount(),
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
    conversations: [createBroadcastConversation(app)],
  };
}
