import { badRequest } from "./api-error.js";
import { asObject } from "./params.js";
import type { ChatType, JsonObject, JsonValue } from "./wire-types.js";

export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_INLINE_BUTTONS = 100;
export const MAX_INLINE_BUTTONS_PER_ROW = 8;

export interface MarkupOptions {
  /** Edit methods accept inline keyboards only. */
  inlineOnly: boolean;
  chatType: ChatType | undefined;
  /**
   * Reject what Telegram silently repairs (buttons without text, buttons with several actions).
   * Off: behave exactly like Telegram and keep the first action / drop text-less buttons.
   */
  strict: boolean;
}

export interface ValidatedMarkup {
  /** What the Bot API echoes in Message.reply_markup (inline keyboards only). */
  inline?: JsonObject;
  /** What the user sees, whatever the kind. */
  visible?: JsonObject;
}

/** Inline button actions in the order tdlib looks for them. */
const INLINE_ACTIONS = [
  "url",
  "callback_data",
  "callback_game",
  "pay",
  "switch_inline_query",
  "switch_inline_query_chosen_chat",
  "switch_inline_query_current_chat",
  "login_url",
  "web_app",
  "copy_text",
] as const;

export function validateReplyMarkup(value: JsonValue | undefined, options: MarkupOptions): ValidatedMarkup {
  if (value === undefined || value === null) return {};
  const markup = asObject(value);
  if (markup === undefined) throw badRequest("object expected as reply markup");

  const keyboard = parseKeyboard(markup, options);
  const inline = parseInlineKeyboard(markup, options);
  let visible: JsonObject | undefined;
  if (keyboard !== undefined) visible = keyboard;
  else if (inline !== undefined) visible = inline;
  else if (markup.remove_keyboard === true || markup.hide_keyboard === true) {
    visible = { remove_keyboard: true, ...pick(markup, ["selective"]) };
  } else if (markup.force_reply === true || markup.force_reply_keyboard === true) {
    visible = { force_reply: true, ...pick(markup, ["input_field_placeholder", "selective"]) };
  }
  if (options.inlineOnly && visible !== undefined && visible !== inline) {
    throw badRequest("inline keyboard expected");
  }
  return {
    ...(visible === undefined ? {} : { visible }),
    ...(visible !== undefined && visible === inline ? { inline } : {}),
  };
}

function parseInlineKeyboard(markup: JsonObject, options: MarkupOptions): JsonObject | undefined {
  const rows = markup.inline_keyboard;
  if (rows === undefined || rows === null) return undefined;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  const result: JsonObject[][] = [];
  let total = 0;
  for (const row of rows as JsonValue[][]) {
    const buttons: JsonObject[] = [];
    for (const raw of row) {
      const button = parseInlineButton(raw, options);
      if (button !== undefined) buttons.push(button);
    }
    if (buttons.length > MAX_INLINE_BUTTONS_PER_ROW) throw badRequest("reply markup is too long");
    total += buttons.length;
    if (buttons.length > 0) result.push(buttons);
  }
  if (total > MAX_INLINE_BUTTONS) throw badRequest("reply markup is too long");
  return result.length === 0 ? undefined : { inline_keyboard: result };
}

function parseInlineButton(raw: JsonValue, options: MarkupOptions): JsonObject | undefined {
  const button = asObject(raw);
  if (button === undefined)
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const text = stringField(button, "text", "inline keyboard button");
  if (text === "") {
    if (options.strict) throw badRequest("inline keyboard button text must be non-empty");
    return undefined;
  }

  const present = INLINE_ACTIONS.filter((action) => {
    const value = button[action];
    if (action === "url" || action === "callback_data") {
      return (typeof value === "string" && value !== "") || typeof value === "number";
    }
    return value !== undefined && value !== null;
  });
  const action = present[0];
  if (action === undefined) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (options.strict && present.length > 1) {
    throw badRequest(
      `can't parse inline keyboard button: exactly one action field must be set, got ${present.join(", ")} ` +
        "(fake-bot-api strict mode: Telegram would silently use the first one)",
    );
  }

  const normalized: JsonObject = { text, ...pick(button, ["icon_custom_emoji_id", "style"]) };
  const value = button[action] ?? null;
  switch (action) {
    case "url": {
      const url = String(value);
      if (!isButtonUrl(url)) throw badRequest("BUTTON_URL_INVALID");
      normalized.url = url;
      break;
    }
    case "callback_data": {
      const data = String(value);
      if (Buffer.byteLength(data, "utf8") > MAX_CALLBACK_DATA_BYTES) throw badRequest("BUTTON_DATA_INVALID");
      normalized.callback_data = data;
      break;
    }
    case "switch_inline_query":
    case "switch_inline_query_current_chat":
      if (typeof value !== "string") {
        throw badRequest(`can't parse inline keyboard button: Field "${action}" must be of type String`);
      }
      normalized[action] = value;
      break;
    case "copy_text": {
      const copied = asObject(value);
      const copiedText = copied === undefined ? undefined : copied.text;
      if (typeof copiedText !== "string" || copiedText === "" || copiedText.length > 256) {
        throw badRequest("COPY_TEXT_INVALID");
      }
      normalized.copy_text = { text: copiedText };
      break;
    }
    case "web_app":
    case "login_url": {
      const url = asObject(value)?.url;
      if (typeof url !== "string" || !/^https:\/\/[^/?#\s]+/i.test(url)) {
        throw badRequest(`can't parse inline keyboard button: ${action} must contain an HTTPS "url"`);
      }
      if (action === "web_app" && options.chatType !== undefined && options.chatType !== "private") {
        throw badRequest("BUTTON_TYPE_INVALID");
      }
      normalized[action] = value;
      break;
    }
    default:
      normalized[action] = value;
  }
  return normalized;
}

function parseKeyboard(markup: JsonObject, options: MarkupOptions): JsonObject | undefined {
  const rows = markup.keyboard;
  if (rows === undefined || rows === null) return undefined;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest('Field "keyboard" must be an Array of Arrays');
  }
  const result: JsonObject[][] = [];
  for (const row of rows as JsonValue[][]) {
    const buttons: JsonObject[] = [];
    for (const raw of row) {
      const button = typeof raw === "string" ? { text: raw } : asObject(raw);
      if (button === undefined) {
        throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
      }
      const text = stringField(button, "text", "keyboard button");
      if (text === "") {
        if (options.strict) throw badRequest("keyboard button text must be non-empty");
        continue;
      }
      const requests: Array<[string, string]> = [
        ["request_contact", "Phone number"],
        ["request_location", "Location"],
        ["request_poll", "Poll"],
        ["request_users", "Users"],
        ["request_chat", "Chats"],
        ["web_app", "Web App buttons"],
      ];
      for (const [field, what] of requests) {
        const requested = button[field];
        if (
          requested !== undefined &&
          requested !== false &&
          requested !== null &&
          options.chatType !== undefined &&
          options.chatType !== "private"
        ) {
          throw badRequest(`${what.toLowerCase()} can be requested in private chats only`);
        }
      }
      buttons.push(button);
    }
    if (buttons.length > 0) result.push(buttons);
  }
  if (result.length === 0) return undefined;
  return {
    keyboard: result,
    ...pick(markup, ["is_persistent", "resize_keyboard", "one_time_keyboard", "input_field_placeholder", "selective"]),
  };
}

function stringField(object: JsonObject, field: string, what: string): string {
  const value = object[field];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw badRequest(`can't parse ${what}: Field "${field}" must be of type String`);
}

function isButtonUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  if (/^https?:\/\//i.test(url)) return /^https?:\/\/[^/?#\s]+/i.test(url);
  return /^tg:\/\/\S+/i.test(url);
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const key of keys) {
    const value = object[key];
    if (value !== undefined && value !== null) result[key] = value;
  }
  return result;
}

/** Whether two markups are the same for the "message is not modified" check. */
export function sameMarkup(a: JsonObject | undefined, b: JsonObject | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
