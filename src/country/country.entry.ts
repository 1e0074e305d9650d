import type { BotContext } from "../bot/context.js";
import type { CountryChoice, RightsContent } from "./country.content.js";
import { COUNTRY_FLOW } from "./country.conversation.js";
import type { Purpose } from "./rights.keyboards.js";
import { knownCountry, showDestination } from "./rights.screens.js";

/** Enters a flow; one left unfinished by another section gives way (the person moved on). */
export async function enterFlow(ctx: BotContext, id: string, ...args: unknown[]): Promise<void> {
  if (Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
  await ctx.conversation.enter(id, ...args);
}

/**
 * The section's entry for a purpose: straight to the screen when the country is known (the
 * detained card in one step), otherwise the country question first.
 */
export async function openWithCountry(
  ctx: BotContext,
  content: RightsContent,
  purpose: Purpose,
  country?: CountryChoice,
): Promise<void> {
  const known = country ?? knownCountry(ctx.session.country);
  if (known) return showDestination(ctx, content, purpose, known);
  await enterFlow(ctx, COUNTRY_FLOW, purpose);
}
