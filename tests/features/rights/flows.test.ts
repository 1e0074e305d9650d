import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { categoriesOf, categoryName } from "../../../src/country/contacts.render.js";
import { SITUATIONS } from "../../../src/country/rights.keyboards.js";
import { RELATIVES_PLAN } from "../../../src/country/rights.screens.js";
import { startTestApp, stopAll, type TestApp } from "../../support/app-harness.js";
import { content, labels, personId, press, screen, seen, tr } from "./e2e-helpers.js";
import { articleStart, expectedArticle, flat, sosCardText, text, topicListText, visible } from "./expected.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(stopAll);

function person(lang: "ru" | "ka" | "uk" | "en") {
  return app.fake.privateChat({ id: personId(), first_name: "Flow", language_code: lang });
}

describe("the relatives' path", () => {
  it("country → what happened → the articles and help written for relatives (from the menu, in English)", async () => {
    const t = tr("en");
    const relative = person("en");
    relative.send("/menu");
    await relative.nextBotMessage();
    const first = await press(relative, t("rights:menu.relatives"));
    expect(first.text).toContain(seen(t("rights:relatives.intro")));
    expect(first.text).toContain(t("rights:relatives.country"));

    const situation = await press(relative, t("rights:countries.kz"));
    expect(situation.text).toContain(t("rights:relatives.situation"));
    expect(labels(situation)).toEqual(
      expect.arrayContaining(SITUATIONS.map((s) => t(`rights:relatives.situations.${s}`))),
    );

    const result = await press(relative, t("rights:relatives.situations.detained"));
    expect(result.text).toContain(seen(t("rights:relatives.lead.detained")));
    for (const topic of RELATIVES_PLAN.detained.topics)
      expect(labels(result)).toContain(`📄 ${t(`rights:topics.${topic}`)}`);

    const article = await press(relative, `📄 ${t("rights:topics.relatives")}`);
    expect(article.text?.startsWith(articleStart("en", "kz", "relatives")), "kz relatives").toBe(true);
    expect(flat(article.text ?? "")).toContain(flat(expectedArticle("en", "kz", "relatives").blocks[0] ?? "—"));

    // The relative had no country of their own: the one they chose becomes it.
    relative.send("/sos");
    const card = await relative.nextBotMessage();
    expect(card.text, "the card in one step afterwards").toBe(sosCardText("en", "kz"));
  });

  it("every situation leads to its articles and the kinds of help the country has (Georgia, Ukrainian)", async () => {
    const t = tr("uk");
    for (const situation of SITUATIONS) {
      const relative = person("uk");
      relative.send("/relatives");
      await relative.nextBotMessage();
      await press(relative, t("rights:countries.ge"));
      const result = await press(relative, t(`rights:relatives.situations.${situation}`));
      expect(result.text, situation).toContain(seen(t(`rights:relatives.lead.${situation}`)));
      const plan = RELATIVES_PLAN[situation];
      const topicButtons = labels(result).filter((label) => label.startsWith("📄 "));
      expect(topicButtons).toEqual(plan.topics.map((topic) => `📄 ${t(`rights:topics.${topic}`)}`));
      // The kinds of help the country has, each once, under its own emoji (no "📇 🚑 …").
      const available = new Set(categoriesOf(content, "ge"));
      const helpButtons = plan.categories.filter((c) => available.has(c)).map((c) => categoryName(t, c));
      expect(helpButtons.length, situation).toBeGreaterThan(0);
      for (const label of helpButtons) expect(labels(result), situation).toContain(label);
      expect(
        labels(result).filter((label) => label.startsWith("📇")),
        situation,
      ).toEqual([]);
      expect(result.text?.includes("📞"), `${situation}: emergency numbers only for an overdose`).toBe(
        situation === "overdose",
      );
    }
  });

  it("overdose: the lead says which number to call, or to call the local emergency number", async () => {
    const t = tr("en");
    const open = async (country: string) => {
      const relative = person("en");
      relative.send("/relatives");
      await relative.nextBotMessage();
      await press(relative, t(`rights:countries.${country}`));
      return press(relative, t("rights:relatives.situations.overdose"));
    };
    // Georgia: the entry's name already says the number; it is not repeated.
    const ge = await open("ge");
    expect(ge.text).toContain("📞 Call: Emergency number 112");
    expect(ge.text).not.toContain("112 — 112");
    // Ukraine: the name does not say the numbers, so they follow it.
    const ua = await open("ua");
    const uaEntry = content.scopes.ua.contacts.find((c) => c.categories.includes("crisis"));
    expect(uaEntry?.phones.length).toBeGreaterThan(0);
    expect(ua.text).toContain(
      `📞 Call: ${seen(content.scopes.ua.texts.en.contacts[uaEntry?.id ?? ""]?.name ?? "")} — ${uaEntry?.phones.join(" · ")}`,
    );
    // Another country: no number we could vouch for.
    const other = await open("other");
    expect(other.text).toContain(t("rights:relatives.emergencyOther"));
    expect(other.text).not.toContain("112");
  });

  it("a relative's choice does not replace the country a person already chose", async () => {
    const t = tr("ru");
    const someone = person("ru");
    someone.send("/rights");
    await someone.nextBotMessage();
    await press(someone, t("rights:countries.am"));
    someone.send("/relatives");
    await someone.nextBotMessage();
    expect(labels(screen(someone))).toContain(`✓ ${t("rights:countries.am")}`);
    await press(someone, t("rights:countries.ru"));
    await press(someone, t("rights:relatives.situations.support"));
    someone.send("/rights");
    const list = await someone.nextBotMessage();
    expect(list.text, "still Armenia").toBe(topicListText("ru", "am"));
  });
});

describe("inside a flow", () => {
  it("typed text or a sticker instead of a button: a short hint and the question again", async () => {
    const t = tr("ka");
    const someone = person("ka");
    someone.send("/rights");
    const question = await someone.nextBotMessage();
    someone.send("თბილისში ვარ");
    const hint = await someone.nextBotMessage();
    expect(hint.text?.startsWith(t("rights:flow.useButtons"))).toBe(true);
    expect(hint.text).toContain(seen(t("rights:country.question")));
    expect(labels(hint)).toEqual(labels(question));
    someone.sendSticker();
    const hint2 = await someone.nextBotMessage();
    expect(hint2.text?.startsWith(t("rights:flow.useButtons"))).toBe(true);

    const list = await press(someone, t("rights:countries.ge"));
    expect(list.text, "the flow still works after bad input").toBe(topicListText("ka", "ge"));
  });

  it("bad input at each step of the relatives' path", async () => {
    const t = tr("ru");
    const relative = person("ru");
    relative.send("/relatives");
    await relative.nextBotMessage();
    relative.send("сын в Батуми");
    const again = await relative.nextBotMessage();
    expect(again.text?.startsWith(t("rights:flow.useButtons"))).toBe(true);
    expect(again.text).toContain(t("rights:relatives.country"));
    await press(relative, t("rights:countries.ge"));
    relative.sendPhoto();
    const again2 = await relative.nextBotMessage();
    expect(again2.text?.startsWith(t("rights:flow.useButtons"))).toBe(true);
    expect(again2.text).toContain(t("rights:relatives.situation"));
    const result = await press(relative, t("rights:relatives.situations.overdose"));
    expect(result.text).toContain(seen(t("rights:relatives.lead.overdose")));
    // The flow is over: text now gets the general hint, not the flow's.
    relative.send("ещё текст");
    const after = await relative.nextBotMessage();
    expect(after.text?.startsWith(tr("ru")("common:unknown.private"))).toBe(true);
  });

  it("/cancel leaves the flow", async () => {
    const t = tr("uk");
    const someone = person("uk");
    someone.send("/contacts");
    await someone.nextBotMessage();
    someone.send("/cancel");
    const cancelled = await someone.nextBotMessage();
    expect(cancelled.text).toBe(t("rights:flow.cancelled"));
    expect(labels(cancelled)).toEqual([t("common:menu.back")]);
    someone.send("Київ");
    const after = await someone.nextBotMessage();
    expect(after.text?.startsWith(t("common:unknown.private"))).toBe(true);
  });

  it("another command leaves the flow and is handled as usual", async () => {
    const t = tr("en");
    const someone = person("en");
    someone.send("/relatives");
    await someone.nextBotMessage();
    someone.send("/help");
    const help = await someone.nextBotMessage();
    expect(help.text).toContain("/sos");
    someone.send("hello?");
    const after = await someone.nextBotMessage();
    expect(after.text?.startsWith(t("common:unknown.private"))).toBe(true);

    // …including a command that starts another flow.
    someone.send("/relatives");
    await someone.nextBotMessage();
    someone.send("/sos");
    const sos = await someone.nextBotMessage();
    expect(sos.text).toContain(seen(t("rights:country.questionSos")));
    const card = await press(someone, t("rights:countries.md"));
    expect(card.text, "the new flow runs").toBe(sosCardText("en", "md"));
  });

  it("another button leaves the flow and does what it says", async () => {
    const t = tr("ru");
    const someone = person("ru");
    someone.send("/rights");
    await someone.nextBotMessage();
    const menu = await press(someone, t("common:menu.back"));
    expect(menu.text).toContain(t("common:menu.title"));
    someone.send("текст");
    const after = await someone.nextBotMessage();
    expect(after.text?.startsWith(t("common:unknown.private"))).toBe(true);
  });

  it("an unanswered question ends quietly after 15 minutes; its buttons still work", async () => {
    const t = tr("en");
    const someone = person("en");
    someone.send("/contacts");
    const question = await someone.nextBotMessage();
    // The flow notes the time right after sending its question: let it finish before time moves.
    await someone.settle();
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + 16 * 60 * 1000);
    someone.send("still there?");
    const after = await someone.nextBotMessage();
    expect(after.text, "the flow is over: no flow hint").toContain(t("common:unknown.private"));
    await someone.click(t("rights:countries.ua"), { message: question.message_id });
    const pressed = someone.message(question.message_id);
    if (!pressed) throw new Error("the question is gone");
    // Ukraine has contacts in the content: its categories screen, as the locale words it.
    const country = text("en", "rights:countries.ua");
    expect(pressed.text, "a late press still works").toBe(
      [visible(text("en", "contacts:title", { country })), visible(text("en", "contacts:intro"))].join("\n\n"),
    );
  });

  it("in a group, the rights commands point to a private chat", async () => {
    const group = app.fake.groupChat({ id: -1009876543210, title: "Partners" });
    const member = group.member({ id: personId(), first_name: "Member", language_code: "ru" });
    for (const [command, route] of [
      ["rights", "rights"],
      ["contacts", "contacts"],
      ["relatives", "relatives"],
    ]) {
      member.send(`/${command}@${app.fake.bot.username}`);
      const reply = await group.nextBotMessage();
      expect(reply.text).toBe(tr("ru")("rights:group"));
      expect(reply.buttons.map((b) => b.url)).toEqual([`https://t.me/${app.fake.bot.username}?start=${route}`]);
    }
  });
});

describe("answers to button presses", () => {
  it("every press in these flows was answered exactly once, whether in a flow or outside", () => {
    const answers = app.fake.callsOf("answerCallbackQuery");
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((call) => !call.ok).map((call) => call.description)).toEqual([]);
    const ids = answers.map((call) => String(call.params.callback_query_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(app.fake.unansweredCallbackQueries()).toEqual([]);
  });
});
