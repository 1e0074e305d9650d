import { InlineKeyboard } from "grammy";
import type { Translate } from "../bot/i18n.js";
import { callbackCodec } from "../bot/ui/callback-data.js";
import { MENU_DATA } from "../bot/ui/menu.js";
import { COUNTRIES, type CountryChoice, OTHER_COUNTRY, TOPICS, type Topic } from "./country.content.js";
import { addHelpfulRow } from "./helpful.keyboards.js";
import { countryName, topicTitle } from "./rights.render.js";

/**
 * Callback data of the rights section (all parts are short ASCII ids, never user text):
 * - `rt` — the section: the current country's topics, or the country question;
 * - `rt:t:<country>` — the topics of a country;
 * - `rt:a:<country>:<topic>:<page>` — a page of an article (page from 0);
 * - `rt:cc:<purpose>` — ask for the country again (to change it);
 * - `rt:set:<purpose>:<country>` — the country was chosen; go on to the purpose's screen.
 */
export const rightsCodec = callbackCodec("rt");

/** `sos` — the detained card for the current country (or the country question); `sos:<country>` — for that country. */
export const sosCodec = callbackCodec("sos");

/**
 * The relatives' path: `rel` starts it; `rel:c:<country>` asks what happened;
 * `rel:s:<country>:<situation>` shows what helps.
 */
export const relativesCodec = callbackCodec("rel");

/** What the country question leads to: the topics (r), the detained card (s), help contacts (c). */
export const PURPOSES = ["r", "s", "c"] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}

export const SITUATIONS = ["detained", "treatment", "overdose", "support"] as const;
export type Situation = (typeof SITUATIONS)[number];

export function isSituation(value: unknown): value is Situation {
  return typeof value === "string" && (SITUATIONS as readonly string[]).includes(value);
}

/** What a keyboard needs from an update. */
export interface Labeller {
  readonly t: Translate;
}

/** The seven countries two to a row, "another country" below; the current choice is ticked. */
export function countryKeyboard(
  ctx: Labeller,
  dataFor: (country: CountryChoice) => string,
  current: CountryChoice | undefined,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const label = (country: CountryChoice) => `${country === current ? "✓ " : ""}${countryName(ctx.t, country)}`;
  COUNTRIES.forEach((country, index) => {
    keyboard.text(label(country), dataFor(country));
    if (index % 2 === 1) keyboard.row();
  });
  keyboard.row().text(label(OTHER_COUNTRY), dataFor(OTHER_COUNTRY));
  keyboard.row().text(ctx.t("common:menu.back"), MENU_DATA);
  return keyboard;
}

export function menuButtonKeyboard(ctx: Labeller): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("common:menu.back"), MENU_DATA);
}

/**
 * The nine topics, then the detained card, help contacts (when the country has any; the data
 * comes from the contacts feature), changing the country and the menu.
 */
export function topicsKeyboard(
  ctx: Labeller,
  country: CountryChoice,
  contactsData: string | undefined,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const topic of TOPICS) keyboard.text(topicTitle(ctx.t, topic), rightsCodec.encode("a", country, topic, 0)).row();
  keyboard.text(ctx.t("rights:menu.sos"), sosCodec.encode(country));
  if (contactsData) keyboard.text(ctx.t("contacts:menu"), contactsData);
  keyboard
    .row()
    .text(ctx.t("rights:country.change"), rightsCodec.encode("cc", "r"))
    .text(ctx.t("common:menu.back"), MENU_DATA);
  return keyboard;
}

/**
 * "Was this helpful?" on the article's last page, "◂ back" and "more ▸" between pages, then back
 * to the topics and the menu.
 */
export function articleKeyboard(
  ctx: Labeller,
  country: CountryChoice,
  topic: Topic,
  page: number,
  pages: number,
  extra?: { label: string; data: string },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (page === pages - 1) addHelpfulRow(keyboard, ctx, { kind: "a", country, detail: topic });
  if (pages > 1) {
    if (page > 0) keyboard.text(ctx.t("rights:article.back"), rightsCodec.encode("a", country, topic, page - 1));
    if (page < pages - 1)
      keyboard.text(ctx.t("rights:article.more"), rightsCodec.encode("a", country, topic, page + 1));
    keyboard.row();
  }
  if (extra) keyboard.text(extra.label, extra.data).row();
  keyboard
    .text(ctx.t("rights:article.topics"), rightsCodec.encode("t", country))
    .text(ctx.t("common:menu.back"), MENU_DATA);
  return keyboard;
}
