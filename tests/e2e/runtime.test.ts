import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

afterEach(stopAll);

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Runs `npm start`'s entry point in a child process, as in production. */
function startChild(env: Record<string, string>) {
  const child = spawn(TSX, ["src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe("configuration errors", () => {
  it.each([
    [{}, "BOT_TOKEN is missing: get a token from @BotFather"],
    [{ BOT_TOKEN: "123:abc", SECRET_KEY: "short" }, "SECRET_KEY must be 64 hex characters"],
    [{ BOT_TOKEN: "123:abc", ADMIN_IDS: "me" }, "ADMIN_IDS must be Telegram user ids"],
    // What the Docker image sets: no start without a key from outside the data volume.
    [{ BOT_TOKEN: "123:abc", REQUIRE_SECRET_KEY: "1" }, "SECRET_KEY_FILE or SECRET_KEY is required here"],
  ])("%j ends the process with exit code 1 and one line", async (env, message) => {
    const run = startChild({
      DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), "pbr-cfg-")), "bot.sqlite"),
      ...env,
    });
    const { code } = await run.exited;
    const { stderr } = run.output();
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe("Telegram refusing or out of reach at start-up", () => {
  it("a token Telegram refuses, or an API root nobody answers at, ends the start with one line", async () => {
    const fake = await FakeBotApi.start();
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-reach-"));
    for (const [env, message] of [
      [
        { BOT_TOKEN: "999:not-the-token", BOT_API_ROOT: fake.apiRoot },
        "BOT_TOKEN was refused by Telegram (401 Unauthorized)",
      ],
      [
        { BOT_TOKEN: fake.token, BOT_API_ROOT: "http://127.0.0.1:9" },
        "could not reach the Telegram Bot API at http://127.0.0.1:9",
      ],
    ] as const) {
      const run = startChild({ DATABASE_PATH: path.join(dir, "bot.sqlite"), ...env });
      const { code } = await run.exited;
      const { stderr } = run.output();
      expect(code).toBe(1);
      expect(stderr).toContain(message);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).not.toContain("not-the-token");
    }
    await fake.stop();
  }, 30_000);
});

describe("long polling in a real process", () => {
  it("answers, then shuts down within 5 seconds on SIGTERM and on SIGINT", async () => {
    const fake = await FakeBotApi.start();
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-proc-"));
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const run = startChild({
        BOT_TOKEN: fake.token,
        BOT_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path.join(dir, "bot.sqlite"),
      });
      const person = fake.privateChat({ id: 7301235001, first_name: "Proc", language_code: "en" });
      person.send("/help");
      const reply = await person.nextBotMessage({ timeout: 15_000 });
      expect(reply.text).toContain("What this bot does");
      const started = Date.now();
      run.child.kill(signal);
      const { code } = await run.exited;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(code).toBe(0);
      expect(run.output().stdout).toContain('"msg":"stopped"');
    }
    await fake.stop();
  }, 40_000);
});

describe("webhook mode", () => {
  it("takes updates only with the secret token, answers /healthz, and registers the webhook", async () => {
    const fake = await FakeBotApi.start();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram`;
    const t = await startTestApp({
      fake,
      env: { WEBHOOK_URL: url, PORT: String(port), WEBHOOK_SECRET: "s3cret-token" },
    });
    expect(t.app.mode).toBe("webhook");
    const setWebhook = fake.callsOf("setWebhook").at(-1);
    expect(setWebhook?.params.url).toBe(url);
    expect(setWebhook?.params.secret_token).toBe("s3cret-token");

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");

    const forged = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "/start" },
      }),
    });
    expect(forged.status).toBe(401);

    const secret = { "x-telegram-bot-api-secret-token": "s3cret-token" };
    const notJson = await fetch(url, { method: "POST", headers: secret, body: "{ this is not json" });
    expect(notJson.status).toBe(400);
    for (const body of ["[1, 2]", "null", '{"message": {}}', '"text"']) {
      const malformed = await fetch(url, { method: "POST", headers: secret, body });
      expect(malformed.status, body).toBe(400);
    }
    // 20 MB with the right secret: refused as too large, without the bot reading it all.
    const huge = await fetch(url, {
      method: "POST",
      headers: { ...secret, "content-type": "application/json" },
      body: `{"update_id": 1, "padding": "${"x".repeat(20 * 1024 * 1024)}"}`,
    }).then(
      (response) => response.status,
      (error: unknown) => String(error),
    );
    expect(huge).toBe(413);
    // Too large even when sent without a declared length (chunked).
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new Uint8Array(512 * 1024).fill(32));
        controller.close();
      },
    });
    const chunked = await fetch(url, { method: "POST", headers: secret, body: chunks, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(t.logText()).not.toContain('"level":50');

    // The fake delivers to the webhook like Telegram, with the secret header.
    const person = fake.privateChat({ id: 7301235101, first_name: "Hook", language_code: "uk" });
    person.send("/help");
    const reply = await person.nextBotMessage();
    expect(reply.text).toContain("Що вміє цей бот");
    await person.settle();
    expect(fake.webhookDeliveries.length).toBeGreaterThan(0);
    expect(fake.webhookDeliveries.every((delivery) => delivery.ok)).toBe(true);
  });

  it("derives a secret token from SECRET_KEY when WEBHOOK_SECRET is not set: stable per key, different per key, never the key", async () => {
    const keyA = "a1".repeat(32);
    const keyB = "b2".repeat(32);
    const fake = await FakeBotApi.start();
    const tokenOf = async (key: string, dir?: string) => {
      const port = await freePort();
      const t = await startTestApp({
        fake,
        dir,
        env: { WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, PORT: String(port), SECRET_KEY: key },
      });
      const token = String(fake.callsOf("setWebhook").at(-1)?.params.secret_token);
      return { t, token };
    };
    const first = await tokenOf(keyA);
    // Telegram's rule for secret_token: 1–256 characters, A-Z a-z 0-9 _ -.
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    // The fake delivers with the token as Telegram would: the bot accepts it and answers.
    const person = fake.privateChat({ id: 7301235102, first_name: "Hook", language_code: "en" });
    person.send("/help");
    expect((await person.nextBotMessage()).text).toContain("What this bot does");
    await first.t.stop();

    const again = await tokenOf(keyA);
    expect(again.token, "the same key gives the same token after a restart").toBe(first.token);
    await again.t.stop();
    const other = await tokenOf(keyB);
    expect(other.token, "another key gives another token").not.toBe(first.token);
    for (const key of [keyA, keyB]) {
      const bytes = Buffer.from(key, "hex");
      // Not even a fragment of the key, in any of the usual encodings.
      for (const form of [key, bytes.toString("base64"), bytes.toString("base64url")]) {
        const fragment = form.slice(0, 12);
        expect(first.token.includes(fragment) || other.token.includes(fragment), "the token reveals the key").toBe(
          false,
        );
      }
    }
  });
});

describe("Telegram's limits and failures", () => {
  it("honours 429 retry_after and retries 5xx, so nothing is lost", async () => {
    const fake = await FakeBotApi.start({ rateLimits: { perChatPerSecond: 1, retryAfter: 1 } });
    const t = await startTestApp({ fake });
    const person = fake.privateChat({ id: 7301235201, first_name: "Rate", language_code: "en" });
    for (const command of ["/help", "/privacy", "/help"]) person.send(command);
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    // auto-retry waits retry_after for 429s and backs off 3 s after a 5xx.
    await person.settle(3_500, { timeout: 20_000 });
    const texts = person.botMessages().map((m) => m.text ?? "");
    expect(texts.filter((text) => text.includes("What this bot does"))).toHaveLength(2);
    expect(texts.filter((text) => text.includes("What the bot keeps, and what it never keeps"))).toHaveLength(1);
    expect(fake.rateLimitHits).toBeGreaterThan(0);
    expect(t.logText()).not.toContain('"level":50');
  }, 30_000);

  it("a refused call fails only that answer: the person is told kindly, the log says what Telegram said", async () => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301235301, first_name: "Err", language_code: "en" });
    t.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: something unexpected" });
    person.send("/help");
    const reply = await person.nextBotMessage();
    expect(reply.text).toBe("Something went wrong on our side. Please try again, or go back to the menu.");
    expect(reply.buttons.map((b) => b.text)).toEqual(["« Menu"]);
    expect(t.logText()).toContain('"description":"Bad Request: something unexpected"');
    expect(t.logText()).toContain('"msg":"Bot API refused a call"');
    expect(t.logText()).not.toContain("What this bot does");
  });

  it("sends every text with parse_mode HTML", async () => {
    const t = await startTestApp();
    const person = t.fake.privateChat({ id: 7301235302, first_name: "Html", language_code: "ka" });
    person.send("/start");
    await person.nextBotMessage();
    await person.click("Русский");
    person.send("/privacy");
    person.send("/help");
    person.send("<b>not html</b> & stuff");
    await person.settle();
    const texts = t.fake.calls.filter((c) => ["sendMessage", "editMessageText"].includes(c.method));
    expect(texts.length).toBeGreaterThan(4);
    for (const call of texts) expect(call.params.parse_mode, call.method).toBe("HTML");
  });
});
