/**
 * A small schema validator for what the bot reads at start-up: the environment and the content
 * files. A schema checks a value and gives it back typed (`Infer<typeof schema>`), or lists the
 * issues found, each with the path to the refused part and a message.
 *
 * It replaces a general-purpose library whose import kept about 3 MB of heap for the life of the
 * process, and reports what that library did for these files: the same issues in the same order,
 * with the same default messages, so the errors editors and operators know are unchanged. Issues
 * come in the order of the value: an object's fields in the order of its schema, then its unknown
 * keys, then its refinements. Once a value is of the wrong kind its remaining checks are skipped,
 * except length limits (a list given where text is expected is also reported as too short).
 */

export type IssueCode =
  | "invalid_type"
  | "invalid_value"
  | "invalid_format"
  | "too_small"
  | "too_big"
  | "unrecognized_keys"
  | "invalid_key"
  | "invalid_union"
  | "custom";

export type Path = readonly (string | number)[];

export interface Issue {
  readonly code: IssueCode;
  /** Keys and list indexes from the value given to `safeParse` down to the refused part. */
  readonly path: Path;
  readonly message: string;
  /** invalid_type: the kind that was expected ("string", "object", "int", …). */
  readonly expected?: string;
  /** unrecognized_keys: the keys the schema does not know, in the order of the value. */
  readonly keys?: readonly string[];
  /** The checks of the same value this issue skips: none (a failed check), all but length limits, or all. */
  readonly skips: "none" | "most" | "all";
}

/** What to say about a refused value: a fixed text, or one made from the value (`input`). */
export type Message = string | ((issue: { readonly code: IssueCode; readonly input: unknown }) => string);

export type ParseResult<T> = { success: true; data: T } | { success: false; issues: Issue[] };

/** A value on its way through a schema, with the issues found so far. */
interface Outcome {
  value: unknown;
  issues: Issue[];
  /** A transform did not run: nothing more may look at the value. */
  stopped?: boolean;
}

interface Check {
  /** A length limit: it runs also on a value of the wrong kind that has a length. */
  readonly length?: "min" | "max";
  readonly limit?: number;
  /** Checks, and may rewrite, `out.value`; `error` is the schema's own message, for a check without one. */
  readonly run: (out: Outcome, error: Message | undefined) => void;
}

type Draft = Omit<Issue, "message" | "path"> & { readonly input: unknown; readonly path?: Path };

/** An issue with the first message given, else `fallback` (the default message). */
function issue(draft: Draft, fallback: string, ...messages: (Message | undefined)[]): Issue {
  const { input: _input, ...rest } = draft;
  const chosen = messages.find((message) => message !== undefined);
  const message = chosen === undefined ? fallback : typeof chosen === "string" ? chosen : chosen(draft);
  return { ...rest, path: draft.path ?? [], message };
}

/** The kind of a value, as default messages name it ("received null"). */
function kindOf(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? "number" : String(value);
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function wrongType(expected: string, input: unknown, error: Message | undefined): Issue {
  const fallback = `Invalid input: expected ${expected}, received ${kindOf(input)}`;
  return issue({ code: "invalid_type", expected, input, skips: "most" }, fallback, error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A text's length in code points (an emoji is one character), else the value's `length`, if any. */
function lengthOf(value: unknown): number | undefined {
  if (typeof value === "string") return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
  const length = value === null || value === undefined ? undefined : (value as { length?: unknown }).length;
  return length === undefined ? undefined : Number(length);
}

function within(key: string | number, issues: readonly Issue[]): Issue[] {
  return issues.map((found) => ({ ...found, path: [key, ...found.path] }));
}

function aborted(out: Outcome): boolean {
  return out.stopped === true || out.issues.some((found) => found.skips !== "none");
}

const ok = (value: unknown): Outcome => ({ value, issues: [] });
const failed = (input: unknown, found: Issue): Outcome => ({ value: input, issues: [found] });

/** A schema for values of type `Out`. Schemas are immutable: each method returns a new one. */
export abstract class Schema<Out> {
  /** The type of a valid value; for `Infer` only, never set. */
  declare readonly output: Out;
  protected checks: readonly Check[] = [];

  constructor(protected readonly error?: Message) {}

  /** As an object's field, whether the key may be absent (it then stays absent, unchecked). */
  get mayBeAbsent(): boolean {
    return false;
  }

  /** Checks the kind and the structure of a value. */
  protected abstract parse(input: unknown): Outcome;

  /** Parses, then runs the checks in order: after an issue that skips them, only the length limits that can. */
  run(input: unknown): Outcome {
    const out = this.parse(input);
    for (const check of this.checks) {
      const skip = out.stopped === true || out.issues.some((found) => found.skips === "all");
      if (skip || (aborted(out) && !(check.length && lengthOf(out.value) !== undefined))) continue;
      check.run(out, this.error);
    }
    return out;
  }

  safeParse(input: unknown): ParseResult<Out> {
    const out = this.run(input);
    return out.issues.length === 0 ? { success: true, data: out.value as Out } : { success: false, issues: out.issues };
  }

  protected with(check: Check): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    return Object.assign(copy, this, { checks: [...this.checks, check] });
  }

  /** A check of the parsed value; on failure an issue "custom" with `error`, at `path` below this value. */
  refine<Narrow extends Out>(test: (value: Out) => value is Narrow, error: Message, path?: Path): Schema<Narrow>;
  refine(test: (value: Out) => boolean, error: Message, path?: Path): this;
  refine(test: (value: Out) => boolean, error: Message, path: Path = []): Schema<Out> {
    return this.with({
      run: (out) => {
        if (!test(out.value as Out))
          out.issues.push(issue({ code: "custom", input: out.value, path, skips: "none" }, "Invalid input", error));
      },
    });
  }

  /** The valid value turned into another; not run when the value has issues, nor anything after it. */
  transform<To>(change: (value: Out) => To): Schema<To> {
    return new Transformed<Out, To>(this, change);
  }

  optional(): OptionalSchema<Out> {
    return new OptionalSchema(this);
  }

  nullable(): Schema<Out | null> {
    return new NullableSchema(this);
  }

  /** `value` (a copy of it) where the value is undefined or the key absent; not checked. */
  default(value: Exclude<Out, undefined>): Schema<Exclude<Out, undefined>> {
    return new DefaultSchema(this, value);
  }
}

export type Infer<S extends Schema<unknown>> = S["output"];

function lengthLimit(side: "min" | "max", limit: number, own: Message | undefined): Check {
  const [code, words, sign] =
    side === "min" ? (["too_small", "Too small", ">="] as const) : (["too_big", "Too big", "<="] as const);
  return {
    length: side,
    limit,
    run: (out, error) => {
      const actual = lengthOf(out.value) ?? Number.NaN;
      if (side === "min" ? actual >= limit : actual <= limit) return;
      const expected = Array.isArray(out.value)
        ? `array to have ${sign}${limit} items`
        : typeof out.value === "string"
          ? `string to have ${sign}${limit} characters`
          : `unknown to be ${sign}${limit}`;
      out.issues.push(issue({ code, input: out.value, skips: "none" }, `${words}: expected ${expected}`, own, error));
    },
  };
}

export class StringSchema extends Schema<string> {
  protected parse(input: unknown): Outcome {
    return typeof input === "string" ? ok(input) : failed(input, wrongType("string", input, this.error));
  }

  trim(): this {
    return this.with({
      run: (out) => {
        out.value = (out.value as string).trim();
      },
    });
  }

  /** At least `length` characters (code points). */
  min(length: number, error?: Message): this {
    return this.with(lengthLimit("min", length, error));
  }

  max(length: number, error?: Message): this {
    return this.with(lengthLimit("max", length, error));
  }

  regex(pattern: RegExp, error?: Message): this {
    return this.format(`Invalid string: must match pattern ${pattern}`, (value) => pattern.test(value), error);
  }

  /** A web address (see `url()`): the value becomes the trimmed text, without the tabs and line breaks URL ignores. */
  url(protocol: RegExp): this {
    return this.with({
      run: (out, schemaError) => {
        const trimmed = (out.value as string).trim();
        let parsed: URL | undefined;
        try {
          parsed = new URL(trimmed);
        } catch {}
        const slashes = parsed && /^https?:$/.test(parsed.protocol) ? /^https?:\/\//i.test(trimmed) : true;
        if (parsed && slashes) out.value = trimmed.replace(/[\t\n\r]/g, "");
        if (!parsed || !slashes || !protocol.test(parsed.protocol.slice(0, -1)))
          out.issues.push(
            issue({ code: "invalid_format", input: out.value, skips: "none" }, "Invalid URL", schemaError),
          );
      },
    });
  }

  /** A check of the text's form; an issue "invalid_format" with `fallback` unless a message is given. */
  format(fallback: string, test: (value: string) => boolean, error?: Message): this {
    return this.with({
      run: (out, schemaError) => {
        if (!test(out.value as string))
          out.issues.push(
            issue({ code: "invalid_format", input: out.value, skips: "none" }, fallback, error, schemaError),
          );
      },
    });
  }
}

export function string(error?: Message): StringSchema {
  return new StringSchema(error);
}

/**
 * A web address whose protocol (without the colon) matches `protocol`; an http(s) one must be
 * written with "://". `error` is said for anything refused, even a value that is not text.
 */
export function url(protocol: RegExp, error?: Message): StringSchema {
  return string(error).url(protocol);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar day written YYYY-MM-DD; `error` is said for anything refused, even a value that is not text. */
export function isoDate(error?: Message): StringSchema {
  return string(error).format("Invalid ISO date", (value) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    return days !== undefined && day >= 1 && day <= days;
  });
}

export class NumberSchema extends Schema<number> {
  constructor(
    error: Message | undefined,
    private readonly coerce: boolean,
  ) {
    super(error);
  }

  protected parse(input: unknown): Outcome {
    const value = this.coerce && typeof input !== "symbol" ? Number(input) : input;
    if (typeof value === "number" && Number.isFinite(value)) return ok(value);
    return failed(value, wrongType("number", value, this.error));
  }

  /** A whole number, within ±(2⁵³ − 1); nothing else is checked after a fraction. */
  int(error?: Message): this {
    return this.with({
      run: (out, schemaError) => {
        const value = out.value as number;
        if (!Number.isInteger(value)) {
          const fallback = "Invalid input: expected int, received number";
          out.issues.push(
            issue({ code: "invalid_type", expected: "int", input: value, skips: "all" }, fallback, error, schemaError),
          );
        } else if (!Number.isSafeInteger(value)) {
          const [code, fallback] =
            value > 0
              ? (["too_big", `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`] as const)
              : (["too_small", `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`] as const);
          out.issues.push(issue({ code, input: value, skips: "none" }, fallback, error, schemaError));
        }
      },
    });
  }

  min(limit: number, error?: Message): this {
    return this.bound((value) => value >= limit, "too_small", `Too small: expected number to be >=${limit}`, error);
  }

  /** Above 0. */
  positive(error?: Message): this {
    return this.bound((value) => value > 0, "too_small", "Too small: expected number to be >0", error);
  }

  max(limit: number, error?: Message): this {
    return this.bound((value) => value <= limit, "too_big", `Too big: expected number to be <=${limit}`, error);
  }

  private bound(test: (value: number) => boolean, code: IssueCode, fallback: string, error?: Message): this {
    return this.with({
      run: (out, schemaError) => {
        if (!test(out.value as number))
          out.issues.push(issue({ code, input: out.value, skips: "none" }, fallback, error, schemaError));
      },
    });
  }
}

/** A finite number. */
export function number(error?: Message): NumberSchema {
  return new NumberSchema(error, false);
}

/** A finite number, or text that `Number()` turns into one ("8080", " 12 "). */
export function coercedNumber(error?: Message): NumberSchema {
  return new NumberSchema(error, true);
}

/** A whole number, with the default messages. */
export function int(): NumberSchema {
  return number().int();
}

class BooleanSchema extends Schema<boolean> {
  protected parse(input: unknown): Outcome {
    return typeof input === "boolean" ? ok(input) : failed(input, wrongType("boolean", input, this.error));
  }
}

export function boolean(error?: Message): Schema<boolean> {
  return new BooleanSchema(error);
}

class ChoiceSchema<T extends string> extends Schema<T> {
  constructor(
    private readonly values: readonly T[],
    error: Message | undefined,
  ) {
    super(error);
  }

  protected parse(input: unknown): Outcome {
    if ((this.values as readonly unknown[]).includes(input)) return ok(input);
    const quoted = this.values.map((value) => `"${value}"`);
    const fallback =
      quoted.length === 1
        ? `Invalid input: expected ${quoted[0]}`
        : `Invalid option: expected one of ${quoted.join("|")}`;
    return failed(input, issue({ code: "invalid_value", input, skips: "most" }, fallback, this.error));
  }
}

/** Exactly the text `value`. */
export function literal<const T extends string>(value: T, error?: Message): Schema<T> {
  return new ChoiceSchema([value], error);
}

/** One of the texts `values`. */
export function oneOf<const T extends readonly string[]>(values: T, error?: Message): Schema<T[number]> {
  return new ChoiceSchema<T[number]>(values, error);
}

export class ArraySchema<T> extends Schema<T[]> {
  constructor(
    private readonly element: Schema<T>,
    error: Message | undefined,
  ) {
    super(error);
  }

  protected parse(input: unknown): Outcome {
    if (!Array.isArray(input)) return failed(input, wrongType("array", input, this.error));
    // A list over a leading maximum is refused without reading its items.
    for (const check of this.checks) {
      if (!check.length) break;
      if (check.length === "max" && input.length > (check.limit ?? Number.POSITIVE_INFINITY)) {
        const out = ok(input);
        check.run(out, this.error);
        out.issues = out.issues.map((found) => ({ ...found, skips: "all" as const }));
        return out;
      }
    }
    const out = ok(input.map(() => undefined));
    input.forEach((item, index) => {
      const result = this.element.run(item);
      out.issues.push(...within(index, result.issues));
      (out.value as unknown[])[index] = result.value;
    });
    return out;
  }

  min(length: number, error?: Message): this {
    return this.with(lengthLimit("min", length, error));
  }

  max(length: number, error?: Message): this {
    return this.with(lengthLimit("max", length, error));
  }
}

export function array<T>(element: Schema<T>, error?: Message): ArraySchema<T> {
  return new ArraySchema(element, error);
}

export type Shape = { readonly [key: string]: Schema<unknown> };
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Fields<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};
/** The type of an object with the fields of `S`; a field of an optional schema is optional. */
export type ObjectOf<S extends Shape> = { [K in keyof Fields<S>]: Fields<S>[K] };

export class ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  constructor(
    private readonly shape: S,
    private readonly strict: boolean,
    error: Message | undefined,
  ) {
    super(error);
  }

  protected parse(input: unknown): Outcome {
    if (!isObject(input)) return failed(input, wrongType("object", input, this.error));
    const value: Record<string, unknown> = {};
    const out: Outcome = { value, issues: [] };
    for (const [key, schema] of Object.entries(this.shape)) {
      const present = key in input;
      if (!present && schema.mayBeAbsent) continue;
      // An absent key is checked as undefined: "is missing", or its default.
      const result = schema.run(input[key]);
      out.issues.push(...within(key, result.issues));
      if (present || result.value !== undefined) value[key] = result.value;
    }
    if (this.strict) {
      const keys: string[] = [];
      for (const key in input) if (!Object.hasOwn(this.shape, key)) keys.push(key);
      if (keys.length > 0) {
        const fallback = `Unrecognized key${keys.length > 1 ? "s" : ""}: ${keys.map((key) => `"${key}"`).join(", ")}`;
        out.issues.push(issue({ code: "unrecognized_keys", keys, input, skips: "none" }, fallback, this.error));
      }
    }
    return out;
  }
}

/** An object with these fields; other keys are left out of the result. */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape, false, undefined);
}

/** An object with these fields and no others: each other key is an issue "unrecognized_keys". */
export function strictObject<S extends Shape>(shape: S, error?: Message): ObjectSchema<S> {
  return new ObjectSchema(shape, true, error);
}

class RecordSchema<V> extends Schema<Record<string, V>> {
  constructor(
    private readonly key: Schema<string>,
    private readonly value: Schema<V>,
  ) {
    super();
  }

  protected parse(input: unknown): Outcome {
    if (!isObject(input)) return failed(input, wrongType("record", input, this.error));
    const out = ok({});
    for (const key of Object.keys(input)) {
      if (key === "__proto__") continue;
      if (this.key.run(key).issues.length > 0) {
        const found = issue({ code: "invalid_key", input: key, path: [key], skips: "most" }, "Invalid key in record");
        out.issues.push(found);
        continue;
      }
      const result = this.value.run(input[key]);
      out.issues.push(...within(key, result.issues));
      (out.value as Record<string, unknown>)[key] = result.value;
    }
    return out;
  }
}

/** An object of any keys `key` accepts (a refused key is an issue "invalid_key"), each holding a `value`. */
export function record<V>(key: Schema<string>, value: Schema<V>): Schema<Record<string, V>> {
  return new RecordSchema(key, value);
}

class UnionSchema<T> extends Schema<T> {
  constructor(
    private readonly options: readonly Schema<unknown>[],
    error: Message | undefined,
  ) {
    super(error);
  }

  protected parse(input: unknown): Outcome {
    const results: Outcome[] = [];
    for (const option of this.options) {
      const result = option.run(input);
      if (result.issues.length === 0) return result;
      results.push(result);
    }
    // One option refused only by checks (not by the kind of value): its issues are the union's.
    const [closest, ...others] = results.filter((result) => !aborted(result));
    if (closest && others.length === 0) return closest;
    return failed(input, issue({ code: "invalid_union", input, skips: "most" }, "Invalid input", this.error));
  }
}

/** A value the first possible of `options` accepts. */
export function union<const T extends readonly Schema<unknown>[]>(
  options: T,
  error?: Message,
): Schema<Infer<T[number]>> {
  return new UnionSchema(options, error);
}

export class OptionalSchema<T> extends Schema<T | undefined> {
  constructor(private readonly inner: Schema<T>) {
    super();
  }

  override get mayBeAbsent(): boolean {
    return true;
  }

  protected parse(input: unknown): Outcome {
    return input === undefined ? ok(undefined) : this.inner.run(input);
  }
}

class NullableSchema<T> extends Schema<T | null> {
  constructor(private readonly inner: Schema<T>) {
    super();
  }

  override get mayBeAbsent(): boolean {
    return this.inner.mayBeAbsent;
  }

  protected parse(input: unknown): Outcome {
    return input === null ? ok(null) : this.inner.run(input);
  }
}

class DefaultSchema<T> extends Schema<T> {
  constructor(
    private readonly inner: Schema<unknown>,
    private readonly fallback: T,
  ) {
    super();
  }

  protected parse(input: unknown): Outcome {
    const out = input === undefined ? ok(undefined) : this.inner.run(input);
    if (out.value === undefined) {
      const value: unknown = this.fallback;
      out.value = Array.isArray(value) ? [...value] : isObject(value) ? { ...value } : value;
    }
    return out;
  }
}

class Transformed<From, To> extends Schema<To> {
  constructor(
    private readonly inner: Schema<From>,
    private readonly change: (value: From) => To,
  ) {
    super();
  }

  protected parse(input: unknown): Outcome {
    const out = this.inner.run(input);
    if (out.issues.length > 0) return { ...out, stopped: true };
    out.value = this.change(out.value as From);
    return out;
  }
}

class Preprocessed<T> extends Schema<T> {
  constructor(
    private readonly prepare: (input: unknown) => unknown,
    private readonly inner: Schema<T>,
  ) {
    super();
  }

  override get mayBeAbsent(): boolean {
    return this.inner.mayBeAbsent;
  }

  protected parse(input: unknown): Outcome {
    return this.inner.run(this.prepare(input));
  }
}

/** `schema` applied to what `prepare` makes of the value (which may be absent). */
export function preprocess<T>(prepare: (input: unknown) => unknown, schema: Schema<T>): Schema<T> {
  return new Preprocessed(prepare, schema);
}
