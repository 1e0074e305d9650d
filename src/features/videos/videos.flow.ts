import type { FlowContext } from "../../bot/context.js";
import { commandOf, type Flow } from "../../bot/ui/flow.js";

export interface WaitOptions {
  /**
   * A video sent while the flow waits: return true to keep it for later (the flow goes on
   * waiting); without this option a video leaves the flow like any other new request.
   */
  onVideo?: (ctx: FlowContext) => Promise<boolean>;
  /** Says what `/cancel` left undone; "Cancelled. Nothing was changed." by default. */
  onCancel?: (ctx: FlowContext) => Promise<unknown>;
}

/**
 * Waits for an update the flow accepts. `/cancel` ends the flow with a note. Anything that is
 * clearly meant for something else — another command, a button of another message, a new video —
 * leaves the flow and is handled as if no flow had been running. Anything else (stray text,
 * a sticker) gets `remind` and the flow keeps waiting.
 */
export async function waitForAnswer<T>(
  conversation: Flow,
  accept: (ctx: FlowContext) => T | undefined,
  remind: (ctx: FlowContext) => Promise<unknown>,
  options: WaitOptions = {},
): Promise<{ value: T; ctx: FlowContext }> {
  for (;;) {
    const ctx = await conversation.wait();
    const command = commandOf(ctx);
    if (command === "cancel") {
      await (options.onCancel ?? ((c: FlowContext) => c.reply(c.t("videos:flow.cancelled"))))(ctx);
      return conversation.halt();
    }
    const value = accept(ctx);
    if (value !== undefined) return { value, ctx };
    if (ctx.message?.video && options.onVideo && (await options.onVideo(ctx))) continue;
    if (ctx.callbackQuery || command !== undefined || ctx.message?.video || ctx.message?.document) {
      return conversation.halt({ next: true });
    }
    await remind(ctx);
  }
}

/** The parts of a button press of `codec` on the given message, else undefined. */
export function pressOn(
  ctx: FlowContext,
  messageId: number,
  decode: (data: string | undefined) => string[] | undefined,
): string[] | undefined {
  if (ctx.callbackQuery?.message?.message_id !== messageId) return undefined;
  return decode(ctx.callbackQuery.data);
}
