import { describe, expect, it } from "vitest";
import { visibleLength } from "../../src/bot/telegram/html.js";
import { splitHtml, truncateHtml } from "../../src/bot/telegram/telegram-text.js";

/** Every tag opened in a chunk is closed in it, in order. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (match[1]) {
      if (stack.pop() !== match[2]) return false;
    } else stack.push(match[2] ?? "");
  }
  return stack.length === 0;
}

describe("splitHtml", () => {
  it("keeps short text whole", () => {
    expect(splitHtml("<b>Hi</b> there")).toEqual(["<b>Hi</b> there"]);
  });

  it("splits between paragraphs, never over the limit", () => {
    const paragraph = `<b>Title</b> ${"word ".repeat(150).trim()}.`;
    const html = Array.from({ length: 12 }, () => paragraph).join("\n\n");
    const chunks = splitHtml(html, 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(visibleLength(chunk)).toBeLessThanOrEqual(4096);
      expect(balanced(chunk)).toBe(true);
      expect(chunk.startsWith("<b>Title</b>")).toBe(true);
    }
    expect(chunks.join("\n\n")).toBe(html);
  });

  it("splits one huge paragraph between words and reopens tags that span the break", () => {
    const html = `<i>${"ძალიან გრძელი წინადადება. ".repeat(400)}</i>`;
    const chunks = splitHtml(html, 1000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(visibleLength(chunk)).toBeLessThanOrEqual(1000);
      expect(balanced(chunk)).toBe(true);
      expect(chunk).toMatch(/^<i>/);
      expect(chunk).not.toMatch(/ძალიან გრძელ$/);
    }
  });

  it("counts an entity as one character and never cuts inside it", () => {
    const html = "&amp; ".repeat(3000);
    const chunks = splitHtml(html, 4096);
    for (const chunk of chunks) {
      expect(visibleLength(chunk)).toBeLessThanOrEqual(4096);
      expect(chunk).not.toMatch(/&(a|am|amp)?$/);
    }
  });
});

describe("truncateHtml", () => {
  it("leaves captions within the limit untouched", () => {
    expect(truncateHtml("<b>a</b> b", 1024)).toBe("<b>a</b> b");
  });

  it("shortens to the limit with an ellipsis, tags closed", () => {
    const html = `<b>სათაური</b>\n\n<i>${"აღწერა და კიდევ აღწერა, ".repeat(80)}</i>`;
    const short = truncateHtml(html, 1024);
    expect(visibleLength(short)).toBeLessThanOrEqual(1024);
    expect(short).toMatch(/…<\/i>$/);
    expect(balanced(short)).toBe(true);
    expect(short.startsWith("<b>სათაური</b>\n\n<i>")).toBe(true);
  });
});
