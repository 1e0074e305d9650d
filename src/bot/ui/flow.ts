import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, FlowContext } from "../context.js";

/** A conversation of this bot, as the plugin sees it: outside context, inside context. */
export type Flow = Conversation<BotContext, FlowContext>;

/** An unanswered question ends quietly after this long; a late update is then handled as usual. */
export const FLOW_TIMEOUT_MS = 15 * 60 * 1000;

/** The command a message starts with (`/cancel`, `/sos@bot` → "sos"), lower-case, if it starts with one. */
export function commandOf(ctx: FlowContext): string | undefined {
  const message = ctx.message;
  const entity = message?.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!message?.text || !entity) return undefined;
  return message.text.slice(1, entity.length).split("@")[0]?.toLowerCase();
}

/** Enters a flow; one left unfinished by another section gives way (the person moved on). */
export async function enterFlow(ctx: BotContext, id: string, ...args: unknown[]): Promise<void> {
  if (Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
  await ctx.conversation.enter(id, ...args);
}
