import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";
import { fails, ok } from "./raw-api.js";

interface Update {
  update_id: number;
  inline_query?: { id: string; query: string; chat_type: string };
  chosen_inline_result?: { result_id: string; inline_message_id?: string };
  callback_query?: { id: string; inline_message_id?: string; data: string };
  message?: { via_bot?: { id: number }; text?: string };
}

let fake: FakeBotApi;
let alice: SimChat;
let offset = 0;

async function nextUpdates(): Promise<Update[]> {
  const updates = await ok<Update[]>(fake, "getUpdates", { offset });
  offset = (updates.at(-1)?.update_id ?? offset - 1) + 1;
  return updates;
}

/** Starts an inline query and returns its id (the promise resolves when it is answered). */
async function startInlineQuery(query: string): Promise<{ id: string; answer: Promise<unknown> }> {
  const answer = alice.inlineQuery(query, { timeout: 5_000 });
  answer.catch(() => undefined);
  const update = (await nextUpdates()).find((u) => u.inline_query !== undefined);
  return { id: update?.inline_query?.id ?? "", answer };
}

const article = (id: string, extra: Record<string, unknown> = {}) => ({
  type: "article",
  id,
  title: "Rights",
  input_message_content: { message_text: "Know your rights" },
  ...extra,
});

beforeEach(async () => {
  fake = await FakeBotApi.start();
  alice = fake.privateChat({ id: 1001, first_name: "Alice" });
  offset = 0;
});

afterEach(async () => {
  await fake.stop();
});

describe("answerInlineQuery", () => {
  test("rejects what Telegram rejects", async () => {
    const { id } = await startInlineQuery("rights");
    expect((await nextUpdates()).length).toBe(0);
    const answer = (results: unknown[], extra: Record<string, unknown> = {}) =>
      fails(fake, "answerInlineQuery", { inline_query_id: id, results, ...extra });

    expect(await answer(Array.from({ length: 51 }, (_, i) => article(`a${i}`)))).toBe(
      "Bad Request: too many inline query results specified",
    );
    expect(await answer([article("ა".repeat(22))])).toBe("Bad Request: RESULT_ID_INVALID");
    expect(await answer([article("a"), article("a")])).toBe("Bad Request: RESULT_ID_DUPLICATE");
    expect(await answer([{ type: "article", id: "a", title: "t" }])).toBe(
      `Bad Request: can't parse inline query result: Can't find field "message_text"`,
    );
    expect(
      await answer([article("a", { input_message_content: { message_text: "<blink>", parse_mode: "HTML" } })]),
    ).toBe(`Bad Request: can't parse entities: Unsupported start tag "blink" at byte offset 0`);
    expect(await answer([{ type: "carousel", id: "c" }])).toBe(
      `Bad Request: can't parse inline query result: type "carousel" is unsupported for the inline query result`,
    );
    expect(
      await answer([
        { type: "video", id: "v", title: "V", video_url: "https://example.org/v.mp4", mime_type: "video/mp4" },
      ]),
    ).toBe(`Bad Request: can't parse inline query result: Can't find field "thumbnail_url"`);
    expect(await answer([{ type: "video", id: "v", title: "V", video_file_id: "BAACunknown" }])).toBe(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
    const videoFileId = fake.seedFile("video");
    expect(
      await answer([{ type: "video", id: "v", title: "V", video_file_id: videoFileId, caption: "ა".repeat(1025) }]),
    ).toBe("Bad Request: message caption is too long");
    expect(await answer([article("a")], { next_offset: "x".repeat(65) })).toBe("Bad Request: NEXT_OFFSET_INVALID");

    expect(await ok(fake, "answerInlineQuery", { inline_query_id: id, results: [article("a")], cache_time: 0 })).toBe(
      true,
    );
    expect(await answer([article("a")])).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
  });

  test("a query is too old after 10 s of fake time", async () => {
    const { id, answer } = await startInlineQuery("late");
    fake.advanceClock(10_001);
    expect(await fails(fake, "answerInlineQuery", { inline_query_id: id, results: [] })).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
    void answer;
  });
});

describe("chosen results with a keyboard get an inline_message_id", () => {
  test("the bot edits them and receives their callback queries", async () => {
    const { id, answer } = await startInlineQuery("share");
    const keyboard = { inline_keyboard: [[{ text: "More", callback_data: "more" }]] };
    await ok(fake, "answerInlineQuery", {
      inline_query_id: id,
      results: [article("card", { reply_markup: keyboard })],
    });
    await answer;

    const posted = alice.chooseInlineResult("card");
    expect(posted).toMatchObject({ text: "Know your rights", via_bot: { id: fake.bot.id }, reply_markup: keyboard });
    const updates = await nextUpdates();
    expect(updates.map((u) => Object.keys(u)[1])).toEqual(["message", "chosen_inline_result"]);
    const inlineMessageId = updates[1]?.chosen_inline_result?.inline_message_id ?? "";
    expect(inlineMessageId).not.toBe("");

    const click = alice.click("More", { timeout: 5_000 });
    const [callback] = await nextUpdates();
    expect(callback?.callback_query).toMatchObject({ inline_message_id: inlineMessageId, data: "more" });
    await ok(fake, "answerCallbackQuery", { callback_query_id: callback?.callback_query?.id });
    await click;

    expect(await ok(fake, "editMessageText", { inline_message_id: inlineMessageId, text: "Updated card" })).toBe(true);
    expect(alice.messages.at(-1)).toMatchObject({ text: "Updated card", via_bot: true, buttons: [] });
    expect(await fails(fake, "editMessageText", { inline_message_id: "nope", text: "x" })).toBe(
      "Bad Request: MESSAGE_ID_INVALID",
    );
  });
});

describe("bot profile texts", () => {
  test("descriptions are limited to 512 and 120 characters, per language", async () => {
    await ok(fake, "setMyDescription", { description: "ა".repeat(512), language_code: "ka" });
    expect(await fails(fake, "setMyDescription", { description: "ა".repeat(513) })).toBe(
      "Bad Request: description is too long",
    );
    await ok(fake, "setMyShortDescription", { short_description: "Rights and help" });
    expect(await fails(fake, "setMyShortDescription", { short_description: "x".repeat(121) })).toBe(
      "Bad Request: short description is too long",
    );
    expect(await ok(fake, "getMyDescription", { language_code: "ka" })).toEqual({ description: "ა".repeat(512) });
    expect(fake.shortDescription()).toBe("Rights and help");
    expect(fake.description("ru")).toBe("");
  });

  test("answerCallbackQuery text is limited to 200 characters", async () => {
    alice.send("/start");
    const sent = await ok<{ message_id: number }>(fake, "sendMessage", {
      chat_id: 1001,
      text: "pick",
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    const click = alice.click("A", { timeout: 5_000 });
    const callback = (await nextUpdates()).find((u) => u.callback_query !== undefined)?.callback_query;
    expect(callback).toMatchObject({ data: "a" });
    expect(await fails(fake, "answerCallbackQuery", { callback_query_id: callback?.id, text: "x".repeat(201) })).toBe(
      "Bad Request: MESSAGE_TOO_LONG",
    );
    await ok(fake, "answerCallbackQuery", { callback_query_id: callback?.id, text: "x".repeat(200), show_alert: true });
    expect(await click).toMatchObject({ show_alert: true });
    expect(sent.message_id).toBe(2);
  });
});
