/**
 * One side of the foundation benchmark: the compiled bot (`node dist/main.js`) or the bare grammY
 * bot (`node tests/bench/bare-bot.mjs`, replaying the bot's recorded answers or sending short ones
 * of its own), started as a child process of its own against a fake Bot API that lives in this
 * process, with the simulated people. Only the child is measured, so its RSS is the bot's alone —
 * no fake, no driver, no TypeScript loader.
 *
 * Figures: RSS once the bot polls and has settled (idle), the child's high-water RSS after a burst
 * in which every person sends /start, presses "English" and sends /help, each waiting for the
 * answer before the next (peak), updates handled per second over the burst, and the CPU time the
 * bot's process spent per update (less noisy than the rate when the fake, not the bot, is the
 * bottleneck, or when other work shares the machine).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { round, summarize } from "./bench-result.js";

/** The bot; the bare bot replaying the bot's answers; the bare bot with three short answers of its own. */
export type Side = "bot" | "bare" | "bare-short";

export interface SideFigures {
  side: Side;
  idleRssMiB: number;
  peakRssMiB: number;
  updatesPerSecond: number;
  /** CPU time (user + system) the bot's process spent per update during the burst. */
  cpuMsPerUpdate: number;
  /** CPU time this process (the fake Bot API and the simulated people) spent per update. */
  driverCpuMsPerUpdate: number;
  burstP50: number;
  burstP95: number;
  /** What the side answered the first person (the sendMessage, editMessageText, sendMessage). */
  answers: Answers;
}

/**
 * The bot's three answers to the first simulated person (payloads as sent, without chat and message
 * ids): the bare bot replays them (BENCH_ANSWERS), so both sides send the same bytes.
 */
export interface Answers {
  start: Record<string, unknown>;
  choose: Record<string, unknown>;
  help: Record<string, unknown>;
}

export interface SideCommand {
  /** Arguments to `node` (flags, then the script). */
  args: string[];
  env: Record<string, string>;
}

/** After polling starts, time for start-up work to finish before idle RSS is read. */
const SETTLE_MS = 1_000;

/** Resident and high-water set sizes of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? Number.NaN);
  return { rss: round(kib("VmRSS") / 1024), hwm: round(kib("VmHWM") / 1024) };
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const FIRST_PERSON = 7_400_000_000;

/** The first person's three answers as the fake received them, in order. */
function answersOf(fake: FakeBotApi): Answers {
  const calls = fake.calls.filter(
    (call) =>
      (call.method === "sendMessage" || call.method === "editMessageText") &&
      String(call.params.chat_id) === String(FIRST_PERSON),
  );
  const methods = calls.map((call) => call.method).join(", ");
  if (methods !== "sendMessage, editMessageText, sendMessage") {
    throw new Error(
      `expected the first person's answers to be sendMessage, editMessageText, sendMessage; got ${methods}`,
    );
  }
  const payload = (i: number) => {
    const { chat_id: _chat, message_id: _message, ...rest } = calls[i]?.params ?? {};
    return rest;
  };
  return { start: payload(0), choose: payload(1), help: payload(2) };
}

/** Resolves when the child has polled the fake once; rejects if it exits first. */
async function waitUntilPolling(fake: FakeBotApi, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (fake.callsOf("getUpdates").length === 0) {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before polling:\n${output()}`);
    if (performance.now() > deadline) throw new Error(`the bot did not poll within 60 s:\n${output()}`);
    await sleep(20);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

setFlagsFromString("--expose-gc");
/** A full garbage collection of this process (the fake Bot API and the simulated people). */
const collectGarbage = runInNewContext("gc") as () => void;

/** Runs one side once with `users` simulated people. */
export async function runSide(side: Side, command: SideCommand, users: number): Promise<SideFigures> {
  // The previous run's fake, chats and calls are garbage now; collected here, not during this
  // run's burst, where they would cost whichever side runs next.
  collectGarbage();
  // A burst of hundreds of people at once can take longer than Telegram's 15 s for a button answer
  // on this shared 2-core machine; the benchmark measures speed, so the fake waits longer.
  const fake = await FakeBotApi.start({ waitTimeoutMs: 120_000, callbackQueryTimeoutMs: 120_000 });
  const dataDir = mkdtempSync(path.join(tmpdir(), "pbr-bench-"));
  let output = "";
  // The working directory is the empty data folder, so no developer's .env is read.
  const child = spawn(process.execPath, command.args, {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: fake.token,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path.join(dataDir, "bot.sqlite"),
      SECRET_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
      ...command.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitUntilPolling(fake, child, () => output);
    await sleep(SETTLE_MS);
    const idle = memoryOf(child.pid ?? 0);

    const latencies: number[] = [];
    const person = async (i: number) => {
      const chat = fake.privateChat({ id: FIRST_PERSON + i, first_name: `U${i}`, language_code: "en" });
      const timed = async (action: () => Promise<unknown>) => {
        const started = performance.now();
        await action();
        latencies.push(performance.now() - started);
      };
      await timed(() => {
        chat.send("/start");
        return chat.nextBotMessage();
      });
      await timed(() => chat.click("English"));
      await timed(() => {
        chat.send("/help");
        return chat.nextBotMessage();
      });
    };
    const cpuBefore = cpuMsOf(child.pid ?? 0);
    const driverBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: users }, (_, i) => person(i)));
    const seconds = (performance.now() - started) / 1000;
    const peak = memoryOf(child.pid ?? 0);
    const cpuMs = cpuMsOf(child.pid ?? 0) - cpuBefore;
    const driver = process.cpuUsage(driverBefore);
    const { p50, p95 } = summarize(latencies);
    return {
      side,
      idleRssMiB: idle.rss,
      peakRssMiB: peak.hwm,
      updatesPerSecond: round(latencies.length / seconds),
      cpuMsPerUpdate: round(cpuMs / latencies.length, 2),
      driverCpuMsPerUpdate: round((driver.user + driver.system) / 1000 / latencies.length, 2),
      burstP50: p50,
      burstP95: p95,
      answers: answersOf(fake),
    };
  } finally {
    await stopChild(child);
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
