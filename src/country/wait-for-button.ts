import type { FlowContext } from "../bot/context.js";
import { commandOf, type Flow } from "../bot/ui/flow.js";
import { menuButtonKeyboard } from "./rights.keyboards.js";

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
