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

type MarkdownEntity =
  | "bold"
  | "italic"
  | "underline"
  | "strikethrough"
  | "spoiler"
  | "code"
  | "pre"
  | "text_link"
  | "custom_emoji"
  | "blockquote";

/** tdlib's names for entity types, as they appear in its error messages. */
const TDLIB_NAMES: Record<MarkdownEntity, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
  blockquote: "BlockQuote",
};

interface OpenEntity {
  type: MarkdownEntity;
  argument: string;
  /** UTF-16 offset in the output. */
  offset: number;
  /** Index of the opening character in the input. */
  inputIndex: number;
}

const isEscapable = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return code > 0 && code <= 126;
};

/**
 * MarkdownV2 (a port of tdlib's parse_markdown_v2): reserved characters must be escaped outside of
 * code, entities nest, and errors name the entity and its byte offset like Telegram does.
 */
export function parseMarkdownV2(input: string, options: ParseOptions = {}): ParsedText {
  const length = input.length;
  const at = (index: number): string => (index < length ? input.charAt(index) : "\0");
  const fail: (message: string) => never = (message) => {
    throw new EntityParseError(message);
  };
  const reservedError: (char: string) => never = (char) =>
    fail(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
  const cantFindEnd: (entity: OpenEntity) => never = (entity) => {
    const name = entity.type === "pre" && entity.argument !== "" ? "PreCode" : TDLIB_NAMES[entity.type];
    return fail(`Can't find end of ${name} entity at byte offset ${byteOffset(input, entity.inputIndex)}`);
  };
  const readUrl = (start: number): { url: string; end: number } => {
    let index = start;
    let url = "";
    while (index < length && at(index) !== ")") {
      if (at(index) === "\\" && isEscapable(at(index + 1))) {
        url += at(index + 1);
        index += 2;
        continue;
      }
      url += at(index);
      index++;
    }
    if (at(index) !== ")") fail(`Can't find end of a URL at byte offset ${byteOffset(input, start)}`);
    return { url, end: index };
  };

  let out = "";
  const entities: WireEntity[] = [];
  const open: OpenEntity[] = [];
  let haveBlockquote = false;
  let canStartBlockquote = true;

  for (let i = 0; i < length; i++) {
    const char = at(i);
    if (char === "\\" && isEscapable(at(i + 1))) {
      i++;
      out += at(i);
      if (at(i) !== "\r") canStartBlockquote = at(i) === "\n";
      continue;
    }

    const top = open.at(-1);
    const reserved = top?.type === "code" || top?.type === "pre" ? "`" : "_*[]()~`>#+-=|{}.!\n";
    if (!reserved.includes(char)) {
      out += char;
      if (char !== "\r") canStartBlockquote = false;
      continue;
    }

    const isEnd = ((): boolean => {
      if (top === undefined) return false;
      if (haveBlockquote && char === "\n" && (i + 1 === length || at(i + 1) !== ">")) return true;
      switch (top.type) {
        case "bold":
          return char === "*";
        case "italic":
          return char === "_" && at(i + 1) !== "_";
        case "code":
          return char === "`";
        case "pre":
          return char === "`" && at(i + 1) === "`" && at(i + 2) === "`";
        case "text_link":
        case "custom_emoji":
          return char === "]";
        case "underline":
          return char === "_" && at(i + 1) === "_";
        case "strikethrough":
          return char === "~";
        case "spoiler":
          return char === "|" && at(i + 1) === "|";
        case "blockquote":
          return false;
      }
    })();

    if (!isEnd) {
      const inputIndex = i;
      let type: MarkdownEntity;
      let argument = "";
      switch (char) {
        case "_":
          if (at(i + 1) === "_") {
            type = "underline";
            i++;
          } else {
            type = "italic";
          }
          break;
        case "*":
          type = "bold";
          break;
        case "~":
          type = "strikethrough";
          break;
        case "|":
          if (at(i + 1) !== "|") reservedError(char);
          i++;
          type = "spoiler";
          break;
        case "[":
          type = "text_link";
          break;
        case "`":
          if (at(i + 1) === "`" && at(i + 2) === "`") {
            i += 3;
            type = "pre";
            let languageEnd = i;
            while (!isSpace(at(languageEnd)) && at(languageEnd) !== "`") languageEnd++;
            if (i !== languageEnd && languageEnd < length && at(languageEnd) !== "`") {
              argument = input.slice(i, languageEnd);
              i = languageEnd;
            }
            if (at(i) === "\n" || at(i) === "\r") {
              i += (at(i + 1) === "\n" || at(i + 1) === "\r") && at(i) !== at(i + 1) ? 2 : 1;
            }
            i--;
          } else {
            type = "code";
          }
          break;
        case "!":
          if (at(i + 1) !== "[") reservedError(char);
          i++;
          type = "custom_emoji";
          break;
        case "\n":
          out += "\n";
          canStartBlockquote = true;
          continue;
        case ">":
          if (!canStartBlockquote) reservedError(char);
          if (haveBlockquote) continue;
          type = "blockquote";
          haveBlockquote = true;
          break;
        default:
          return reservedError(char);
      }
      open.push({ type, argument, offset: out.length, inputIndex });
      continue;
    }

    // The end of an entity.
    let current = top as OpenEntity;
    let expandable = false;
    if (char === "\n" && current.type !== "blockquote") {
      const spoilerRightBefore =
        current.type === "spoiler" &&
        (current.inputIndex === i - 2 || (current.inputIndex === i - 3 && out.endsWith("\r")));
      if (!spoilerRightBefore) cantFindEnd(current);
      open.pop();
      const outer = open.at(-1);
      if (outer?.type !== "blockquote") return cantFindEnd(outer ?? current);
      current = outer;
      expandable = true;
    }

    let skip = out.length === current.offset;
    let entity: WireEntity | undefined;
    switch (current.type) {
      case "bold":
      case "italic":
      case "code":
      case "strikethrough":
        entity = { type: current.type, offset: current.offset, length: 0 };
        break;
      case "underline":
      case "spoiler":
        i++;
        entity = { type: current.type, offset: current.offset, length: 0 };
        break;
      case "pre":
        i += 2;
        entity = {
          type: "pre",
          offset: current.offset,
          length: 0,
          ...(current.argument === "" ? {} : { language: current.argument }),
        };
        break;
      case "text_link": {
        let url: string;
        if (at(i + 1) !== "(") {
          url = out.slice(current.offset);
        } else {
          const read = readUrl(i + 2);
          url = read.url;
          i = read.end;
        }
        const userId = linkUserId(url);
        if (userId !== undefined) {
          entity = { type: "text_mention", offset: current.offset, length: 0, user: textMention(userId, options) };
        } else {
          const checked = checkedLink(url);
          if (checked === "") skip = true;
          entity = { type: "text_link", offset: current.offset, length: 0, url: checked };
        }
        break;
      }
      case "custom_emoji": {
        if (at(i + 1) !== "(") fail("The entity must contain a tg://emoji or tg://time URL");
        const read = readUrl(i + 2);
        i = read.end;
        const emojiId = /^tg:\/\/emoji\?id=(\d+)$/i.exec(read.url)?.[1];
        const unixTime = /^tg:\/\/time\?unix=(\d+)/i.exec(read.url)?.[1];
        if (emojiId !== undefined) {
          entity = { type: "custom_emoji", offset: current.offset, length: 0, custom_emoji_id: emojiId };
        } else if (unixTime !== undefined) {
          entity = { type: "date_time", offset: current.offset, length: 0, unix_time: Number(unixTime) };
        } else {
          fail("Invalid tg://emoji or tg://time URL specified");
        }
        break;
      }
      case "blockquote":
        haveBlockquote = false;
        out += char;
        canStartBlockquote = true;
        skip = false;
        entity = { type: expandable ? "expandable_blockquote" : "blockquote", offset: current.offset, length: 0 };
        break;
    }
    if (!skip && entity !== undefined) {
      entity.length = out.length - current.offset;
      entities.push(entity);
    }
    open.pop();
  }

  if (haveBlockquote) {
    let top = open.at(-1);
    let type = "blockquote";
    if (top?.type === "spoiler" && top.inputIndex === length - 2) {
      open.pop();
      top = open.at(-1);
      type = "expandable_blockquote";
    }
    if (top?.type === "blockquote") {
      if (out.length > top.offset) entities.push({ type, offset: top.offset, length: out.length - top.offset });
      open.pop();
    }
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) cantFindEnd(unclosed);
  return { text: out, entities: sortEntities(entities) };
}

/** Legacy Markdown (parse_mode "Markdown"): *bold*, _italic_, `code`, ```pre```, [text](url). */
export function parseLegacyMarkdown(input: string, options: ParseOptions = {}): ParsedText {
  const length = input.length;
  const at = (index: number): string => (index < length ? input.charAt(index) : "\0");
  let out = "";
  const entities: WireEntity[] = [];

  for (let i = 0; i < length; i++) {
    const char = at(i);
    if (char === "\\" && "_*`[".includes(at(i + 1)) && at(i + 1) !== "\0") {
      i++;
      out += at(i);
      continue;
    }
    if (!"_*`[".includes(char)) {
      out += char;
      continue;
    }

    const begin = i;
    const endChar = char === "[" ? "]" : char;
    let isPre = false;
    let language = "";
    i++;
    if (char === "`" && at(i) === "`" && at(i + 1) === "`") {
      i += 2;
      isPre = true;
      let languageEnd = i;
      while (!isSpace(at(languageEnd)) && at(languageEnd) !== "`") languageEnd++;
      if (i !== languageEnd && languageEnd < length && at(languageEnd) !== "`") {
        language = input.slice(i, languageEnd);
        i = languageEnd;
      }
      if (at(i) === "\n" || at(i) === "\r") {
        i += (at(i + 1) === "\n" || at(i + 1) === "\r") && at(i) !== at(i + 1) ? 2 : 1;
      }
    }

    const offset = out.length;
    while (i < length && (at(i) !== endChar || (isPre && !(at(i + 1) === "`" && at(i + 2) === "`")))) {
      out += at(i);
      i++;
    }
    if (i === length) {
      throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(input, begin)}`);
    }
    if (out.length !== offset) {
      const entityLength = out.length - offset;
      if (char === "_") entities.push({ type: "italic", offset, length: entityLength });
      else if (char === "*") entities.push({ type: "bold", offset, length: entityLength });
      else if (char === "`") {
        entities.push(
          isPre
            ? { type: "pre", offset, length: entityLength, ...(language === "" ? {} : { language }) }
            : { type: "code", offset, length: entityLength },
        );
      } else {
        let url = "";
        if (at(i + 1) !== "(") {
          url = input.slice(begin + 1, i);
        } else {
          i += 2;
          while (i < length && at(i) !== ")") {
            url += at(i);
            i++;
          }
        }
        const userId = linkUserId(url);
        if (userId !== undefined) {
          entities.push({ type: "text_mention", offset, length: entityLength, user: textMention(userId, options) });
        } else {
          const checked = checkedLink(url);
          if (checked !== "") entities.push({ type: "text_link", offset, length: entityLength, url: checked });
        }
      }
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
