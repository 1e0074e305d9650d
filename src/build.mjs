// `npm run build`: compiles src/ into dist/ (or the folder given) with tsc and copies the content
// files (src/content: films, rights structure and sources) beside the compiled code, where it
// looks for them. Plain JavaScript, so it runs without any dev tool but TypeScript itself.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", out], {
  stdio: "inherit",
});
cpSync(path.join(root, "src/content"), path.join(out, "content"), {
  recursive: true,
  filter: (file) => !file.endsWith(".ts"),
});
