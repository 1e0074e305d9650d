import { afterEach, describe, expect, it } from "vitest";
import { stopAll } from "../../support/app-harness.js";
import { DAY, GROUP_ID, nextText, person, seen, startPeer, startWriting, text } from "./peer-helpers.js";

afterEach(stopAll);

const CONSULTANT = { id: 7301280001, first_name: "Lela", username: "lela_peer" };

/** Polls a condition that leaves no message to wait for (e.g. a log line). */
async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("ask a peer: forget, blocking the bot, restarts, idle conversations, configuration", () => {
  it("/forget mid-conversation closes it; the group reads only that the person closed it", async () => {
    const { fake, group } = await startPeer();
    const chat = person(fake, { id: 7301280101 });
    await startWriting(chat);
    chat.send("Помогите");
    const header = await group.nextBotMessage();
    await group.nextBotMessage();
    await chat.nextBotMessage();
    chat.send("/forget");
    await chat.nextBotMessage();
    await chat.click("Да, стереть всё");
    const line = await group.nextBotMessage();
    expect(line.text).toBe(text("ru", "peer:group.closed.forgotten", { number: 1 }));
    // What the group showed of it is gone (reply mode deletes what Telegram still allows).
    expect(group.message(header.message_id)).toBeUndefined();
    // The person's messages and the bot's copies in their chat went with /forget too.
    await chat.settle();
    expect(chat.messages.filter((m) => m.text?.includes("Помогите"))).toEqual([]);
    // A reply after that reaches nobody.
    group.member(CONSULTANT).send("Вы здесь?", { replyTo: line.message_id });
    expect((await group.nextBotMessage()).text).toBe(text("ru", "peer:group.notDelivered.closed"));
  });

  it("the person ends it with the button: both sides are told, the group's copies go, a count stays", async () => {
    const { t, fake, group } = await startPeer();
    const chat = person(fake, { id: 7301280151 });
    await startWriting(chat);
    chat.send("Короткий вопрос");
    const header = await group.nextBotMessage();
    const copy = await group.nextBotMessage();
    await chat.nextBotMessage();
    await chat.click(text("ru", "peer:buttons.end"));
    expect((await chat.nextBotMessage()).text).toBe(text("ru", "peer:ended.byPerson"));
    expect((await group.nextBotMessage()).text).toBe(text("ru", "peer:group.closed.person", { number: 1 }));
    expect(group.message(header.message_id)).toBeUndefined();
    expect(group.message(copy.message_id)).toBeUndefined();
    expect(t.app.services.counters.totals("peer.closed", { by: ["reason"] })).toEqual([
      { dims: { reason: "person" }, count: 1 },
    ]);
    // Writing again is the fallback's business: no conversation, nothing is passed on.
    chat.send("Ещё");
    await chat.nextBotMessage();
    await group.settle();
    expect(group.botMessages().at(-1)?.text).toBe(text("ru", "peer:group.closed.person", { number: 1 }));
  });

  it("the person blocks the bot: a reply gets 'not delivered', the conversation closes, the group is told", async () => {
    const { fake, group } = await startPeer({ topics: true });
    const first = person(fake, { id: 7301280201 });
    await startWriting(first);
    first.send("Вопрос");
    const topic = await group.waitForTopic(/^#1 /);
    await first.nextBotMessage();
    // Blocked without the bot hearing of it yet: the reply fails with 403.
    fake.failFor(first.id, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const inTopic = group.member(CONSULTANT).inTopic(topic.thread);
    inTopic.send("Ответ");
    const notDelivered = await nextText(group);
    expect(notDelivered.text).toBe(text("ru", "peer:group.notDelivered.blocked", { number: 1 }));
    expect((await nextText(group)).text).toBe(text("ru", "peer:group.closed.botBlocked", { number: 1 }));

    // Blocking seen through my_chat_member closes the conversation at once.
    const second = person(fake, { id: 7301280202 });
    await startWriting(second);
    second.send("Вопрос 2");
    const topic2 = await group.waitForTopic(/^#2 /);
    await second.nextBotMessage();
    second.block();
    await group.waitUntil(
      () =>
        group
          .topicMessages(topic2.thread)
          .some((m) => m.text === text("ru", "peer:group.closed.botBlocked", { number: 2 }))
          ? true
          : undefined,
      "the group told",
    );
  });

  it("a restart keeps routing; the conversation closes by itself after 14 idle days and both sides are told", async () => {
    const { t, fake, group } = await startPeer({ app: { peer: { housekeepingEveryMs: 20 } } });
    const chat = person(fake, { id: 7301280301 });
    await startWriting(chat);
    chat.send("До рестарта");
    const header = await group.nextBotMessage();
    await group.nextBotMessage();
    await chat.nextBotMessage();
    await chat.settle();
    await t.restart();
    group.member(CONSULTANT).send("После рестарта", { replyTo: header.message_id });
    expect((await chat.nextBotMessage()).text).toBe(`После рестарта\n\n— ${text("ru", "peer:signature")}`);
    chat.send("Спасибо");
    expect((await group.nextBotMessage()).text).toBe("Спасибо");

    fake.advanceClock(13 * DAY);
    await group.settle();
    expect(chat.botMessages().at(-1)?.text).toBe(`После рестарта\n\n— ${text("ru", "peer:signature")}`);
    fake.advanceClock(2 * DAY);
    expect((await chat.nextBotMessage()).text).toBe(text("ru", "peer:ended.idle"));
    expect((await group.nextBotMessage()).text).toBe(text("ru", "peer:group.closed.idle", { number: 1, days: 14 }));
  });

  it("a person who sends too much while waiting is slowed kindly; nothing is dropped silently", async () => {
    const { fake, group } = await startPeer({ app: { peer: { flood: { limit: 3, windowMs: 60 * 60 * 1000 } } } });
    const chat = person(fake, { id: 7301280401 });
    await startWriting(chat);
    for (const n of [1, 2, 3]) chat.send(`Сообщение ${n}`);
    await group.nextBotMessage();
    for (const n of [1, 2, 3]) expect((await group.nextBotMessage()).text).toBe(`Сообщение ${n}`);
    await chat.nextBotMessage();
    chat.send("Сообщение 4");
    const slow = await chat.nextBotMessage();
    expect(slow.text).toBe(seen(text("ru", "peer:slowDown", { minutes: 60 })));
    // An answer opens the window again.
    group.member(CONSULTANT).send("Читаю", { replyTo: (group.botMessages()[0] ?? { message_id: 0 }).message_id });
    await chat.nextBotMessage();
    chat.send("Сообщение 5");
    expect((await group.nextBotMessage()).text).toBe("Сообщение 5");
  });

  it("without a usable group /ask says it is not available and offers the card and contacts; one warning line", async () => {
    const { t, fake, group } = await startPeer({ botIsAdmin: false });
    const warnings = t
      .logText()
      .split("\n")
      .filter((line) => line.includes("CONSULTANTS_CHAT_ID"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("not an administrator");
    expect(warnings[0]).not.toContain(String(GROUP_ID));
    const chat = person(fake, { id: 7301280501 });
    chat.send("/ask");
    const answer = await chat.nextBotMessage();
    expect(answer.text).toBe(seen(text("ru", "peer:notConfigured")));
    expect(answer.buttons.map((b) => b.text)).toEqual([
      text("ru", "rights:menu.sos"),
      text("ru", "contacts:menu"),
      text("ru", "common:menu.back"),
    ]);
    // Made an administrator: the service becomes available without a restart.
    group.promoteBot({ id: 7301280599, first_name: "Admin" });
    await eventually(() => t.logText().includes("consultants' group ready"));
    chat.send("/ask");
    expect((await chat.nextBotMessage()).buttons.map((b) => b.text)).toContain(text("ru", "peer:buttons.write"));

    // Not configured at all: the same answer.
    const bare = await t.restart({ env: { CONSULTANTS_CHAT_ID: "" } });
    chat.send("/ask");
    expect((await chat.nextBotMessage()).text).toBe(seen(text("ru", "peer:notConfigured")));
    expect(bare.logText()).not.toContain("not usable");
  });
});
