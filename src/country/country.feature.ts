import { Composer } from "grammy";
import type { BotContext } from "../bot/context.js";
import type { Feature } from "../bot/feature.js";
import { enterFlow } from "../bot/ui/flow.js";
import type { RightsContent } from "./country.content.js";
import { COUNTRY_FLOW, createCountryConversation, decodeCountryChoice } from "./country.conversation.js";
import { isPurpose, rightsCodec } from "./rights.keyboards.js";
import { showDestination } from "./rights.screens.js";

/**
 * The country question, shared by every section that needs a country — rights, the detained
 * card, contacts (entered with openWithCountry) — so none of them owns it: its conversation, and
 * its buttons pressed after the conversation ended (`rt:set:<purpose>:<country>` remembers the
 * country and opens the screen it was asked for; `rt:cc:<purpose>` asks again). The composition
 * root installs it once, before those sections; any other `rt:` data goes on to the rights feature.
 */
export function createCountryFeature(content: RightsContent): Feature {
  const composer = new Composer<BotContext>();
  composer.chatType("private").callbackQuery(rightsCodec.pattern, async (ctx, next) => {
    const chosen = decodeCountryChoice(ctx.callbackQuery.data);
    if (chosen) {
      ctx.session.country = chosen.country;
      return showDestination(ctx, content, chosen.purpose, chosen.country);
    }
    const [action, purpose] = rightsCodec.decode(ctx.callbackQuery.data) ?? [];
    if (action === "cc" && isPurpose(purpose)) return enterFlow(ctx, COUNTRY_FLOW, purpose);
    return next();
  });
  return { name: "country", composer, conversations: [createCountryConversation(content)] };
}
