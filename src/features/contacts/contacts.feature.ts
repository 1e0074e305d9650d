import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { contactsCodec } from "../../country/contacts.keyboards.js";
import { isCategoryChoice } from "../../country/contacts.render.js";
import { showCategories, showCategory, showEntries } from "../../country/contacts.screens.js";
import { isCountryChoice, type RightsContent } from "../../country/country.content.js";
import { openWithCountry } from "../../country/open-with-country.js";

/** A city slug, `_` (all cities) or `0` (country-wide), as contacts.render.ts defines them. */
const CITY = /^(?:[a-z][a-z0-9-]*|_|0)$/;

/**
 * Help contacts (/contacts): country → category → city (where there are several) → entries.
 * Only entries with a source are in the content at all (the loader refuses the rest). Nothing is
 * asked or kept beyond the country, which is shared with the rights section (the country
 * question is src/country's, see country.feature.ts).
 */
export function createContactsFeature(content: RightsContent): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("contacts", (ctx) => openWithCountry(ctx, content, "c"));

  privateChat.callbackQuery(contactsCodec.pattern, async (ctx) => {
    const [action, country, category, city, page] = contactsCodec.decode(ctx.callbackQuery.data) ?? [];
    if (isCountryChoice(country)) {
      if (action === "k") return showCategories(ctx, content, country);
      if (action === "g" && isCategoryChoice(category)) return showCategory(ctx, content, country, category);
      if (action === "e" && isCategoryChoice(category) && city !== undefined && CITY.test(city)) {
        return showEntries(ctx, content, country, category, city, Number.parseInt(page ?? "0", 10) || 0);
      }
    }
    return openWithCountry(ctx, content, "c");
  });

  return {
    name: "contacts",
    composer,
    commands: [
      { command: "contacts", description: "contacts:commands.contacts", scope: "private", groupHint: "rights:group" },
    ],
    menu: [{ label: "contacts:menu", data: contactsCodec.encode(), order: 30 }],
    deepLinks: [
      {
        route: "contacts",
        open: (ctx, payload) =>
          openWithCountry(ctx, content, "c", isCountryChoice(payload.arg) ? payload.arg : undefined),
      },
    ],
  };
}
