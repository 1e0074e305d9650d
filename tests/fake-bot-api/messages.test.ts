import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";
import { callApi, fails, ok } from "./raw-api.js";

let fake: FakeBotApi;
let alice: SimChat;

interface SentMessage {
  message_id: number;
  text?: string;
  caption?: string;
  entities?: unknown[];
}

beforeEach(async () => {
  fake = await FakeBotApi.start();
  alice = fake.privateChat({ id: 1001, first_name: "Alice", language_code: "ka" });
  alice.send("/start");
});

afterEach(async () => {
  await fake.stop();
});

const send = (params: Record<string, unknown>) => ok<SentMessage>(fake, "sendMessage", { chat_id: 1001, ...params });
const sendFails = (params: Record<string, unknown>) => fails(fake, "sendMessage", { chat_id: 1001, ...params });

describe("lengths are counted in UTF-16 units after entity parsing", () => {
  test("4096 visible characters pass even with markup around them", async () => {
    const sent = await send({ text: `<b>${"x".repeat(4096)}</b>`, parse_mode: "HTML" });
    expect(sent.text).toHaveLength(4096);
    expect(await sendFails({ text: `<b>${"x".repeat(4097)}</b>`, parse_mode: "HTML" })).toBe(
      "Bad Request: message is too long",
    );
  });

  test("Georgian: 4096 letters are 12288 bytes and still fit; 4097 do not", async () => {
    const georgian = "ა".repeat(4096);
    expect(Buffer.byteLength(georgian)).toBe(12_288);
    expect((await send({ text: georgian })).text).toBe(georgian);
    expect(await sendFails({ text: `${georgian}ბ` })).toBe("Bad Request: message is too long");
  });

  test("emoji outside the BMP count twice", async () => {
    await send({ text: "😀".repeat(2048) });
    expect(await sendFails({ text: `${"😀".repeat(2048)}!` })).toBe("Bad Request: message is too long");
  });

  test("captions: 1024 after parsing", async () => {
    const caption = `<i>${"ა".repeat(1024)}</i>`;
    const sent = await ok<SentMessage>(fake, "sendPhoto", {
      chat_id: 1001,
      photo: "https://example.com/a.jpg",
      caption,
      parse_mode: "HTML",
    });
    expect(sent.caption).toHaveLength(1024);
    expect(
      await fails(fake, "sendPhoto", { chat_id: 1001, photo: "https://example.com/a.jpg", caption: "ა".repeat(1025) }),
    ).toBe("Bad Request: message caption is too long");
  });

  test("empty, whitespace and trimming", async () => {
    expect(await sendFails({ text: "   \n " })).toBe("Bad Request: text must be non-empty");
    expect(await sendFails({ text: "<b></b>", parse_mode: "HTML" })).toBe("Bad Request: text must be non-empty");
    expect((await send({ text: "\n  hello  \n" })).text).toBe("hello");
  });

  test("HTML errors reach the bot with byte offsets", async () => {
    expect(await sendFails({ text: "გამარჯობა <br>", parse_mode: "HTML" })).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 28`,
    );
    expect(await sendFails({ text: "5 < 6", parse_mode: "HTML" })).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`,
    );
  });
});

describe("who can be messaged", () => {
  test('unknown chats and people who never wrote to the bot are "chat not found"', async () => {
    fake.privateChat({ id: 2002, first_name: "Bob" });
    expect(await fails(fake, "sendMessage", { chat_id: 999, text: "x" })).toBe("Bad Request: chat not found");
    expect(await fails(fake, "sendMessage", { chat_id: 2002, text: "x" })).toBe("Bad Request: chat not found");
    expect(await fails(fake, "sendMessage", { chat_id: "@alice", text: "x" })).toBe("Bad Request: chat not found");
  });

  test("a user who blocked the bot: 403, and the bot is told via my_chat_member", async () => {
    alice.block();
    const { status, body } = await callApi(fake, "sendMessage", { chat_id: 1001, text: "x" });
    expect(status).toBe(403);
    expect(body).toEqual({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const updates = await ok<Array<Record<string, unknown>>>(fake, "getUpdates");
    expect(updates.at(-1)).toMatchObject({
      my_chat_member: { new_chat_member: { status: "kicked" }, old_chat_member: { status: "member" } },
    });
    expect(() => alice.send("hello?")).toThrow(/blocked the bot/);
    alice.unblock();
    await send({ text: "welcome back" });
  });

  test("the bot removed from a group gets 403", async () => {
    const group = fake.groupChat({ id: -100123, title: "Partners", type: "supergroup" });
    await ok(fake, "sendMessage", { chat_id: -100123, text: "hello group" });
    group.removeBot({ id: 3003, first_name: "Admin" });
    expect(await fails(fake, "sendMessage", { chat_id: -100123, text: "x" })).toBe(
      "Forbidden: bot is not a member of the supergroup chat",
    );
  });
});

describe("message history", () => {
  test("a private chat has one message_id counter for both sides", async () => {
    expect((await send({ text: "one" })).message_id).toBe(2);
    expect(alice.send("two").message_id).toBe(3);
    expect((await send({ text: "three" })).message_id).toBe(4);
    expect(alice.messages.map((m) => [m.message_id, m.from, m.text])).toEqual([
      [1, "user", "/start"],
      [2, "bot", "one"],
      [3, "user", "two"],
      [4, "bot", "three"],
    ]);
  });

  test("edits: not modified, not found, and removing a keyboard counts as a change", async () => {
    const keyboard = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const sent = await send({ text: "<b>Hi</b>", parse_mode: "HTML", reply_markup: keyboard });
    const same = {
      chat_id: 1001,
      message_id: sent.message_id,
      text: "<b>Hi</b>",
      parse_mode: "HTML",
      reply_markup: keyboard,
    };
    expect(await fails(fake, "editMessageText", same)).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const edited = await ok<{ reply_markup?: unknown; edit_date?: number }>(fake, "editMessageText", {
      ...same,
      reply_markup: undefined,
    });
    expect(edited.reply_markup).toBeUndefined();
    expect(edited.edit_date).toBeTypeOf("number");
    expect(alice.lastBotMessage()?.buttons).toEqual([]);
    expect(await fails(fake, "editMessageText", { ...same, message_id: 99 })).toBe(
      "Bad Request: message to edit not found",
    );
    expect(await fails(fake, "editMessageText", { ...same, message_id: 1 })).toBe(
      "Bad Request: message can't be edited",
    );
    expect(await fails(fake, "editMessageReplyMarkup", { chat_id: 1001, message_id: sent.message_id })).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  });

  test("deletion: under 48 hours, own messages, admins in groups", async () => {
    const sent = await send({ text: "temporary" });
    await ok(fake, "deleteMessage", { chat_id: 1001, message_id: sent.message_id });
    expect(alice.messages.map((m) => m.text)).toEqual(["/start"]);
    expect(await fails(fake, "deleteMessage", { chat_id: 1001, message_id: sent.message_id })).toBe(
      "Bad Request: message to delete not found",
    );

    const old = await send({ text: "old" });
    fake.advanceClock(48 * 60 * 60 * 1000);
    expect(await fails(fake, "deleteMessage", { chat_id: 1001, message_id: old.message_id })).toBe(
      "Bad Request: message can't be deleted",
    );

    const group = fake.groupChat({ id: -100555, title: "Meeting" });
    const fromBob = group.member({ id: 4004, first_name: "Bob" }).send("/help");
    expect(await fails(fake, "deleteMessage", { chat_id: -100555, message_id: fromBob.message_id })).toBe(
      "Bad Request: message can't be deleted",
    );
    group.promoteBot({ id: 4004, first_name: "Bob" });
    await ok(fake, "deleteMessage", { chat_id: -100555, message_id: fromBob.message_id });
  });

  test("deleteMessages takes 1–100 ids and skips what it cannot delete", async () => {
    const a = await send({ text: "a" });
    const b = await send({ text: "b" });
    expect(await ok(fake, "deleteMessages", { chat_id: 1001, message_ids: [a.message_id, 77, b.message_id] })).toBe(
      true,
    );
    expect(alice.botMessages()).toEqual([]);
    expect(await fails(fake, "deleteMessages", { chat_id: 1001, message_ids: [] })).toBe(
      "Bad Request: message identifiers are not specified",
    );
    expect(
      await fails(fake, "deleteMessages", { chat_id: 1001, message_ids: Array.from({ length: 101 }, (_, i) => i + 1) }),
    ).toBe("Bad Request: too many message identifiers specified");
  });

  test("protected content cannot be copied or forwarded", async () => {
    const secret = await send({ text: "your rights", protect_content: true });
    expect(alice.lastBotMessage()?.protect_content).toBe(true);
    expect(await fails(fake, "copyMessage", { chat_id: 1001, from_chat_id: 1001, message_id: secret.message_id })).toBe(
      "Bad Request: message has protected content and can't be forwarded",
    );
    const open = await send({ text: "share me" });
    expect(await ok(fake, "copyMessage", { chat_id: 1001, from_chat_id: 1001, message_id: open.message_id })).toEqual({
      message_id: open.message_id + 1,
    });
  });
});

describe("reply markup", () => {
  const button = (extra: Record<string, unknown>) => ({ inline_keyboard: [[{ text: "B", ...extra }]] });

  test("callback_data is limited to 64 bytes, not characters (Georgian letters are 3 bytes)", async () => {
    const sixtyFour = `${"ა".repeat(21)}x`;
    expect(Buffer.byteLength(sixtyFour)).toBe(64);
    await send({ text: "ok", reply_markup: button({ callback_data: sixtyFour }) });
    expect(await sendFails({ text: "no", reply_markup: button({ callback_data: `${sixtyFour}y` }) })).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect(await sendFails({ text: "no", reply_markup: button({ callback_data: "ა".repeat(22) }) })).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
  });

  test("button URLs must be http(s):// or tg://", async () => {
    await send({ text: "ok", reply_markup: button({ url: "tg://resolve?domain=durov" }) });
    await send({ text: "ok", reply_markup: button({ url: "https://t.me/people_by_right_test_bot?start=v1" }) });
    for (const url of ["ftp://example.com", "javascript:alert(1)", "https://"]) {
      expect(await sendFails({ text: "no", reply_markup: button({ url }) })).toBe("Bad Request: BUTTON_URL_INVALID");
    }
  });

  test("buttons need text and exactly one action; at most 8 per row and 100 in all", async () => {
    expect(await sendFails({ text: "no", reply_markup: button({}) })).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(
      await sendFails({ text: "no", reply_markup: { inline_keyboard: [[{ text: "", callback_data: "x" }]] } }),
    ).toBe("Bad Request: inline keyboard button text must be non-empty");
    expect(await sendFails({ text: "no", reply_markup: button({ callback_data: "x", url: "https://t.me" }) })).toMatch(
      /exactly one action/,
    );
    const row = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `${i}`, callback_data: `${i}` }));
    await send({ text: "ok", reply_markup: { inline_keyboard: [row(8)] } });
    expect(await sendFails({ text: "no", reply_markup: { inline_keyboard: [row(9)] } })).toBe(
      "Bad Request: reply markup is too long",
    );
    expect(
      await sendFails({ text: "no", reply_markup: { inline_keyboard: Array.from({ length: 13 }, () => row(8)) } }),
    ).toBe("Bad Request: reply markup is too long");
  });

  test("reply keyboards are shown to the user but not echoed in the Message", async () => {
    const sent = await ok<Record<string, unknown>>(fake, "sendMessage", {
      chat_id: 1001,
      text: "Share your number?",
      reply_markup: { keyboard: [[{ text: "Share", request_contact: true }]], one_time_keyboard: true },
    });
    expect(sent.reply_markup).toBeUndefined();
    expect(alice.lastBotMessage()?.reply_markup).toEqual({
      keyboard: [[{ text: "Share", request_contact: true }]],
      one_time_keyboard: true,
    });
    fake.groupChat({ id: -100777, title: "G" });
    expect(
      await fails(fake, "sendMessage", {
        chat_id: -100777,
        text: "x",
        reply_markup: { keyboard: [[{ text: "Share", request_contact: true }]] },
      }),
    ).toBe("Bad Request: phone number can be requested in private chats only");
  });
});

describe("media", () => {
  test("file_ids must be known and of the right type; URLs are recorded, never fetched", async () => {
    expect(await fails(fake, "sendVideo", { chat_id: 1001, video: "BAACAgIAAxkBAAIfake" })).toBe(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
    const byUrl = await ok<{ video: { file_id: string } }>(fake, "sendVideo", {
      chat_id: 1001,
      video: "https://cdn.example.org/v1.mp4",
    });
    expect(fake.mediaUrls).toEqual([
      { method: "sendVideo", field: "video", url: "https://cdn.example.org/v1.mp4", fileId: byUrl.video.file_id },
    ]);
    const again = await ok<{ video: { file_id: string } }>(fake, "sendVideo", {
      chat_id: 1001,
      video: byUrl.video.file_id,
    });
    expect(again.video.file_id).toBe(byUrl.video.file_id);
    expect(await fails(fake, "sendPhoto", { chat_id: 1001, photo: byUrl.video.file_id })).toBe(
      "Bad Request: can't use file of type Video as Photo",
    );
  });

  test("a user's video gets a file_id the bot can send back", async () => {
    const video = alice.sendVideo({ caption: "new campaign video" }).video;
    expect(fake.fileIds).toContain(video?.file_id);
    const sent = await ok<{ video: { file_id: string; duration: number } }>(fake, "sendVideo", {
      chat_id: 1001,
      video: video?.file_id,
    });
    expect(sent.video).toMatchObject({ file_id: video?.file_id, duration: 95, width: 1280, height: 720 });
  });
});

describe("callback queries", () => {
  test("too old after 15 s of fake time, and only one answer per query", async () => {
    const message = await send({
      text: "pick",
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    const stale = alice.clickData("a", message.message_id, { timeout: 5_000 });
    const fresh = alice.click("A", { timeout: 5_000 });
    const updates = await ok<Array<{ callback_query?: { id: string } }>>(fake, "getUpdates");
    const [staleId, freshId] = updates.flatMap((update) => (update.callback_query ? [update.callback_query.id] : []));
    expect(fake.unansweredCallbackQueries()).toHaveLength(2);

    await ok(fake, "answerCallbackQuery", { callback_query_id: freshId, text: "Saved" });
    await expect(fresh).resolves.toMatchObject({ text: "Saved" });
    expect(await fails(fake, "answerCallbackQuery", { callback_query_id: freshId })).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );

    fake.advanceClock(15_001);
    expect(await fails(fake, "answerCallbackQuery", { callback_query_id: staleId })).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
    expect(fake.unansweredCallbackQueries()).toEqual([
      { id: staleId, data: "a", chatId: 1001, messageId: message.message_id },
    ]);
    stale.catch(() => undefined);
  });
});
