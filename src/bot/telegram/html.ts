/** Escapes text for Telegram's HTML parse mode (the only three characters it requires, plus quotes for attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** The text a person sees once Telegram has parsed the HTML: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot);/g, (_, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? "";
  });
}

/** Telegram counts limits in UTF-16 code units of the parsed text, as JavaScript's `length` does. */
export function visibleLength(html: string): number {
  return visibleText(html).length;
}
