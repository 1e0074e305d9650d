import {
  byteOffset,
  checkedLink,
  EntityParseError,
  isSpace,
  linkUserId,
  type ParsedText,
  type ParseOptions,
  sortEntities,
  textMention,
} from "./parse-utils.js";
import type { WireEntity } from "./wire-types.js";

export interface HtmlOptions extends ParseOptions {
  /**
   * Telegram keeps an `&` that does not start a valid entity as literal text, although its docs
   * say every `&` must be escaped. In strict mode (the fake's default) such an `&` is rejected so
   * that unescaped content is caught in tests instead of being mangled later ("&lt" in a user's
   * name silently becomes "<").
   */
  strictAmpersand?: boolean;
}

const SUPPORTED_TAGS = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "tg-time",
  "span",
  "pre",
  "code",
  "blockquote",
]);

interface OpenTag {
  name: string;
  argument: string;
  unixTime: number;
  /** UTF-16 offset of the entity in the output text. */
  offset: number;
}

/**
 * Telegram's HTML parse mode (a port of tdlib's parse_html): the supported tags, attribute parsing,
 * the four named entities plus numeric ones, and the exact error messages with UTF-8 byte offsets.
 */
export function parseHtml(input: string, options: HtmlOptions = {}): ParsedText {
  const strictAmpersand = options.strictAmpersand ?? true;
  const length = input.length;
  const at = (index: number): string => (index < length ? input.charAt(index) : "\0");
  const fail: (message: string) => never = (message) => {
    throw new EntityParseError(message);
  };

  let out = "";
  let decodedSurrogate = false;
  const entities: Array<WireEntity & { codeLanguage?: string }> = [];
  const open: OpenTag[] = [];

  let i = 0;
  while (i < length) {
    const char = at(i);
    if (char === "&") {
      const decoded = decodeHtmlEntity(input, i);
      if (decoded !== undefined) {
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) decodedSurrogate = true;
        out += String.fromCodePoint(decoded.code);
        i = decoded.end;
        continue;
      }
      if (strictAmpersand) {
        fail(
          `Character '&' at byte offset ${byteOffset(input, i)} is not part of an HTML entity; ` +
            'escape it as "&amp;" (fake-bot-api strict mode: Telegram would keep it as text)',
        );
      }
    }
    if (char !== "<") {
      out += char;
      i++;
      continue;
    }

    const begin = i;
    i++;
    if (at(i) !== "/") {
      while (!isSpace(at(i)) && at(i) !== ">") i++;
      if (i >= length) fail(`Unclosed start tag at byte offset ${byteOffset(input, begin)}`);
      const tagName = input.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tagName)) {
        fail(`Unsupported start tag "${tagName}" at byte offset ${byteOffset(input, begin)}`);
      }

      let argument = "";
      let unixTime = 0;
      while (at(i) !== ">") {
        while (i < length && isSpace(at(i))) i++;
        if (at(i) === ">") break;
        const attributeBegin = i;
        while (!isSpace(at(i)) && !"=>/\"'".includes(at(i))) i++;
        const attributeName = input.slice(attributeBegin, i);
        if (attributeName === "") {
          fail(`Empty attribute name in the tag "${tagName}" at byte offset ${byteOffset(input, begin)}`);
        }
        while (i < length && isSpace(at(i))) i++;
        if (at(i) !== "=") {
          if (i >= length) fail(`Unclosed start tag "${tagName}" at byte offset ${byteOffset(input, begin)}`);
          if (tagName === "blockquote" && attributeName === "expandable") argument = "1";
          continue;
        }
        i++;
        while (i < length && isSpace(at(i))) i++;
        if (i >= length) fail(`Unclosed start tag "${tagName}" at byte offset ${byteOffset(input, begin)}`);

        let value = "";
        if (at(i) !== "'" && at(i) !== '"') {
          // A name token: letters, digits, periods or hyphens; case-insensitive.
          const tokenBegin = i;
          while (/[A-Za-z0-9.-]/.test(at(i))) i++;
          value = input.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== ">") {
            fail(`Unexpected end of name token at byte offset ${byteOffset(input, tokenBegin)}`);
          }
        } else {
          const quote = at(i);
          i++;
          while (i < length && at(i) !== quote) {
            if (at(i) === "&") {
              const decoded = decodeHtmlEntity(input, i);
              if (decoded !== undefined) {
                value += String.fromCodePoint(decoded.code);
                i = decoded.end;
                continue;
              }
            }
            value += at(i);
            i++;
          }
          if (at(i) === quote) i++;
        }
        if (i >= length) fail(`Unclosed start tag at byte offset ${byteOffset(input, begin)}`);

        if (tagName === "a" && attributeName === "href") argument = value;
        else if (tagName === "code" && attributeName === "class" && value.startsWith("language-")) {
          argument = value.slice("language-".length);
        } else if (tagName === "span" && attributeName === "class" && value.startsWith("tg-")) {
          argument = value.slice("tg-".length);
        } else if (tagName === "tg-emoji" && attributeName === "emoji-id") argument = value;
        else if (tagName === "blockquote" && attributeName === "expandable") argument = "1";
        else if (tagName === "tg-time" && attributeName === "unix") unixTime = Number.parseInt(value, 10) || 0;
        else if (tagName === "tg-time" && attributeName === "format") argument = value;
      }
      i++; // past '>'

      if (tagName === "span" && argument !== "spoiler") {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(input, begin)}`);
      }
      open.push({ name: tagName, argument, unixTime, offset: out.length });
      continue;
    }

    // An end tag.
    const current = open.at(-1);
    if (current === undefined) fail(`Unexpected end tag at byte offset ${byteOffset(input, begin)}`);
    while (!isSpace(at(i)) && at(i) !== ">") i++;
    const endTagName = input.slice(begin + 2, i).toLowerCase();
    while (i < length && isSpace(at(i))) i++;
    if (at(i) !== ">") fail(`Unclosed end tag at byte offset ${byteOffset(input, begin)}`);
    i++;
    const tag = current;
    if (endTagName !== "" && endTagName !== tag.name) {
      fail(
        `Unmatched end tag at byte offset ${byteOffset(input, begin)}, expected "</${tag.name}>", found "</${endTagName}>"`,
      );
    }

    if (out.length > tag.offset) {
      const offset = tag.offset;
      const entityLength = out.length - offset;
      const last = entities.at(-1);
      switch (tag.name) {
        case "i":
        case "em":
          entities.push({ type: "italic", offset, length: entityLength });
          break;
        case "b":
        case "strong":
          entities.push({ type: "bold", offset, length: entityLength });
          break;
        case "s":
        case "strike":
        case "del":
          entities.push({ type: "strikethrough", offset, length: entityLength });
          break;
        case "u":
        case "ins":
          entities.push({ type: "underline", offset, length: entityLength });
          break;
        case "tg-spoiler":
        case "span":
          entities.push({ type: "spoiler", offset, length: entityLength });
          break;
        case "tg-emoji":
          if (!/^-?\d+$/.test(tag.argument) || BigInt(tag.argument) === 0n) {
            fail("Invalid custom emoji identifier specified");
          }
          entities.push({ type: "custom_emoji", offset, length: entityLength, custom_emoji_id: tag.argument });
          break;
        case "tg-time":
          if (tag.unixTime > 0) {
            entities.push({
              type: "date_time",
              offset,
              length: entityLength,
              unix_time: tag.unixTime,
              ...(tag.argument === "" ? {} : { date_time_format: tag.argument }),
            });
          }
          break;
        case "a": {
          const url = tag.argument === "" ? out.slice(offset) : tag.argument;
          const userId = linkUserId(url);
          if (userId !== undefined) {
            entities.push({ type: "text_mention", offset, length: entityLength, user: textMention(userId, options) });
          } else {
            const checked = checkedLink(url);
            if (checked !== "") entities.push({ type: "text_link", offset, length: entityLength, url: checked });
          }
          break;
        }
        case "pre":
          if (
            last?.type === "code" &&
            last.offset === offset &&
            last.length === entityLength &&
            (last.codeLanguage ?? "") !== ""
          ) {
            last.type = "pre";
            last.language = last.codeLanguage ?? "";
            delete last.codeLanguage;
          } else {
            entities.push({ type: "pre", offset, length: entityLength });
          }
          break;
        case "code":
          if (last?.type === "pre" && last.offset === offset && last.length === entityLength && tag.argument !== "") {
            last.language = tag.argument;
          } else {
            entities.push({ type: "code", offset, length: entityLength, codeLanguage: tag.argument });
          }
          break;
        case "blockquote":
          entities.push({
            type: tag.argument === "" ? "blockquote" : "expandable_blockquote",
            offset,
            length: entityLength,
          });
          break;
      }
    }
    open.pop();
  }

  const unclosed = open.at(-1);
  if (unclosed !== undefined) fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  if (decodedSurrogate) {
    fail(
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    );
  }
  for (const entity of entities) delete entity.codeLanguage;
  return { text: out, entities: sortEntities(entities) };
}

/** tdlib's decode_html_entity: &lt; &gt; &amp; &quot; and &#NNN; / &#xHH; (the `;` is optional). */
export function decodeHtmlEntity(input: string, position: number): { code: number; end: number } | undefined {
  const at = (index: number): string => (index < input.length ? input.charAt(index) : "\0");
  let end = position + 1;
  let code = 0;
  if (at(position + 1) === "#") {
    end++;
    if (at(position + 2) === "x") {
      end++;
      while (/[0-9a-fA-F]/.test(at(end))) {
        code = code * 16 + Number.parseInt(at(end), 16);
        end++;
      }
    } else {
      while (/[0-9]/.test(at(end))) {
        code = code * 10 + Number(at(end));
        end++;
      }
    }
    if (code === 0 || code >= 0x10ffff || end - position >= 10) return undefined;
  } else {
    while (/[A-Za-z]/.test(at(end))) end++;
    const name = input.slice(position + 1, end);
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    const value = named[name];
    if (value === undefined) return undefined;
    code = value;
  }
  if (at(end) === ";") end++;
  return { code, end };
}
