import { createConversation } from "@grammyjs/conversations";
import type { BotContext, FlowContext } from "../bot/context.js";
import { FLOW_TIMEOUT_MS, type Flow } from "../bot/ui/flow.js";
import { type CountryChoice, isCountryChoice, type RightsContent } from "./country.content.js";
import { isPurpose, type Purpose, rightsCodec } from "./rights.keyboards.js";
import { knownCountry, showCountryQuestion, showDestination } from "./rights.screens.js";
import { waitForButton } from "./wait-for-button.js";

export const COUNTRY_FLOW = "rightsCountry";

/** `rt:set:<purpose>:<country>` → the purpose and the country, or undefined for anything else. */
export function decodeCountryChoice(
  data: string | undefined,
): { purpose: Purpose; country: CountryChoice } | undefined {
  const [action, purpose, country] = rightsCodec.decode(data) ?? [];
  if (action !== "set" || !isPurpose(purpose) || !isCountryChoice(country)) return undefined;
  return { purpose, country };
}

/**
 * Choosing the country: asks with buttons, remembers the choice in the session (through the
 * outside context, so the session middleware saves it with the rest), and goes on to the screen
 * it was asked for — the topics, the detained card or help contacts.
 */
export function createCountryConversation(content: RightsContent) {
  async function rightsCountry(conversation: Flow, ctx: FlowContext, purpose: Purpose): Promise<void> {
    const current = await conversation.external((outer: BotContext) => knownCountry(outer.session.country));
    await showCountryQuestion(ctx, purpose, current);
    const chosen = await waitForButton(conversation, decodeCountryChoice, (again, hint) =>
      showCountryQuestion(again, purpose, current, hint),
    );
    const { country } = chosen.value;
    await conversation.external((outer: BotContext) => {
      outer.session.country = country;
    });
    await showDestination(chosen.ctx, content, chosen.value.purpose, country);
  }
  return createConversation<BotContext, FlowContext>(rightsCountry, {
    id: COUNTRY_FLOW,
    maxMillisecondsToWait: FLOW_TIMEOUT_MS,
  });
}
