import type { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { callbackCodec } from "../bot/ui/callback-data.js";
import type { Labeller } from "./rights.keyboards.js";

/**
 * "Was this helpful?" under a rights article (`a`), a detained card (`s`) or a contacts list (`c`):
 * `hf:<vote>:<kind>:<country>:<detail>` with vote `u` (👍) or `d` (👎) and detail the topic, the
 * contacts category, or `-` for the card. Short ASCII ids only; the helpful feature counts the press.
 */
export const helpfulCodec = callbackCodec("hf");

export const HELPFUL_KINDS = ["a", "s", "c"] as const;
export type HelpfulKind = (typeof HELPFUL_KINDS)[number];

/** What a press is about. */
export interface HelpfulItem {
  kind: HelpfulKind;
  country: string;
  /** The topic (article), the category (contacts) or `-` (detained card). */
  detail: string;
}

/** Adds the 👍 / 👎 row to a keyboard. */
export function addHelpfulRow(keyboard: InlineKeyboard, ctx: Labeller, item: HelpfulItem): InlineKeyboard {
  return keyboard
    .text(ctx.t("helpful:yes"), helpfulCodec.encode("u", item.kind, item.country, item.detail))
    .text(ctx.t("helpful:no"), helpfulCodec.encode("d", item.kind, item.country, item.detail))
    .row();
}

/** The keyboard without its helpful row: what remains under a message after a press. */
export function withoutHelpfulRow(markup: InlineKeyboardMarkup | undefined): InlineKeyboardMarkup {
  const rows = (markup?.inline_keyboard ?? [])
    .map((row) =>
      row.filter((button) => !("callback_data" in button && helpfulCodec.pattern.test(button.callback_data))),
    )
    .filter((row) => row.length > 0);
  return { inline_keyboard: rows };
}
