/**
 * A start-up check that content is HTML Telegram will accept: only its tags, balanced and
 * properly nested, links to http(s) addresses, every `&` starting an entity and no stray `<`.
 * The end-to-end tests run the texts through a port of Telegram's own parser as well; this
 * check exists so that a bad edit stops the bot at start-up instead of failing a screen later.
 */

/** Telegram's formatting tags that take no attributes (`<a>`, `<span>`, `<tg-emoji>` do). */
export const FORMATTING_TAGS: ReadonlySet<string> = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "tg-spoiler",
  "code",
  "pre",
  "blockquote",
]);

/** An HTML entity Telegram understands: the four named ones and numeric ones. */
export const HTML_ENTITY = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

/** The tags content may use (src/content/README.md: b, i, u, s, a, code, blockquote and synonyms). */
const ALLOWED_TAGS = new Set([...FORMATTING_TAGS, "a"].filter((tag) => tag !== "tg-spoiler"));

const TOKEN = /<[^>]*>?|&[^;\s<>&]*;?/g;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*"[^"]*")*)\s*>$/;
const ENTITY = new RegExp(`${HTML_ENTITY.source}$`);
const HREF = /^\s+href\s*=\s*"(https?:\/\/[^"\s]+)"\s*$/;

/** The first problem Telegram would have with this HTML, or undefined when there is none. */
export function telegramHtmlProblem(html: string): string | undefined {
  const open: string[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("&")) {
      if (!ENTITY.test(token)) return `has an unescaped "&" near "${token.slice(0, 12)}" (write &amp;)`;
      continue;
    }
    const tag = TAG.exec(token);
    if (!tag) return `has a stray "<" near "${token.slice(0, 20)}" (write &lt;)`;
    const [, closing, rawName = "", attributes = ""] = tag;
    const name = rawName.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return `uses <${name}>, which Telegram does not support`;
    if (closing) {
      if (attributes.trim() !== "") return `has attributes on the closing tag </${name}>`;
      if (open.at(-1) !== name)
        return `closes </${name}> where ${open.length ? `<${open.at(-1)}>` : "nothing"} is open`;
      open.pop();
      continue;
    }
    if (name === "a" && !HREF.test(attributes)) return `has a link without a plain href="https://…"`;
    if (name !== "a" && attributes.trim() !== "") return `has attributes on <${name}>`;
    open.push(name);
  }
  if (open.length > 0) return `leaves <${open.at(-1)}> open`;
  return undefined;
}
