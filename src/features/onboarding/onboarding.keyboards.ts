import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { LANGUAGES } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";

/** `lang:<code>`: a language chosen in the picker. */
export const languageCodec = callbackCodec("lang");

/** Each language is offered in its own name, two per row. */
export function languageKeyboard(ctx: BotContext): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  LANGUAGES.forEach((lang, index) => {
    keyboard.text(ctx.app.i18n.fixedT(lang)("common:languageName"), languageCodec.encode(lang));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}
