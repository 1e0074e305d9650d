import { GrammyError, HttpError } from "grammy";
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

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

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}
