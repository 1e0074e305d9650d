import { createConversation } from "@grammyjs/conversations";
import { GrammyError } from "grammy";
import type { BotContext, FlowContext } from "../../bot/context.js";
import { isLang } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { commandOf, type Flow } from "../../bot/ui/flow.js";
import { showScreen } from "../../bot/ui/screen.js";
import { type Audience, audienceFromParts, type SegmentKind } from "../../delivery/audience.js";
import { type DeliveryContent, sendContent } from "../../delivery/delivery.content.js";
import { describeAudience } from "../../delivery/delivery.progress.js";
import { composeFromMessage } from "./broadcast.content.js";
import {
  audienceMenu,
  broadcastCodec,
  confirmKeyboard,
  type SegmentCounts,
  segmentMenu,
} from "./broadcast.keyboards.js";

export const BROADCAST_FLOW = "broadcast";

/** An unfinished /broadcast ends by itself after this long without an answer. */
const WAIT_LIMIT_MS = 30 * 60_000;

/** `/cancel` or the Cancel button. */
function isCancel(ctx: FlowContext): boolean {
  return commandOf(ctx) === "cancel" || broadcastCodec.decode(ctx.callbackQuery?.data)?.[0] === "no";
}

type Step<T> = { ok: true; value: T; ctx: FlowContext } | { ok: false; ctx: FlowContext };

/**
 * Waits for a button of this flow. Other buttons (the menu, a progress message's Stop) are left to
 * the rest of the bot; typed messages get a hint. `/cancel` or Cancel ends the flow.
 */
async function waitForButton(conversation: Flow, hintKey: string): Promise<Step<string[]>> {
  for (;;) {
    const ctx = await conversation.wait();
    if (isCancel(ctx)) return { ok: false, ctx };
    const parts = broadcastCodec.decode(ctx.callbackQuery?.data);
    if (parts) {
      // Answer at once: the screen that follows may wait for Telegram's per-chat limit.
      if (parts[0] !== "send") await ctx.answerCallbackQuery();
      return { ok: true, value: parts, ctx };
    }
    if (ctx.callbackQuery) await conversation.skip({ next: true });
    if (ctx.message) await ctx.reply(ctx.t(hintKey));
  }
}

/** Step 1: the message to broadcast, checked so Telegram will accept it. */
async function composeStep(conversation: Flow): Promise<Step<DeliveryContent>> {
  for (;;) {
    const ctx = await conversation.wait();
    if (isCancel(ctx)) return { ok: false, ctx };
    if (ctx.callbackQuery) await conversation.skip({ next: true });
    const message = ctx.message;
    if (!message) continue;
    if (commandOf(ctx) !== undefined) {
      await ctx.reply(ctx.t("broadcast:compose.commandHint"));
      continue;
    }
    const result = composeFromMessage(message);
    if (result.ok) return { ok: true, value: result.content, ctx };
    await ctx.reply(ctx.t(`broadcast:${result.problem.key}`, result.problem.values ?? {}));
  }
}

/**
 * The operator's /broadcast: compose (text, photo, video, or any message to copy) → audience
 * (everyone, a language, a country, a topic; with counts) → a preview exactly as recipients get
 * it, Unsubscribe button included → Send or Cancel. Sending queues a durable job with
 * `app.delivery`, which then shows the operator progress and the report.
 */
export function createBroadcastConversation(app: AppServices) {
  const { subscribers } = app;

  const segmentCounts = (kind: SegmentKind): SegmentCounts => {
    const stats = subscribers.stats();
    if (kind === "lang") return stats.byLang;
    if (kind === "country") return stats.byCountry;
    return stats.byTopic;
  };

  async function broadcast(conversation: Flow, start: FlowContext): Promise<void> {
    const operator = start.from?.id;
    const chatId = start.chat?.id;
    if (operator === undefined || chatId === undefined) return;
    await start.reply(start.t("broadcast:compose.prompt"));

    for (;;) {
      const composed = await composeStep(conversation);
      if (!composed.ok) return void (await cancelled(composed.ctx));
      const content = composed.value;

      // Step 2: the audience.
      let ctx = composed.ctx;
      const total = await conversation.external(() => subscribers.count({ kind: "all" }));
      await ctx.reply(ctx.t("broadcast:audience.prompt"), { reply_markup: audienceMenu(ctx.t, total) });
      let audience: Audience | undefined;
      while (!audience) {
        const choice = await waitForButton(conversation, "broadcast:audience.hint");
        if (!choice.ok) return void (await cancelled(choice.ctx));
        ctx = choice.ctx;
        const [action, kind, value] = choice.value;
        if (action === "a" && (kind === "lang" || kind === "country" || kind === "topic") && value === undefined) {
          const counts = await conversation.external(() => segmentCounts(kind));
          await showScreen(ctx, ctx.t("broadcast:audience.prompt"), {
            keyboard: segmentMenu(ctx.t, app.i18n, subscribers, kind, counts),
          });
          continue;
        }
        if (action === "a") audience = audienceFromParts(kind, value);
        if (!audience) {
          const all = await conversation.external(() => subscribers.count({ kind: "all" }));
          await showScreen(ctx, ctx.t("broadcast:audience.prompt"), { keyboard: audienceMenu(ctx.t, all) });
        }
      }
      const chosen = audience;
      const size = await conversation.external(() => subscribers.count(chosen));
      const described = describeAudience(ctx.t, app.i18n, subscribers, chosen);
      if (size === 0) {
        await showScreen(ctx, ctx.t("broadcast:audience.empty", { audience: described }));
        await ctx.reply(ctx.t("broadcast:compose.again"));
        continue;
      }

      // Step 3: the preview, exactly as recipients will see it.
      await showScreen(ctx, ctx.t("broadcast:audience.chosen", { audience: described }));
      const previewLang = chosen.kind === "lang" && isLang(chosen.value) ? chosen.value : ctx.lang;
      try {
        await sendContent(ctx.api, chatId, content, subscribers.unsubscribeMarkup(previewLang));
      } catch (error) {
        if (!(error instanceof GrammyError)) throw error;
        await ctx.reply(ctx.t("broadcast:preview.refused", { reason: error.description }));
        await ctx.reply(ctx.t("broadcast:compose.again"));
        continue;
      }
      await ctx.reply(ctx.t("broadcast:preview.ask", { audience: described, n: size }), {
        reply_markup: confirmKeyboard(ctx.t, size),
      });
      for (;;) {
        const answer = await waitForButton(conversation, "broadcast:preview.hint");
        if (!answer.ok) return void (await cancelled(answer.ctx));
        if (answer.value[0] !== "send") continue;
        const confirmed = answer.ctx;
        await confirmed.answerCallbackQuery({ text: confirmed.t("broadcast:confirm.toast") });
        const queued = await conversation.external(async () => {
          // Checked again at the moment it counts: only operators can queue a broadcast.
          if (!app.isAdmin(operator)) return undefined;
          return app.delivery.enqueue({
            content,
            audience: chosen,
            requester: { chatId, lang: isLang(confirmed.lang) ? confirmed.lang : "en" },
          });
        });
        if (!queued) return;
        await showScreen(confirmed, confirmed.t("broadcast:confirm.queued", { id: queued.jobId, n: queued.total }));
        return;
      }
    }
  }

  async function cancelled(ctx: FlowContext): Promise<void> {
    if (ctx.callbackQuery) await showScreen(ctx, ctx.t("broadcast:cancelled"));
    else await ctx.reply(ctx.t("broadcast:cancelled"));
  }

  return createConversation<BotContext, FlowContext>(broadcast, {
    id: BROADCAST_FLOW,
    maxMillisecondsToWait: WAIT_LIMIT_MS,
  });
}
