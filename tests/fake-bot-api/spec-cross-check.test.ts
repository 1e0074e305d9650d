import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { METHOD_SPECS, type ParamKind, paramsOf } from "../support/fake-bot-api/method-specs.js";
import { implementedMethods } from "../support/fake-bot-api/server.js";

/**
 * The fake declares each method's parameters by hand. When the shared copy of the published
 * Bot API spec is next to the project, compare the two so that drift shows up here.
 */

interface SpecField {
  name: string;
  types: string[];
  required: boolean;
}

interface Spec {
  version: string;
  methods: Record<string, { fields?: SpecField[] }>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const specPath = path.resolve(projectRoot, "../shared/telegram-bot-api/api.json");
const spec: Spec | undefined = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, "utf8")) as Spec) : undefined;
const skipReason = `Bot API spec not found at ${specPath}; the cross-check needs ../shared/telegram-bot-api/api.json`;

/** The decoding a spec type list implies. */
function expectedKind(types: string[]): ParamKind {
  const key = [...types].sort().join("|");
  if (key === "Integer|String") return "chat_id";
  if (types.includes("InputFile")) return "input_file";
  if (key === "Integer") return "integer";
  if (key === "String") return "string";
  if (key === "Boolean") return "boolean";
  if (key === "Float" || key === "Float number") return "float";
  return "json";
}

const declaredMethods = Object.keys(METHOD_SPECS).sort();

describe(`hand-declared methods vs the Bot API spec${spec === undefined ? " (skipped: spec not found)" : ` ${spec.version}`}`, () => {
  test("every declared method has a handler and every handler is declared", () => {
    expect(implementedMethods().sort()).toEqual(declaredMethods);
  });

  test.for(declaredMethods)("%s", (method, context) => {
    context.skip(spec === undefined, skipReason);
    const official = spec?.methods[method];
    expect(official, `${method} is not a Bot API method`).toBeDefined();
    const fields = official?.fields ?? [];
    const declared = paramsOf(method);

    const officialNames = fields.map((field) => field.name).sort();
    const declaredNames = [...declared.keys()].sort();
    expect(
      declaredNames,
      `${method}: missing ${JSON.stringify(officialNames.filter((name) => !declared.has(name)))}, ` +
        `not in the spec ${JSON.stringify(declaredNames.filter((name) => !officialNames.includes(name)))}`,
    ).toEqual(officialNames);

    for (const field of fields) {
      const decl = declared.get(field.name);
      expect(decl?.required, `${method}.${field.name} required`).toBe(field.required);
      expect(decl?.kind, `${method}.${field.name} is ${field.types.join(" or ")}`).toBe(expectedKind(field.types));
    }
  });
});
