import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { callApi, fails, ok } from "./raw-api.js";

let fake: FakeBotApi;

beforeEach(async () => {
  fake = await FakeBotApi.start();
});

afterEach(async () => {
  await fake.stop();
});

describe("routing", () => {
  test("listens on loopback and answers getMe with the bot user", async () => {
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await ok(fake, "getMe")).toEqual({
      id: fake.bot.id,
      is_bot: true,
      first_name: "People by Right",
      username: "people_by_right_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
    });
  });

  test("a wrong token is 401 Unauthorized", async () => {
    const { status, body } = await callApi(fake, "getMe", {}, { token: "123456:wrong" });
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
  });

  test("an unknown method is 404 Not Found", async () => {
    const { status, body } = await callApi(fake, "sendTelepathy");
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  test("method names are case-insensitive and GET with a query string works", async () => {
    expect((await callApi(fake, "GETME")).body.ok).toBe(true);
    const alice = fake.privateChat({ id: 1001, first_name: "Alice" });
    alice.send("hi");
    const { body } = await callApi(fake, "sendmessage", { chat_id: 1001, text: "via GET" }, { encoding: "query" });
    expect(body).toMatchObject({ ok: true, result: { text: "via GET", chat: { id: 1001 } } });
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });
});

describe("request bodies", () => {
  beforeEach(() => {
    fake.privateChat({ id: 1001, first_name: "Alice" }).send("/start");
  });

  test("form-encoded values are strings; JSON parameters are parsed like Telegram does", async () => {
    const markup = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const { body } = await callApi(
      fake,
      "sendMessage",
      { chat_id: "1001", text: "form", reply_markup: markup, disable_notification: "true" },
      { encoding: "form" },
    );
    expect(body.ok).toBe(true);
    const [call] = fake.callsOf("sendMessage");
    expect(call?.params).toEqual({ chat_id: 1001, text: "form", reply_markup: markup, disable_notification: true });
    expect(body.result).toMatchObject({ reply_markup: markup });
  });

  test("a JSON-encoded string inside a JSON body is parsed too", async () => {
    const markup = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const result = await ok(fake, "sendMessage", { chat_id: 1001, text: "x", reply_markup: JSON.stringify(markup) });
    expect(result).toMatchObject({ reply_markup: markup });
  });

  test("unparsable JSON gets the parameter-specific message", async () => {
    expect(await fails(fake, "sendMessage", { chat_id: 1001, text: "x", reply_markup: "{oops" })).toBe(
      "Bad Request: can't parse reply keyboard markup JSON object",
    );
  });

  test("multipart uploads with attach:// (spec-style FormData)", async () => {
    const form = new FormData();
    form.set("chat_id", "1001");
    form.set("photo", "attach://file0");
    form.set("caption", "<b>QR</b>");
    form.set("parse_mode", "HTML");
    form.set("file0", new Blob([new Uint8Array([1, 2, 3, 4])]), "qr.png");
    const response = await fetch(`${fake.apiRoot}/bot${fake.token}/sendPhoto`, { method: "POST", body: form });
    const body = (await response.json()) as {
      ok: boolean;
      result: { photo: Array<{ file_id: string }>; caption: string };
    };
    expect(body.ok).toBe(true);
    expect(body.result.caption).toBe("QR");
    expect(fake.uploads).toMatchObject([
      { method: "sendPhoto", field: "photo", partName: "file0", filename: "qr.png", byteLength: 4 },
    ]);
    expect(body.result.photo.at(-1)?.file_id).toBe(fake.uploads[0]?.fileId);
  });

  test("grammY's multipart dialect (no spaces, unquoted filename) is accepted", async () => {
    const boundary = "----------abcdef";
    const parts = [
      `--${boundary}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n1001`,
      `\r\n--${boundary}\r\ncontent-disposition:form-data;name="document"\r\n\r\nattach://xyz`,
      `\r\n--${boundary}\r\ncontent-disposition:form-data;name="xyz";filename=report.csv\r\ncontent-type:application/octet-stream\r\n\r\n`,
    ];
    const body = Buffer.concat([
      Buffer.from(parts.join("")),
      Buffer.from("a,b\r\n1,2"),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await fetch(`${fake.apiRoot}/bot${fake.token}/sendDocument`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const reply = (await response.json()) as { ok: boolean; result: { document: Record<string, unknown> } };
    expect(reply.result.document).toMatchObject({ file_name: "report.csv", mime_type: "text/csv", file_size: 8 });
    expect(Buffer.from(fake.uploads[0]?.bytes ?? []).toString()).toBe("a,b\r\n1,2");
  });
});

describe("parameters", () => {
  test.each([
    ["sendMessage", { text: "x" }, "Bad Request: chat_id is empty"],
    ["sendMessage", { chat_id: 1001 }, "Bad Request: message text is empty"],
    ["sendMessage", { chat_id: 1001, text: "" }, "Bad Request: message text is empty"],
    ["sendPhoto", { chat_id: 1001 }, "Bad Request: there is no photo in the request"],
    ["sendVideo", { chat_id: 1001 }, "Bad Request: there is no video in the request"],
    ["deleteMessage", { chat_id: 1001 }, "Bad Request: message identifier is not specified"],
    ["answerCallbackQuery", {}, "Bad Request: query is too old and response timeout expired or query ID is invalid"],
    ["setMyCommands", {}, 'Bad Request: parameter "commands" is required'],
    ["sendChatAction", { chat_id: 1001, action: "dancing" }, "Bad Request: wrong parameter action in request"],
  ])("%s %j → %s", async (method, params, description) => {
    fake.privateChat({ id: 1001, first_name: "Alice" }).send("hi");
    const { status, body } = await callApi(fake, method, params);
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error_code: 400, description });
  });

  test("unknown parameters are accepted (Telegram ignores them) but recorded", async () => {
    fake.privateChat({ id: 1001, first_name: "Alice" }).send("hi");
    await ok(fake, "sendMessage", { chat_id: 1001, text: "x", disable_web_page_preview: true, colour: "red" });
    expect(fake.unknownParams).toEqual([
      { method: "sendMessage", param: "disable_web_page_preview" },
      { method: "sendMessage", param: "colour" },
    ]);
  });

  test("every call is recorded with its outcome and the fake clock", async () => {
    const before = fake.now();
    await callApi(fake, "getMe");
    await callApi(fake, "sendMessage", { chat_id: 5, text: "x" });
    expect(fake.calls).toEqual([
      expect.objectContaining({ method: "getMe", ok: true }),
      expect.objectContaining({
        method: "sendMessage",
        params: { chat_id: 5, text: "x" },
        ok: false,
        errorCode: 400,
        description: "Bad Request: chat not found",
      }),
    ]);
    expect(fake.calls[0]?.at).toBeGreaterThanOrEqual(before);
  });
});

describe("files", () => {
  test("getFile gives a file_path that downloads the uploaded bytes", async () => {
    fake.privateChat({ id: 1001, first_name: "Alice" }).send("hi");
    const form = new FormData();
    form.set("chat_id", "1001");
    form.set("document", new Blob([new TextEncoder().encode("hello")]), "hello.txt");
    const sent = (await (
      await fetch(`${fake.apiRoot}/bot${fake.token}/sendDocument`, { method: "POST", body: form })
    ).json()) as {
      result: { document: { file_id: string } };
    };
    const file = await ok<{ file_path: string; file_size: number }>(fake, "getFile", {
      file_id: sent.result.document.file_id,
    });
    expect(file.file_size).toBe(5);
    const download = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(await download.text()).toBe("hello");
    expect(await fails(fake, "getFile", { file_id: "nope" })).toBe("Bad Request: invalid file_id");
  });
});
