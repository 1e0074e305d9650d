import Database from "better-sqlite3";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createI18n } from "../../../src/bot/i18n.js";
import { keptFiles, startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { scanFiles } from "../../support/privacy-scan.js";

afterEach(stopAll);

const OPERATOR = 7301260001;
const PERSON = 7301260101;
const DAY = 24 * 60 * 60 * 1000;
const t = createI18n().fixedT("en");
const visible = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<");

function rows(app: TestApp, sql: string): Array<Record<string, unknown>> {
  const db = new Database(app.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

function reach(app: TestApp) {
  const feature = app.app.features.find((f) => f.name === "reach");
  if (!feature?.runPending) throw new Error("no reach feature");
  return feature;
}

async function start(clock: () => number, dir?: string) {
  const fake = await FakeBotApi.start({ rateLimits: { globalPerSecond: 30 } });
  return startTestApp({ fake, dir, env: { ADMIN_IDS: String(OPERATOR) }, app: { clock } });
}

/** A person at the menu, in English. */
async function person(app: TestApp, id: number) {
  const chat = app.fake.privateChat({ id, first_name: "Nino", language_code: "en" });
  chat.send("/start");
  await chat.nextBotMessage();
  await chat.click("English");
  await chat.settle();
  return chat;
}

describe("was this helpful? and counting what is opened", () => {
  it("counts one press per person, item and day, thanks, removes the buttons, and purges the day's keys", async () => {
    let now = Date.UTC(2026, 11, 2, 10);
    const app = await start(() => now);
    const nino = await person(app, PERSON);
    nino.send("/sos");
    await nino.nextBotMessage();
    await nino.click(t("rights:countries.ge"));
    await nino.settle();
    const card = nino.lastBotMessage();
    expect(card?.buttons.map((b) => b.text)).toContain(t("helpful:yes"));
    await nino.click(t("helpful:yes"));
    await nino.settle();
    const answered = app.fake.callsOf("answerCallbackQuery").at(-1)?.params as { text?: string };
    expect(answered.text).toBe(t("helpful:thanks"));
    const after = nino.message(card?.message_id ?? 0);
    expect(after?.buttons.map((b) => b.text)).not.toContain(t("helpful:yes"));
    expect(after?.buttons.length, "the rest of the keyboard stays").toBeGreaterThan(0);

    // The same card again, the same day: the second press is thanked but not counted.
    nino.send("/sos");
    await nino.nextBotMessage();
    await nino.click(t("helpful:yes"));
    await nino.settle();
    const votes = () =>
      rows(app, "select day, dims, count from daily_counters where metric = 'helpful.vote' order by day");
    expect(votes()).toEqual([
      { day: "2026-12-02", dims: '{"country":"ge","detail":"-","kind":"s","vote":"up"}', count: 1 },
    ]);
    expect(rows(app, "select day from helpful_presses")).toEqual([{ day: "2026-12-02" }]);
    expect(rows(app, "select count from daily_counters where metric = 'rights.sos'")).toEqual([{ count: 2 }]);

    // The next day: yesterday's key is purged at the first press; the new press counts.
    now += DAY;
    nino.send("/sos");
    await nino.nextBotMessage();
    await nino.click(t("helpful:no"));
    await nino.settle();
    expect(rows(app, "select day from helpful_presses")).toEqual([{ day: "2026-12-03" }]);
    expect(votes().map((row) => row.day)).toEqual(["2026-12-02", "2026-12-03"]);

    await app.stop();
    const leaks = scanFiles(keptFiles(app), [
      { label: "person id", value: PERSON },
      { label: "name", value: "Nino" },
    ]);
    expect(leaks).toEqual([]);
  });
});

describe("/reach", () => {
  it("gives operators a report, its chart and its CSV; others get no report", async () => {
    const now = Date.UTC(2026, 11, 2, 10);
    const app = await start(() => now);
    const nino = await person(app, PERSON);
    nino.send("/reach");
    await nino.settle();
    expect(app.fake.uploads).toHaveLength(0);
    expect(nino.lastBotMessage()?.text).not.toContain(visible(t("reach:choose")).split("\n")[0]);

    // Something to count: five people open the Georgian police article.
    for (let index = 0; index < 5; index++) {
      const someone = app.fake.privateChat({ id: PERSON + 1 + index, first_name: "P", language_code: "en" });
      someone.send("/rights");
      await someone.nextBotMessage();
      await someone.click(t("rights:countries.ge"));
      await someone.settle();
      await someone.click(t("rights:topics.police"));
      await someone.settle();
    }

    const operator = app.fake.privateChat({ id: OPERATOR, first_name: "Op", language_code: "en" });
    operator.send("/reach");
    const menu = await operator.nextBotMessage();
    expect(menu.buttons.map((b) => b.text)).toEqual([
      t("reach:periods.7"),
      t("reach:periods.30"),
      t("reach:periods.month"),
      t("reach:periods.all"),
      t("reach:buttons.digestOn"),
    ]);
    await operator.click(t("reach:periods.7"));
    await operator.settle();
    const report = operator.botMessages().find((m) => m.text?.startsWith(`Reach: ${t("reach:periods.7")}`));
    expect(report?.text).toContain(
      `${t("reach:sections.articles")} — 5\n${t("rights:countries.ge")} · ${t("rights:topics.police")} — 5`,
    );
    const [photo, csv] = app.fake.uploads;
    expect(photo?.method).toBe("sendPhoto");
    const png = PNG.sync.read(Buffer.from(photo?.bytes ?? []));
    expect([png.width, png.height]).toEqual([1080, 1350]);
    expect(csv?.method).toBe("sendDocument");
    expect(csv?.filename).toBe("reach_2026-11-26_2026-12-02.csv");
    const lines = Buffer.from(csv?.bytes ?? [])
      .toString("utf8")
      .trim()
      .split("\r\n");
    expect(lines).toContain("2026-12-02,articles,ge/police,5");
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });

  it("sends the weekly digest once on Monday, across restarts, to an operator who switched it on", async () => {
    let now = Date.UTC(2026, 11, 2, 10); // a Wednesday
    let app = await start(() => now);
    const operator = app.fake.privateChat({ id: OPERATOR, first_name: "Op", language_code: "en" });
    operator.send("/reach");
    await operator.nextBotMessage();
    await operator.click(t("reach:buttons.digestOn"));
    await operator.settle();
    expect(operator.lastBotMessage()?.text).toContain(t("reach:digest.on"));
    const sealed = rows(app, "select owner, chat, lang, last_week from reach_digests");
    expect(sealed).toHaveLength(1);
    expect(JSON.stringify(sealed)).not.toContain(String(OPERATOR));

    // Restarting before Monday sends nothing.
    const photos = () => app.fake.callsOf("sendPhoto").length;
    app = await app.restart();
    expect(photos()).toBe(0);

    // Monday 7 December: the digest for 30 November – 6 December, once (the start looks at once).
    now = Date.UTC(2026, 11, 7, 6);
    app = await app.restart();
    await reach(app).runPending?.();
    const digestTitle = visible(t("reach:digest.title"));
    const digests = () => operator.botMessages().filter((m) => m.text?.startsWith(digestTitle));
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.text).toContain("November 30, 2026 – December 6, 2026");
    expect(photos()).toBe(1);
    expect(app.fake.callsOf("sendDocument")).toHaveLength(1);
    await reach(app).runPending?.();
    now += 60 * 60 * 1000;
    app = await app.restart();
    await reach(app).runPending?.();
    expect(digests()).toHaveLength(1);

    await app.stop();
    expect(scanFiles(keptFiles(app), [{ label: "operator id", value: OPERATOR }])).toEqual([]);
  });
});
