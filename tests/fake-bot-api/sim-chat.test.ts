import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";
import { fails, ok } from "./raw-api.js";

type Update = { update_id: number } & Record<string, Record<string, unknown>>;

let fake: FakeBotApi;
let alice: SimChat;

beforeEach(async () => {
  fake = await FakeBotApi.start();
  alice = fake.privateChat({ id: 1001, first_name: "Alice", username: "alice_k", language_code: "ru" });
});

afterEach(async () => {
  await fake.stop();
});

const updates = () => ok<Update[]>(fake, "getUpdates");

describe("what simulated people send", () => {
  test("text with commands, media with fresh file_ids, contacts, locations, edits", async () => {
    alice.send("/help@people_by_right_test_bot now");
    alice.sendPhoto({ caption: "evidence" });
    alice.sendVoice();
    alice.sendSticker();
    alice.sendDocument({ file_name: "court.pdf" });
    alice.sendContact({ phone_number: "+995555000000", first_name: "Lawyer" });
    alice.sendLocation();
    alice.forwardVideo({ channelTitle: "UnMode" });
    alice.send("typo");
    alice.editLast("fixed");

    const received = await updates();
    const messages = received.map((update) => update.message ?? update.edited_message ?? {});
    expect(messages[0]).toMatchObject({
      text: "/help@people_by_right_test_bot now",
      entities: [{ type: "bot_command", offset: 0, length: 30 }],
      from: { id: 1001, is_bot: false, first_name: "Alice", username: "alice_k", language_code: "ru" },
      chat: { id: 1001, type: "private", first_name: "Alice", username: "alice_k" },
    });
    expect(messages[1]).toMatchObject({ caption: "evidence", photo: expect.arrayContaining([expect.anything()]) });
    expect(messages[2]).toMatchObject({ voice: { mime_type: "audio/ogg" } });
    expect(messages[3]).toMatchObject({ sticker: { type: "regular", emoji: "👍" } });
    expect(messages[4]).toMatchObject({ document: { file_name: "court.pdf", mime_type: "application/pdf" } });
    expect(messages[5]).toMatchObject({ contact: { phone_number: "+995555000000", first_name: "Lawyer" } });
    expect(messages[6]).toMatchObject({ location: { latitude: 41.7151, longitude: 44.8271 } });
    expect(messages[7]).toMatchObject({ forward_origin: { type: "channel", chat: { title: "UnMode" } }, video: {} });
    expect(Object.keys(received.at(-1) ?? {})).toEqual(["update_id", "edited_message"]);
    expect(messages.at(-1)).toMatchObject({ text: "fixed", edit_date: expect.any(Number) });
    expect(alice.messages.map((m) => m.media ?? m.text)).toEqual([
      "/help@people_by_right_test_bot now",
      "photo",
      "voice",
      "sticker",
      "document",
      "contact",
      "location",
      "video",
      "fixed",
    ]);
    const photo = (messages[1]?.photo ?? []) as Array<{ file_id: string }>;
    const photoIds = photo.map((size) => size.file_id);
    expect(photoIds).toHaveLength(4);
    expect(fake.fileIds).toEqual(expect.arrayContaining(photoIds));
  });

  test("message dates come from the fake clock", async () => {
    const frozen = await FakeBotApi.start({ startTime: Date.UTC(2026, 0, 1), freezeClock: true });
    const bob = frozen.privateChat({ id: 2002, first_name: "Bob" });
    expect(bob.send("a").date).toBe(Date.UTC(2026, 0, 1) / 1000);
    frozen.advanceClock(90_000);
    expect(bob.send("b").date).toBe(Date.UTC(2026, 0, 1) / 1000 + 90);
    expect(frozen.now()).toBe(Date.UTC(2026, 0, 1) + 90_000);
    await frozen.stop();
  });
});

describe("bot methods around existing messages", () => {
  beforeEach(() => {
    alice.send("/start");
  });

  test("replies, forwards, copies and albums", async () => {
    const question = alice.send("Where do I get help?");
    const reply = await ok<Record<string, unknown>>(fake, "sendMessage", {
      chat_id: 1001,
      text: "Here",
      reply_parameters: { message_id: question.message_id },
    });
    expect(reply).toMatchObject({
      reply_to_message: { message_id: question.message_id, text: "Where do I get help?" },
    });
    expect(await fails(fake, "sendMessage", { chat_id: 1001, text: "x", reply_parameters: { message_id: 999 } })).toBe(
      "Bad Request: message to be replied not found",
    );
    await ok(fake, "sendMessage", {
      chat_id: 1001,
      text: "x",
      reply_parameters: { message_id: 999, allow_sending_without_reply: true },
    });

    const forwarded = await ok<Record<string, unknown>>(fake, "forwardMessage", {
      chat_id: 1001,
      from_chat_id: 1001,
      message_id: question.message_id,
    });
    expect(forwarded).toMatchObject({
      text: "Where do I get help?",
      forward_origin: { type: "user", sender_user: { id: 1001 } },
    });
    const copies = await ok<Array<{ message_id: number }>>(fake, "copyMessages", {
      chat_id: 1001,
      from_chat_id: 1001,
      message_ids: [1, 2, 50],
    });
    expect(copies).toHaveLength(2);
    expect(alice.messages.slice(-2).map((m) => [m.from, m.text])).toEqual([
      ["bot", "/start"],
      ["bot", "Where do I get help?"],
    ]);
    expect(await fails(fake, "copyMessages", { chat_id: 1001, from_chat_id: 1001, message_ids: [2, 1] })).toBe(
      "Bad Request: message identifiers must be in a strictly increasing order",
    );

    const album = await ok<Array<{ media_group_id: string; photo: unknown[] }>>(fake, "sendMediaGroup", {
      chat_id: 1001,
      media: [
        { type: "photo", media: "https://example.org/1.jpg", caption: "one" },
        { type: "photo", media: "https://example.org/2.jpg" },
      ],
    });
    expect(album).toHaveLength(2);
    expect(album[0]?.media_group_id).toBe(album[1]?.media_group_id);
    expect(
      await fails(fake, "sendMediaGroup", { chat_id: 1001, media: [{ type: "photo", media: "https://e.org/1.jpg" }] }),
    ).toBe("Bad Request: wrong number of media in the album");
  });

  test("captions can be edited on media only", async () => {
    const photo = await ok<{ message_id: number }>(fake, "sendPhoto", {
      chat_id: 1001,
      photo: "https://example.org/p.jpg",
      caption: "old",
    });
    const edited = await ok<{ caption: string }>(fake, "editMessageCaption", {
      chat_id: 1001,
      message_id: photo.message_id,
      caption: "<i>new</i>",
      parse_mode: "HTML",
    });
    expect(edited.caption).toBe("new");
    expect(alice.lastBotMessage()).toMatchObject({
      caption: "new",
      entities: [{ type: "italic", offset: 0, length: 3 }],
    });
    const text = await ok<{ message_id: number }>(fake, "sendMessage", { chat_id: 1001, text: "plain" });
    expect(await fails(fake, "editMessageCaption", { chat_id: 1001, message_id: text.message_id, caption: "x" })).toBe(
      "Bad Request: there is no caption in the message to edit",
    );
  });

  test("chat info, members, chat actions, menu buttons, leaving groups", async () => {
    expect(await ok(fake, "getChat", { chat_id: 1001 })).toMatchObject({ id: 1001, type: "private" });
    expect(await ok(fake, "getChatMember", { chat_id: 1001, user_id: 1001 })).toMatchObject({
      status: "member",
      user: { id: 1001 },
    });
    expect(await ok(fake, "sendChatAction", { chat_id: 1001, action: "upload_video" })).toBe(true);

    await ok(fake, "setChatMenuButton", { chat_id: 1001, menu_button: { type: "commands" } });
    expect(await ok(fake, "getChatMenuButton", { chat_id: 1001 })).toEqual({ type: "commands" });
    expect(
      await fails(fake, "setChatMenuButton", {
        menu_button: { type: "web_app", text: "Open", web_app: { url: "http://insecure.example" } },
      }),
    ).toBe("Bad Request: menu button Web App URL must be an HTTPS URL");

    const group = fake.groupChat({ id: -100200, title: "Partners", username: "partners_chat" });
    group.member({ id: 3003, first_name: "Dana" }).send("/start@people_by_right_test_bot");
    expect(await ok(fake, "getChat", { chat_id: "@partners_chat" })).toMatchObject({ id: -100200, title: "Partners" });
    expect(await ok(fake, "getChatMember", { chat_id: -100200, user_id: fake.bot.id })).toMatchObject({
      status: "member",
    });
    expect(await ok(fake, "leaveChat", { chat_id: -100200 })).toBe(true);
    expect(await fails(fake, "sendMessage", { chat_id: -100200, text: "x" })).toBe(
      "Forbidden: bot is not a member of the supergroup chat",
    );
  });

  test("adding the bot to a group announces it", async () => {
    const group = fake.groupChat({ id: -100300, title: "New group", type: "group" });
    group.addBot({ id: 3003, first_name: "Dana" });
    const received = await updates();
    expect(received.slice(-2).map((update) => Object.keys(update)[1])).toEqual(["my_chat_member", "message"]);
    expect(received.at(-1)?.message).toMatchObject({ new_chat_members: [{ id: fake.bot.id }] });
  });
});

describe("settle", () => {
  test("with the bot reporting what it handled, waits for that report however long the bot is quiet", async () => {
    fake.trackHandling();
    alice.send("/slow");
    const [update] = await updates();
    let settled = false;
    const settling = alice.settle().then(() => {
      settled = true;
    });
    // The bot has fetched the update and is quiet for a long while (longer than any quiet period)…
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(settled).toBe(false);
    // …then answers and reports the update handled: only now has "nothing more" happened.
    await ok(fake, "sendMessage", { chat_id: 1001, text: "late answer" });
    fake.markHandled(update?.update_id ?? 0);
    await settling;
    expect(alice.lastBotMessage()?.text).toBe("late answer");
  });
});
