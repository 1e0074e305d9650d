import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, FlowContext } from "../../bot/context.js";
import { menuButtonKeyboard } from "./rights.keyboards.js";

/** The conversations of this section, as the plugin sees them: outside context, inside context. */
export type Flow = Conversation<BotContext, FlowContext>;

/** An unanswered question ends quietly after this long; a late button press is then handled as usual. */
export const FLOW_TIMEOUT_MS = 15 * 60 * 1000;

/** The command at the start of a message (`/cancel`, `/sos@bot` → "sos"), if there is one. */
export function commandOf(ctx: FlowContext): string | undefined {
  const message = ctx.message;
  const entity = message?.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!message?.text || !entity) return undefined;
  return message.text.slice(1, entity.length).split("@")[0]?.toLowerCase();
}

/**
 * Waits for one of this step's buttons (`accept` turns its callback data into a value).
 * - Text, stickers, photos… instead of a button: a short hint and the question again; the message
 *   is then skipped, so it never enters the conversation's stored state.
 * - /cancel: a short "cancelled" and the flow ends.
 * - Another command or any other button: the flow ends and the update is handled as usual.
 * Timeouts are the plugin's (`maxMillisecondsToWait`): it ends the flow and passes the update on.
 */
export async function waitForButton<T>(
  conversation: Flow,
  accept: (data: string) => T | undefined,
  askAgain: (ctx: FlowContext, hint: string) => Promise<void>,
): Promise<{ ctx: FlowContext; value: T }> {
  for (;;) {
    const ctx = await conversation.wait();
    const data = ctx.callbackQuery?.data;
    if (data !== undefined) {
      const value = accept(data);
      if (value !== undefined) return { ctx, value };
      return conversation.halt({ next: true });
    }
    const command = commandOf(ctx);
    if (command === "cancel") {
      await ctx.reply(ctx.t("rights:flow.cancelled"), { reply_markup: menuButtonKeyboard(ctx) });
      return conversation.halt();
    }
    if (command !== undefined || !ctx.message) return conversation.halt({ next: true });
    await askAgain(ctx, ctx.t("rights:flow.useButtons"));
    // Dropping the message from the replay log keeps what the person typed out of the stored state.
    await conversation.skip({ next: false });
  }
}
