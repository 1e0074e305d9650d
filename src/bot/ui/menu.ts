import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../telegram/html.js";
import { callbackCodec } from "./callback-data.js";
import { showScreen } from "./screen.js";

/** Callback data of every "menu" button. */
export const menuCodec = callbackCodec("m");
export const MENU_DATA = menuCodec.encode();

/** Main-menu entries from order 90 on are settings, shown side by side in the last row. */
const SETTINGS_FROM = 90;

/** The main menu: one section per row, then the settings row. Lists only installed features. */
export function mainMenuKeyboard(ctx: BotContext): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const entries = [...ctx.app.registry.menu].sort((a, b) => a.order - b.order);
  for (const entry of entries.filter((e) => e.order < SETTINGS_FROM)) {
    keyboard.text(ctx.t(entry.label), entry.data).row();
  }
  for (const entry of entries.filter((e) => e.order >= SETTINGS_FROM)) keyboard.text(ctx.t(entry.label), entry.data);
  return keyboard;
}

/** Shows the main menu, optionally after a line of text (a welcome, a confirmation, a hint). */
export async function showMainMenu(ctx: BotContext, lead?: string): Promise<void> {
  const text = [lead, ctx.t("common:menu.title")].filter(Boolean).join("\n\n");
  await showScreen(ctx, text, { keyboard: mainMenuKeyboard(ctx) });
}

/** A one-button row back to the main menu, to put under any screen. */
export function backToMenuKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("common:menu.back"), MENU_DATA);
}

/** `https://t.me/<bot>?start=<payload>`: a deep link into a private chat with the bot. */
export function deepLink(ctx: BotContext, payload: string): string {
  return `https://t.me/${ctx.me.username}?start=${payload}`;
}

/** For groups: a button that opens the private chat at the given deep-link payload. */
export function privateChatKeyboard(ctx: BotContext, payload: string): InlineKeyboard {
  return new InlineKeyboard().url(ctx.t("common:group.openPrivate"), deepLink(ctx, payload));
}

/** Public commands usable in groups, as escaped "/cmd@bot — description" lines. */
export function groupCommandList(ctx: BotContext): string {
  return ctx.app.registry.commands
    .filter((spec) => spec.scope === "all")
    .map((spec) => `/${spec.command}@${ctx.me.username} — ${escapeHtml(ctx.t(spec.description))}`)
    .join("\n");
}
