import { afterAll, expect, it } from "vitest";
import { keptFiles, startTestApp, stopAll } from "../../support/app-harness.js";
import { scanFiles } from "../../support/privacy-scan.js";
import { press, tr } from "./e2e-helpers.js";

afterAll(stopAll);

const PERSON = {
  id: 7_301_299_991,
  first_name: "Zurabi",
  last_name: "Beridzeshvili",
  username: "zurabi_rights_scan",
  language_code: "ka",
};
const TYPED = ["Zurabi from Rustaveli 12", "+995599123456", "my brother Levani was taken"];

it("rights, the card, contacts and the relatives' path keep nothing about the person but the country", async () => {
  const app = await startTestApp();
  const t = tr("ka");
  const person = app.fake.privateChat(PERSON);
  const { privacy, sqlite } = app.app.services;

  /** What the conversations plugin has stored, decrypted: what a flow keeps between updates. */
  const flowState = () =>
    (sqlite.prepare("SELECT data FROM conversation_state").all() as Array<{ data: string }>)
      .map((row) => privacy.decrypt(row.data, "conversation"))
      .join("\n");

  person.send("/rights");
  await person.nextBotMessage();
  person.send(TYPED[0] as string);
  await person.nextBotMessage();
  person.send(TYPED[1] as string);
  await person.nextBotMessage();
  await person.settle();
  // The flow is still waiting, and what was typed did not enter its state.
  const waiting = flowState();
  expect(waiting).not.toBe("");
  for (const text of TYPED) expect(waiting).not.toContain(text);
  await press(person, t("rights:countries.ge"));
  await press(person, t("rights:topics.police"));

  person.send("/relatives");
  await person.nextBotMessage();
  person.send(TYPED[2] as string);
  await person.nextBotMessage();
  await press(person, t("rights:countries.ru"));
  person.send(TYPED[0] as string);
  await person.nextBotMessage();
  await person.settle();
  for (const text of TYPED) expect(flowState()).not.toContain(text);
  await press(person, t("rights:relatives.situations.detained"));

  person.send("/contacts");
  await person.nextBotMessage();
  await press(person, t("contacts:categories.legal"));
  person.send("/sos");
  await person.nextBotMessage();
  await person.settle();

  // Finished flows leave no state; the session holds the language and country only.
  expect(flowState()).toBe("");
  const sessions = sqlite.prepare("SELECT data FROM sessions").all() as Array<{ data: string }>;
  expect(sessions.map((row) => JSON.parse(row.data))).toEqual([{ country: "ge" }]);

  await app.stop();
  const leaks = scanFiles(keptFiles(app), [
    { label: "user id", value: PERSON.id },
    { label: "first name", value: PERSON.first_name },
    { label: "last name", value: PERSON.last_name },
    { label: "username", value: PERSON.username },
    ...TYPED.map((text, index) => ({ label: `typed text ${index + 1}`, value: text })),
  ]);
  expect(leaks).toEqual([]);
});
