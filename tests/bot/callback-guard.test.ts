import { randomBytes } from "node:crypto";
import { type Conversation, createConversation } from "@grammyjs/conversations";
import { Composer, InlineKeyboard } from "grammy";
import { afterEach, expect, it } from "vitest";
import { composeServices } from "../../src/app.js";
import type { BotContext, FlowContext } from "../../src/bot/context.js";
import { createBot } from "../../src/bot/create-bot.js";
import type { Feature } from "../../src/bot/feature.js";
import { createI18n } from "../../src/bot/i18n.js";
import { parseConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createFallbackFeature } from "../../src/features/fallback/fallback.feature.js";
import { createLogger } from "../../src/logger.js";
import { createPrivacy } from "../../src/privacy/privacy.js";
import { reportHandledUpdates } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A flow that answers its button with a toast from inside the conversation (its own Api instance). */
function toastFlowFeature(): Feature {
  async function flow(conversation: Conversation<BotContext, FlowContext>, ctx: FlowContext) {
    await ctx.reply("Pick", { reply_markup: new InlineKeyboard().text("A", "t:a") });
    const pressed = await conversation.waitForCallbackQuery("t:a");
    await pressed.answerCallbackQuery({ text: "chosen" });
    await pressed.reply("done");
  }
  const composer = new Composer<BotContext>();
  composer.chatType("private").command("flow", (ctx) => ctx.conversation.enter("toast"));
  return { name: "toast", composer, conversations: [createConversation(flow, "toast")] };
}

it("a press answered inside a conversation is not answered a second time by the guard", async () => {
  const fake = await FakeBotApi.start();
  const handle = openDatabase(":memory:");
  const app = composeServices({
    config: parseConfig({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot }),
    // At trace level the app reports each update it has handled: the fake's settle waits for that.
    logger: createLogger("trace", { destination: { write: reportHandledUpdates(fake) } }),
    db: handle.db,
    sqlite: handle.sqlite,
    privacy: createPrivacy(randomBytes(32)),
    i18n: createI18n(),
  }).services;
  const bot = createBot(app, [toastFlowFeature(), createFallbackFeature()]);
  await bot.init();
  void bot.start();
  cleanups.push(async () => {
    await bot.stop();
    await fake.stop();
    handle.close();
  });

  const person = fake.privateChat({ id: 7301236001, first_name: "G", language_code: "en" });
  person.send("/flow");
  await person.nextBotMessage();
  const answer = await person.click("A");
  expect(answer.text).toBe("chosen");
  await person.settle();
  expect(person.lastBotMessage()?.text).toBe("done");
  const answers = fake.callsOf("answerCallbackQuery");
  expect(answers.map((call) => call.ok)).toEqual([true]);
  expect(app.answeredCallbackQueries.size).toBe(0);
});
