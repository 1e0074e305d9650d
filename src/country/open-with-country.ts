import type { BotContext } from "../bot/context.js";
import { enterFlow } from "../bot/ui/flow.js";
import type { CountryChoice, RightsContent } from "./country.content.js";
import { COUNTRY_FLOW } from "./country.conversation.js";
import type { Purpose } from "./rights.keyboards.js";
import { knownCountry, showDestination } from "./rights.screens.js";

/**
 * How a section that needs a country opens (rights "r", the detained card "s", contacts "c"):
 * straight to its screen when the country is known (the detained card in one step), otherwise
 * the country question first (the flow of country.feature.ts).
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
