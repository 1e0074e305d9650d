import { badRequest } from "./api-error.js";
import type { BotCommand, CommandScopeKey } from "./bot-settings.js";
import type { MethodHandler } from "./method-context.js";
import { asInteger, asObject, asString, int, obj, str } from "./params.js";
import type { FakeState } from "./state.js";
import type { JsonValue } from "./wire-types.js";

const MAX_COMMANDS = 100;
const MAX_COMMAND_LENGTH = 32;
const MAX_COMMAND_DESCRIPTION_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 512;
const MAX_SHORT_DESCRIPTION_LENGTH = 120;

const SCOPE_TYPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

/** validate_bot_language_code: empty, or two lower-case Latin letters. */
function languageCode(value: string | undefined): string {
  const code = value ?? "";
  if (code !== "" && !/^[a-z]{2}$/.test(code)) throw badRequest("invalid language code specified");
  return code;
}

function commandScope(state: FakeState, value: JsonValue | undefined): CommandScopeKey {
  if (value === undefined) return { type: "default" };
  const scope = asObject(value);
  const type = asString(scope?.type);
  if (scope === undefined || type === undefined)
    throw badRequest(`can't parse BotCommandScope: Can't find field "type"`);
  if (!SCOPE_TYPES.has(type)) throw badRequest(`can't parse BotCommandScope: Unsupported type specified`);
  if (type !== "chat" && type !== "chat_administrators" && type !== "chat_member") return { type };
  const chatIdValue = scope.chat_id;
  if (chatIdValue === undefined || chatIdValue === null || chatIdValue === "") {
    throw badRequest(`can't parse BotCommandScope: Empty chat_id specified`);
  }
  const chat = state.resolveChat(typeof chatIdValue === "number" ? chatIdValue : String(chatIdValue), "read");
  if (type !== "chat_member") return { type, chat_id: chat.chat.id };
  const userId = asInteger(scope.user_id);
  if (userId === undefined || userId <= 0) throw badRequest(`can't parse BotCommandScope: Invalid user_id specified`);
  return { type, chat_id: chat.chat.id, user_id: userId };
}

/** Command validation as tdlib (trim, optional leading '/', lengths) and Telegram (charset, count) do it. */
function botCommands(value: JsonValue | undefined): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest("expected an Array of BotCommand");
  if (value.length > MAX_COMMANDS) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return value.map((raw) => {
    const item = asObject(raw);
    if (item === undefined) throw badRequest("can't parse BotCommand: expected an Object");
    const rawCommand = asString(item.command);
    const rawDescription = asString(item.description);
    if (rawCommand === undefined) throw badRequest(`can't parse BotCommand: Can't find field "command"`);
    if (rawDescription === undefined) throw badRequest(`can't parse BotCommand: Can't find field "description"`);
    let command = rawCommand.trim();
    if (command.startsWith("/")) command = command.slice(1);
    if (command === "") throw badRequest("command must be non-empty");
    if ([...command].length > MAX_COMMAND_LENGTH) {
      throw badRequest(`command length must not exceed ${MAX_COMMAND_LENGTH}`);
    }
    if (!/^[a-z0-9_]+$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    const description = rawDescription.trim();
    if (description === "") throw badRequest("command description must be non-empty");
    if ([...description].length > MAX_COMMAND_DESCRIPTION_LENGTH) {
      throw badRequest(`command description length must not exceed ${MAX_COMMAND_DESCRIPTION_LENGTH}`);
    }
    return { command, description };
  });
}

const setMyCommands: MethodHandler = ({ params, state }) => {
  const commands = botCommands(params.commands);
  const code = languageCode(str(params, "language_code"));
  state.settings.setCommands(commandScope(state, params.scope), code, commands);
  return true;
};

const getMyCommands: MethodHandler = ({ params, state }) => {
  const code = languageCode(str(params, "language_code"));
  return state.settings.getCommands(commandScope(state, params.scope), code);
};

const deleteMyCommands: MethodHandler = ({ params, state }) => {
  const code = languageCode(str(params, "language_code"));
  state.settings.deleteCommands(commandScope(state, params.scope), code);
  return true;
};

function setDescription(kind: "description" | "short_description", max: number): MethodHandler {
  return ({ params, state }) => {
    const text = str(params, kind) ?? "";
    if ([...text].length > max) {
      throw badRequest(`${kind === "description" ? "description" : "short description"} is too long`);
    }
    state.settings.setDescription(kind, languageCode(str(params, "language_code")), text);
    return true;
  };
}

function getDescription(kind: "description" | "short_description"): MethodHandler {
  return ({ params, state }) => ({
    [kind]: state.settings.getDescription(kind, languageCode(str(params, "language_code"))),
  });
}

function privateChatId(state: FakeState, chatId: number | undefined): number | undefined {
  if (chatId === undefined || chatId === 0) return undefined;
  const chat = state.resolveChat(chatId, "read");
  if (chat.chat.type !== "private") throw badRequest("chat not found");
  return chat.chat.id;
}

const setChatMenuButton: MethodHandler = ({ params, state }) => {
  const chatId = privateChatId(state, int(params, "chat_id"));
  const button = obj(params, "menu_button");
  if (params.menu_button !== undefined && button === undefined) {
    throw badRequest("can't parse menu button: MenuButton must be an Object");
  }
  if (button !== undefined) {
    const type = asString(button.type);
    if (type !== "commands" && type !== "web_app" && type !== "default") {
      throw badRequest("can't parse menu button: Can't find field \"type\"");
    }
    if (type === "web_app") {
      if (typeof button.text !== "string" || button.text === "") throw badRequest("menu button text must be non-empty");
      const url = asString(asObject(button.web_app)?.url);
      if (url === undefined || !/^https:\/\//i.test(url)) {
        throw badRequest("menu button Web App URL must be an HTTPS URL");
      }
    }
  }
  state.settings.setMenuButton(chatId, button === undefined || button.type === "default" ? undefined : button);
  return true;
};

const getChatMenuButton: MethodHandler = ({ params, state }) =>
  state.settings.getMenuButton(privateChatId(state, int(params, "chat_id")));

export const settingsMethods: Readonly<Record<string, MethodHandler>> = {
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyDescription: setDescription("description", MAX_DESCRIPTION_LENGTH),
  getMyDescription: getDescription("description"),
  setMyShortDescription: setDescription("short_description", MAX_SHORT_DESCRIPTION_LENGTH),
  getMyShortDescription: getDescription("short_description"),
  setChatMenuButton,
  getChatMenuButton,
};
