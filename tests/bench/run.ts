/**
 * `npm run bench`: performance figures, printed as a table — a benchmark, not a timed test:
 * nothing fails on numbers.
 *
 * 1. Foundation: the compiled bot (`node dist/main.js`, built first when dist/ is missing or older
 *    than the sources) against a bare grammY bot with an in-memory session, each alone in its own
 *    process against the fake Bot API (see foundation.ts). The two sides alternate over several
 *    rounds — bot, bare, bot, bare, … — because this machine is shared and noisy: compare the
 *    ratios within a round, not absolute figures across runs. The medians are checked against
 *    the goals (issue 11): idle RSS ≤ 80 MiB, peak RSS ≤ 2× the bare bot's, updates per second
 *    ≥ 0.9× the bare bot's.
 * 2. Every `tests/bench/*.bench.ts` (features' own benchmarks), which export `run()` — skipped by
 *    `npm run bench -- foundation`.
 *
 * BENCH_USERS (default 500) simulated people, BENCH_ROUNDS (default 3) rounds; BENCH_NODE_ARGS adds
 * flags to the bot's `node` (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it); BENCH_ENTRY
 * runs another compiled entry instead of this tree's dist/main.js (e.g. an earlier commit's build).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchResult, round } from "./bench-result.js";
import { runSide, type SideCommand, type SideFigures } from "./foundation.js";

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "../..");
/** The compiled entry; BENCH_ENTRY measures another build (e.g. an earlier commit's) as it is. */
const ENTRY = process.env.BENCH_ENTRY ? path.resolve(process.env.BENCH_ENTRY) : path.join(ROOT, "dist/main.js");
const USERS = Number(process.env.BENCH_USERS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOALS = { idleRssMiB: 80, peakRatio: 2, rateRatio: 0.9 };

/** Newest modification time of a file or, recursively, of a folder's files. */
function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/** `npm run build` unless dist/main.js is newer than everything it is built from. */
function ensureBuilt(): void {
  if (process.env.BENCH_ENTRY) return;
  const sources = Math.max(
    ...["src", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"].map((p) =>
      newest(path.join(ROOT, p)),
    ),
  );
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= sources) return;
  process.stdout.write("dist/ is missing or older than src/: npm run build\n");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

const SIDES: Record<SideFigures["side"], SideCommand> = {
  bot: {
    args: [...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []), ENTRY],
    env: {},
  },
  bare: { args: [path.join(HERE, "bare-bot.mjs")], env: {} },
};

function describe(f: SideFigures): string {
  return `idle ${f.idleRssMiB} MiB · peak ${f.peakRssMiB} MiB · ${f.updatesPerSecond} updates/s · ${f.cpuMsPerUpdate} CPU ms/update (fake ${f.driverCpuMsPerUpdate}) · burst p50 ${f.burstP50} ms, p95 ${f.burstP95} ms`;
}

function median(values: number[]): number {
  return round(middle(values), 2);
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function foundation(): Promise<void> {
  ensureBuilt();
  process.stdout.write(
    `Foundation: ${USERS} people × 3 inputs in one burst, compiled bot vs bare grammY, ${ROUNDS} alternating rounds\n`,
  );
  const pairs: Array<{ bot: SideFigures; bare: SideFigures }> = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const bot = await runSide("bot", SIDES.bot, USERS);
    process.stdout.write(`  round ${r} bot   ${describe(bot)}\n`);
    const bare = await runSide("bare", SIDES.bare, USERS);
    process.stdout.write(`  round ${r} bare  ${describe(bare)}\n`);
    process.stdout.write(
      `  round ${r} ratio peak ×${round(bot.peakRssMiB / bare.peakRssMiB, 2)} · updates/s ×${round(bot.updatesPerSecond / bare.updatesPerSecond, 2)} · CPU/update ×${round(bot.cpuMsPerUpdate / bare.cpuMsPerUpdate, 2)} · idle ×${round(bot.idleRssMiB / bare.idleRssMiB, 2)}\n`,
    );
    pairs.push({ bot, bare });
  }
  const idle = median(pairs.map((p) => p.bot.idleRssMiB));
  const peak = round(median(pairs.map((p) => p.bot.peakRssMiB / p.bare.peakRssMiB)), 2);
  const rate = round(median(pairs.map((p) => p.bot.updatesPerSecond / p.bare.updatesPerSecond)), 2);
  const verdict = (met: boolean) => (met ? "met" : "NOT met");
  process.stdout.write(
    [
      `Result (medians over ${ROUNDS} rounds; ratios are bot ÷ bare within a round):`,
      `  idle RSS         ${idle} MiB (bare ${median(pairs.map((p) => p.bare.idleRssMiB))} MiB)   goal ≤ ${GOALS.idleRssMiB} MiB: ${verdict(idle <= GOALS.idleRssMiB)}`,
      `  peak RSS         ×${peak} of bare (${median(pairs.map((p) => p.bot.peakRssMiB))} vs ${median(pairs.map((p) => p.bare.peakRssMiB))} MiB)   goal ≤ ×${GOALS.peakRatio}: ${verdict(peak <= GOALS.peakRatio)}`,
      `  updates/s        ×${rate} of bare (${median(pairs.map((p) => p.bot.updatesPerSecond))} vs ${median(pairs.map((p) => p.bare.updatesPerSecond))})   goal ≥ ×${GOALS.rateRatio}: ${verdict(rate >= GOALS.rateRatio)}`,
      `  CPU per update   ×${round(median(pairs.map((p) => p.bot.cpuMsPerUpdate / p.bare.cpuMsPerUpdate)), 2)} of bare (no goal; the cost behind the rate)`,
      "",
    ].join("\n"),
  );
}

function print(results: BenchResult[]): void {
  for (const result of results) {
    const values = Object.entries(result.values)
      .map(([key, value]) => `${key}: ${value}`)
      .join(" · ");
    process.stdout.write(
      `${result.name.padEnd(44)} ${values}${result.note ? `\n${"".padEnd(45)}${result.note}` : ""}\n`,
    );
  }
}

async function main(): Promise<void> {
  process.stdout.write(`Benchmarks (Node ${process.version})\n\n`);
  await foundation();
  if (process.argv.slice(2).includes("foundation")) return;
  process.stdout.write("\n");
  for (const file of readdirSync(HERE)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()) {
    const module = (await import(pathToFileURL(path.join(HERE, file)).href)) as { run(): Promise<BenchResult[]> };
    print(await module.run());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
