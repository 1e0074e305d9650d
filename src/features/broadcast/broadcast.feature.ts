import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { AppServices } from "../../bot/services.js";
import { BROADCAST_FLOW, createBroadcastConversation } from "./broadcast.conversation.js";
import { broadcastCodec } from "./broadcast.keyboards.js";
import { BroadcastWorker, type WorkerOptions } from "./broadcast.worker.js";

/**
 * Operator broadcasts: /broadcast (a conversation: compose, audience, preview, confirm), a Stop
 * button under each progress message, and the delivery worker started and stopped with the bot.
 * For anyone not in ADMIN_IDS none of it exists: their /broadcast and any `bc:` data they forge
 * fall through to the ordinary answer for unknown input.
 */
export function createBroadcastFeature(app: AppServices, options: Partial<WorkerOptions> = {}): Feature {
  const worker = new BroadcastWorker(app, { rate: app.config.broadcastRate, ...options });
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

  return {
    name: "broadcast",
    composer,
    commands: [{ command: "broadcast", description: "broadcast:commands.broadcast", scope: "operator" }],
    conversations: [createBroadcastConversation(app, worker)],
    start: (api) => worker.start(api),
    stop: () => worker.stop(),
  };
}
