import { afterEach, describe, expect, it } from "vitest";
import { type ChildApp, crashTestEnv, killAllChildren, startChildApp, until } from "../../support/child-app.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { seedSubscribers, TEST_SECRET_KEY } from "./seed.js";

const OPERATOR = 7301270001;
const BASE = 7301271000;
const PEOPLE = Array.from({ length: 60 }, (_, i) => ({ id: BASE + i }));
const RATE = 20;
/** What the worker runs at this rate: the most messages that can be in flight at a crash. */
const IN_FLIGHT = Math.min(8, Math.max(1, Math.ceil(RATE / 8)));

let fake: FakeBotApi | undefined;
afterEach(async () => {
  await killAllChildren();
  await fake?.stop();
});

describe("a broadcast interrupted by kill -9", () => {
  it("completes in a new process on the same database: nobody lost, only in-flight messages repeated", async () => {
    fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, waitTimeoutMs: 8_000 });
    const env = crashTestEnv(fake, {
      prefix: "pbr-crash-",
      secretKey: TEST_SECRET_KEY,
      operator: OPERATOR,
      rate: RATE,
    });
    seedSubscribers(fake, env.DATABASE_PATH, PEOPLE);
    const delivered = (id: number) =>
      fake?.calls.filter(
        (c) => c.ok && c.method === "sendMessage" && c.params.chat_id === id && c.params.text === "Before and after",
      ).length ?? 0;
    const total = () => PEOPLE.reduce((sum, p) => sum + delivered(p.id), 0);

    let bot: ChildApp = await startChildApp(env);
    const op = fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    op.send("/broadcast");
    await op.nextBotMessage();
    op.send("Before and after");
    await op.nextBotMessage();
    await op.click("Everyone · 60");
    await until(() => op.botMessages().some((m) => m.buttons.some((b) => b.text === "📣 Send (60)")), "the preview");
    await op.click("📣 Send (60)");

    await until(() => total() >= 20, "the first deliveries");
    // Slow Telegram down so that some messages are surely in flight when the process dies.
    fake.setLatency(1_500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = await bot.kill("SIGKILL");
    fake.setLatency(0);
    expect(exit.signal).toBe("SIGKILL");
    const beforeCrash = total();
    expect(beforeCrash).toBeLessThan(PEOPLE.length);

    bot = await startChildApp(env);
    await until(() => op.botMessages().some((m) => /is finished/.test(m.text ?? "")), "the report", 20_000);
    const counts = PEOPLE.map((p) => delivered(p.id));
    expect(
      counts.filter((n) => n === 0),
      "nobody is skipped",
    ).toEqual([]);
    const twice = counts.filter((n) => n > 1);
    expect(twice.every((n) => n === 2)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(IN_FLIGHT);
    expect(bot.output()).toMatch(/messages in flight at the last stop are queued again/);
  }, 60_000);
});
