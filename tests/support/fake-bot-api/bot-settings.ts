import type { ChatType, JsonObject } from "./wire-types.js";

export interface BotCommand {
  command: string;
  description: string;
}

/** A BotCommandScope reduced to what identifies it. */
export interface CommandScopeKey {
  type: string;
  chat_id?: number | string;
  user_id?: number;
}

/** The bot's profile as set through setMyCommands, setMyDescription, setChatMenuButton… */
export class BotSettings {
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly descriptions = new Map<string, string>();
  private readonly shortDescriptions = new Map<string, string>();
  private readonly menuButtons = new Map<string, JsonObject>();

  setCommands(scope: CommandScopeKey, languageCode: string, commands: BotCommand[]): void {
    this.commands.set(commandKey(scope, languageCode), commands);
  }

  deleteCommands(scope: CommandScopeKey, languageCode: string): void {
    this.commands.delete(commandKey(scope, languageCode));
  }

  /** Exactly what getMyCommands returns for this scope and language (no fallback). */
  getCommands(scope: CommandScopeKey, languageCode: string): BotCommand[] {
    return this.commands.get(commandKey(scope, languageCode)) ?? [];
  }

  /**
   * The command list a user sees in the menu, following the resolution order in the Bot API docs
   * (most specific scope first; for each scope the user's language before the default).
   */
  commandsSeenBy(chat: { id: number; type: ChatType }, userId: number, languageCode: string): BotCommand[] {
    const scopes: CommandScopeKey[] =
      chat.type === "private"
        ? [{ type: "chat", chat_id: chat.id }, { type: "all_private_chats" }, { type: "default" }]
        : [
            { type: "chat_member", chat_id: chat.id, user_id: userId },
            { type: "chat", chat_id: chat.id },
            { type: "all_group_chats" },
            { type: "default" },
          ];
    for (const scope of scopes) {
      for (const language of languageCode === "" ? [""] : [languageCode, ""]) {
        const commands = this.commands.get(commandKey(scope, language));
        if (commands !== undefined) return commands;
      }
    }
    return [];
  }

  setDescription(kind: "description" | "short_description", languageCode: string, text: string): void {
    const map = kind === "description" ? this.descriptions : this.shortDescriptions;
    if (text === "") map.delete(languageCode);
    else map.set(languageCode, text);
  }

  getDescription(kind: "description" | "short_description", languageCode: string): string {
    const map = kind === "description" ? this.descriptions : this.shortDescriptions;
    return map.get(languageCode) ?? "";
  }

  setMenuButton(chatId: number | undefined, button: JsonObject | undefined): void {
    const key = chatId === undefined ? "default" : String(chatId);
    if (button === undefined) this.menuButtons.delete(key);
    else this.menuButtons.set(key, button);
  }

  getMenuButton(chatId: number | undefined): JsonObject {
    return (
      (chatId === undefined ? undefined : this.menuButtons.get(String(chatId))) ??
      this.menuButtons.get("default") ?? { type: "commands" }
    );
  }
}

function commandKey(scope: CommandScopeKey, languageCode: string): string {
  return JSON.stringify([scope.type, scope.chat_id ?? null, scope.user_id ?? null, languageCode]);
}
