import { ApiError, badRequest } from "./api-error.js";
import type { RequestPayload } from "./http-body.js";
import { type ParamKind, paramsOf } from "./method-specs.js";
import type { JsonObject, JsonValue } from "./wire-types.js";

/** Decoded parameters: numbers, booleans and parsed JSON where the declaration says so. */
export type Params = Record<string, JsonValue>;

export interface DecodedRequest {
  params: Params;
  /** Parameter names the method does not declare (Telegram ignores them). */
  unknown: string[];
  /** The first problem Telegram would report (unparsable JSON, a missing required parameter). */
  error?: ApiError;
}

/** Telegram's wording for a JSON parameter it cannot parse, by parameter name. */
const JSON_ERRORS: Readonly<Record<string, string>> = {
  reply_markup: "can't parse reply keyboard markup JSON object",
  entities: "can't parse entities JSON object",
  caption_entities: "can't parse entities JSON object",
  results: "can't parse JSON encoded inline query results",
  commands: "can't parse commands JSON object",
  scope: "can't parse BotCommandScope JSON object",
  link_preview_options: "can't parse link preview options JSON object",
  reply_parameters: "can't parse reply parameters JSON object",
  media: "can't parse media JSON object",
  menu_button: "can't parse menu button JSON object",
  button: "can't parse inline query results button JSON object",
};

/**
 * Decodes a request the way the Bot API server does: every value is first seen as a string
 * (numbers and objects from a JSON body are re-serialised), an empty string counts as absent, and
 * then each declared parameter is parsed according to its kind.
 */
export function decodeParams(method: string, payload: RequestPayload): DecodedRequest {
  const declared = paramsOf(method);
  const params: Params = {};
  const unknown: string[] = [];
  let error: ApiError | undefined;

  for (const [name, raw] of payload.fields) {
    const decl = declared.get(name);
    if (decl === undefined) {
      unknown.push(name);
      params[name] = raw;
      continue;
    }
    const arg = toArg(raw);
    if (arg === "" && decl.emptyAllowed !== true) continue;
    try {
      params[name] = decode(name, decl.kind, arg);
    } catch (problem) {
      if (!(problem instanceof ApiError)) throw problem;
      params[name] = arg;
      error ??= problem;
    }
  }
  for (const name of payload.files.keys()) {
    // A file sent directly under the parameter's own name, without attach://.
    const decl = declared.get(name);
    if (decl?.kind === "input_file" && params[name] === undefined) params[name] = `attach://${name}`;
  }
  for (const [name, decl] of declared) {
    if (decl.required && params[name] === undefined) {
      error ??= badRequest(decl.missing ?? `parameter "${name}" is required`);
    }
  }
  return { params, unknown, ...(error === undefined ? {} : { error }) };
}

function toArg(raw: JsonValue): string {
  if (raw === null) return "";
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return JSON.stringify(raw);
}

function decode(name: string, kind: ParamKind, arg: string): JsonValue {
  switch (kind) {
    case "string":
    case "input_file":
      return arg;
    case "integer":
      return toInteger(arg);
    case "float": {
      const value = Number(arg);
      return Number.isFinite(value) ? value : 0;
    }
    case "boolean":
      return arg.toLowerCase() === "true" || arg === "1";
    case "chat_id":
      return /^-?\d+$/.test(arg) ? Number(arg) : arg;
    case "json":
      try {
        return JSON.parse(arg) as JsonValue;
      } catch {
        throw badRequest(JSON_ERRORS[name] ?? `can't parse ${name} JSON object`);
      }
  }
}

/** td::to_integer: an optional sign and leading digits; anything unparsable is 0. */
export function toInteger(arg: string): number {
  const match = /^\s*(-?\d+)/.exec(arg);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export function str(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

export function int(params: Params, name: string): number | undefined {
  const value = params[name];
  return typeof value === "number" ? value : undefined;
}

export function bool(params: Params, name: string): boolean {
  return params[name] === true;
}

export function obj(params: Params, name: string): JsonObject | undefined {
  return asObject(params[name]);
}

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

export function asString(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Telegram reads nested integers leniently too: numbers or numeric strings. */
export function asInteger(value: JsonValue | undefined): number | undefined {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

export function chatIdParam(params: Params, name: string): number | string | undefined {
  const value = params[name];
  return typeof value === "number" || typeof value === "string" ? value : undefined;
}
