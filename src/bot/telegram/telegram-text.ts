import { visibleLength } from "./html.js";

/** Telegram's limits, counted on the text after entity parsing. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

interface Token {
  kind: "open" | "close" | "text";
  raw: string;
  /** Tag name for open/close tokens. */
  name?: string;
  /** Visible characters for text tokens (an entity such as &amp; counts as one). */
  size: number;
}

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:#x[0-9a-fA-F]+|#\d+|[a-z]+);|[^<&]+|[<&]/g;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const raw = match[0];
    if (match[1]) {
      tokens.push({ kind: raw.startsWith("</") ? "close" : "open", raw, name: match[1].toLowerCase(), size: 0 });
    } else if (raw.startsWith("&") && raw.length > 1) {
      tokens.push({ kind: "text", raw, size: 1 });
    } else {
      // Split text into words with their trailing whitespace so chunks can break between them.
      for (const word of raw.match(/\S+\s*|\s+/g) ?? []) tokens.push({ kind: "text", raw: word, size: word.length });
    }
  }
  return tokens;
}

/**
 * Cuts one paragraph into pieces of at most `limit` visible characters, breaking between words
 * (after a sentence where one ends late enough), and closing then reopening any tags that span
 * a break so that every piece is valid Telegram HTML on its own.
 */
function splitParagraph(paragraph: string, limit: number): string[] {
  const pieces: string[] = [];
  const open: Token[] = [];
  let current = "";
  let size = 0;
  const closeAll = () =>
    [...open]
      .reverse()
      .map((tag) => `</${tag.name}>`)
      .join("");
  const reopenAll = () => open.map((tag) => tag.raw).join("");
  for (const token of tokenize(paragraph)) {
    if (token.kind === "open") {
      open.push(token);
      current += token.raw;
      continue;
    }
    if (token.kind === "close") {
      const index = open.map((tag) => tag.name).lastIndexOf(token.name);
      if (index >= 0) open.splice(index, 1);
      current += token.raw;
      continue;
    }
    let raw = token.raw;
    let tokenSize = token.size;
    while (size + tokenSize > limit) {
      if (size > 0) {
        pieces.push(current.trimEnd() + closeAll());
        current = reopenAll();
        size = 0;
        raw = raw.trimStart();
        tokenSize = raw.startsWith("&") ? 1 : raw.length;
        continue;
      }
      // A single word longer than the limit (a long URL): cut it hard.
      pieces.push(current + raw.slice(0, limit) + closeAll());
      current = reopenAll();
      raw = raw.slice(limit);
      tokenSize = raw.length;
    }
    current += raw;
    size += tokenSize;
  }
  if (visibleLength(current) > 0 || pieces.length === 0) pieces.push(current.trimEnd());
  return pieces;
}

/**
 * Splits HTML into messages of at most `limit` visible characters: between paragraphs (blank
 * lines) where possible, else between lines, else between words — never inside a tag or entity.
 */
export function splitHtml(html: string, limit = MESSAGE_LIMIT): string[] {
  const text = html.trim();
  if (visibleLength(text) <= limit) return [text];
  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "") chunks.push(current.trim());
    current = "";
  };
  const add = (block: string, separator: string) => {
    const candidate = current === "" ? block : current + separator + block;
    if (visibleLength(candidate) <= limit) {
      current = candidate;
      return true;
    }
    return false;
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    if (add(paragraph, "\n\n")) continue;
    flush();
    if (add(paragraph, "\n\n")) continue;
    for (const line of paragraph.split("\n")) {
      if (add(line, "\n")) continue;
      flush();
      if (add(line, "\n")) continue;
      const pieces = splitParagraph(line, limit);
      chunks.push(...pieces.slice(0, -1));
      current = pieces.at(-1) ?? "";
    }
  }
  flush();
  return chunks;
}

/**
 * Shortens HTML to at most `limit` visible characters, ending with "…" at a word boundary and
 * with every tag closed. Used for captions, where Telegram allows 1024 characters.
 */
export function truncateHtml(html: string, limit = CAPTION_LIMIT): string {
  if (visibleLength(html) <= limit) return html;
  const [first] = splitParagraph(html.replace(/\n/g, "\u2028"), limit - 1);
  return `${(first ?? "").replace(/\u2028/g, "\n").replace(/[\s,;:.–—-]+((?:<\/[a-z-]+>)*)$/i, "$1")}…`.replace(
    /((?:<\/[a-z-]+>)+)…$/i,
    "…$1",
  );
}
