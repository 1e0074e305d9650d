import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Dev tools that must not be in the runtime: the image runs compiled JavaScript only. */
const DEV_TOOLS = ["tsx", "typescript", "vitest", "vite", "esbuild", "@biomejs/biome", "drizzle-kit"];

let app: string;

/**
 * The runtime image's /app, assembled as the Dockerfile does: `npm run build`'s output, the
 * production dependencies only (npm prune --omit=dev and TypeScript removed, on hard links of ours),
 * locales and migrations — and nothing else of the repository.
 */
beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), "pbr-runtime-"));
  execFileSync(process.execPath, [path.join(ROOT, "src/build.mjs"), path.join(app, "dist")], { stdio: "pipe" });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(ROOT, file), path.join(app, file));
  cpSync(path.join(ROOT, "locales"), path.join(app, "locales"), { recursive: true });
  cpSync(path.join(ROOT, "drizzle"), path.join(app, "drizzle"), { recursive: true });
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(app, "node_modules")]);
  execFileSync("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"], { cwd: app, stdio: "pipe" });
  for (const leftover of ["typescript", ".bin/tsc", ".bin/tsserver"]) {
    rmSync(path.join(app, "node_modules", leftover), { recursive: true, force: true });
  }
}, 120_000);

let fake: FakeBotApi | undefined;
afterAll(() => fake?.stop());

describe("the compiled runtime (node dist/main.js)", () => {
  it("has no dev tools, finds its content, locales and migrations, answers, and stops on SIGTERM", async () => {
    for (const tool of DEV_TOOLS) expect(existsSync(path.join(app, "node_modules", tool)), tool).toBe(false);
    expect(existsSync(path.join(app, "src"))).toBe(false);

    fake = await FakeBotApi.start();
    const secrets = mkdtempSync(path.join(tmpdir(), "pbr-runtime-secrets-"));
    writeFileSync(path.join(secrets, "key"), "7a".repeat(32));
    mkdirSync(path.join(app, "data"));
    const child = spawn(process.execPath, ["dist/main.js"], {
      cwd: app,
      env: {
        PATH: process.env.PATH ?? "",
        BOT_TOKEN: fake.token,
        BOT_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path.join(app, "data", "bot.sqlite"),
        // What the image sets, and a key mounted as a secret.
        REQUIRE_SECRET_KEY: "1",
        NODE_ENV: "production",
        SECRET_KEY_FILE: path.join(secrets, "key"),
        LOG_FORMAT: "pretty",
      },
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
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    const person = fake.privateChat({ id: 7301280001, first_name: "Compiled", language_code: "en" });
    person.send("/help");
    expect((await person.nextBotMessage({ timeout: 20_000 })).text).toContain("What this bot does");
    person.send("/videos");
    const list = await person.nextBotMessage();
    expect(list.text).toContain("People by Right: the films");
    const catalog = JSON.parse(readFileSync(path.join(ROOT, "src/content/videos.json"), "utf8")) as {
      videos: Array<{ title: { en: string } }>;
    };
    expect(list.buttons.map((b) => b.text).join("\n")).toContain(catalog.videos[0]?.title.en);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    // Pretty lines, as LOG_FORMAT asked, not JSON.
    expect(stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO: started with long polling$/m);
    expect(stdout).toMatch(/INFO: stopped$/m);
    expect(stdout).not.toMatch(/^\{"level"/m);
    expect(existsSync(path.join(app, "data", "secret.key"))).toBe(false);
    const db = new Database(path.join(app, "data", "bot.sqlite"), { readonly: true });
    const migrations = db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    db.close();
    const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    expect(migrations.n).toBe(journal.entries.length);
  }, 60_000);
});

describe("the Dockerfile", () => {
  const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
  const [build, runtime] = dockerfile.split(/^FROM /m).slice(1);

  it("builds on a supported LTS Node on slim Debian, and assembles the runtime as tested above", () => {
    for (const stage of [build, runtime]) {
      const major = Number(stage?.match(/^node:(\d+)-(?:trixie|bookworm)-slim AS /)?.[1]);
      // Even-numbered lines up to 26 are the LTS ones; 20 reached its end of life on 2026-04-30.
      expect(major % 2).toBe(0);
      expect(major).toBeGreaterThanOrEqual(24);
    }
    expect(build).toContain("RUN npm run build");
    expect(build).toContain("npm prune --omit=dev");
    expect(build).toContain("rm -rf node_modules/typescript");
    for (const copied of ["/app/package.json ./", "/app/node_modules ./node_modules", "/app/dist ./dist"]) {
      expect(runtime).toContain(`COPY --from=build ${copied}`);
    }
    expect(runtime).toContain("COPY locales ./locales");
    expect(runtime).toContain("COPY drizzle ./drizzle");
    expect(runtime).not.toMatch(/COPY src|tsx|tsconfig/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/REQUIRE_SECRET_KEY=1/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });
});
