import { existsSync, statSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { keptFiles, startTestApp, stopAll } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimUserOptions } from "../support/fake-bot-api/sim-chat.js";
import { type Needle, scanFiles } from "../support/privacy-scan.js";

afterEach(stopAll);

type Person = SimUserOptions & { last_name: string; username: string };
const PEOPLE: [Person, Person] = [
  {
    id: 7301239901,
    first_name: "Tamarikoo",
    last_name: "Beridzeshvili",
    username: "tamriko_secret_77",
    language_code: "ka",
  },
  {
    id: 7301239902,
    first_name: "Vasylyna",
    last_name: "Kovalchukova",
    username: "vasya_hidden_88",
    language_code: "uk",
  },
];
const PHONE = "+995599887766";
const TYPED = ["my dealer is on Rustaveli street", "арестовали брата вчера ночью", "ჩემი ძმა დააკავეს გუშინ"];
const GROUP_ID = -1009876543219;

function needles(): Needle[] {
  return [
    ...PEOPLE.flatMap((p) => [
      { label: `user id ${p.id}`, value: p.id },
      { label: `first name ${p.first_name}`, value: p.first_name },
      { label: `last name ${p.last_name}`, value: p.last_name },
      { label: `username ${p.username}`, value: p.username },
    ]),
    { label: "group id", value: GROUP_ID },
    { label: "phone", value: PHONE },
    { label: "phone digits", value: PHONE.slice(1) },
    ...TYPED.map((text) => ({ label: `typed "${text}"`, value: text })),
  ];
}

describe("privacy scan", () => {
  it("finds no id, name, username, phone number or typed text in the database files or the logs", async () => {
    const fake = await FakeBotApi.start({ privacyMode: false });
    const t = await startTestApp({ fake });
    const [tamar, vasylyna] = PEOPLE.map((p) => fake.privateChat(p));
    if (!tamar || !vasylyna) throw new Error("setup");

    for (const person of [tamar, vasylyna]) {
      person.send("/start");
      await person.nextBotMessage();
      await person.click("Русский");
      for (const text of TYPED) person.send(text);
      person.sendContact({ phone_number: PHONE, first_name: "Tamarikoo", last_name: "Beridzeshvili" });
      person.sendLocation();
      person.sendPhoto({ caption: TYPED[0] });
      person.send("/privacy");
      person.send("/help");
      person.send(`/unknown ${TYPED[1]}`);
      person.startFromLink("language");
      await person.settle(300);
    }
    const group = fake.groupChat({ id: GROUP_ID, title: "Secret group" });
    const member = group.member(PEOPLE[0]);
    member.send(TYPED[2] ?? "");
    member.send(`/help@${fake.bot.username}`);
    await group.nextBotMessage();

    // While running: the database, its write-ahead log and shared memory all exist and are clean.
    const files = keptFiles(t);
    expect(existsSync(`${t.dbPath}-wal`)).toBe(true);
    expect(statSync(`${t.dbPath}-wal`).size).toBeGreaterThan(0);
    expect(t.logText().length).toBeGreaterThan(0);
    expect(scanFiles(files, needles())).toEqual([]);

    // One person erases everything; the other restarts later. Still clean, and after a clean stop too.
    vasylyna.send("/forget");
    await vasylyna.nextBotMessage();
    await vasylyna.click("Да, стереть всё");
    await vasylyna.settle();
    expect(scanFiles(files, needles())).toEqual([]);
    await t.stop();
    expect(scanFiles(files, needles())).toEqual([]);
  });

  it("Ask a peer: nothing of either side — ids, names, usernames, texts both ways — with conversations open and closed", async () => {
    const CONSULTANTS = -1001987659901;
    const fake = await FakeBotApi.start({ startTime: Date.UTC(2026, 11, 2, 10) });
    const group = fake.groupChat({ id: CONSULTANTS, title: "Consultants", botIsAdmin: true, isForum: true });
    const t = await startTestApp({
      fake,
      env: { CONSULTANTS_CHAT_ID: String(CONSULTANTS) },
      app: { clock: () => fake.now(), floodLimit: 1000 },
    });
    const consultant = {
      id: 7301239911,
      first_name: "Mzevinar",
      last_name: "Gogoberidze",
      username: "mzevinar_counsel_5",
    };
    const pseudonym = "Shorena";
    const fromPeople = ["брата забрали в отдел на Руставели", "ჩემი ნომერია ხუთასი"];
    const fromConsultant = ["Не подписывайте протокол без адвоката", "Позвоните мне завтра утром"];
    const [tamar, vasylyna] = PEOPLE.map((p) => fake.privateChat(p));
    if (!tamar || !vasylyna) throw new Error("setup");
    for (const [index, chat] of [tamar, vasylyna].entries()) {
      chat.send("/ask");
      await chat.nextBotMessage();
      await chat.click(index === 0 ? "✍️ კითხვის დაწერა" : "✍️ Написати питання");
      chat.send(fromPeople[index] ?? "");
      chat.sendContact({ phone_number: PHONE, first_name: "Tamarikoo" });
      await group.waitForTopic(new RegExp(`^#${index + 1} `));
      await chat.nextBotMessage(); // "passed on"
      await chat.nextBotMessage(); // contact cards are not passed on
    }
    const member = group.member(consultant);
    member.send(`/name ${pseudonym}`);
    await group.nextBotMessage();
    const [first, second] = group.topics();
    if (!first || !second) throw new Error("no topics");
    member.inTopic(first.thread).send(fromConsultant[0] ?? "");
    await tamar.nextBotMessage();
    member.inTopic(second.thread).send(fromConsultant[1] ?? "");
    await vasylyna.nextBotMessage();

    const peerNeedles: Needle[] = [
      ...needles(),
      { label: "consultants' group id", value: CONSULTANTS },
      { label: "consultant id", value: consultant.id },
      { label: "consultant first name", value: consultant.first_name },
      { label: "consultant last name", value: consultant.last_name },
      { label: "consultant username", value: consultant.username },
      { label: "pseudonym", value: pseudonym },
      ...[...fromPeople, ...fromConsultant].map((text) => ({ label: `exchanged "${text}"`, value: text })),
    ];
    const files = keptFiles(t);
    // Both conversations open.
    expect(scanFiles(files, peerNeedles)).toEqual([]);

    // One ends it, the other erases everything: closed conversations, still nothing.
    await tamar.click("საუბრის დასრულება");
    await tamar.nextBotMessage();
    vasylyna.send("/forget");
    await vasylyna.nextBotMessage();
    await vasylyna.click("Так, стерти все");
    await vasylyna.settle();
    await group.settle();
    expect(scanFiles(files, peerNeedles)).toEqual([]);
    const rows = t.app.services.sqlite
      .prepare("select owner, chat, lang, country, thread from peer_conversations")
      .all() as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { owner: null, chat: null, lang: null, country: null, thread: null },
      { owner: null, chat: null, lang: null, country: null, thread: null },
    ]);
    await t.stop();
    expect(scanFiles(files, peerNeedles)).toEqual([]);
  });

  it("the scanner itself finds an id stored as an integer and a name stored as text", async () => {
    const t = await startTestApp();
    t.app.services.sqlite.prepare("insert into app_meta (key, value) values (?, ?)").run("probe", "Tamarikoo");
    t.app.services.sqlite.prepare("create table probe (n integer)").run();
    t.app.services.sqlite.prepare("insert into probe values (?)").run(7301239901);
    const leaks = scanFiles(keptFiles(t), needles());
    expect(leaks.map((l) => l.label)).toEqual(expect.arrayContaining(["first name Tamarikoo", "user id 7301239901"]));
  });
});
