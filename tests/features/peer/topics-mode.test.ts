import { afterEach, describe, expect, it } from "vitest";
import { callApi } from "../../fake-bot-api/raw-api.js";
import { stopAll } from "../../support/app-harness.js";
import { DAY, nextText, person, seen, startPeer, startWriting, text } from "./peer-helpers.js";

afterEach(stopAll);

const CONSULTANT = { id: 7301270001, first_name: "Irakli", username: "irakli_peer" };

describe("ask a peer, topics mode (a forum supergroup)", () => {
  it("gives each conversation its own topic; whatever a consultant writes there reaches the person", async () => {
    const { fake, group } = await startPeer({ topics: true });
    const anna = person(fake, { id: 7301270101, language_code: "uk", first_name: "Anna" });
    await startWriting(anna, "uk");
    anna.send("Мене не пускають на метадон");
    const topic = await group.waitForTopic(/^#1 · uk · /);
    expect(topic.name).toBe(`#1 · uk · ${text("ru", "peer:group.noCountry")}`);
    await group.waitUntil(() => (group.topicMessages(topic.thread).length >= 3 ? true : undefined), "the copy");
    const [created, header, copy] = group.topicMessages(topic.thread);
    expect(created?.raw.forum_topic_created?.name).toBe(topic.name);
    expect(header?.text?.split("\n")[0]).toBe(topic.name);
    expect(copy?.text).toBe("Мене не пускають на метадон");
    expect(copy?.raw.forward_origin).toBeUndefined();
    expect((await anna.nextBotMessage()).text).toBe(seen(text("uk", "peer:passedOn")));

    // A second person gets a second topic.
    const other = person(fake, { id: 7301270102 });
    await startWriting(other);
    other.send("Здравствуйте");
    await group.waitForTopic(/^#2 · ru · /);

    // In the topic, a plain message (no reply) goes to the person, signed, in their language.
    const irakli = group.member(CONSULTANT).inTopic(topic.thread);
    const sent = irakli.send("Вам можуть відмовити лише письмово.");
    const got = await anna.nextBotMessage();
    expect(got.text).toBe(`${sent.text}\n\n— ${text("uk", "peer:signature")}`);
    // A photo with a caption, and a sticker, both ways.
    irakli.sendPhoto({ caption: "Зразок заяви" });
    const photo = await anna.nextBotMessage();
    expect(photo.media).toBe("photo");
    expect(photo.caption).toBe(`Зразок заяви\n\n— ${text("uk", "peer:signature")}`);
    anna.sendPhoto();
    await group.waitUntil(
      () => (group.topicMessages(topic.thread).some((m) => m.media === "photo" && m.from === "bot") ? true : undefined),
      "the person's photo in the topic",
    );
    irakli.sendVoice({ duration: 9 });
    const voice = await anna.nextBotMessage();
    expect(voice.media).toBe("voice");
    expect(voice.caption).toBe(`— ${text("uk", "peer:signature")}`);
    irakli.sendSticker();
    expect((await anna.nextBotMessage()).media).toBe("sticker");
    expect((await anna.nextBotMessage()).text).toBe(`— ${text("uk", "peer:signature")}`);

    // A mention by name would link to a consultant's account: it arrives as plain text.
    const user = { id: CONSULTANT.id, is_bot: false, first_name: CONSULTANT.first_name };
    fake.pushUpdate({
      message: {
        message_id: 9001,
        date: Math.floor(fake.now() / 1000),
        chat: group.chat,
        from: user,
        message_thread_id: topic.thread,
        is_topic_message: true,
        text: "Спитайте Irakli",
        entities: [
          { type: "text_mention", offset: 8, length: 6, user },
          { type: "bold", offset: 0, length: 7 },
        ],
      },
    });
    const mention = await anna.nextBotMessage();
    expect(mention.text).toBe(`Спитайте Irakli\n\n— ${text("uk", "peer:signature")}`);
    expect(mention.entities.map((e) => e.type)).toEqual(["bold", "italic"]);

    // Chatter in the General topic reaches nobody.
    group.member(CONSULTANT).send("Коллеги, кто сегодня дежурит?");
    await group.settle();
    expect(anna.botMessages().at(-1)?.message_id).toBe(mention.message_id);

    // /tickets lists both, with no content.
    group.member(CONSULTANT).send("/tickets");
    const tickets = await group.nextBotMessage();
    expect(tickets.text?.split("\n")[0]).toBe(text("ru", "peer:group.tickets.title", { count: 2 }));
    expect(tickets.text).toContain(`${topic.name} — ${text("ru", "peer:group.tickets.answered")}`);
    expect(tickets.text).not.toContain("метадон");
  });

  it("Send a section: the detained card, the contacts and an article, in the person's language and country", async () => {
    const { fake, group } = await startPeer({ topics: true });
    const nika = person(fake, { id: 7301270201, language_code: "en", first_name: "Nika" });
    nika.send("/sos");
    await nika.nextBotMessage();
    await nika.click(text("en", "rights:countries.ge"));
    await startWriting(nika, "en");
    nika.send("I was searched");
    const topic = await group.waitForTopic(/^#1 · en · /);
    expect(topic.name).toBe(`#1 · en · ${text("ru", "rights:countries.ge")}`);
    await nika.nextBotMessage();
    const [, header] = group.topicMessages(topic.thread);
    if (!header) throw new Error("no header");
    const irakli = group.member(CONSULTANT).inTopic(topic.thread);

    await irakli.click(text("ru", "peer:group.buttons.send"), { message: header });
    const toast = await irakli.click(text("ru", "rights:menu.sos"), { message: header });
    expect(toast.text).toBe(
      text("ru", "peer:group.sectionSent", { number: 1, section: text("ru", "rights:menu.sos") }),
    );
    const card = await nika.nextBotMessage();
    expect(card.text).toContain(text("en", "rights:sos.title"));
    expect(card.text).toContain(text("en", "rights:countries.ge"));

    await irakli.click(text("ru", "peer:group.buttons.send"), { message: header });
    await irakli.click(text("ru", "contacts:menu"), { message: header });
    const contacts = await nika.nextBotMessage();
    expect(contacts.buttons.length).toBeGreaterThan(1);

    await irakli.click(text("ru", "peer:group.buttons.send"), { message: header });
    await irakli.click(text("ru", "rights:menu.rights"), { message: header });
    await irakli.click(text("ru", "rights:topics.search"), { message: header });
    const article = await nika.nextBotMessage();
    expect(article.text?.split("\n")[0]).toBe(text("en", "rights:topics.search"));
    // The article's buttons work in the person's chat (the rights section handles them).
    expect(article.buttons.some((b) => b.callback_data?.startsWith("rt:"))).toBe(true);
  });

  it("Close deletes the topic after the retention period (or at once), and Block keeps the person out", async () => {
    const { t, fake, group } = await startPeer({ topics: true, app: { peer: { housekeepingEveryMs: 20 } } });
    const a = person(fake, { id: 7301270301 });
    await startWriting(a);
    a.send("Первый");
    const first = await group.waitForTopic(/^#1 /);
    await a.nextBotMessage();
    const consultant = group.member(CONSULTANT).inTopic(first.thread);
    const header = () => group.topicMessages(first.thread)[1] as NonNullable<ReturnType<typeof group.topicMessages>[0]>;
    await consultant.click(text("ru", "peer:group.buttons.close"), { message: header() });
    await consultant.click(text("ru", "peer:group.buttons.closeYes"), { message: header() });
    expect((await a.nextBotMessage()).text).toBe(text("ru", "peer:ended.byConsultant"));
    await group.waitUntil(() => (group.topics()[0]?.closed ? true : undefined), "the topic closed");
    expect(group.topics()[0]?.deleted).toBe(false);
    // Seven days later (PEER_TOPIC_RETENTION_DAYS) housekeeping deletes it with all its messages.
    fake.advanceClock(7 * DAY + 1000);
    await group.waitUntil(() => (group.topics()[0]?.deleted ? true : undefined), "the topic deleted");
    expect(group.topicMessages(first.thread)).toEqual([]);

    // Block: the person is told it ended and can no longer write.
    const b = person(fake, { id: 7301270302 });
    await startWriting(b);
    b.send("Второй");
    const second = await group.waitForTopic(/^#2 /);
    await b.nextBotMessage();
    const secondHeader = group.topicMessages(second.thread)[1];
    if (!secondHeader) throw new Error("no header");
    const inSecond = group.member(CONSULTANT).inTopic(second.thread);
    await inSecond.click(text("ru", "peer:group.buttons.block"), { message: secondHeader });
    await inSecond.click(text("ru", "peer:group.buttons.blockYes"), { message: secondHeader });
    await b.nextBotMessage();
    b.send("/ask");
    expect((await b.nextBotMessage()).text).toBe(seen(text("ru", "peer:blocked")));
    // An operator lifts it with /unblock 2.
    const operator = group.member({ id: 7301279999, first_name: "Operator" });
    operator.send("/unblock 2");
    expect((await nextText(group)).text).toBe(text("ru", "peer:group.unblock.operatorsOnly"));
    const restarted = await t.restart({ env: { ADMIN_IDS: "7301279999" } });
    operator.send("/unblock 2");
    expect((await nextText(group)).text).toBe(text("ru", "peer:group.unblock.done", { number: 2 }));
    b.send("/ask");
    expect((await b.nextBotMessage()).buttons.map((x) => x.text)).toContain(text("ru", "peer:buttons.write"));

    // "Close and delete the topic now".
    await startWriting(b);
    b.send("Третий");
    const third = await group.waitForTopic(/^#3 /);
    await b.nextBotMessage();
    const thirdHeader = group.topicMessages(third.thread)[1];
    if (!thirdHeader) throw new Error("no header");
    const inThird = group.member(CONSULTANT).inTopic(third.thread);
    await inThird.click(text("ru", "peer:group.buttons.close"), { message: thirdHeader });
    await inThird.click(text("ru", "peer:group.buttons.closeDelete"), { message: thirdHeader });
    await group.waitUntil(() => (group.topics()[2]?.deleted ? true : undefined), "the topic deleted at once");
    expect(restarted.app.services.counters.total("peer.closed")).toBe(3);
  });

  it("a topic deleted by hand ends the conversation: the person is told, nothing is passed into the void", async () => {
    const { fake, group } = await startPeer({ topics: true });
    const chat = person(fake, { id: 7301270401 });
    await startWriting(chat);
    chat.send("Вопрос");
    const topic = await group.waitForTopic(/^#1 /);
    await chat.nextBotMessage();
    // A consultant deletes the topic in Telegram (the bot is not told).
    const deleted = await callApi(fake, "deleteForumTopic", { chat_id: group.id, message_thread_id: topic.thread });
    expect(deleted.body.ok).toBe(true);
    chat.send("Вы здесь?");
    expect((await chat.nextBotMessage()).text).toBe(text("ru", "peer:ended.byConsultant"));
    chat.send("/ask");
    expect((await chat.nextBotMessage()).buttons.map((b) => b.text)).toContain(text("ru", "peer:buttons.write"));
  });
});
