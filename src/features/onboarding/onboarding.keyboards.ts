import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { LANGUAGES } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";

/** `lang:<code>`: a language chosen in the picker. */
export const languageCodec = callbackCodec("lang");

/** Languages per row of the picker: twelve names in four short rows, each still one tap. */
const PER_ROW = 3;

/** Each language is offered in its own name. */
export function languageKeyboard(ctx: BotContext): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  LANGUAGES.forEach((lang, index) => {
    keyboard.text(ctx.app.i18n.fixedT(lang)("common:languageName"), languageCodec.encode(lang));
    if (index % PER_ROW === PER_ROW - 1) keyboard.row();
  });
  return keyboard;
}
