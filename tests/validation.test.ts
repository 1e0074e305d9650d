import { describe, expect, expectTypeOf, it } from "vitest";
import * as v from "../src/validation.js";

/** Each issue as "path: message" ("" for the root), in the order reported; [] when the value is accepted. */
function problems(schema: v.Schema<unknown>, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

function parsed<T>(schema: v.Schema<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.data;
}

describe("string", () => {
  const name = v
    .string("must be text")
    .trim()
    .min(1, "is empty")
    .max(5)
    .regex(/^[a-z]+$/, "lowercase only");

  it("accepts and trims", () => {
    expect(parsed(name, "  abc ")).toBe("abc");
  });

  it("reports every failed check in order, with its own message, else the schema's, else the default", () => {
    expect(problems(name, " ")).toEqual([": is empty", ": lowercase only"]);
    expect(problems(name, "ABCDEFG")).toEqual([": must be text", ": lowercase only"]);
    expect(problems(v.string().min(2), "a")).toEqual([": Too small: expected string to have >=2 characters"]);
    expect(problems(v.string().max(2), "abc")).toEqual([": Too big: expected string to have <=2 characters"]);
    expect(problems(v.string().regex(/^x$/), "y")).toEqual([": Invalid string: must match pattern /^x$/"]);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(problems(v.string().max(3), "😀😀😀")).toEqual([]);
    expect(problems(v.string().max(2), "😀😀😀")).toHaveLength(1);
  });

  it("names what it received instead of text; a message may depend on the value", () => {
    expect(problems(v.string(), 5)).toEqual([": Invalid input: expected string, received number"]);
    expect(problems(v.string(), null)).toEqual([": Invalid input: expected string, received null"]);
    const text = v.string((issue) => (issue.input === undefined ? "is missing" : "must be text in quotes"));
    expect(problems(text, undefined)).toEqual([": is missing"]);
    expect(problems(text, {})).toEqual([": must be text in quotes"]);
  });

  it("after a value of the wrong kind, runs only the length limits, on a value that has a length", () => {
    const text = v
      .string("must be text")
      .trim()
      .min(1, "is empty")
      .refine(() => false, "never");
    expect(problems(text, [])).toEqual([": must be text", ": is empty"]);
    expect(problems(text, ["x"])).toEqual([": must be text"]);
    expect(problems(text, 0)).toEqual([": must be text"]);
  });
});

describe("url and isoDate", () => {
  const web = v.url(/^https?$/, "must be an http(s) address");

  it("accepts http(s) addresses, trimmed and without tabs or line breaks", () => {
    expect(parsed(web, " https://example.org/a ")).toBe("https://example.org/a");
    expect(parsed(web, "https://exa\nmple.org")).toBe("https://example.org");
    expect(parsed(web, "HTTP://EXAMPLE.ORG")).toBe("HTTP://EXAMPLE.ORG");
  });

  it("refuses another protocol, a missing //, something that is no address, and a value that is not text", () => {
    for (const value of ["ftp://example.org", "https:example.org", "http:/example.org", "example.org", "https://", 5]) {
      expect(problems(web, value), String(value)).toEqual([": must be an http(s) address"]);
    }
    expect(problems(v.url(/^https$/, "https only"), "http://example.org")).toEqual([": https only"]);
    expect(problems(v.url(/^https$/), "nope")).toEqual([": Invalid URL"]);
  });

  it("accepts real calendar days only", () => {
    const day = v.isoDate("must be a date");
    for (const value of ["2026-02-28", "2024-02-29", "2000-02-29", "2026-12-31", "0000-02-29"]) {
      expect(problems(day, value), value).toEqual([]);
    }
    for (const value of ["2026-02-30", "2023-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10"]) {
      expect(problems(day, value), value).toEqual([": must be a date"]);
    }
    for (const value of ["2026-1-01", "26-01-01", "2026-01-01T00:00", " 2026-01-01", "2026-01-01\n", 20260101]) {
      expect(problems(day, value), String(value)).toEqual([": must be a date"]);
    }
    expect(problems(v.isoDate(), "2026-02-30")).toEqual([": Invalid ISO date"]);
  });
});

describe("number", () => {
  const port = v
    .coercedNumber("must be a port number")
    .int("must be whole")
    .min(1, "must be 1–65535")
    .max(65535, "must be 1–65535");

  it("coerces text where asked to", () => {
    expect(parsed(port, " 8080 ")).toBe(8080);
    expect(parsed(port, 443)).toBe(443);
    expect(problems(v.number(), "8080")).toEqual([": Invalid input: expected number, received string"]);
  });

  it("refuses what is not a finite number, naming it", () => {
    expect(problems(port, "abc")).toEqual([": must be a port number"]);
    expect(problems(v.coercedNumber(), "abc")).toEqual([": Invalid input: expected number, received NaN"]);
    expect(problems(v.number(), Number.POSITIVE_INFINITY)).toEqual([
      ": Invalid input: expected number, received Infinity",
    ]);
  });

  it("checks nothing more after a fraction; limits otherwise", () => {
    expect(problems(port, "0.5")).toEqual([": must be whole"]);
    expect(problems(port, "70000")).toEqual([": must be 1–65535"]);
    expect(problems(port, "1e20")).toEqual([": must be whole", ": must be 1–65535"]);
    expect(problems(v.int().min(1).max(60), 0)).toEqual([": Too small: expected number to be >=1"]);
    expect(problems(v.int(), 1.5)).toEqual([": Invalid input: expected int, received number"]);
    expect(problems(v.number().positive(), 0)).toEqual([": Too small: expected number to be >0"]);
    expect(problems(v.number().max(3), 4)).toEqual([": Too big: expected number to be <=3"]);
  });
});

describe("boolean, literal, oneOf", () => {
  it("accepts their values and names the others", () => {
    expect(parsed(v.boolean(), false)).toBe(false);
    expect(problems(v.boolean(), "true")).toEqual([": Invalid input: expected boolean, received string"]);
    expect(parsed(v.literal("all"), "all")).toBe("all");
    expect(problems(v.literal("all"), "ALL")).toEqual([': Invalid input: expected "all"']);
    expect(parsed(v.oneOf(["a", "b"]), "b")).toBe("b");
    expect(problems(v.oneOf(["a", "b"]), "c")).toEqual([': Invalid option: expected one of "a"|"b"']);
    expect(problems(v.oneOf(["a", "b"], "must be a or b"), 1)).toEqual([": must be a or b"]);
  });
});

describe("array", () => {
  it("reports items by index, then its own limits", () => {
    const list = v.array(v.string().regex(/^[a-z]+$/, "lowercase only")).min(1, "lists nothing");
    expect(parsed(list, ["a", "b"])).toEqual(["a", "b"]);
    expect(problems(list, ["a", "B", "c", "D"])).toEqual(["1: lowercase only", "3: lowercase only"]);
    expect(problems(list, [])).toEqual([": lists nothing"]);
    expect(problems(list, "a")).toEqual([": Invalid input: expected array, received string"]);
  });

  it("refuses a list over its maximum without reading the items; the list's message applies to its limits", () => {
    const days = v.array(v.int().min(1), "must be a list of days").max(2);
    expect(problems(days, [1, 0, 0])).toEqual([": must be a list of days"]);
    expect(problems(days, [1, 0])).toEqual(["1: Too small: expected number to be >=1"]);
    expect(problems(days, {})).toEqual([": must be a list of days"]);
  });
});

describe("objects", () => {
  const person = v.strictObject({
    name: v.string().trim().min(1, "is empty"),
    age: v.number().optional(),
    tags: v.array(v.string()).default([]),
    city: v.string().nullable().default(null),
  });

  it("keeps an absent optional field absent and fills in defaults", () => {
    const value = parsed(person, { name: " Ann " });
    expect(value).toEqual({ name: "Ann", tags: [], city: null });
    expect("age" in value).toBe(false);
    expect(parsed(person, { name: "Ann", age: 3, tags: ["x"], city: "Tbilisi" })).toEqual({
      name: "Ann",
      age: 3,
      tags: ["x"],
      city: "Tbilisi",
    });
  });

  it("reports fields in the order of the schema, then the unknown keys, then its refinements", () => {
    const ordered = person.refine(() => false, "never", ["name"]);
    expect(problems(ordered, { zz: 1, name: "", titel: 2, age: "3" })).toEqual([
      "name: is empty",
      "age: Invalid input: expected number, received string",
      ': Unrecognized keys: "zz", "titel"',
    ]);
    expect(problems(ordered, { name: "", extra: 1 })).toEqual([
      "name: is empty",
      ': Unrecognized key: "extra"',
      "name: never",
    ]);
  });

  it("names the unknown keys, and an absent required field as received undefined", () => {
    const result = person.safeParse({ name: "Ann", nmae: "x" });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["nmae"] });
    const missing = person.safeParse({});
    if (!missing.success)
      expect(missing.issues[0]).toMatchObject({
        code: "invalid_type",
        expected: "string",
        path: ["name"],
        message: "Invalid input: expected string, received undefined",
      });
    expect(problems(v.strictObject({}, "must be an object"), [])).toEqual([": must be an object"]);
  });

  it("paths go down through objects and lists", () => {
    const file = v.strictObject({ videos: v.array(v.strictObject({ title: v.strictObject({ en: v.string() }) })) });
    expect(problems(file, { videos: [{ title: { en: "x" } }, { title: { en: 1 } }] })).toEqual([
      "videos.1.title.en: Invalid input: expected string, received number",
    ]);
    const result = file.safeParse({ videos: [{ title: {} }] });
    if (!result.success) expect(result.issues[0]?.path).toEqual(["videos", 0, "title", "en"]);
  });

  it("a plain object leaves out keys it does not know", () => {
    expect(parsed(v.object({ A: v.string() }), { A: "x", B: "y" })).toEqual({ A: "x" });
  });

  it("skips its refinements once a field is of the wrong kind", () => {
    const span = v
      .strictObject({ from: v.string(), to: v.string() })
      .refine((s) => s.from < s.to, "ends first", ["to"]);
    expect(problems(span, { from: "b", to: "a" })).toEqual(["to: ends first"]);
    expect(problems(span, { from: 1, to: "a" })).toEqual(["from: Invalid input: expected string, received number"]);
  });
});

describe("record", () => {
  const sources = v.record(v.string().regex(/^[a-z-]+$/), v.strictObject({ url: v.string() }));

  it("checks each key and each value", () => {
    expect(parsed(sources, { "un-a": { url: "x" } })).toEqual({ "un-a": { url: "x" } });
    expect(problems(sources, { "Bad Key": { url: "x" }, ok: { url: 1 } })).toEqual([
      "Bad Key: Invalid key in record",
      "ok.url: Invalid input: expected string, received number",
    ]);
    expect(problems(sources, [])).toEqual([": Invalid input: expected record, received array"]);
  });
});

describe("union", () => {
  const rights = v.union([v.literal("all"), v.array(v.oneOf(["ge", "ua"])).min(1)], "must be all or a list");

  it("accepts a value any option accepts", () => {
    expect(parsed(rights, "all")).toBe("all");
    expect(parsed(rights, ["ge"])).toEqual(["ge"]);
  });

  it("reports the issues of the one option refused only by its checks, else its own message", () => {
    expect(problems(rights, [])).toEqual([": Too small: expected array to have >=1 items"]);
    expect(problems(rights, ["fr"])).toEqual([": must be all or a list"]);
    expect(problems(rights, "some")).toEqual([": must be all or a list"]);
    expect(problems(v.union([v.literal("a"), v.literal("b")]), "c")).toEqual([": Invalid input"]);
  });
});

describe("refine, transform, preprocess", () => {
  it("a refinement reports at its path, and a type guard narrows the type", () => {
    const lang = v.string().refine((value): value is "ru" | "en" => value === "ru" || value === "en", "unknown");
    expectTypeOf(parsed(lang, "ru")).toEqualTypeOf<"ru" | "en">();
    expect(problems(lang, "fr")).toEqual([": unknown"]);
    expect(problems(lang, 1)).toEqual([": Invalid input: expected string, received number"]);
  });

  it("a transform runs only on a valid value, and nothing after it runs on an invalid one", () => {
    let calls = 0;
    const id = v
      .string()
      .regex(/^-\d+$/, "must be negative")
      .transform((value) => {
        calls++;
        return Number(value);
      })
      .refine((value) => value > -1000, "too long");
    expect(parsed(id, "-12")).toBe(-12);
    expect(problems(id, "-12345")).toEqual([": too long"]);
    expect(problems(id, "12")).toEqual([": must be negative"]);
    expect(calls).toBe(2);
  });

  it("preprocess turns blank text into an absent value", () => {
    const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
    const env = v.object({
      TOKEN: v.preprocess(blank, v.string("is missing")),
      PORT: v.preprocess(blank, v.coercedNumber().optional()),
    });
    expect(parsed(env, { TOKEN: "x", PORT: " " })).toEqual({ TOKEN: "x", PORT: undefined });
    expect(parsed(env, { TOKEN: "x" })).toEqual({ TOKEN: "x" });
    expect(problems(env, { TOKEN: "  " })).toEqual(["TOKEN: is missing"]);
  });
});

describe("Infer", () => {
  it("derives the parsed type: optional fields optional, defaults filled in, nullable kept", () => {
    const schema = v.strictObject({
      id: v.string(),
      kind: v.oneOf(["a", "b"]),
      note: v.string().optional(),
      tags: v.array(v.string()).default([]),
      review: v.strictObject({ by: v.string() }).nullable(),
      rights: v.union([v.literal("all"), v.array(v.string())]),
      texts: v.record(v.string(), v.number()),
    });
    expectTypeOf<v.Infer<typeof schema>>().toEqualTypeOf<{
      id: string;
      kind: "a" | "b";
      note?: string | undefined;
      tags: string[];
      review: { by: string } | null;
      rights: "all" | string[];
      texts: Record<string, number>;
    }>();
  });
});
