import type { WireEntity, WireUser } from "./wire-types.js";

/** A parse_mode error; the caller prefixes it with "Bad Request: can't parse entities: ". */
export class EntityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EntityParseError";
  }
}

export interface ParsedText {
  text: string;
  entities: WireEntity[];
}

export interface ParseOptions {
  /** Resolves `tg://user?id=` links to a known user for text_mention entities. */
  resolveUser?: (id: number) => WireUser | undefined;
}

/** Telegram reports positions as byte offsets into the UTF-8 encoded input. */
export function byteOffset(input: string, index: number): number {
  return Buffer.byteLength(input.slice(0, index), "utf8");
}

/** td::is_space — note that it includes the NUL that terminates a C string. */
export function isSpace(char: string): boolean {
  return char === " " || char === "\t" || char === "\r" || char === "\n" || char === "\0" || char === "\v";
}

/** `tg://user?id=123` → 123 (a text_mention link), otherwise undefined. */
export function linkUserId(url: string): number | undefined {
  const match = /^tg:(?:\/\/)?user\?id=(\d+)$/i.exec(url.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * An approximation of LinkManager::get_checked_link: returns the URL Telegram would keep for a
 * text_link, or '' when it would silently drop the link.
 */
export function checkedLink(url: string): string {
  const trimmed = url.trim();
  if (trimmed === "" || /\s/.test(trimmed)) return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(?:[:/?#].*)?$/u.test(trimmed) ? `http://${trimmed}` : "";
  }
  if (scheme === "http" || scheme === "https") {
    return /^https?:\/\/[^/?#\s]+/i.test(trimmed) ? trimmed : "";
  }
  return scheme === "tg" || scheme === "ton" || scheme === "tonsite" ? trimmed : "";
}

export function textMention(id: number, options: ParseOptions): WireEntity["user"] {
  return options.resolveUser?.(id) ?? { id, is_bot: false, first_name: "" };
}

/** Telegram's order: by offset, longer (outer) entities first. */
export function sortEntities(entities: WireEntity[]): WireEntity[] {
  return entities
    .map((entity, index) => ({ entity, index }))
    .sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length || a.index - b.index)
    .map(({ entity }) => entity);
}
