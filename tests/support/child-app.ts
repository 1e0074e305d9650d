import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ChildApp {
  readonly pid: number;
  readonly process: ChildProcess;
  /** stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Resolves when a log line matching `pattern` has been written. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Peak resident memory so far in kB (Linux VmHWM), undefined elsewhere or after exit. */
  peakRssKb(): number | undefined;
  /** Sends a signal and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildApp>();

/**
 * Starts the bot as `npm start` does (src/main.ts through tsx) in a child process with the given
 * environment, and resolves once it polls for updates. For what only a real process shows:
 * kill -9 in the middle of work, memory of the whole process. It runs as `node --import tsx`, not
 * through the tsx launcher, so that the pid is the bot itself (the launcher would survive a kill
 * -9 of itself and leave the bot running).
 */
export async function startChildApp(env: Record<string, string>, timeoutMs = 20_000): Promise<ChildApp> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(app);
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    }),
  );
  const app: ChildApp = {
    pid: child.pid ?? -1,
    process: child,
    output: () => output,
    waitForLog(pattern, ms = timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            cleanup();
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`the bot exited before logging ${pattern}:\n${output.slice(-2000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no log line ${pattern} within ${ms} ms:\n${output.slice(-2000)}`));
        }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    peakRssKb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
        return match ? Number(match[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(app);
  await app.waitForLog(/"msg":"started with long polling"/, timeoutMs);
  return app;
}

/** Kills every child still running (for afterEach). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((app) => app.kill("SIGKILL")));
}

/**
 * Waits until `check` holds — it reads a signal such as the fake's call log — polling every 20 ms,
 * and fails naming `what` after `ms`. For child processes, whose events the test cannot subscribe to.
 */
export async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The environment of a bot in a child process for a crash test: a fresh database folder under the
 * OS temp dir, the given key and operator, and the fake as its Telegram.
 */
export function crashTestEnv(
  fake: { token: string; apiRoot: string },
  options: { prefix: string; secretKey: string; operator: number; rate: number },
): Record<string, string> & { DATABASE_PATH: string } {
  const dir = mkdtempSync(path.join(tmpdir(), options.prefix));
  return {
    BOT_TOKEN: fake.token,
    BOT_API_ROOT: fake.apiRoot,
    DATABASE_PATH: path.join(dir, "bot.sqlite"),
    SECRET_KEY: options.secretKey,
    ADMIN_IDS: String(options.operator),
    BROADCAST_RATE: String(options.rate),
  };
}
