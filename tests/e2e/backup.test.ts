import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, stopAll, type TestApp } from "../support/app-harness.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";

afterEach(stopAll);

const ROOT = path.resolve(import.meta.dirname, "../..");
const OPERATOR = 7301270001;
const SUBSCRIBER = 7301270101;
const KEY = "5e".repeat(32);

/** `npm run backup -- <file>`, as an operator runs it beside the bot (npm's script is `tsx src/backup.ts`). */
async function runBackup(databasePath: string, file: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/backup.ts", file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The latest bot message with this button, once it is there. */
async function shown(chat: SimChat, label: string, timeout = 5_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const message = chat.botMessages().findLast((m) => m.buttons.some((b) => b.text === label));
    if (message) return message;
    if (Date.now() > end) throw new Error(`no button "${label}" appeared; last: ${chat.lastBotMessage()?.text}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function english(t: TestApp, id: number) {
  const chat = t.fake.privateChat({ id, first_name: "Backup", language_code: "en" });
  chat.send("/start");
  await chat.nextBotMessage();
  await chat.click("English");
  await chat.settle();
  return chat;
}

describe("backups", () => {
  it("are taken while the bot works, restore into a fresh data folder, and the same key reads them", async () => {
    const secrets = mkdtempSync(path.join(tmpdir(), "pbr-secrets-"));
    const keyFile = path.join(secrets, "pbr_secret_key");
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const env = { ADMIN_IDS: String(OPERATOR), SECRET_KEY_FILE: keyFile };
    const fake = await FakeBotApi.start();
    const t = await startTestApp({ fake, env, app: { floodLimit: 100_000 } });
    expect(existsSync(path.join(t.dir, "secret.key"))).toBe(false);

    // A subscriber who chose their topics: everything but events.
    const nino = await english(t, SUBSCRIBER);
    nino.send("/subscribe");
    await nino.nextBotMessage();
    await nino.click("✅ Events");
    await nino.click("✅ Subscribe");
    await nino.settle();
    expect(nino.lastBotMessage()?.text).toContain("Topics: New films, Campaign news, Rights updates.");

    // Others keep the bot busy — sessions written, messages remembered — while the backup runs.
    const busy = await Promise.all([1, 2, 3].map((i) => english(t, SUBSCRIBER + i)));
    let backupDone = false;
    const activity = Promise.all(
      busy.map(async (chat) => {
        let rounds = 0;
        while (!backupDone || rounds < 3) {
          chat.send(rounds % 2 ? "/help" : "/privacy");
          await chat.nextBotMessage({ timeout: 10_000 });
          rounds++;
        }
        return rounds;
      }),
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pbr-backup-")), "nested", "bot-backup.sqlite");
    const backup = await runBackup(t.dbPath, file);
    backupDone = true;
    expect(await activity).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /^backup written to .*bot-backup\.sqlite \(\d+ KB\)\. It does not hold the secret key/,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readFileSync(file).includes(Buffer.from(KEY))).toBe(false);

    // Taking it again under the same name is refused; nothing is overwritten.
    const again = await runBackup(t.dbPath, file);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^backup failed: .*bot-backup\.sqlite already exists: choose a new file name\n$/);

    // A new server: a fresh data folder holding only the backup, the same key from the secret store.
    await t.stop();
    const fresh = mkdtempSync(path.join(tmpdir(), "pbr-restored-"));
    copyFileSync(file, path.join(fresh, "bot.sqlite"));
    const restored = await startTestApp({ fake, env, dir: fresh });

    nino.send("/subscribe");
    const manage = await nino.nextBotMessage();
    expect(manage.text).toContain("Your subscription");
    expect(manage.text).toContain("Language: English");
    await nino.settle();
    expect(
      nino
        .lastBotMessage()
        ?.buttons.map((b) => b.text)
        .slice(0, 4),
    ).toEqual(["✅ New films", "✅ Campaign news", "▫️ Events", "✅ Rights updates"]);

    // The encrypted address came along: a broadcast reaches the subscriber.
    const op = restored.fake.privateChat({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    op.send("/broadcast");
    expect((await op.nextBotMessage()).text).toContain("New broadcast");
    op.send("After the move");
    expect((await op.nextBotMessage()).text).toBe("Who should get it?");
    await op.click("Everyone · 1", { message: await shown(op, "Everyone · 1") });
    await op.click("📣 Send (1)", { message: await shown(op, "📣 Send (1)") });
    for (const end = Date.now() + 10_000; !nino.botMessages().some((m) => m.text === "After the move"); ) {
      if (Date.now() > end)
        throw new Error(
          `the broadcast did not reach the restored subscriber: ${JSON.stringify(op.botMessages().map((m) => m.text))} ${JSON.stringify(
            nino
              .botMessages()
              .slice(-3)
              .map((m) => m.text),
          )}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  it("says how to call it, and where the database is missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pbr-backup-none-"));
    const missing = await runBackup(path.join(dir, "bot.sqlite"), path.join(dir, "copy.sqlite"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^backup failed: there is no database at .*bot\.sqlite: check DATABASE_PATH\n$/);
    expect(existsSync(path.join(dir, "copy.sqlite"))).toBe(false);
  });
});
