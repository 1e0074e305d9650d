import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createI18n, LANGUAGES } from "../../../src/bot/i18n.js";
import { ContentError } from "../../../src/content/content-error.js";
import { DEFAULT_EVENTS_PATH, loadEvents } from "../../../src/features/events/events.content.js";
import { keptFiles, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { scanFiles } from "../../support/privacy-scan.js";

afterEach(stopAll);

const OPERATOR = 7301270001;
const i18n = createI18n();
const shipped = JSON.parse(readFileSync(DEFAULT_EVENTS_PATH, "utf8")) as {
  events: Array<{
    title: Record<string, string>;
    description: Record<string, string>;
    start: string;
    end: string;
    source: { url: string; read: string };
  }>;
};

function fixture(mutate: (data: typeof shipped) => void): string {
  const data = structuredClone(shipped);
  mutate(data);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pbr-events-")), "events.json");
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe("the events file", () => {
  it("ships only events with the page their dates were read on, in all twelve languages", () => {
    const events = loadEvents();
    expect(events.length).toBeGreaterThan(0);
    for (const entry of shipped.events) {
      expect(entry.source.url).toMatch(/^https:\/\//);
      expect(entry.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Object.keys(entry.title).sort()).toEqual([
        "az",
        "be",
        "en",
        "hy",
        "ka",
        "kk",
        "ky",
        "ro",
        "ru",
        "tg",
        "uk",
        "uz",
      ]);
    }
  });

  it("stops the start naming the file and the field", () => {
    const cases: Array<[(data: typeof shipped) => void, string]> = [
      [
        (data) => {
          (data.events[0] as { start: string }).start = "2027-02-30";
        },
        "events[0].start",
      ],
      [
        (data) => {
          delete (data.events[0] as { title: Record<string, string> }).title.hy;
        },
        "events[0].title.hy",
      ],
      [
        (data) => {
          (data.events[0] as { source: { url: string } }).source.url = "http://x.org";
        },
        "events[0].source.url",
      ],
      [
        (data) => {
          (data.events[0] as { end: string }).end = "2020-01-01";
        },
        "events[0].end",
      ],
    ];
    for (const [mutate, field] of cases) {
      const file = fixture(mutate);
      expect(() => loadEvents(file)).toThrow(ContentError);
      expect(() => loadEvents(file)).toThrow(`${file}: ${field}`);
    }
  });
});

async function start(now: () => number) {
  const fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30 } });
  return startTestApp({ fake, env: { ADMIN_IDS: String(OPERATOR) }, app: { clock: now, floodLimit: 10_000 } });
}

describe("/events", () => {
  it("lists upcoming events in the reader's language, in private chats and in groups", async () => {
    const app = await start(() => Date.UTC(2026, 11, 3, 12));
    const sdp = shipped.events[0];
    let id = 7301270100;
    for (const lang of LANGUAGES) {
      const chat = app.fake.privateChat({ id: ++id, first_name: "R", language_code: lang });
      chat.send("/events");
      const list = await chat.nextBotMessage();
      expect(list.text).toContain(sdp?.title[lang]);
      expect(list.text).toContain(sdp?.description[lang]);
      expect(list.text).toContain("2027");
      expect(list.buttons.map((b) => b.text)).toEqual([i18n.fixedT(lang)("events:list.subscribe")]);
    }
    const group = app.fake.groupChat({ id: -1_001_555_000_222, title: "Partners" });
    group.addBot({ id: ++id, first_name: "Admin" });
    const member = group.member({ id: ++id, first_name: "G", language_code: "ru" });
    member.send(`/events@${app.fake.bot.username}`);
    const inGroup = await group.nextBotMessage();
    expect(inGroup.text).toContain(sdp?.title.ru);
  });

  it("operators add an event with a translated preset, edit it and the content event, then cancel it", async () => {
    const app: TestApp = await start(() => Date.UTC(2026, 11, 3, 12));
    const t = i18n.fixedT("en");
    const operator = app.fake.privateChat({ id: OPERATOR, first_name: "Op", language_code: "en" });
    operator.send("/events");
    const list = await operator.nextBotMessage();
    expect(list.buttons.map((b) => b.text)).toContain(t("events:operator.add"));
    await operator.click(t("events:operator.add"));
    await operator.settle();
    await operator.click(t("events:flow.kinds.cnd"));
    await operator.settle();
    operator.send("31.02.2027");
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toBe(t("events:flow.badDate"));
    operator.send("16.03.2027");
    await operator.settle();
    operator.send("2027-03-20");
    await operator.settle();
    operator.send("Vienna");
    await operator.settle();
    operator.send("ftp://example.org");
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toContain("https://");
    await operator.click(t("events:flow.noLink"));
    await operator.settle();
    await operator.click(t("events:flow.remindDefault"));
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toContain(t("events:presets.cnd.title"));
    await operator.click(t("events:flow.save"));
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toBe(t("events:flow.added"));

    const reader = app.fake.privateChat({ id: 7301270201, first_name: "K", language_code: "ka" });
    reader.send("/events");
    const georgian = await reader.nextBotMessage();
    const ka = i18n.fixedT("ka");
    expect(georgian.text).toContain(ka("events:presets.cnd.title"));
    expect(georgian.text).toContain("Vienna");
    // The CND session (March) comes before 26 June.
    expect(georgian.text?.indexOf(ka("events:presets.cnd.title"))).toBeLessThan(
      georgian.text?.indexOf(shipped.events[0]?.title.ka ?? "") ?? 0,
    );

    // Edit: the operator event's city; the content event's reminders only.
    operator.send("/events");
    await operator.nextBotMessage();
    await operator.click(t("events:operator.edit"));
    await operator.settle();
    await operator.click((button) => button.text.startsWith(t("events:presets.cnd.title").slice(0, 30)));
    await operator.settle();
    expect(operator.lastBotMessage()?.buttons.map((b) => b.text)).toEqual([
      t("events:flow.fields.dates"),
      t("events:flow.fields.city"),
      t("events:flow.fields.link"),
      t("events:flow.fields.remind"),
      t("events:flow.cancel"),
    ]);
    await operator.click(t("events:flow.fields.city"));
    await operator.settle();
    operator.send("Vienna, Austria");
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toContain("📍 Vienna, Austria");
    operator.send("/events");
    await operator.nextBotMessage();
    await operator.click(t("events:operator.edit"));
    await operator.settle();
    await operator.click((button) => button.text.startsWith((shipped.events[0]?.title.en ?? "").slice(0, 20)));
    await operator.settle();
    expect(operator.lastBotMessage()?.buttons.map((b) => b.text)).toEqual([
      t("events:flow.fields.remind"),
      t("events:flow.cancel"),
    ]);
    await operator.click(t("events:flow.fields.remind"));
    await operator.settle();
    operator.send("3, 10, 3");
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toContain(t("events:flow.reminders", { days: "10, 3" }));

    operator.send("/events");
    await operator.nextBotMessage();
    await operator.click(t("events:operator.cancel"));
    await operator.settle();
    await operator.click((button) => button.text.startsWith(t("events:presets.cnd.title").slice(0, 30)));
    await operator.settle();
    await operator.click(t("events:flow.yesCancel"));
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toBe(t("events:flow.cancelledEvent"));
    reader.send("/events");
    const after = await reader.nextBotMessage();
    expect(after.text).not.toContain(ka("events:presets.cnd.title"));
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);

    // The event is public information; nothing says which operator added it, or who read it.
    await app.stop();
    expect(
      scanFiles(keptFiles(app), [
        { label: "operator id", value: OPERATOR },
        { label: "reader id", value: 7301270201 },
      ]),
    ).toEqual([]);
  });
});
