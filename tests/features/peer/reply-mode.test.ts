import { afterEach, describe, expect, it } from "vitest";
import { stopAll } from "../../support/app-harness.js";
import { GROUP_ID, person, seen, startPeer, startWriting, text, WEEKEND } from "./peer-helpers.js";

afterEach(stopAll);

const CONSULTANT = { id: 7301260001, first_name: "Nino", last_name: "Kapanadze", username: "nino_peer_77" };

describe("ask a peer, reply mode (a group without topics)", () => {
  it("copies the person's messages without identity, answers come back signed, and a second message joins", async () => {
    const { t, fake, group } = await startPeer();
    const tamar = person(fake, { id: 7301260101, username: "tamar_secret", last_name: "Beridze" });
    // The country chosen for the detained card becomes the conversation's.
    tamar.send("/sos");
    await tamar.nextBotMessage();
    await tamar.click(text("ru", "rights:countries.ge"));

    tamar.send("/ask");
    const intro = await tamar.nextBotMessage();
    expect(intro.text).toContain(seen(text("ru", "peer:intro").split("\n\n")[1] ?? ""));
    expect(intro.buttons.map((b) => b.text)).toContain(text("ru", "peer:buttons.write"));
    expect(intro.protect_content).toBe(true);
    await tamar.click(text("ru", "peer:buttons.write"));
    expect(tamar.lastBotMessage()?.text).toBe(seen(text("ru", "peer:writePrompt")));

    // Nothing in the group until the first message.
    expect(group.botMessages()).toEqual([]);
    const first = tamar.send("Брата задержали вчера ночью, что делать?");
    const header = await group.nextBotMessage();
    expect(header.text?.split("\n")[0]).toBe(`#1 · ru · ${text("ru", "rights:countries.ge")}`);
    expect(header.buttons.map((b) => b.text)).toEqual([
      text("ru", "peer:group.buttons.close"),
      text("ru", "peer:group.buttons.block"),
      text("ru", "peer:group.buttons.send"),
    ]);
    const copy = await group.nextBotMessage();
    expect(copy.text).toBe(first.text);
    // A copy, not a forward: nothing says who wrote it; it replies to the conversation's header.
    expect(copy.raw.forward_origin).toBeUndefined();
    expect(copy.sender?.id).toBe(fake.bot.id);
    expect(copy.raw.reply_to_message?.message_id).toBe(header.message_id);
    expect(copy.protect_content).toBe(true);
    const ack = await tamar.nextBotMessage();
    expect(ack.text).toBe(seen(text("ru", "peer:passedOn")));
    expect(ack.buttons.map((b) => b.text)).toEqual([text("ru", "peer:buttons.end")]);

    // Nothing the group sees names the person.
    const everything = JSON.stringify(group.messages);
    for (const secret of ["7301260101", "tamar_secret", "Tamar", "Beridze"]) expect(everything).not.toContain(secret);

    // A second message joins the same conversation, without another acknowledgement.
    tamar.sendPhoto({ caption: "повестка" });
    const photo = await group.nextBotMessage();
    expect(photo.media).toBe("photo");
    expect(photo.caption).toBe("повестка");
    expect(photo.raw.reply_to_message?.message_id).toBe(header.message_id);
    await tamar.settle();
    expect(tamar.botMessages().at(-1)?.message_id).toBe(ack.message_id);

    // The consultant replies to the photo: the person gets it from the bot, signed with the role.
    const nino = group.member(CONSULTANT);
    const answer = nino.send("Держитесь. Не подписывайте ничего без адвоката.", { replyTo: photo.message_id });
    const delivered = await tamar.nextBotMessage();
    expect(delivered.text).toBe(`${answer.text}\n\n— ${text("ru", "peer:signature")}`);
    expect(delivered.sender?.id).toBe(fake.bot.id);
    expect(delivered.buttons.map((b) => b.text)).toEqual([text("ru", "peer:buttons.end")]);
    expect(JSON.stringify(tamar.messages)).not.toMatch(/Nino|Kapanadze|nino_peer_77|7301260001/);
    await group.waitUntil(() => (group.message(answer.message_id)?.reactions.length ? true : undefined), "👌");
    expect(group.message(answer.message_id)?.reactions).toEqual(["👌"]);

    // Counted anonymously: opened (by language), answered, and the time to the first answer in a
    // bucket (the fake clock barely moved: under five minutes).
    const counters = t.app.services.counters;
    expect(counters.totals("peer.opened", { by: ["lang"] })).toEqual([{ dims: { lang: "ru" }, count: 1 }]);
    expect(counters.total("peer.answered")).toBe(1);
    expect(counters.totals("peer.first_answer", { by: ["within"] })).toEqual([{ dims: { within: "5m" }, count: 1 }]);

    // A pseudonym signs later replies; a voice message goes both ways.
    nino.send("/name Мзия");
    await group.nextBotMessage();
    nino.sendVoice({ duration: 12 });
    // A voice message that replies to nothing is chatter: it reaches nobody.
    await group.settle();
    expect(tamar.botMessages().at(-1)?.message_id).toBe(delivered.message_id);
    const voiceReply = group.member(CONSULTANT);
    voiceReply.send("Голосовым удобнее?", { replyTo: header.message_id });
    const signed = await tamar.nextBotMessage();
    expect(signed.text).toBe(`Голосовым удобнее?\n\n— Мзия`);
    tamar.sendVoice({ duration: 7 });
    const voice = await group.nextBotMessage();
    expect(voice.media).toBe("voice");
    // A contact card (a phone number, maybe an account) is not passed on; the person is told why.
    tamar.sendContact({ phone_number: "+995599000111", first_name: "Tamar", user_id: 7301260101 });
    expect((await tamar.nextBotMessage()).text).toBe(text("ru", "peer:noContacts"));
    await group.settle();
    expect(group.botMessages().at(-1)?.message_id).toBe(voice.message_id);
    // Later answers do not count as first answers again.
    expect(counters.total("peer.answered")).toBe(1);
    expect(counters.total("peer.first_answer")).toBe(1);
  });

  it("outside the hours: the message is passed on, with the hours and the self-help sections", async () => {
    const { fake, group } = await startPeer({ startTime: WEEKEND });
    const chat = person(fake, { id: 7301260201 });
    await startWriting(chat);
    chat.send("Есть кто?");
    await group.nextBotMessage();
    const copy = await group.nextBotMessage();
    expect(copy.text).toBe("Есть кто?");
    const note = await chat.nextBotMessage();
    expect(note.text).toContain(seen(text("ru", "peer:offHours").split("{{hours}}")[0] ?? ""));
    expect(note.text).toMatch(/10:00–20:00/);
    expect(note.buttons.map((b) => b.text)).toEqual(
      expect.arrayContaining([
        text("ru", "rights:menu.sos"),
        text("ru", "contacts:menu"),
        text("ru", "peer:buttons.end"),
      ]),
    );
  });

  it("a reply from outside the group, or to a closed conversation, reaches nobody", async () => {
    const { fake, group } = await startPeer();
    const chat = person(fake, { id: 7301260301 });
    await startWriting(chat);
    chat.send("Вопрос");
    const header = await group.nextBotMessage();
    const copy = await group.nextBotMessage();
    await chat.nextBotMessage();

    // Another group the bot is in, where someone replies to a copy of the message.
    const other = fake.groupChat({ id: -1001987650099, title: "Elsewhere", botIsAdmin: true });
    const outsider = other.member({ id: 7301260399, first_name: "Stranger" });
    const posted = outsider.send("Эй");
    outsider.send("Ответ чужому", { replyTo: posted.message_id });
    await other.settle();
    expect(chat.botMessages()).toHaveLength(2);

    // The consultant closes it; a late reply is refused with a line, and the group keeps only that.
    const nino = group.member(CONSULTANT);
    await nino.click(text("ru", "peer:group.buttons.close"), { message: header });
    await nino.click(text("ru", "peer:group.buttons.closeYes"), { message: header });
    const closedLine = await group.nextBotMessage();
    expect(closedLine.text).toBe(text("ru", "peer:group.closed.consultant", { number: 1 }));
    expect(group.message(header.message_id)).toBeUndefined();
    expect(group.message(copy.message_id)).toBeUndefined();
    const ended = await chat.nextBotMessage();
    expect(ended.text).toBe(text("ru", "peer:ended.byConsultant"));

    nino.send("Ещё одно", { replyTo: closedLine.message_id });
    const refused = await group.nextBotMessage();
    expect(refused.text).toBe(text("ru", "peer:group.notDelivered.closed"));
    await group.settle();
    expect(chat.botMessages().at(-1)?.message_id).toBe(ended.message_id);
    expect(GROUP_ID).toBeLessThan(0);
  });
});
