import { InlineKeyboard } from "grammy";
import type { FlowContext } from "../bot/context.js";
import { escapeHtml, visibleText } from "../bot/telegram/html.js";
import { MENU_DATA } from "../bot/ui/menu.js";
import { showScreen } from "../bot/ui/screen.js";
import { countQuietly } from "../db/counters.repo.js";
import { contactsCodec } from "./contacts.keyboards.js";
import { type CategoryChoice, categoriesOf, categoryName, contactLabel } from "./contacts.render.js";
import { showCategories } from "./contacts.screens.js";
import {
  type Contact,
  type CountryChoice,
  contactsOf,
  contactTextsOf,
  isCountryChoice,
  OTHER_COUNTRY,
  type RightsContent,
  scopeOf,
  type Topic,
} from "./country.content.js";
import { OPENED } from "./country.metrics.js";
import { addHelpfulRow } from "./helpful.keyboards.js";
import {
  articleKeyboard,
  countryKeyboard,
  type Purpose,
  relativesCodec,
  rightsCodec,
  SITUATIONS,
  type Situation,
  topicsKeyboard,
} from "./rights.keyboards.js";
import { renderArticle, renderSosCard, renderTopicList, sourceHost, topicTitle } from "./rights.render.js";

/**
 * The screens of the rights section, the detained card and the relatives' path. They take the
 * context of an update inside or outside a conversation, so a flow and a plain button press
 * show exactly the same screen.
 */

/** A stored country, if it is still one we know. */
export function knownCountry(value: unknown): CountryChoice | undefined {
  return isCountryChoice(value) ? value : undefined;
}

/** "Which country are you in?" with the countries as buttons; `hint` goes first when the person typed instead. */
export async function showCountryQuestion(
  ctx: FlowContext,
  purpose: Purpose,
  current: CountryChoice | undefined,
  hint?: string,
): Promise<void> {
  const question = purpose === "s" ? ctx.t("rights:country.questionSos") : ctx.t("rights:country.question");
  const text = [hint, question].filter(Boolean).join("\n\n");
  await showScreen(ctx, text, {
    keyboard: countryKeyboard(ctx, (country) => rightsCodec.encode("set", purpose, country), current),
  });
}

export async function showTopics(ctx: FlowContext, content: RightsContent, country: CountryChoice): Promise<void> {
  await showScreen(ctx, renderTopicList(ctx, content, country), {
    keyboard: topicsKeyboard(
      ctx,
      country,
      contactsOf(content, country).length > 0 ? contactsCodec.encode("k", country) : undefined,
    ),
  });
}

export async function showArticle(
  ctx: FlowContext,
  content: RightsContent,
  country: CountryChoice,
  topic: Topic,
  page: number,
): Promise<void> {
  const pages = renderArticle(ctx, content, country, topic);
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  if (index === 0) countQuietly(ctx.app.counters, ctx.log, OPENED.article, { country, topic });
  const extra =
    (topic === "overdose" || topic === "relatives") && contactsOf(content, country).length > 0
      ? { label: ctx.t("contacts:menu"), data: contactsCodec.encode("k", country) }
      : undefined;
  await showScreen(ctx, pages[index] ?? "", {
    keyboard: articleKeyboard(ctx, country, topic, index, pages.length, extra),
  });
}

/** Legal contacts that can be opened from a button (Telegram or website), hotlines first; at most three. */
export function legalHotlines(content: RightsContent, country: CountryChoice): Contact[] {
  const legal = contactsOf(content, country).filter(
    (contact) => contact.categories.includes("legal") && (contact.telegram || contact.website),
  );
  const hotlines = legal.filter((contact) => contact.categories.includes("hotline"));
  const others = legal.filter((contact) => !contact.categories.includes("hotline"));
  return [...hotlines, ...others].slice(0, 3);
}

/**
 * The detained card: one screen, public information, so it is not protected — it can be
 * forwarded to a relative. Its buttons open the country's legal hotlines, help contacts and the menu.
 */
export async function showSosCard(ctx: FlowContext, content: RightsContent, country: CountryChoice): Promise<void> {
  countQuietly(ctx.app.counters, ctx.log, OPENED.sos, { country });
  const scope = content.scopes[scopeOf(country)];
  const keyboard = addHelpfulRow(new InlineKeyboard(), ctx, { kind: "s", country, detail: "-" });
  for (const contact of legalHotlines(content, country)) {
    // The card says nothing is in Russian: a name not translated yet gives way to the address itself.
    const translated = contactTextsOf(scope, ctx.lang, contact.id)?.lang === ctx.lang;
    const address = contact.telegram ?? sourceHost(contact.website as string);
    const name = translated ? contactLabel(ctx, scope, contact) : address;
    if (contact.telegram)
      keyboard.url(ctx.t("contacts:buttons.telegram", { name }), `https://t.me/${contact.telegram.slice(1)}`);
    else keyboard.url(ctx.t("contacts:buttons.website", { name }), contact.website as string);
    keyboard.row();
  }
  if (contactsOf(content, country).length > 0)
    keyboard.text(ctx.t("contacts:menu"), contactsCodec.encode("k", country));
  keyboard
    .text(ctx.t("rights:country.change"), rightsCodec.encode("cc", "s"))
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
  await showScreen(ctx, renderSosCard(ctx, content, country), { keyboard });
}

/** Where a country choice leads. */
export async function showDestination(
  ctx: FlowContext,
  content: RightsContent,
  purpose: Purpose,
  country: CountryChoice,
): Promise<void> {
  if (purpose === "s") return showSosCard(ctx, content, country);
  if (purpose === "c") return showCategories(ctx, content, country);
  return showTopics(ctx, content, country);
}

// ── The relatives' path ───────────────────────────────────────────────────────

/** What a relative is shown for each situation: the articles, then the kinds of help. */
export const RELATIVES_PLAN: Readonly<Record<Situation, { topics: Topic[]; categories: CategoryChoice[] }>> = {
  detained: { topics: ["relatives", "police", "search", "court"], categories: ["legal", "report"] },
  treatment: { topics: ["treatment", "registry", "relatives"], categories: ["treatment", "harm_reduction", "health"] },
  overdose: { topics: ["overdose", "treatment"], categories: ["crisis", "harm_reduction", "health"] },
  support: { topics: ["relatives", "treatment", "discrimination"], categories: ["harm_reduction", "crisis", "health"] },
};

export async function showRelativesCountry(ctx: FlowContext, current: CountryChoice | undefined, hint?: string) {
  const text = [hint, ctx.t("rights:relatives.intro"), ctx.t("rights:relatives.country")].filter(Boolean).join("\n\n");
  await showScreen(ctx, text, {
    keyboard: countryKeyboard(ctx, (country) => relativesCodec.encode("c", country), current),
  });
}

export async function showSituationQuestion(ctx: FlowContext, country: CountryChoice, hint?: string): Promise<void> {
  const keyboard = new InlineKeyboard();
  for (const situation of SITUATIONS) {
    keyboard
      .text(ctx.t(`rights:relatives.situations.${situation}`), relativesCodec.encode("s", country, situation))
      .row();
  }
  keyboard.text(ctx.t("rights:country.change"), relativesCodec.encode()).text(ctx.t("common:menu.back"), MENU_DATA);
  const lead = `<i>${escapeHtml(ctx.t(`rights:countries.${country}`))}</i>`;
  const text = [hint, lead, ctx.t("rights:relatives.situation")].filter(Boolean).join("\n\n");
  await showScreen(ctx, text, { keyboard });
}

/**
 * The emergency services of a country (its country-wide "crisis" contacts that have a phone) as
 * one line for the overdose lead: the name, and the numbers unless the name already says them
 * ("Emergency number 112"). For another country, or a country without such an entry, the line
 * says to call the local emergency number.
 */
export function emergencyNumbers(ctx: FlowContext, content: RightsContent, country: CountryChoice): string {
  const scope = content.scopes[scopeOf(country)];
  const services =
    country === OTHER_COUNTRY
      ? []
      : contactsOf(content, country).filter(
          (contact) => contact.categories.includes("crisis") && contact.city === null && contact.phones.length > 0,
        );
  if (services.length === 0) return ctx.t("rights:relatives.emergencyOther");
  const numbers = services.map((contact) => {
    const phones = contact.phones.map((phone) => `<b>${escapeHtml(phone)}</b>`).join(" · ");
    // A name not translated yet would be Russian inside the reader's sentence: the numbers say enough.
    const texts = contactTextsOf(scope, ctx.lang, contact.id);
    if (texts?.lang !== ctx.lang) return phones;
    // Names are content HTML, checked at start-up; phones are plain digits.
    const name = texts.value.name;
    const said = visibleText(name);
    if (contact.phones.every((phone) => said.includes(phone))) return name;
    return `${name} — ${phones}`;
  });
  return ctx.t("rights:relatives.emergency", { numbers: numbers.join("; ") });
}

/** For a relative: a few words addressed to them, the articles that matter, and the kinds of help there are. */
export async function showRelativesResult(
  ctx: FlowContext,
  content: RightsContent,
  country: CountryChoice,
  situation: Situation,
): Promise<void> {
  const plan = RELATIVES_PLAN[situation];
  const keyboard = new InlineKeyboard();
  for (const topic of plan.topics)
    keyboard.text(`📄 ${topicTitle(ctx.t, topic)}`, rightsCodec.encode("a", country, topic, 0)).row();
  const available = new Set(categoriesOf(content, country));
  for (const category of plan.categories.filter((c) => available.has(c))) {
    // Category names start with their own emoji.
    keyboard.text(categoryName(ctx.t, category), contactsCodec.encode("g", country, category)).row();
  }
  keyboard
    .text(ctx.t("rights:relatives.other"), relativesCodec.encode("c", country))
    .text(ctx.t("common:menu.back"), MENU_DATA);
  const text = [
    `<b>${escapeHtml(ctx.t(`rights:relatives.situations.${situation}`))}</b>\n<i>${escapeHtml(ctx.t(`rights:countries.${country}`))}</i>`,
    ctx.t(`rights:relatives.lead.${situation}`),
    situation === "overdose" ? emergencyNumbers(ctx, content, country) : undefined,
  ]
    .filter(Boolean)
    .join("\n\n");
  await showScreen(ctx, text, { keyboard });
}
