import { InlineKeyboard } from "grammy";
import type { FlowContext } from "../bot/context.js";
import { MENU_DATA } from "../bot/ui/menu.js";
import { showScreen } from "../bot/ui/screen.js";
import { countQuietly } from "../db/counters.repo.js";
import { categoriesKeyboard, citiesKeyboard, entriesKeyboard } from "./contacts.keyboards.js";
import {
  ALL_CITIES,
  type CategoryChoice,
  categoriesOf,
  citiesOf,
  entriesOf,
  renderCategories,
  renderCities,
  renderEntries,
} from "./contacts.render.js";
import type { CountryChoice, RightsContent } from "./country.content.js";
import { OPENED } from "./country.metrics.js";
import { rightsCodec } from "./rights.keyboards.js";

/**
 * The screens of help contacts. They take the context of an update inside or outside a
 * conversation (both have the translator and services), so the country question can lead here.
 */

export async function showCategories(ctx: FlowContext, content: RightsContent, country: CountryChoice): Promise<void> {
  countQuietly(ctx.app.counters, ctx.log, OPENED.contacts, { country });
  const categories = categoriesOf(content, country);
  const keyboard =
    categories.length > 0
      ? categoriesKeyboard(ctx, country, categories)
      : new InlineKeyboard()
          .text(ctx.t("rights:country.change"), rightsCodec.encode("cc", "c"))
          .row()
          .text(ctx.t("common:menu.back"), MENU_DATA);
  await showScreen(ctx, renderCategories(ctx, content, country), { keyboard });
}

export async function showEntries(
  ctx: FlowContext,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
  city: string,
  page: number,
): Promise<void> {
  const hasCityStep = citiesOf(entriesOf(content, country, category)).length >= 2;
  const rendered = renderEntries(ctx, content, country, category, city, page);
  if (rendered.contacts.length === 0) return showCategories(ctx, content, country);
  const current = Math.min(Math.max(page, 0), rendered.pages - 1);
  const keyboard = entriesKeyboard(
    ctx,
    content,
    country,
    category,
    city,
    current,
    rendered.pages,
    rendered.contacts,
    hasCityStep,
  );
  await showScreen(ctx, rendered.html, { keyboard });
}

/** A category: the choice of city where its entries are in two or more cities, else the entries. */
export async function showCategory(
  ctx: FlowContext,
  content: RightsContent,
  country: CountryChoice,
  category: CategoryChoice,
): Promise<void> {
  const entries = entriesOf(content, country, category);
  if (entries.length === 0) return showCategories(ctx, content, country);
  const cities = citiesOf(entries);
  if (cities.length < 2) return showEntries(ctx, content, country, category, ALL_CITIES, 0);
  await showScreen(ctx, renderCities(ctx, content, country, category), {
    keyboard: citiesKeyboard(ctx, content, country, category, cities),
  });
}
