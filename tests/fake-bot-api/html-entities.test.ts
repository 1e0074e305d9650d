import { describe, expect, test } from "vitest";
import { fixFormattedText, parseFormatted } from "../support/fake-bot-api/formatted-text.js";
import { parseHtml } from "../support/fake-bot-api/html-entities.js";
import { parseMarkdownV2 } from "../support/fake-bot-api/markdown.js";

const lenient = { strictAmpersand: false };

describe("Telegram's HTML parse mode", () => {
  test("turns supported tags into entities with UTF-16 offsets", () => {
    expect(parseHtml("<b>bold</b> <strong>s</strong> <i>it</i> <em>e</em> <u>u</u> <ins>n</ins>")).toEqual({
      text: "bold s it e u n",
      entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "bold", offset: 5, length: 1 },
        { type: "italic", offset: 7, length: 2 },
        { type: "italic", offset: 10, length: 1 },
        { type: "underline", offset: 12, length: 1 },
        { type: "underline", offset: 14, length: 1 },
      ],
    });
    expect(parseHtml("<s>a</s><strike>b</strike><del>c</del>").entities.map((e) => e.type)).toEqual([
      "strikethrough",
      "strikethrough",
      "strikethrough",
    ]);
    expect(parseHtml("😀<b>x</b>").entities).toEqual([{ type: "bold", offset: 2, length: 1 }]);
  });

  test("nests entities, outer first", () => {
    expect(parseHtml("<b>a<i>b</i></b>")).toEqual({
      text: "ab",
      entities: [
        { type: "bold", offset: 0, length: 2 },
        { type: "italic", offset: 1, length: 1 },
      ],
    });
  });

  test("links, spoilers, quotes, custom emoji and code blocks", () => {
    expect(parseHtml('<a href="https://example.com/?a=1&amp;b=2">x</a>').entities).toEqual([
      { type: "text_link", offset: 0, length: 1, url: "https://example.com/?a=1&b=2" },
    ]);
    expect(parseHtml('<a href="tg://user?id=42">Ann</a>').entities[0]).toMatchObject({
      type: "text_mention",
      user: { id: 42 },
    });
    expect(parseHtml('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>').entities).toEqual([
      { type: "spoiler", offset: 0, length: 1 },
      { type: "spoiler", offset: 1, length: 1 },
    ]);
    expect(parseHtml("<blockquote>q</blockquote><blockquote expandable>e</blockquote>").entities).toEqual([
      { type: "blockquote", offset: 0, length: 1 },
      { type: "expandable_blockquote", offset: 1, length: 1 },
    ]);
    expect(parseHtml('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>').entities).toEqual([
      { type: "custom_emoji", offset: 0, length: 2, custom_emoji_id: "5368324170671202286" },
    ]);
    expect(parseHtml('<pre><code class="language-ts">let a</code></pre>').entities).toEqual([
      { type: "pre", offset: 0, length: 5, language: "ts" },
    ]);
    expect(parseHtml('<pre>x</pre><code class="language-ts">y</code>').entities).toEqual([
      { type: "pre", offset: 0, length: 1 },
      { type: "code", offset: 1, length: 1 },
    ]);
  });

  test("decodes the four named entities and numeric ones", () => {
    expect(parseHtml("&lt;b&gt; &amp; &quot; &#65;&#x42;&#x10D0;").text).toBe('<b> & " ABა');
    expect(parseHtml("&lt no semicolon").text).toBe("< no semicolon");
  });

  test.each([
    ["<br>", 'Unsupported start tag "br" at byte offset 0'],
    ["a < b", 'Unsupported start tag "" at byte offset 2'],
    // Byte offsets: each Georgian letter is 3 bytes in UTF-8.
    ["გამარჯობა <p>", 'Unsupported start tag "p" at byte offset 28'],
    ["<b>bold", `Can't find end tag corresponding to start tag "b"`],
    ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["x</b>", "Unexpected end tag at byte offset 1"],
    ["<b", "Unclosed start tag at byte offset 0"],
    ["<b>x</b", "Unclosed end tag at byte offset 4"],
    ["<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ["<a href=https://x.com>x</a>", "Unexpected end of name token at byte offset 8"],
    ['<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"],
  ])("rejects %j like Telegram", (input, message) => {
    expect(() => parseHtml(input)).toThrow(message);
  });

  test("a bare & is kept by Telegram but rejected in strict mode", () => {
    expect(parseHtml("Tom & Jerry &nbsp;", lenient).text).toBe("Tom & Jerry &nbsp;");
    expect(() => parseHtml("Tom & Jerry")).toThrow(/Character '&' at byte offset 4/);
  });

  test('through the API pipeline: errors get the "can\'t parse entities" prefix', () => {
    expect(() => parseFormatted("<br>", "HTML", undefined, lenient)).toThrow(
      `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 0`,
    );
    expect(() => parseFormatted("x", "html5", undefined, lenient)).toThrow("Bad Request: unsupported parse_mode");
    expect(parseFormatted("<b>x</b>", "none", undefined, lenient).text).toBe("<b>x</b>");
  });
});

describe("MarkdownV2 (minimal)", () => {
  test("parses the common entities", () => {
    expect(parseMarkdownV2("*b* _i_ __u__ ~s~ ||p|| `c` [l](https://t.me/x)")).toEqual({
      text: "b i u s p c l",
      entities: [
        { type: "bold", offset: 0, length: 1 },
        { type: "italic", offset: 2, length: 1 },
        { type: "underline", offset: 4, length: 1 },
        { type: "strikethrough", offset: 6, length: 1 },
        { type: "spoiler", offset: 8, length: 1 },
        { type: "code", offset: 10, length: 1 },
        { type: "text_link", offset: 12, length: 1, url: "https://t.me/x" },
      ],
    });
    expect(parseMarkdownV2("```ts\nlet a\n```").entities).toEqual([
      { type: "pre", offset: 0, length: 6, language: "ts" },
    ]);
    expect(parseMarkdownV2("1\\. done\\!").text).toBe("1. done!");
  });

  test("rejects unescaped reserved characters and unclosed entities", () => {
    expect(() => parseMarkdownV2("Hello.")).toThrow(
      `Character '.' is reserved and must be escaped with the preceding '\\'`,
    );
    expect(() => parseMarkdownV2("*bold")).toThrow(`Can't find end of Bold entity at byte offset 0`);
  });
});

describe("text normalisation", () => {
  test("trims like tdlib and detects commands, mentions and links", () => {
    expect(fixFormattedText({ text: "  \n hi /start @someone https://t.me/x  \n", entities: [] })).toEqual({
      text: "hi /start @someone https://t.me/x",
      entities: [
        { type: "bot_command", offset: 3, length: 6 },
        { type: "mention", offset: 10, length: 8 },
        { type: "url", offset: 19, length: 14 },
      ],
    });
    expect(fixFormattedText({ text: " \n\t ", entities: [] })).toBeUndefined();
  });
});
