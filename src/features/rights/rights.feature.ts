import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { StartPayload } from "../../bot/ui/deep-link.js";
import { enterFlow } from "../../bot/ui/flow.js";
import { type CountryChoice, isCountryChoice, isTopic, type RightsContent } from "../../country/country.content.js";
import { openWithCountry } from "../../country/open-with-country.js";
import { relativesCodec, rightsCodec, sosCodec } from "../../country/rights.keyboards.js";
import {
  knownCountry,
  showArticle,
  showRelativesResult,
  showSituationQuestion,
  showSosCard,
  showTopics,
} from "../../country/rights.screens.js";
import {
  createRelativesConversation,
  decodeRelativesCountry,
  decodeSituation,
  RELATIVES_FLOW,
} from "./relatives.conversation.js";

function countryFromLink(payload: StartPayload): CountryChoice | undefined {
  return isCountryChoice(payload.arg) ? payload.arg : undefined;
}

/**
 * Know your rights (/rights), the detained card (/sos) and the relatives' path (/relatives).
 * Every screen carries its country in its buttons, so old messages keep working and a flow that
 * timed out leaves nothing broken; the session only remembers the person's own country. The
 * country question is not this feature's: it is src/country's (country.feature.ts), installed
 * before it.
 */
export function createRightsFeature(content: RightsContent): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("rights", (ctx) => openWithCountry(ctx, content, "r"));
  privateChat.command("sos", (ctx) => openWithCountry(ctx, content, "s"));
  privateChat.command("relatives", (ctx) => enterFlow(ctx, RELATIVES_FLOW));

  privateChat.callbackQuery(rightsCodec.pattern, async (ctx) => {
    const [action, first, second, third] = rightsCodec.decode(ctx.callbackQuery.data) ?? [];
    if (action === "t" && isCountryChoice(first)) return showTopics(ctx, content, first);
    if (action === "a" && isCountryChoice(first) && isTopic(second)) {
      return showArticle(ctx, content, first, second, Number.parseInt(third ?? "0", 10) || 0);
    }
    return openWithCountry(ctx, content, "r");
  });

  privateChat.callbackQuery(sosCodec.pattern, (ctx) => {
    const [country] = sosCodec.decode(ctx.callbackQuery.data) ?? [];
    if (isCountryChoice(country)) return showSosCard(ctx, content, country);
    return openWithCountry(ctx, content, "s");
  });

  privateChat.callbackQuery(relativesCodec.pattern, async (ctx) => {
    const data = ctx.callbackQuery.data;
    const country = decodeRelativesCountry(data);
    if (country) {
      if (!knownCountry(ctx.session.country)) ctx.session.country = country;
      return showSituationQuestion(ctx, country);
    }
    const answer = decodeSituation(data);
    if (answer) return showRelativesResult(ctx, content, answer.country, answer.situation);
    return enterFlow(ctx, RELATIVES_FLOW);
  });

  return {
    name: "rights",
    composer,
    commands: [
      { command: "sos", description: "rights:commands.sos", scope: "private", groupHint: "rights:group" },
      { command: "rights", description: "rights:commands.rights", scope: "private", groupHint: "rights:group" },
      { command: "relatives", description: "rights:commands.relatives", scope: "private", groupHint: "rights:group" },
    ],
    menu: [
      { label: "rights:menu.sos", data: sosCodec.encode(), order: 15 },
      { label: "rights:menu.rights", data: rightsCodec.encode(), order: 20 },
      { label: "rights:menu.relatives", data: relativesCodec.encode(), order: 40 },
    ],
    deepLinks: [
      { route: "rights", open: (ctx, payload) => openWithCountry(ctx, content, "r", countryFromLink(payload)) },
      { route: "sos", open: (ctx, payload) => openWithCountry(ctx, content, "s", countryFromLink(payload)) },
      { route: "relatives", open: (ctx) => enterFlow(ctx, RELATIVES_FLOW) },
    ],
    conversations: [createRelativesConversation(content)],
  };
}
