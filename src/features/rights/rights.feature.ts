import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { StartPayload } from "../../bot/ui/deep-link.js";
import { type CountryChoice, isCountryChoice, isTopic, type RightsContent } from "../../country/country.content.js";
import { COUNTRY_FLOW, createCountryConversation, decodeCountryChoice } from "../../country/country.conversation.js";
import { enterFlow, openWithCountry } from "../../country/country.entry.js";
import { isPurpose, relativesCodec, rightsCodec, sosCodec } from "../../country/rights.keyboards.js";
import {
  knownCountry,
  showArticle,
  showDestination,
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
 * timed out leaves nothing broken; the session only remembers the person's own country.
 */
export function createRightsFeature(content: RightsContent): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("rights", (ctx) => openWithCountry(ctx, content, "r"));
  privateChat.command("sos", (ctx) => openWithCountry(ctx, content, "s"));
  privateChat.command("relatives", (ctx) => enterFlow(ctx, RELATIVES_FLOW));

  privateChat.callbackQuery(rightsCodec.pattern, async (ctx) => {
    const parts = rightsCodec.decode(ctx.callbackQuery.data) ?? [];
    const [action, first, second, third] = parts;
    const chosen = decodeCountryChoice(ctx.callbackQuery.data);
    if (chosen) {
      ctx.session.country = chosen.country;
      return showDestination(ctx, content, chosen.purpose, chosen.country);
    }
    if (action === "t" && isCountryChoice(first)) return showTopics(ctx, content, first);
    if (action === "a" && isCountryChoice(first) && isTopic(second)) {
      return showArticle(ctx, content, first, second, Number.parseInt(third ?? "0", 10) || 0);
    }
    if (action === "cc" && isPurpose(first)) return enterFlow(ctx, COUNTRY_FLOW, first);
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
    conversations: [createCountryConversation(content), createRelativesConversation(content)],
  };
}
