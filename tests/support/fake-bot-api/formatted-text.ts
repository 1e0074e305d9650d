import { badRequest } from "./api-error.js";
import { parseHtml } from "./html-entities.js";
import { parseLegacyMarkdown, parseMarkdownV2 } from "./markdown.js";
import { asInteger, asObject, asString } from "./params.js";
import { EntityParseError, type ParsedText, type ParseOptions, sortEntities } from "./parse-utils.js";
import type { JsonValue, WireEntity } from "./wire-types.js";

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

export interface FormatOptions extends ParseOptions {
  strictAmpersand: boolean;
}

/**
 * Applies parse_mode (or explicit entities) the way the Bot API does. With a parse_mode the
 * `entities` parameter is ignored; an unknown parse_mode is an error.
 */
export function parseFormatted(
  text: string,
  parseMode: string | undefined,
  entities: JsonValue | undefined,
  options: FormatOptions,
): ParsedText {
  const mode = (parseMode ?? "").toLowerCase();
  if (text === "" || mode === "" || mode === "none") {
    return { text, entities: explicitEntities(entities, text) };
  }
  try {
    switch (mode) {
      case "html":
        return parseHtml(text, options);
      case "markdownv2":
        return parseMarkdownV2(text, options);
      case "markdown":
        return parseLegacyMarkdown(text, options);
      default:
        throw badRequest("unsupported parse_mode");
    }
  } catch (error) {
    if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.message}`);
    throw error;
  }
}

const ENTITY_TYPES = new Set([
  "mention",
  "hashtag",
  "cashtag",
  "bot_command",
  "url",
  "email",
  "phone_number",
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "blockquote",
  "expandable_blockquote",
  "code",
  "pre",
  "text_link",
  "text_mention",
  "custom_emoji",
  "date_time",
]);

function explicitEntities(value: JsonValue | undefined, text: string): WireEntity[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  const result: WireEntity[] = [];
  for (const item of value) {
    const entity = asObject(item);
    if (entity === undefined) throw badRequest("can't parse MessageEntity: expected an Object");
    const offset = asInteger(entity.offset);
    const length = asInteger(entity.length);
    const type = asString(entity.type);
    if (offset === undefined) throw badRequest(`can't parse MessageEntity: Can't find field "offset"`);
    if (length === undefined) throw badRequest(`can't parse MessageEntity: Can't find field "length"`);
    if (type === undefined) throw badRequest(`can't parse MessageEntity: Can't find field "type"`);
    if (!ENTITY_TYPES.has(type)) throw badRequest("can't parse MessageEntity: Unsupported type specified");
    if (type === "text_link" && asString(entity.url) === undefined) {
      throw badRequest(`can't parse MessageEntity: Can't find field "url"`);
    }
    if (offset < 0 || length <= 0 || offset >= text.length) continue;
    const clipped: WireEntity = { type, offset, length: Math.min(length, text.length - offset) };
    for (const key of ["url", "language", "custom_emoji_id", "date_time_format"] as const) {
      const extra = asString(entity[key]);
      if (extra !== undefined) clipped[key] = extra;
    }
    result.push(clipped);
  }
  return sortEntities(result);
}

/**
 * tdlib's fix_formatted_text: trailing whitespace is cut, leading spaces and newlines before the
 * first entity are cut, and automatic entities (commands, mentions, URLs…) are detected. Returns
 * undefined when nothing but whitespace is left.
 */
export function fixFormattedText(parsed: ParsedText): ParsedText | undefined {
  let { text } = parsed;
  let entities = parsed.entities.filter((entity) => entity.length > 0);
  let last = text.length - 1;
  while (last >= 0 && /\s/u.test(text.charAt(last))) last--;
  if (last < 0) return undefined;

  text = text.slice(0, last + 1);
  entities = entities
    .filter((entity) => entity.offset <= last)
    .map((entity) => ({ ...entity, length: Math.min(entity.length, text.length - entity.offset) }));

  const firstEntity = entities.reduce((min, entity) => Math.min(min, entity.offset), text.length);
  let first = 0;
  while (first < firstEntity && (text.charAt(first) === " " || text.charAt(first) === "\n")) first++;
  if (first > 0) {
    text = text.slice(first);
    entities = entities.map((entity) => ({ ...entity, offset: entity.offset - first }));
  }
  return { text, entities: mergeEntities(entities, findEntities(text)) };
}

const UNSPLITTABLE = new Set([
  "code",
  "pre",
  "text_link",
  "text_mention",
  "url",
  "email",
  "mention",
  "bot_command",
  "hashtag",
  "custom_emoji",
]);

function mergeEntities(existing: WireEntity[], found: WireEntity[]): WireEntity[] {
  const blocking = existing.filter((entity) => UNSPLITTABLE.has(entity.type));
  const overlaps = (a: WireEntity, b: WireEntity): boolean =>
    a.offset < b.offset + b.length && b.offset < a.offset + a.length;
  const added = found.filter((entity) => !blocking.some((other) => overlaps(entity, other)));
  return sortEntities([...existing, ...added]);
}

/** Top-level domains the URL detection trusts for links written without a scheme. */
const COMMON_TLDS =
  "com|org|net|info|io|me|app|dev|edu|gov|int|eu|uk|de|fr|nl|ru|ua|by|md|ge|am|az|kz|kg|uz|tj|tm|pl|lt|lv|ee";

const DETECTORS: ReadonlyArray<{ type: string; pattern: RegExp }> = [
  { type: "email", pattern: /(?<![\w.@+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w@])/giu },
  {
    type: "url",
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}_@/.-])(?:(?:https?|tg)://[^\\s<>"]+|(?:[\\p{L}\\p{N}-]+\\.)+(?:${COMMON_TLDS})(?::\\d+)?(?:[/?#][^\\s<>"]*)?(?![\\p{L}\\p{N}-]))`,
      "giu",
    ),
  },
  { type: "bot_command", pattern: /(?<![\w/@])\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/@])/gu },
  { type: "mention", pattern: /(?<![\w@])@[a-zA-Z0-9_]{4,32}(?![\w@])/gu },
  { type: "hashtag", pattern: /(?<![\p{L}\p{N}_#])#(?=[\p{L}\p{N}_]*[\p{L}_])[\p{L}\p{N}_]+/gu },
];

/** A simplified tdlib find_entities: the entities Telegram adds to any text on its own. */
export function findEntities(text: string): WireEntity[] {
  const found: WireEntity[] = [];
  const taken = (offset: number, length: number): boolean =>
    found.some((entity) => offset < entity.offset + entity.length && entity.offset < offset + length);
  for (const { type, pattern } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      let value = match[0];
      if (type === "url") value = value.replace(/[.,;:!?)\]'"]+$/u, "");
      const offset = match.index;
      if (value === "" || taken(offset, value.length)) continue;
      found.push({ type, offset, length: value.length });
    }
  }
  return sortEntities(found);
}

/** Message text for sendMessage/editMessageText: required, parsed, trimmed, ≤ 4096 UTF-16 units. */
export function formatMessageText(
  text: string | undefined,
  parseMode: string | undefined,
  entities: JsonValue | undefined,
  options: FormatOptions,
): ParsedText {
  if (text === undefined || text === "") throw badRequest("message text is empty");
  const fixed = fixFormattedText(parseFormatted(text, parseMode, entities, options));
  if (fixed === undefined) throw badRequest("text must be non-empty");
  if (fixed.text.length > MAX_TEXT_LENGTH) throw badRequest("message is too long");
  return fixed;
}

/** A media caption: optional, parsed, trimmed, ≤ 1024 UTF-16 units. */
export function formatCaption(
  caption: string | undefined,
  parseMode: string | undefined,
  entities: JsonValue | undefined,
  options: FormatOptions,
): ParsedText | undefined {
  if (caption === undefined || caption === "") return undefined;
  const fixed = fixFormattedText(parseFormatted(caption, parseMode, entities, options));
  if (fixed === undefined) return undefined;
  if (fixed.text.length > MAX_CAPTION_LENGTH) throw badRequest("message caption is too long");
  return fixed;
}
