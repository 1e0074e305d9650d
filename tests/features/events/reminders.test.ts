import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Feature } from "../../../src/bot/feature.js";
import { createI18n, LANGUAGES } from "../../../src/bot/i18n.js";
import { DEFAULT_EVENTS_PATH } from "../../../src/features/events/events.content.js";
import { keptFiles, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { scanFiles } from "../../support/privacy-scan.js";
import { seedSubscribers, TEST_SECRET_KEY } from "../broadcast/seed.js";

afterEach(stopAll);

const OPERATOR = 7301280001;
const i18n = createI18n();
const sdp = (
  JSON.parse(readFileSync(DEFAULT_EVENTS_PATH, "utf8")) as {
    events: Array<{ id: string; start: string; title: Record<string, string> }>;
  }
).events[0] as { id: string; start: string; title: Record<string, string> };
const PEOPLE = [
  { id: 7301280101, lang: "en", topics: 4 },
  { id: 7301280102, lang: "ka", topics: 4 | 1 },
  { id: 7301280103, lang: "ru", topics: 15 },
  // Subscribed to films only: never hears about events.
  { id: 7301280104, lang: "en", topics: 1 },
];
const at = (day: string) => Date.parse(`${day}T09:00:00Z`);
const daysBefore = (days: number) =>
  new Date(Date.parse(`${sdp.start}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

function events(app: TestApp): Feature {
  const feature = app.app.features.find((f) => f.name === "events");
  if (!feature?.runPending) throw new Error("no events feature");
  return feature;
}

const ended = (app: TestApp) => (app.logText().match(/"msg":"delivery: ended"/g) ?? []).length;

/** Waits until `jobs` more delivery jobs than `from` have ended (each ends with a log line). */
function jobsEnded(app: TestApp, from: number, jobs: number): Promise<void> {
  return app.waitForLog(() => ended(app) >= from + jobs, 10_000);
}

/** Runs the reminder check and waits until every delivery job it queued (one per language) has ended. */
async function remind(app: TestApp, expected: number): Promise<void> {
  const from = ended(app);
  const queued = (await events(app).runPending?.()) as number;
  expect(queued).toBe(expected);
  if (expected > 0) await jobsEnded(app, from, expected * LANGUAGES.length);
}

function received(app: TestApp, id: number, lead: string): number {
  return app.fake.calls.filter(
    (c) => c.ok && c.method === "sendMessage" && c.params.chat_id === id && String(c.params.text).startsWith(lead),
  ).length;
}

describe("event reminders", () => {
  it("go out 7 days and 1 day before, in each subscriber's language, exactly once across restarts; a cancellation notice follows", async () => {
    let now = at(daysBefore(8));
    const fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30 } });
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-remind-"));
    seedSubscribers(fake, path.join(dir, "bot.sqlite"), PEOPLE);
    const env = { SECRET_KEY: TEST_SECRET_KEY, ADMIN_IDS: String(OPERATOR) };
    let app = await startTestApp({ fake, dir, env, app: { clock: () => now } });
    await remind(app, 0);

    now = at(daysBefore(7));
    await remind(app, 1);
    const lead7 = (lang: "en" | "ka" | "ru") => i18n.fixedT(lang)("events:reminder.lead", { count: 7 });
    expect(received(app, 7301280101, lead7("en"))).toBe(1);
    expect(received(app, 7301280102, lead7("ka"))).toBe(1);
    expect(received(app, 7301280103, lead7("ru"))).toBe(1);
    const georgian = fake.calls.find((c) => c.method === "sendMessage" && c.params.chat_id === 7301280102);
    expect(String(georgian?.params.text)).toContain(sdp.title.ka);
    expect(fake.calls.filter((c) => c.params.chat_id === 7301280104)).toEqual([]);

    // A restart the same day, and another check: nothing again.
    app = await app.restart({ env, app: { clock: () => now } });
    await remind(app, 0);
    expect(received(app, 7301280101, lead7("en"))).toBe(1);

    now = at(daysBefore(1));
    app = await app.restart({ env, app: { clock: () => now } });
    // The start already queued it.
    await jobsEnded(app, 0, LANGUAGES.length);
    await remind(app, 0);
    const lead1 = i18n.fixedT("en")("events:reminder.lead", { count: 1 });
    expect(received(app, 7301280101, lead1)).toBe(1);

    // The event is cancelled: those reminded get a short notice, once.
    const t = i18n.fixedT("en");
    const operator = fake.privateChat({ id: OPERATOR, first_name: "Op", language_code: "en" });
    operator.send("/events");
    await operator.nextBotMessage();
    await operator.click(t("events:operator.cancel"));
    await operator.settle();
    await operator.click((button) => button.text.startsWith((sdp.title.en ?? "").slice(0, 20)));
    await operator.settle();
    const from = ended(app);
    await operator.click(t("events:flow.yesCancel"));
    await jobsEnded(app, from, LANGUAGES.length);
    const notice = "❌";
    expect(received(app, 7301280103, notice)).toBe(1);
    expect(received(app, 7301280101, notice)).toBe(1);
    expect(received(app, 7301280102, notice)).toBe(1);
    expect(fake.calls.filter((c) => c.params.chat_id === 7301280104)).toEqual([]);

    await app.stop();
    const leaks = scanFiles(
      keptFiles(app),
      PEOPLE.map((p) => ({ label: `id ${p.id}`, value: p.id })),
    );
    expect(leaks).toEqual([]);
  });
});
