import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { isLang } from "../../bot/i18n.js";
import { parseStartPayload } from "../../bot/ui/deep-link.js";
import { groupCommandList, MENU_DATA, privateChatKeyboard, showMainMenu } from "../../bot/ui/menu.js";
import { showScreen } from "../../bot/ui/screen.js";
import { languageCodec, languageKeyboard } from "./onboarding.keyboards.js";

async function welcomeInGroup(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("onboarding:group.welcome", { commands: groupCommandList(ctx) }), {
    reply_markup: privateChatKeyboard(ctx, "menu"),
    link_preview_options: { is_disabled: true },
  });
}

async function showLanguagePicker(ctx: BotContext, lead?: string): Promise<void> {
  const text = [lead, ctx.t("onboarding:language.prompt")].filter(Boolean).join("\n\n");
  await showScreen(ctx, text, { keyboard: languageKeyboard(ctx) });
}

/**
 * First contact and the way around: /start (with deep links), the main menu, and the language
 * picker. The first time, a person picks a language (pre-selected from Telegram's); afterwards
 * /start goes straight to the menu.
 */
export function createOnboardingFeature(): Feature {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");
  const groups = composer.chatType(["group", "supergroup"]);

  privateChat.command("start", async (ctx) => {
    const payload = ctx.match ? parseStartPayload(ctx.match) : undefined;
    if (payload) {
      for (const listener of ctx.app.registry.deepLinkListeners) await listener(ctx, payload);
      const route = ctx.app.registry.deepLinks.get(payload.route);
      if (route) return route.open(ctx, payload);
    }
    if (!ctx.session.lang) return showLanguagePicker(ctx, ctx.t("onboarding:welcome"));
    await showMainMenu(ctx, ctx.t("onboarding:welcome"));
  });
  privateChat.command("menu", (ctx) => showMainMenu(ctx));
  privateChat.callbackQuery(MENU_DATA, (ctx) => showMainMenu(ctx));

  privateChat.command("language", (ctx) => showLanguagePicker(ctx));
  privateChat.callbackQuery(languageCodec.pattern, async (ctx, next) => {
    const parts = languageCodec.decode(ctx.callbackQuery.data);
    if (parts?.length === 0) return showLanguagePicker(ctx);
    const lang = parts?.[0];
    // Anything else under this prefix is stale or forged: the catch-all answers it.
    if (parts?.length !== 1 || !isLang(lang)) return next();
    const firstChoice = ctx.session.lang === undefined;
    ctx.session.lang = lang;
    ctx.lang = lang;
    ctx.t = ctx.app.i18n.fixedT(lang);
    await ctx.answerCallbackQuery();
    // The first time, the welcome is shown again in the language just chosen.
    const lead = firstChoice
      ? ctx.t("onboarding:welcome")
      : ctx.t("onboarding:language.changed", { name: ctx.t("common:languageName") });
    await showMainMenu(ctx, lead);
  });

  groups.command(["start", "menu"], welcomeInGroup);

  return {
    name: "onboarding",
    composer,
    commands: [
      { command: "start", description: "onboarding:commands.start", scope: "all" },
      { command: "language", description: "onboarding:commands.language", scope: "private" },
    ],
    menu: [{ label: "onboarding:language.menu", data: languageCodec.encode(), order: 90 }],
    deepLinks: [
      { route: "menu", open: (ctx) => showMainMenu(ctx) },
      { route: "language", open: (ctx) => showLanguagePicker(ctx) },
    ],
  };
}
