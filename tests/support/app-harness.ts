import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppOptions, type RunningApp, startApp } from "../../src/app.js";
import type { Environment } from "../../src/config.js";
import { FakeBotApi } from "./fake-bot-api/fake-bot-api.js";

export interface TestApp {
  readonly app: RunningApp;
  readonly fake: FakeBotApi;
  /** The folder holding the database, the generated key file and the log file. */
  readonly dir: string;
  readonly dbPath: string;
  readonly logPath: string;
  readonly env: Environment;
  /** Everything logged so far (at trace level: the most there could be). */
  logText(): string;
  /** Resolves once a logged line passes `test` (lines already logged count). */
  waitForLog(test: (line: string) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Resolves once the bot has completely handled an update (default: the last one pushed), its
   * write-backs included — a signal, not a quiet period.
   */
  handled(updateId?: number): Promise<void>;
  /** Stops the bot (not the fake). */
  stop(): Promise<void>;
  /** Stops this instance and starts a new one on the same database, key and fake Telegram. */
  restart(options?: StartTestAppOptions): Promise<TestApp>;
}

export interface StartTestAppOptions {
  fake?: FakeBotApi;
  /** Extra or overriding environment variables (e.g. ADMIN_IDS). */
  env?: Record<string, string>;
  /** Reuse a folder (and so the database and secret key) of an earlier instance. */
  dir?: string;
  app?: AppOptions;
}

/**
 * A log listener that tells the fake about every update the app has completely handled (its
 * "update handled" trace line), so the fake's waits (SimChat.settle) use that signal instead of a
 * quiet period. Give it every log line of an app at level trace.
 */
export function reportHandledUpdates(fake: FakeBotApi): (line: string) => void {
  fake.trackHandling();
  return (line) => {
    const handled = /"updateId":(\d+),.*"msg":"update handled"/.exec(line);
    if (handled) fake.markHandled(Number(handled[1]));
  };
}

const running = new Set<TestApp>();
const fakes = new Set<FakeBotApi>();

/**
 * Starts the real app through `startApp` — the code path of `npm start` — against a fake
 * Telegram Bot API on 127.0.0.1, with a fresh SQLite file and no SECRET_KEY (so the key file is
 * generated beside the database, as on a first start).
 */
export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await FakeBotApi.start());
  fakes.add(fake);
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "pbr-e2e-"));
  const dbPath = path.join(dir, "bot.sqlite");
  const logPath = path.join(dir, "bot.log");
  const env: Environment = {
    BOT_TOKEN: fake.token,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: dbPath,
    LOG_LEVEL: "trace",
    ...options.env,
  };
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>([reportHandledUpdates(fake)]);
  const app = await startApp(env, {
    ...options.app,
    logDestination: {
      write(line: string) {
        lines.push(line);
        appendFileSync(logPath, line);
        for (const listener of [...listeners]) listener(line);
      },
    },
  });
  const waitForLog = (test: (line: string) => boolean, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some(test)) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (line: string) => {
        if (!test(line)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });
  const testApp: TestApp = {
    app,
    fake,
    dir,
    dbPath,
    logPath,
    env,
    logText: () => lines.join(""),
    waitForLog,
    handled: (updateId = fake.lastUpdateId) =>
      waitForLog((line) => line.includes(`"updateId":${updateId},`) && line.includes('"msg":"update handled"')),
    async stop() {
      running.delete(testApp);
      await app.stop();
    },
    async restart(next = {}) {
      await testApp.stop();
      return startTestApp({ ...options, ...next, fake, dir, env: { ...options.env, ...next.env } });
    },
  };
  running.add(testApp);
  return testApp;
}

/** Stops every app and fake started through the harness; call from afterEach/afterAll. */
export async function stopAll(): Promise<void> {
  for (const testApp of [...running]) await testApp.stop();
  for (const fake of [...fakes]) {
    fakes.delete(fake);
    await fake.stop();
  }
}

/** The files a privacy scan must cover: the database with its WAL and shared memory, and the log. */
export function keptFiles(testApp: TestApp): string[] {
  return [testApp.dbPath, `${testApp.dbPath}-wal`, `${testApp.dbPath}-shm`, testApp.logPath];
}
