import { InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { MENU_DATA } from "../../bot/ui/menu.js";
import { contactsCodec } from "../../country/contacts.keyboards.js";
import { TOPICS } from "../../country/country.content.js";
import { sosCodec } from "../../country/rights.keyboards.js";
import { topicTitle } from "../../country/rights.render.js";

/**
 * The person's buttons (short ASCII only):
 * - `ask` — the "Ask a peer" screen;
 * - `ask:w` — "write my question": opens a conversation that waits for the first message;
 * - `ask:end` — end the conversation.
 */
export const askCodec = callbackCodec("ask");

/**
 * The consultants' buttons under a conversation's first message in their group; `<n>` is the
 * conversation's number:
 * - `pg:h:<n>` — back to the three main buttons;
 * - `pg:c:<n>` / `pg:cy:<n>` / `pg:cd:<n>` — close: ask, close, close and delete the topic now;
 * - `pg:b:<n>` / `pg:by:<n>` — block: ask, block and close;
 * - `pg:s:<n>` — pick a section; `pg:ss:<n>` the detained card, `pg:sc:<n>` the contacts,
 *   `pg:sr:<n>` the rights topics, `pg:sa:<n>:<topic>` a rights article.
 */
export const groupCodec = callbackCodec("pg");

interface Labeller {
  readonly t: Translate;
}

/** Under the acknowledgement and under every reply. */
export function endKeyboard(ctx: Labeller): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("peer:buttons.end"), askCodec.encode("end"));
}

/** The first screen: write · the detained card and contacts for emergencies · the menu. */
export function introKeyboard(ctx: Labeller): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("peer:buttons.write"), askCodec.encode("w"))
    .row()
    .text(ctx.t("rights:menu.sos"), sosCodec.encode())
    .text(ctx.t("contacts:menu"), contactsCodec.encode())
    .row()
    .text(ctx.t("common:menu.back"), MENU_DATA);
}

/** Self-help while nobody can answer: the detained card, the contacts, the menu. */
export function selfHelpKeyboard(ctx: Labeller, withEnd: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("rights:menu.sos"), sosCodec.encode())
    .text(ctx.t("contacts:menu"), contactsCodec.encode())
    .row();
  if (withEnd) keyboard.text(ctx.t("peer:buttons.end"), askCodec.encode("end")).row();
  return keyboard.text(ctx.t("common:menu.back"), MENU_DATA);
}

/** Close · Block · Send a section. */
export function headerKeyboard(t: Translate, number: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("peer:group.buttons.close"), groupCodec.encode("c", number))
    .text(t("peer:group.buttons.block"), groupCodec.encode("b", number))
    .row()
    .text(t("peer:group.buttons.send"), groupCodec.encode("s", number));
}

export function closeKeyboard(t: Translate, number: number, topics: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(t("peer:group.buttons.closeYes"), groupCodec.encode("cy", number)).row();
  if (topics) keyboard.text(t("peer:group.buttons.closeDelete"), groupCodec.encode("cd", number)).row();
  return keyboard.text(t("peer:group.buttons.back"), groupCodec.encode("h", number));
}

export function blockKeyboard(t: Translate, number: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("peer:group.buttons.blockYes"), groupCodec.encode("by", number))
    .row()
    .text(t("peer:group.buttons.back"), groupCodec.encode("h", number));
}

export function sectionsKeyboard(t: Translate, number: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("rights:menu.sos"), groupCodec.encode("ss", number))
    .text(t("contacts:menu"), groupCodec.encode("sc", number))
    .row()
    .text(t("rights:menu.rights"), groupCodec.encode("sr", number))
    .row()
    .text(t("peer:group.buttons.back"), groupCodec.encode("h", number));
}

export function topicsKeyboard(t: Translate, number: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const topic of TOPICS) keyboard.text(topicTitle(t, topic), groupCodec.encode("sa", number, topic)).row();
  return keyboard.text(t("peer:group.buttons.back"), groupCodec.encode("s", number));
}
