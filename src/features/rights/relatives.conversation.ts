import { createConversation } from "@grammyjs/conversations";
import type { BotContext, FlowContext } from "../../bot/context.js";
import { FLOW_TIMEOUT_MS, type Flow } from "../../bot/ui/flow.js";
import { type CountryChoice, isCountryChoice, type RightsContent } from "../../country/country.content.js";
import { isSituation, relativesCodec, type Situation } from "../../country/rights.keyboards.js";
import {
  knownCountry,
  showRelativesCountry,
  showRelativesResult,
  showSituationQuestion,
} from "../../country/rights.screens.js";
import { waitForButton } from "../../country/wait-for-button.js";

export const RELATIVES_FLOW = "relatives";

/** `rel:c:<country>` → the country. */
export function decodeRelativesCountry(data: string | undefined): CountryChoice | undefined {
  const [action, country] = relativesCodec.decode(data) ?? [];
  return action === "c" && isCountryChoice(country) ? country : undefined;
}

/** `rel:s:<country>:<situation>` → both. */
export function decodeSituation(
  data: string | undefined,
): { country: CountryChoice; situation: Situation } | undefined {
  const [action, country, situation] = relativesCodec.decode(data) ?? [];
  return action === "s" && isCountryChoice(country) && isSituation(situation) ? { country, situation } : undefined;
}

/**
 * The relatives' path: which country their person is in, what happened (detained, needs
 * treatment, overdose, wants to support), then the articles and help written for them. The
 * country becomes the person's own setting only if they had none: a relative may be far away.
 */
export function createRelativesConversation(content: RightsContent) {
  async function relatives(conversation: Flow, ctx: FlowContext): Promise<void> {
    const current = await conversation.external((outer: BotContext) => knownCountry(outer.session.country));
    await showRelativesCountry(ctx, current);
    const place = await waitForButton(conversation, decodeRelativesCountry, (again, hint) =>
      showRelativesCountry(again, current, hint),
    );
    const country = place.value;
    if (current === undefined) {
      await conversation.external((outer: BotContext) => {
        outer.session.country = country;
      });
    }
    await showSituationQuestion(place.ctx, country);
    const answer = await waitForButton(conversation, decodeSituation, (again, hint) =>
      showSituationQuestion(again, country, hint),
    );
    await showRelativesResult(answer.ctx, content, answer.value.country, answer.value.situation);
  }
  return createConversation<BotContext, FlowContext>(relatives, {
    id: RELATIVES_FLOW,
    maxMillisecondsToWait: FLOW_TIMEOUT_MS,
  });
}
