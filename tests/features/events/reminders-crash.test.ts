import { afterEach, describe, expect, it } from "vitest";
import { createI18n } from "../../../src/bot/i18n.js";
import { type ChildApp, crashTestEnv, killAllChildren, startChildApp, until } from "../../support/child-app.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { seedSubscribers, TEST_SECRET_KEY } from "../broadcast/seed.js";

const OPERATOR = 7301290001;
const BASE = 7301291000;
/** Subscribed to «Events» (bit 4) in English. */
const PEOPLE = Array.from({ length: 40 }, (_, i) => ({ id: BASE + i, lang: "en", topics: 4 }));
const RATE = 20;
const IN_FLIGHT = Math.min(8, Math.max(1, Math.ceil(RATE / 8)));
const t = createI18n().fixedT("en");

let fake: FakeBotApi | undefined;
afterEach(async () => {
  await killAllChildren();
  await fake?.stop();
});

describe("an event reminder interrupted by kill -9", () => {
  it("is recorded once and completed by the next process: nobody lost, only in-flight messages repeated", async () => {
    fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, waitTimeoutMs: 8_000 });
    const env = crashTestEnv(fake, {
      prefix: "pbr-remind-crash-",
      secretKey: TEST_SECRET_KEY,
      operator: OPERATOR,
      rate: RATE,
    });
    seedSubscribers(fake, env.DATABASE_PATH, PEOPLE);
    const lead = t("events:reminder.lead", { count: 3 });
    const delivered = (id: number) =>
      fake?.calls.filter(
        (c) => c.ok && c.method === "sendMessage" && c.params.chat_id === id && String(c.params.text).startsWith(lead),
      ).length ?? 0;
    const total = () => PEOPLE.reduce((sum, p) => sum + delivered(p.id), 0);

    let bot: ChildApp = await startChildApp(env);
    // An operator adds an event three days from now: its 7-day reminder is due at once.
    const start = new Date(Date.now() + 3 * 86_400_000);
    const typed = `${String(start.getUTCDate()).padStart(2, "0")}.${String(start.getUTCMonth() + 1).padStart(2, "0")}.${start.getUTCFullYear()}`;
    const op = fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    const last = () => op.botMessages().at(-1);
    const step = async (action: () => unknown, shows: string) => {
      await action();
      await until(() => Boolean(last()?.text?.includes(shows)), shows);
    };
    op.send("/events");
    await until(() => Boolean(last()?.buttons.some((b) => b.text === t("events:operator.add"))), "the list");
    await step(() => op.click(t("events:operator.add")), "New event");
    await step(() => op.click(t("events:flow.kinds.cnd")), "On which day does it start?");
    await step(() => void op.send(typed), "On which day does it end?");
    await step(() => op.click(t("events:flow.sameDay")), "In which city?");
    await step(() => op.click(t("events:online")), "The organiser's link");
    await step(() => op.click(t("events:flow.noLink")), "How many days before");
    await step(() => op.click(t("events:flow.remindDefault")), "Add this event?");
    await op.click(t("events:flow.save"));

    await until(() => total() >= 10, "the first reminders");
    fake.setLatency(1_500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = await bot.kill("SIGKILL");
    fake.setLatency(0);
    expect(exit.signal).toBe("SIGKILL");
    expect(total()).toBeLessThan(PEOPLE.length);
    expect(bot.output().match(/events: reminder queued/g)).toHaveLength(1);

    bot = await startChildApp(env);
    await until(() => PEOPLE.every((p) => delivered(p.id) > 0), "everyone reminded", 30_000);
    await bot.waitForLog(/"msg":"delivery: ended"/, 15_000);
    const counts = PEOPLE.map((p) => delivered(p.id));
    const twice = counts.filter((n) => n > 1);
    expect(twice.every((n) => n === 2)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(IN_FLIGHT);
    // The new process found the reminder recorded: it resumed the delivery, it did not queue it again.
    expect(bot.output()).not.toMatch(/events: reminder queued/);
  }, 90_000);
});
