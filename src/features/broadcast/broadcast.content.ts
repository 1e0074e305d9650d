import type { Message, MessageEntity } from "grammy/types";
import { escapeHtml, visibleLength } from "../../bot/telegram/html.js";
import { FORMATTING_TAGS, HTML_ENTITY } from "../../bot/telegram/telegram-html.js";
import { CAPTION_LIMIT, MESSAGE_LIMIT } from "../../bot/telegram/telegram-text.js";
import type { DeliveryContent } from "../../delivery/delivery.content.js";

/** Why a message can't be broadcast as it is: an i18n key of the broadcast namespace, with values. */
export interface ContentProblem {
  key: string;
  values?: Record<string, string | number>;
}

export type ComposeResult = { ok: true; content: DeliveryContent } | { ok: false; problem: ContentProblem };

// ── Telegram entities → HTML ─────────────────────────────────────────────────

function openTag(entity: MessageEntity): string | undefined {
  switch (entity.type) {
    case "bold":
      return "<b>";
    case "italic":
      return "<i>";
    case "underline":
      return "<u>";
    case "strikethrough":
      return "<s>";
    case "spoiler":
      return "<tg-spoiler>";
    case "code":
      return "<code>";
    case "pre":
      return entity.language ? `<pre><code class="language-${escapeHtml(entity.language)}">` : "<pre>";
    case "text_link":
      return `<a href="${escapeHtml(entity.url)}">`;
    case "blockquote":
      return "<blockquote>";
    case "expandable_blockquote":
      return "<blockquote expandable>";
    case "custom_emoji":
      return `<tg-emoji emoji-id="${escapeHtml(entity.custom_emoji_id)}">`;
    default:
      // Mentions, links, hashtags… are recognised by Telegram again in the sent text. A
      // text_mention would carry someone's user id into every copy: it is dropped on purpose.
      return undefined;
  }
}

function closeTag(entity: MessageEntity): string {
  const open = openTag(entity) ?? "";
  if (entity.type === "pre" && open.includes("<code")) return "</code></pre>";
  const name = /^<([a-z-]+)/.exec(open)?.[1] ?? "";
  return `</${name}>`;
}

/**
 * Turns a message's text and entities (what Telegram's formatting produced) into Telegram HTML.
 * Offsets are UTF-16 code units, as JavaScript strings count. Entities that overlap without
 * nesting are closed and reopened around each other, so the result is always well nested.
 */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const formatting = entities
    .filter((e) => openTag(e) !== undefined && e.length > 0 && e.offset < text.length)
    .map((e) => ({ ...e, end: Math.min(text.length, e.offset + e.length) }))
    .sort((a, b) => a.offset - b.offset || b.end - a.end);
  const cuts = new Set<number>([0, text.length]);
  for (const e of formatting) {
    cuts.add(e.offset);
    cuts.add(e.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const stack: typeof formatting = [];
  let html = "";
  let next = 0;
  for (const [index, at] of points.entries()) {
    // Close what ends here (innermost first); what was opened inside it and goes on is reopened.
    const depth = stack.findIndex((e) => e.end <= at);
    if (depth >= 0) {
      const popped = stack.splice(depth);
      for (const e of popped.toReversed()) html += closeTag(e);
      for (const e of popped.filter((e) => e.end > at)) {
        html += openTag(e);
        stack.push(e);
      }
    }
    while (next < formatting.length && formatting[next]?.offset === at) {
      const e = formatting[next++];
      if (!e) break;
      html += openTag(e);
      stack.push(e);
    }
    const until = points[index + 1];
    if (until !== undefined) html += escapeHtml(text.slice(at, until));
  }
  for (const e of stack.toReversed()) html += closeTag(e);
  return html;
}

// ── HTML the operator typed → HTML Telegram accepts ─────────────────────────

const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/;
const ATTRIBUTE = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const SAFE_URL = /^(?:https?:\/\/|tg:\/\/|mailto:)[^\s]+$/i;

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes.set((match[1] ?? "").toLowerCase(), match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attributes;
}

/** The canonical opening tag for a Telegram tag with its attributes, or a problem. */
function canonicalOpen(name: string, attributes: Map<string, string>): string | ContentProblem {
  if (FORMATTING_TAGS.has(name)) {
    if (name === "blockquote" && attributes.has("expandable")) return "<blockquote expandable>";
    if (name === "code" && attributes.get("class")?.startsWith("language-")) {
      return `<code class="${escapeHtml(attributes.get("class") ?? "")}">`;
    }
    return `<${name}>`;
  }
  if (name === "span") {
    return attributes.get("class") === "tg-spoiler" ? '<span class="tg-spoiler">' : { key: "problem.spanClass" };
  }
  if (name === "a") {
    const href = attributes.get("href")?.trim() ?? "";
    return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}">` : { key: "problem.link", values: { href } };
  }
  if (name === "tg-emoji") {
    const id = attributes.get("emoji-id") ?? "";
    return /^\d{1,20}$/.test(id) ? `<tg-emoji emoji-id="${id}">` : { key: "problem.emoji" };
  }
  return { key: "problem.tag", values: { tag: name } };
}

const KNOWN_TAGS = new Set([...FORMATTING_TAGS, "span", "a", "tg-emoji"]);

/**
 * Checks HTML an operator typed as plain text and makes it safe to send: Telegram's own tags
 * are kept (re-written in a canonical form), a `<` or `&` that starts no tag or entity is
 * escaped, so "Tom & Jerry <3" stays as written. What would still be refused — a tag left
 * open, closed in the wrong order, a link that is not http(s) — is reported, to be fixed.
 */
export function sanitizeHtml(input: string): { ok: true; html: string } | { ok: false; problem: ContentProblem } {
  let html = "";
  const open: string[] = [];
  let rest = input;
  while (rest.length > 0) {
    const lt = rest.search(/[<&]/);
    if (lt === -1) {
      html += rest.replace(/>/g, "&gt;");
      break;
    }
    html += rest.slice(0, lt).replace(/>/g, "&gt;");
    rest = rest.slice(lt);
    if (rest.startsWith("&")) {
      const entity = HTML_ENTITY.exec(rest)?.[0];
      html += entity ?? "&amp;";
      rest = rest.slice(entity?.length ?? 1);
      continue;
    }
    const tag = TAG.exec(rest);
    const name = tag?.[2]?.toLowerCase();
    if (!tag || !name || !KNOWN_TAGS.has(name)) {
      html += "&lt;";
      rest = rest.slice(1);
      continue;
    }
    rest = rest.slice(tag[0].length);
    if (tag[1] === "/") {
      const expected = open.pop();
      if (expected !== name) {
        return {
          ok: false,
          problem: expected
            ? { key: "problem.order", values: { tag: name, open: expected } }
            : { key: "problem.stray", values: { tag: name } },
        };
      }
      html += `</${name}>`;
      continue;
    }
    const canonical = canonicalOpen(name, attributesOf(tag[3] ?? ""));
    if (typeof canonical !== "string") return { ok: false, problem: canonical };
    open.push(name);
    html += canonical;
  }
  const unclosed = open.pop();
  if (unclosed) return { ok: false, problem: { key: "problem.unclosed", values: { tag: unclosed } } };
  return { ok: true, html };
}

// ── A message from the operator → a broadcast ────────────────────────────────

function checkLength(html: string, limit: number): ContentProblem | undefined {
  const length = visibleLength(html);
  if (length === 0 && limit === MESSAGE_LIMIT) return { key: "problem.empty" };
  // `count` picks the plural form of "characters" in each language.
  if (length > limit) return { key: "problem.tooLong", values: { count: length, limit } };
  return undefined;
}

/** Formatted text from a message: its entities when it has any, else the HTML typed into it. */
function formatted(
  text: string,
  entities: MessageEntity[] | undefined,
): { ok: true; html: string } | { ok: false; problem: ContentProblem } {
  const usable = (entities ?? []).filter((e) => openTag(e) !== undefined);
  if (usable.length > 0) return { ok: true, html: entitiesToHtml(text, usable) };
  return sanitizeHtml(text);
}

/**
 * What to broadcast for a message the operator sent: text becomes HTML, a photo or video is
 * sent again by its file_id with its caption, and everything else (documents, voice, polls,
 * stickers, albums' first item…) is copied from the operator's chat.
 */
export function composeFromMessage(message: Message): ComposeResult {
  if (message.text !== undefined) {
    const result = formatted(message.text, message.entities);
    if (!result.ok) return result;
    const problem = checkLength(result.html, MESSAGE_LIMIT);
    if (problem) return { ok: false, problem };
    return {
      ok: true,
      content: { kind: "text", html: result.html, linkPreview: message.link_preview_options?.is_disabled !== true },
    };
  }
  const media = message.photo
    ? { kind: "photo" as const, fileId: message.photo.at(-1)?.file_id }
    : message.video
      ? { kind: "video" as const, fileId: message.video.file_id }
      : undefined;
  if (media?.fileId) {
    const result = formatted(message.caption ?? "", message.caption_entities);
    if (!result.ok) return result;
    const problem = checkLength(result.html, CAPTION_LIMIT);
    if (problem) return { ok: false, problem };
    return { ok: true, content: { kind: media.kind, fileId: media.fileId, caption: result.html } };
  }
  return { ok: true, content: { kind: "copy", fromChat: message.chat.id, messageId: message.message_id } };
}
