import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InputFile, webhookCallback } from "grammy";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi, type FakeBotApiOptions } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";
import { fails } from "./raw-api.js";

// jsqr is a UMD bundle whose module.exports is the function, while its typings declare a default
// export; pick whichever this runtime hands us.
const jsQR = typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default;

let fake: FakeBotApi;
let bot: Bot | undefined;
let botErrors: unknown[];
let alice: SimChat;

async function startFake(options: FakeBotApiOptions = {}): Promise<void> {
  fake = await FakeBotApi.start(options);
  alice = fake.privateChat({ id: 1001, first_name: "Alice", language_code: "ka" });
}

/** A real grammY bot, long polling the fake. */
async function runBot(setup: (bot: Bot) => void): Promise<Bot> {
  const created = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  setup(created);
  created.catch((error) => {
    botErrors.push(error.error);
  });
  bot = created;
  await new Promise<void>((resolve) => {
    void created.start({ onStart: () => resolve() });
  });
  return created;
}

/** Polls a condition for up to 3 s of real time (for effects that happen after a rejection). */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const echo = (b: Bot) => b.on("message:text", (ctx) => ctx.reply(ctx.message.text));

beforeEach(async () => {
  botErrors = [];
  bot = undefined;
  await startFake();
});

afterEach(async () => {
  if (bot?.isRunning()) await bot.stop();
  await fake.stop();
});

describe("a grammY bot against the fake", () => {
  test("echo bot: updates in, API calls out, nothing unknown sent", async () => {
    await runBot(echo);
    alice.send("გამარჯობა");
    expect((await alice.nextBotMessage()).text).toBe("გამარჯობა");
    alice.send("one");
    alice.send("two");
    await alice.settle();
    expect(alice.messages.map((m) => `${m.from}: ${m.text}`)).toEqual([
      "user: გამარჯობა",
      "bot: გამარჯობა",
      // Both messages were sent before the bot answered the first, as in a real chat.
      "user: one",
      "user: two",
      "bot: one",
      "bot: two",
    ]);
    expect(fake.unknownParams).toEqual([]);
    expect(botErrors).toEqual([]);
  });

  test("deep links arrive as /start <payload>", async () => {
    await runBot((b) => b.command("start", (ctx) => ctx.reply(`payload=${ctx.match}`)));
    alice.startFromLink("video_3-src_poster");
    expect((await alice.nextBotMessage()).text).toBe("payload=video_3-src_poster");
    expect(() => alice.startFromLink("has space")).toThrow(/invalid/);
  });

  test("buttons: click resolves with the answer; an unanswered click rejects", async () => {
    await runBot((b) => {
      b.command("menu", (ctx) =>
        ctx.reply("Menu", {
          reply_markup: {
            inline_keyboard: [
              [
                { text: "Rights", callback_data: "rights" },
                { text: "Silent", callback_data: "silent" },
              ],
            ],
          },
        }),
      );
      b.callbackQuery("rights", async (ctx) => {
        await ctx.answerCallbackQuery({ text: "Opening…" });
        await ctx.editMessageText("Your rights");
      });
      b.callbackQuery("silent", () => undefined);
    });
    alice.send("/menu");
    await alice.nextBotMessage();
    expect(await alice.click("Rights")).toMatchObject({ text: "Opening…" });
    await alice.settle();
    expect(alice.lastBotMessage()).toMatchObject({ text: "Your rights", buttons: [] });

    // The edit removed the keyboard, so the old "Silent" button is gone.
    await expect(alice.click("Silent")).rejects.toThrow('no inline button "Silent" in chat 1001; buttons: []');
    alice.send("/menu");
    await alice.nextBotMessage();
    await expect(alice.click("Silent", { timeout: 150 })).rejects.toThrow(/was not answered/);
    expect(fake.unansweredCallbackQueries()).toEqual([expect.objectContaining({ data: "silent" })]);
  });

  test('an answer after 15 s of fake time fails with "query is too old"', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await runBot((b) => {
      b.command("menu", (ctx) =>
        ctx.reply("Menu", { reply_markup: { inline_keyboard: [[{ text: "Slow", callback_data: "slow" }]] } }),
      );
      b.callbackQuery("slow", async (ctx) => {
        await gate;
        await ctx.answerCallbackQuery();
      });
    });
    alice.send("/menu");
    await alice.nextBotMessage();
    const click = alice.click("Slow", { timeout: 300 });
    await alice.settle(30);
    fake.advanceClock(16_000);
    release();
    await expect(click).rejects.toThrow(/not answered/);
    await eventually(() => botErrors.length > 0);
    expect(botErrors).toEqual([
      expect.objectContaining({
        error_code: 400,
        description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
      }),
    ]);
  });

  test("inline mode: answers are validated, chosen results are posted via the bot", async () => {
    const videoFileId = alice.sendVideo().video?.file_id ?? "";
    const chosen: string[] = [];
    await runBot((b) => {
      b.on("inline_query", (ctx) =>
        ctx.answerInlineQuery(
          [
            {
              type: "article",
              id: "a1",
              title: "Know your rights",
              input_message_content: { message_text: "<b>Rights</b> card", parse_mode: "HTML" },
            },
            { type: "video", id: "v1", video_file_id: videoFileId, title: "Video 1", caption: "Watch" },
          ],
          { cache_time: 0, is_personal: true },
        ),
      );
      b.on("chosen_inline_result", (ctx) => {
        chosen.push(ctx.chosenInlineResult.result_id);
      });
      b.on("message", () => undefined);
    });
    const answer = await alice.inlineQuery("rights");
    expect(answer.results).toHaveLength(2);
    expect(answer.is_personal).toBe(true);
    const posted = alice.chooseInlineResult("v1");
    expect(posted).toMatchObject({ via_bot: { id: fake.bot.id }, video: { file_id: videoFileId }, caption: "Watch" });
    alice.chooseInlineResult("a1", { elsewhere: true });
    await alice.settle();
    expect(chosen).toEqual(["v1", "a1"]);
    expect(alice.messages.at(-1)).toMatchObject({ via_bot: true, media: "video" });
  });

  test("inline answers Telegram would refuse are refused", async () => {
    await runBot((b) =>
      b.on("inline_query", (ctx) =>
        ctx.answerInlineQuery([
          { type: "article", id: "same", title: "A", input_message_content: { message_text: "a" } },
          { type: "article", id: "same", title: "B", input_message_content: { message_text: "b" } },
        ]),
      ),
    );
    await expect(alice.inlineQuery("x", { timeout: 300 })).rejects.toThrow(/not answered/);
    await eventually(() => botErrors.length > 0);
    expect(botErrors).toEqual([expect.objectContaining({ description: "Bad Request: RESULT_ID_DUPLICATE" })]);
  });

  test("uploads are counted, PNGs can be decoded, and a file_id re-send uploads nothing", async () => {
    const link = "https://t.me/people_by_right_test_bot?start=poster1";
    let cachedFileId: string | undefined;
    await runBot((b) =>
      b.command("qr", async (ctx) => {
        const photo = cachedFileId ?? new InputFile(await QRCode.toBuffer(link), "qr.png");
        const sent = await ctx.replyWithPhoto(photo, { caption: "Scan me" });
        cachedFileId = sent.photo.at(-1)?.file_id;
      }),
    );
    alice.send("/qr");
    const first = await alice.nextBotMessage();
    alice.send("/qr");
    const second = await alice.nextBotMessage();

    expect(fake.uploads).toHaveLength(1);
    const upload = fake.uploads[0];
    expect(upload).toMatchObject({ method: "sendPhoto", field: "photo", filename: "qr.png" });
    const png = PNG.sync.read(Buffer.from(upload?.bytes ?? []));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link);
    expect(first.raw.photo?.at(-1)).toMatchObject({ width: png.width, height: png.height });
    expect(second.file_id).toBe(first.file_id);
  });

  test("a blocked user: the bot gets my_chat_member and 403 on send", async () => {
    const statuses: string[] = [];
    const b = await runBot((created) => {
      created.on("my_chat_member", (ctx) => {
        statuses.push(ctx.myChatMember.new_chat_member.status);
      });
    });
    alice.send("hi");
    alice.block();
    await alice.settle();
    expect(statuses).toEqual(["kicked"]);
    await expect(b.api.sendMessage(1001, "news")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
  });

  test("flood limits: 429 with retry_after, counted, lifted by the fake clock", async () => {
    await runBot(() => undefined);
    alice.send("subscribe");
    const api = (bot as Bot).api;
    fake.setRateLimits({ perChatPerSecond: 1 });
    await api.sendMessage(1001, "first");
    const error = await api.sendMessage(1001, "second").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    expect(fake.rateLimitHits).toBe(1);
    fake.advanceClock(1_000);
    await api.sendMessage(1001, "third");

    fake.setRateLimits({ perGroupPerMinute: 2, retryAfter: 7 });
    fake.groupChat({ id: -100900, title: "Partners" });
    await api.sendMessage(-100900, "a");
    await api.sendMessage(-100900, "b");
    await expect(api.sendMessage(-100900, "c")).rejects.toMatchObject({
      error_code: 429,
      parameters: { retry_after: 7 },
    });
  });

  test("injected failures and latency", async () => {
    await runBot(() => undefined);
    alice.send("hi");
    const api = (bot as Bot).api;
    fake.failNext("sendMessage", { error_code: 500 });
    await expect(api.sendMessage(1001, "x")).rejects.toMatchObject({
      error_code: 500,
      description: "Internal Server Error",
    });
    await api.sendMessage(1001, "recovered");
    fake.failFor(1001, { error_code: 429, retry_after: 3, times: 2 });
    await expect(api.sendMessage(1001, "x")).rejects.toMatchObject({ parameters: { retry_after: 3 } });
    await expect(api.sendChatAction(1001, "typing")).rejects.toMatchObject({ error_code: 429 });
    await api.sendMessage(1001, "ok again");
    fake.setLatency(60);
    const started = performance.now();
    await api.getMe();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  test("groups in privacy mode: only commands for this bot, replies to it, and service messages", async () => {
    const seen: string[] = [];
    await runBot((b) => {
      b.on("message:text", async (ctx) => {
        seen.push(ctx.message.text);
        if (ctx.message.text.startsWith("/help")) await ctx.reply("Help is here");
      });
    });
    const group = fake.groupChat({ id: -100321, title: "Harm reduction chat", type: "supergroup" });
    const bob = group.member({ id: 2002, first_name: "Bob" });
    bob.send("hello everyone");
    bob.send("/help@other_bot");
    bob.send("/help@people_by_right_test_bot");
    const help = await group.nextBotMessage();
    bob.send("thanks!", { replyTo: help.message_id });
    await group.settle();
    expect(seen).toEqual(["/help@people_by_right_test_bot", "thanks!"]);
    expect(group.messages).toHaveLength(5);
  });

  test("command menus per scope and language, with Telegram validation", async () => {
    const b = await runBot(() => undefined);
    await b.api.setMyCommands([{ command: "start", description: "Start" }]);
    await b.api.setMyCommands([{ command: "/start", description: "დაწყება" }], { language_code: "ka" });
    alice.send("hi");
    expect(fake.commandsSeenBy(alice, "ka")).toEqual([{ command: "start", description: "დაწყება" }]);
    expect(fake.commandsSeenBy(alice, "ru")).toEqual([{ command: "start", description: "Start" }]);
    await expect(b.api.setMyCommands([{ command: "Start", description: "x" }])).rejects.toMatchObject({
      description: "Bad Request: BOT_COMMAND_INVALID",
    });
    await expect(
      b.api.setMyCommands(Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: "x" }))),
    ).rejects.toMatchObject({ description: "Bad Request: BOT_COMMANDS_TOO_MUCH" });
    await expect(b.api.setMyCommands([{ command: "help", description: "ა".repeat(257) }])).rejects.toMatchObject({
      description: "Bad Request: command description length must not exceed 256",
    });
    expect(await fails(fake, "setMyCommands", { commands: [], language_code: "kat" })).toBe(
      "Bad Request: invalid language code specified",
    );
  });
});

describe("a grammY bot on a webhook", () => {
  let server: Server;

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test("receives updates with the secret token and rejects a wrong one", async () => {
    const webhookBot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    echo(webhookBot);
    server = createServer(webhookCallback(webhookBot, "http", { secretToken: "right_secret" }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    await webhookBot.api.setWebhook(url, { secret_token: "right_secret" });
    alice.send("via webhook");
    expect((await alice.nextBotMessage()).text).toBe("via webhook");

    await webhookBot.api.setWebhook(url, { secret_token: "wrong_secret" });
    alice.send("lost");
    await eventually(() => fake.webhookDeliveries.filter((delivery) => !delivery.ok).length >= 4);
    expect(fake.webhookDeliveries.filter((delivery) => !delivery.ok).map((delivery) => delivery.status)).toEqual([
      401, 401, 401, 401,
    ]);
  });
});
