import { GrammyError, HttpError } from "grammy";
import pino, { type DestinationStream, type Logger } from "pino";
import type { LOG_FORMATS, LogLevel } from "./config.js";

export type { Logger };

/**
 * Paths that could ever carry a person's data are censored even if someone logs them by
 * mistake. The rule is still: log update ids, update kinds and feature breadcrumbs, never
 * users, chats, names or text.
 */
const REDACT = [
  "update",
  "ctx",
  "from",
  "chat",
  "text",
  "message",
  "payload",
  "chat_id",
  "user_id",
  "username",
  "phone_number",
  "*.from",
  "*.chat",
  "*.text",
  "*.caption",
  "*.payload",
  "*.chat_id",
  "*.user_id",
  "*.username",
  "*.first_name",
  "*.last_name",
  "*.phone_number",
  "token",
  "*.token",
];

/**
 * Errors are reduced to what helps an operator: the kind, the Bot API method and its answer.
 * GrammyError carries the request payload (chat ids, texts), which must never reach a log.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) {
    return { type: "GrammyError", method: error.method, code: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) {
    const inner = error.error instanceof Error ? error.error : undefined;
    return {
      type: "HttpError",
      message: scrubToken(error.message),
      cause: inner ? scrubToken(inner.message) : undefined,
    };
  }
  if (error instanceof Error) {
    return { type: error.name, message: scrubToken(error.message), stack: scrubToken(error.stack ?? "") };
  }
  return { type: typeof error };
}

/** Bot tokens appear in request URLs; keep them out of messages and stacks. */
function scrubToken(text: string): string {
  return text.replace(/\d{3,}:[A-Za-z0-9_-]{5,}/g, "<token>");
}

export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogOutput {
  /**
   * `pretty`: one readable line per entry, through pino's transport (pino-pretty, in a worker
   * thread); `json`: one JSON object per line, for log collectors. Default: pretty when standard
   * output is a terminal, JSON otherwise (or when logging to a stream).
   */
  format?: LogFormat;
  /** Standard output (default), a file path, or a stream (JSON only: tests scan it). */
  destination?: DestinationStream | string;
}

/** Both formats go through the same redaction and error serializers: pino applies them first. */
export function createLogger(level: LogLevel, output: LogOutput = {}): Logger {
  const { destination } = output;
  const terminal = destination === undefined && process.stdout.isTTY === true && level !== "silent";
  const format = output.format ?? (terminal ? "pretty" : "json");
  const options = {
    level,
    base: undefined,
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers: { err: serializeError, error: serializeError },
  };
  if (format === "json") {
    return pino(
      options,
      typeof destination === "string" ? pino.destination({ dest: destination, sync: true }) : destination,
    );
  }
  if (destination !== undefined && typeof destination !== "string") {
    throw new TypeError("pretty logs go to standard output or a file, not to a stream");
  }
  const transport = pino.transport({
    target: "pino-pretty",
    options: {
      destination: destination ?? 1,
      colorize: terminal,
      translateTime: "SYS:yyyy-mm-dd HH:MM:ss",
      sync: destination !== undefined,
    },
  });
  return pino(options, transport);
}
