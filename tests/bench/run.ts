/**
 * `npm run bench`: performance figures, printed as a table — not a timed test, nothing fails.
 *
 * 1. Foundation: simulated people (/start, a button press, /help) through the fake Bot API, the
 *    real bot against a bare grammY bot with an in-memory session, each in its own process (so
 *    peak RSS is each one's own), in the same run; ratios are app ÷ bare. Throughput comes from
 *    a burst (everyone at once); p50/p95 from update to reply from a steady trickle of 10 people
 *    at a time, where latency is the bot's own and not the queue's.
 * 2. Every `tests/bench/*.bench.ts` (features' own benchmarks), which export `run()`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchResult, round } from "./bench-result.js";

const HERE = import.meta.dirname;
const TSX = path.resolve(HERE, "../../node_modules/.bin/tsx");
const USERS = Number(process.env.BENCH_USERS ?? 300);

interface FoundationFigures {
  updatesPerSecond: number;
  burstP95: number;
  p50: number;
  p95: number;
  peakRssMiB: number;
}

function foundation(variant: "app" | "bare"): FoundationFigures {
  const out = execFileSync(TSX, [path.join(HERE, "foundation.worker.ts"), variant, String(USERS)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = out
    .trim()
    .split("\n")
    .filter((l) => l.startsWith('{"variant"'))
    .at(-1);
  if (!line) throw new Error(`no result from the ${variant} worker`);
  return JSON.parse(line) as FoundationFigures;
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
  process.stdout.write(`Benchmarks (Node ${process.version}, ${USERS} simulated people for the foundation)\n\n`);
  const bare = foundation("bare");
  const app = foundation("app");
  const values = (f: FoundationFigures) => ({
    "updates/s (burst)": f.updatesPerSecond,
    "burst p95 ms": f.burstP95,
    "p50 ms": f.p50,
    "p95 ms": f.p95,
    "peak RSS MiB": f.peakRssMiB,
  });
  print([
    { name: "foundation: bare grammY (baseline)", values: values(bare) },
    {
      name: "foundation: this bot",
      values: values(app),
      note: `ratio to bare: throughput ×${round(app.updatesPerSecond / bare.updatesPerSecond, 2)}, p50 ×${round(app.p50 / bare.p50, 2)}, p95 ×${round(app.p95 / bare.p95, 2)}, peak RSS ×${round(app.peakRssMiB / bare.peakRssMiB, 2)}`,
    },
  ]);
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
