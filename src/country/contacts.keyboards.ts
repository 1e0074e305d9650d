import { InlineKeyboard } from "grammy";
import { callbackCodec } from "../bot/ui/callback-data.js";
import { MENU_DATA } from "../bot/ui/menu.js";
import { ALL_CITIES, type CategoryChoice, categoryName, cityName, contactLabel } from "./contacts.render.js";
import type { Contact, CountryChoice, RightsContent } from "./country.content.js";
import { scopeOf } from "./country.content.js";
import { addHelpfulRow } from "./helpful.keyboards.js";
import { type Labeller, rightsCodec, sosCodec } from "./rights.keyboards.js";
import type { Speaker } from "./rights.render.js";

/**
 * Callback data of help contacts (short ASCII ids only):
 * - `ct` — the section: the current country's categories, or the country question;
 * - `ct:k:<country>` — a country's categories;
 * - `ct:g:<country>:<category>` — a category: its cities where there are several, else its entries;
 * - `ct:e:<country>:<category>:<city>:<page>` — entries (city is a slug, `_` for all, `0` for country-wide).
 */
export const contactsCodec = callbackCodec("ct");

/** One button per category, then the detained card, changing the country and the menu. */
export function categoriesKeyboard(
  ctx: Labeller,
  country: CountryChoice,
  categories: readonly CategoryChoice[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const category of categories) {
    keyboard.text(categoryName(ctx.t, category), contactsCodec.encode("g", country, category)).row();
  }
  keyboard
    .text(ctx.t("contacts:buttons.rights"), rightsCodec.encode("t", country))
    .text(ctx.t("rights:menu.sos"), sosCodec.encode(country))
    .row()
    .text(ctx.t("rights:country.change"), rightsCodec.encode("cc", "c"))
    .text(ctx.t("common:menu.back"), MENU_DATA);
  return keyboard;
}

/** The cities of a category two to a row, then "all", back to the categories and the menu. */
export function citiesKeyboard(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
  cities: readonly string[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  cities.forEach((city, index) => {
    keyboard.text(cityName(speaker, content, country, city), contactsCodec.encode("e", country, category, city, 0));
    if (index % 2 === 1) keyboard.row();
  });
  keyboard.row().text(speaker.t("contacts:city.all"), contactsCodec.encode("e", country, category, ALL_CITIES, 0));
  keyboard
    .row()
    .text(speaker.t("contacts:buttons.categories"), contactsCodec.encode("k", country))
    .text(speaker.t("common:menu.back"), MENU_DATA);
  return keyboard;
}

/**
 * A Telegram or website button for every entry on the page that has one, "was this helpful?" on
 * the last page, then paging and the way back.
 */
export function entriesKeyboard(
  speaker: Speaker,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
  city: string,
  page: number,
  pages: number,
  contacts: readonly Contact[],
  hasCityStep: boolean,
): InlineKeyboard {
  const { t } = speaker;
  const scope = content.scopes[scopeOf(country)];
  const keyboard = new InlineKeyboard();
  for (const contact of contacts) {
    const name = contactLabel(speaker, scope, contact);
    if (contact.telegram)
      keyboard.url(t("contacts:buttons.telegram", { name }), `https://t.me/${contact.telegram.slice(1)}`).row();
    if (contact.website) keyboard.url(t("contacts:buttons.website", { name }), contact.website).row();
  }
  if (page === pages - 1) addHelpfulRow(keyboard, speaker, { kind: "c", country, detail: category });
  if (pages > 1) {
    if (page > 0) keyboard.text(t("rights:article.back"), contactsCodec.encode("e", country, category, city, page - 1));
    if (page < pages - 1)
      keyboard.text(t("rights:article.more"), contactsCodec.encode("e", country, category, city, page + 1));
    keyboard.row();
  }
  if (hasCityStep) keyboard.text(t("contacts:buttons.cities"), contactsCodec.encode("g", country, category));
  keyboard.text(t("contacts:buttons.categories"), contactsCodec.encode("k", country)).row();
  keyboard.text(t("common:menu.back"), MENU_DATA);
  return keyboard;
}
