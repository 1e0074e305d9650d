import type { Message, MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createI18n } from "../../../src/bot/i18n.js";
import { composeFromMessage, entitiesToHtml, sanitizeHtml } from "../../../src/features/broadcast/broadcast.content.js";

const e = (type: MessageEntity["type"], offset: number, length: number, extra: object = {}) =>
  ({ type, offset, length, ...extra }) as MessageEntity;

const message = (fields: Partial<Message>): Message =>
  ({ message_id: 7, date: 0, chat: { id: 7301234567, type: "private", first_name: "Op" }, ...fields }) as Message;

describe("entitiesToHtml", () => {
  it("turns Telegram formatting into HTML and escapes the text", () => {
    expect(entitiesToHtml("Hi <you> & me", [e("bold", 0, 2)])).toBe("<b>Hi</b> &lt;you&gt; &amp; me");
    expect(entitiesToHtml("see site", [e("text_link", 4, 4, { url: "https://x.org/?a=1&b=2" })])).toBe(
      'see <a href="https://x.org/?a=1&amp;b=2">site</a>',
    );
    expect(entitiesToHtml("x = 1", [e("pre", 0, 5, { language: "js" })])).toBe(
      '<pre><code class="language-js">x = 1</code></pre>',
    );
    expect(entitiesToHtml("quote", [e("expandable_blockquote", 0, 5)])).toBe(
      "<blockquote expandable>quote</blockquote>",
    );
  });

  it("nests entities and closes then reopens ones that overlap", () => {
    expect(entitiesToHtml("bold italic", [e("bold", 0, 11), e("italic", 5, 6)])).toBe("<b>bold <i>italic</i></b>");
    expect(entitiesToHtml("abcdef", [e("bold", 0, 4), e("italic", 2, 4)])).toBe("<b>ab<i>cd</i></b><i>ef</i>");
  });

  it("counts offsets in UTF-16 like Telegram (emoji, Georgian)", () => {
    expect(entitiesToHtml("👋 გამარჯობა", [e("bold", 3, 9)])).toBe("👋 <b>გამარჯობა</b>");
  });

  it("drops a text_mention, which would copy someone's user id into every message", () => {
    expect(entitiesToHtml("ask Nino", [e("text_mention", 4, 4, { user: { id: 7301234567 } })])).toBe("ask Nino");
  });
});

describe("sanitizeHtml", () => {
  it("keeps Telegram's tags and escapes what is not a tag or entity", () => {
    expect(sanitizeHtml("<b>Tom</b> & Jerry <3 &amp; 2 > 1")).toEqual({
      ok: true,
      html: "<b>Tom</b> &amp; Jerry &lt;3 &amp; 2 &gt; 1",
    });
    expect(sanitizeHtml("<div>x</div>")).toEqual({ ok: true, html: "&lt;div&gt;x&lt;/div&gt;" });
    expect(sanitizeHtml("<A HREF='https://unmode.org'>site</A>")).toEqual({
      ok: true,
      html: '<a href="https://unmode.org">site</a>',
    });
    expect(sanitizeHtml('<span class="tg-spoiler">x</span>')).toEqual({
      ok: true,
      html: '<span class="tg-spoiler">x</span>',
    });
  });

  it("reports what Telegram would refuse", () => {
    expect(sanitizeHtml("<b>open")).toEqual({ ok: false, problem: { key: "problem.unclosed", values: { tag: "b" } } });
    expect(sanitizeHtml("<b><i>x</b></i>")).toMatchObject({ ok: false, problem: { key: "problem.order" } });
    expect(sanitizeHtml("x</i>")).toMatchObject({ ok: false, problem: { key: "problem.stray" } });
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).toMatchObject({
      ok: false,
      problem: { key: "problem.link" },
    });
    expect(sanitizeHtml("<span>x</span>")).toMatchObject({ ok: false, problem: { key: "problem.spanClass" } });
  });
});

describe("composeFromMessage", () => {
  it("formatted text becomes HTML; typed HTML is checked", () => {
    expect(composeFromMessage(message({ text: "Hello all", entities: [e("bold", 0, 5)] }))).toEqual({
      ok: true,
      content: { kind: "text", html: "<b>Hello</b> all", linkPreview: true },
    });
    expect(composeFromMessage(message({ text: "<i>x</i>", link_preview_options: { is_disabled: true } }))).toEqual({
      ok: true,
      content: { kind: "text", html: "<i>x</i>", linkPreview: false },
    });
    expect(composeFromMessage(message({ text: "<b>x" }))).toMatchObject({
      ok: false,
      problem: { key: "problem.unclosed" },
    });
    expect(composeFromMessage(message({ text: "<b></b>" }))).toMatchObject({
      ok: false,
      problem: { key: "problem.empty" },
    });
  });

  it("photos and videos go by file_id with their caption, anything else is copied", () => {
    const photo = composeFromMessage(
      message({
        photo: [
          { file_id: "small", file_unique_id: "s", width: 90, height: 90 },
          { file_id: "large", file_unique_id: "l", width: 800, height: 800 },
        ],
        caption: "New film",
        caption_entities: [e("italic", 0, 3)],
      }),
    );
    expect(photo).toEqual({ ok: true, content: { kind: "photo", fileId: "large", caption: "<i>New</i> film" } });
    const video = composeFromMessage(
      message({ video: { file_id: "vid", file_unique_id: "v", width: 1, height: 1, duration: 3 } }),
    );
    expect(video).toEqual({ ok: true, content: { kind: "video", fileId: "vid", caption: "" } });
    const voice = composeFromMessage(message({ voice: { file_id: "vo", file_unique_id: "vo", duration: 2 } }));
    expect(voice).toEqual({ ok: true, content: { kind: "copy", fromChat: 7301234567, messageId: 7 } });
  });

  it("refuses a typed-HTML caption over 1024 characters", () => {
    const long = composeFromMessage(
      message({
        video: { file_id: "vid", file_unique_id: "v", width: 1, height: 1, duration: 3 },
        caption: "a".repeat(1025),
      }),
    );
    expect(long).toMatchObject({
      ok: false,
      problem: { key: "problem.tooLong", values: { count: 1025, limit: 1024 } },
    });
  });

  it("tells the length with the plural form of each language", () => {
    const i18n = createI18n();
    const said = (lang: "ru" | "uk" | "ka" | "en", count: number) =>
      i18n.fixedT(lang)("broadcast:problem.tooLong", { count, limit: 1024 });
    expect(said("ru", 1021)).toContain("1021 символ,");
    expect(said("ru", 1022)).toContain("1022 символа,");
    expect(said("ru", 1025)).toContain("1025 символов,");
    expect(said("uk", 1021)).toContain("1021 символ,");
    expect(said("uk", 1022)).toContain("1022 символи,");
    expect(said("uk", 1025)).toContain("1025 символів,");
    expect(said("en", 1025)).toContain("1025 characters,");
    expect(said("ka", 1025)).toContain("1025 სიმბოლო,");
    for (const lang of ["ru", "uk", "ka", "en"] as const) expect(said(lang, 1025)).toContain("1024");
  });
});
