import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SRC = path.join(ROOT, "src");

/** Every TypeScript file under a directory, as a path relative to the repository. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/**
 * The project files a file imports — static imports, `export … from`, `import()` and type-only
 * imports alike, as TypeScript's own pre-processor reads them (comments and strings can't fool
 * it) — resolved to paths relative to the repository (`.js` specifiers name `.ts` files).
 */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), "utf8"), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)).replace(/\.js$/, ".ts"));
}

/** The folder a file belongs to for the rules: `features/<name>`, a top folder of src (`bot`, `db`, …), or the file itself. */
function areaOf(file: string): string {
  const parts = path.relative(SRC, path.join(ROOT, file)).split(path.sep);
  if (parts[0] === "features") return `features/${parts[1]}`;
  return parts.length > 1 ? (parts[0] ?? file) : (parts[0] ?? file).replace(/\.ts$/, "");
}

interface Violation {
  file: string;
  imports: string;
  rule: string;
}

/** Files allowed to import features: the composition root. */
const COMPOSITION_ROOT = new Set(["src/app.ts"]);

/**
 * The dependency rules over a list of (file → imported files):
 * - no file in one feature folder imports a file in another feature folder;
 * - nothing below the features (src/bot, src/db, src/privacy, src/country, src/delivery, …)
 *   imports a feature, except the composition root (src/app.ts), which builds them.
 */
function violations(graph: ReadonlyArray<{ file: string; imports: readonly string[] }>): Violation[] {
  const found: Violation[] = [];
  for (const { file, imports } of graph) {
    const from = areaOf(file);
    for (const target of imports) {
      const to = areaOf(target);
      if (!to.startsWith("features/") || to === from) continue;
      if (from.startsWith("features/")) found.push({ file, imports: target, rule: `${from} imports ${to}` });
      else if (!COMPOSITION_ROOT.has(file))
        found.push({ file, imports: target, rule: `${from} (below the features) imports ${to}` });
    }
  }
  return found;
}

const graph = sourceFiles(SRC).map((file) => ({ file, imports: importsOf(file) }));

describe("architecture", () => {
  it("reads the imports it judges (the check is not vacuous)", () => {
    // Facts about the code, checked by hand: the composition root builds the features.
    const app = graph.find((entry) => entry.file === "src/app.ts");
    expect(app?.imports).toContain("src/features/broadcast/broadcast.feature.ts");
    expect(app?.imports).toContain("src/bot/services.ts");
    expect(graph.length).toBeGreaterThan(50);
  });

  it("flags a feature importing another feature, and shared code importing a feature", () => {
    expect(
      violations([
        { file: "src/features/broadcast/x.ts", imports: ["src/features/subscriptions/subscriptions.repo.ts"] },
        { file: "src/features/broadcast/y.ts", imports: ["src/features/broadcast/broadcast.keyboards.ts"] },
        { file: "src/country/z.ts", imports: ["src/features/rights/rights.feature.ts"] },
        { file: "src/app.ts", imports: ["src/features/rights/rights.feature.ts"] },
      ]).map((violation) => violation.rule),
    ).toEqual([
      "features/broadcast imports features/subscriptions",
      "country (below the features) imports features/rights",
    ]);
  });

  it("no feature folder imports another, and nothing but the composition root imports a feature", () => {
    expect(violations(graph)).toEqual([]);
  });
});
