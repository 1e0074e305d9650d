import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

afterEach(stopAll);

async function groupSetup() {
  // Privacy mode off: the bot sees every message, so silence is the bot's choice, not Telegram's.
  const fake = await FakeBotApi.start({ privacyMode: false });
  const t = await startTestApp({ fake });
  const group = fake.groupChat({ id: -1001234567801, title: "Harm reduction partners" });
  const admin = { id: 7301234801, first_name: "Gio", username: "gio_partner", language_code: "ka" };
  group.addBot(admin);
  const gio = group.member(admin);
  const anna = group.member({ id: 7301234802, first_name: "Anna", language_code: "ru" });
  const bot = fake.bot.username;
  return { t, fake, group, gio, anna, bot };
}

describe("in groups", () => {
  it("stays silent unless a command is addressed to it by name", async () => {
    const { group, gio, anna } = await groupSetup();
    gio.send("hello everyone");
    anna.send("/help");
    anna.send("/start");
    anna.send("/help@some_other_bot");
    gio.sendSticker();
    await group.settle(400);
    expect(group.botMessages()).toEqual([]);
  });

  it("answers addressed commands with public content in the sender's language, personal things via a private link", async () => {
    const { group, gio, anna, bot } = await groupSetup();
    anna.send(`/help@${bot}`);
    const help = await group.nextBotMessage();
    expect(help.text).toContain("Бот кампании «Люди по праву»");
    expect(help.text).toContain(`/help@${bot}`);
    expect(help.text).not.toContain("/forget");

    gio.send(`/start@${bot}`);
    const welcome = await group.nextBotMessage();
    expect(welcome.text).toContain("„ადამიანები უფლებით“");
    expect(welcome.buttons[0]?.url).toBe(`https://t.me/${bot}?start=menu`);

    for (const [command, payload] of [
      ["language", "language"],
      ["privacy", "privacy"],
      ["forget", "forget"],
    ]) {
      anna.send(`/${command}@${bot}`);
      const reply = await group.nextBotMessage();
      expect(reply.text, command).toBe(
        "Это лучше делать в личном чате со мной — там этого никто, кроме вас, не увидит.",
      );
      expect(reply.buttons[0]?.url).toBe(`https://t.me/${bot}?start=${payload}`);
    }

    anna.send(`/nonsense@${bot}`);
    const hint = await group.nextBotMessage();
    expect(hint.text).toContain("Такой команды я не знаю");
  });

  it("keeps nothing about group members and answers stale buttons with a toast only", async () => {
    const { t, group, gio, bot } = await groupSetup();
    gio.send(`/help@${bot}`);
    const help = await group.nextBotMessage();
    const answer = await gio.clickData("lang:ru", help.message_id);
    expect(answer.text).toBe("ეს ღილაკი მოძველებულია.");
    await group.settle();
    expect(group.botMessages()).toHaveLength(1);
    const db = new Database(t.dbPath, { readonly: true });
    expect(db.prepare("select count(*) from sessions").pluck().get()).toBe(0);
    expect(db.prepare("select count(*) from recent_messages").pluck().get()).toBe(0);
    db.close();
  });

  it("the private link from a group opens the right screen", async () => {
    const { t } = await groupSetup();
    const anna = t.fake.privateChat({ id: 7301234802, first_name: "Anna", language_code: "ru" });
    anna.startFromLink("language");
    const picker = await anna.nextBotMessage();
    expect(picker.text).toBe("Выберите язык:");
    anna.startFromLink("privacy");
    expect((await anna.nextBotMessage()).text).toContain("Что бот хранит и чего не хранит");
  });
});
