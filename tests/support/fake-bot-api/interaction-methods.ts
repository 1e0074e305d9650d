import { badRequest } from "./api-error.js";
import { formatCaption, formatMessageText } from "./formatted-text.js";
import { knownFile } from "./media-methods.js";
import type { MethodHandler } from "./method-context.js";
import { asObject, asString, str } from "./params.js";
import { validateReplyMarkup } from "./reply-markup.js";
import type { FakeState } from "./state.js";
import type { JsonObject, JsonValue } from "./wire-types.js";

export const QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid";
const MAX_CALLBACK_ANSWER_LENGTH = 200;
const MAX_INLINE_RESULTS = 50;
const MAX_RESULT_ID_BYTES = 64;
const MAX_NEXT_OFFSET_BYTES = 64;

const answerCallbackQuery: MethodHandler = ({ params, state }) => {
  const query = state.callbackQueries.get(str(params, "callback_query_id") ?? "");
  if (
    query === undefined ||
    query.answered ||
    state.clock.now() - query.createdAtMs > state.options.callbackQueryTimeoutMs
  ) {
    throw badRequest(QUERY_TOO_OLD);
  }
  const text = str(params, "text");
  if (text !== undefined && text.length > MAX_CALLBACK_ANSWER_LENGTH) throw badRequest("MESSAGE_TOO_LONG");
  const url = str(params, "url");
  if (url !== undefined && !/^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/[A-Za-z0-9_]+\?start=/i.test(url)) {
    throw badRequest("URL_INVALID");
  }
  query.answered = true;
  query.answer = params;
  const chat = query.chatId === undefined ? undefined : state.chats.get(query.chatId);
  if (chat !== undefined) state.touch(chat);
  query.onAnswer?.(params);
  state.emitChange();
  return true;
};

const INLINE_RESULT_TYPES = new Set([
  "article",
  "audio",
  "contact",
  "document",
  "game",
  "gif",
  "location",
  "mpeg4_gif",
  "photo",
  "sticker",
  "venue",
  "video",
  "voice",
]);

const cantParseResult = (message: string): Error => badRequest(`can't parse inline query result: ${message}`);

function requiredString(result: JsonObject, field: string): string {
  const value = result[field];
  if (typeof value === "string") return value;
  if (value === undefined || value === null) throw cantParseResult(`Can't find field "${field}"`);
  throw cantParseResult(`Field "${field}" must be of type String`);
}

/** Validates one InlineQueryResult the way the Bot API server and Telegram do. */
function validateInlineResult(state: FakeState, raw: JsonValue): JsonObject {
  const result = asObject(raw);
  if (result === undefined) throw cantParseResult("Inline query result must be an object");
  const type = requiredString(result, "type").toLowerCase();
  const id = requiredString(result, "id");
  if (!INLINE_RESULT_TYPES.has(type))
    throw cantParseResult(`type "${type}" is unsupported for the inline query result`);
  const idBytes = Buffer.byteLength(id, "utf8");
  if (idBytes === 0 || idBytes > MAX_RESULT_ID_BYTES) throw badRequest("RESULT_ID_INVALID");

  const content = asObject(result.input_message_content);
  if (content !== undefined && typeof content.message_text === "string") {
    formatMessageText(
      content.message_text,
      asString(content.parse_mode),
      content.entities ?? undefined,
      state.formatOptions,
    );
  }
  if (result.caption !== undefined) {
    formatCaption(
      asString(result.caption),
      asString(result.parse_mode),
      result.caption_entities ?? undefined,
      state.formatOptions,
    );
  }
  if (result.reply_markup !== undefined) {
    validateReplyMarkup(result.reply_markup, { inlineOnly: true, chatType: undefined, strict: state.options.strict });
  }

  switch (type) {
    case "article":
      requiredString(result, "title");
      if (content === undefined) requiredString(result, "message_text");
      break;
    case "video": {
      const fileId = asString(result.video_file_id);
      if (fileId === undefined) {
        requiredString(result, "video_url");
        const mimeType = requiredString(result, "mime_type");
        if (mimeType !== "video/mp4" && mimeType !== "text/html") throw badRequest("VIDEO_CONTENT_TYPE_INVALID");
        requiredString(result, "thumbnail_url");
      } else {
        knownFile(state, fileId, "video");
      }
      requiredString(result, "title");
      break;
    }
    case "photo": {
      const fileId = asString(result.photo_file_id);
      if (fileId === undefined) {
        requiredString(result, "photo_url");
        requiredString(result, "thumbnail_url");
      } else {
        knownFile(state, fileId, "photo");
      }
      break;
    }
    case "document": {
      const fileId = asString(result.document_file_id);
      if (fileId === undefined) {
        requiredString(result, "document_url");
        requiredString(result, "mime_type");
      } else {
        knownFile(state, fileId, "document");
      }
      requiredString(result, "title");
      break;
    }
    default:
      break;
  }
  return result;
}

const answerInlineQuery: MethodHandler = ({ params, state }) => {
  const query = state.inlineQueries.get(str(params, "inline_query_id") ?? "");
  if (
    query === undefined ||
    query.answered ||
    state.clock.now() - query.createdAtMs > state.options.inlineQueryTimeoutMs
  ) {
    throw badRequest(QUERY_TOO_OLD);
  }
  const results = params.results;
  if (!Array.isArray(results)) throw badRequest("expected an Array of inline query results");
  if (results.length > MAX_INLINE_RESULTS) throw badRequest("too many inline query results specified");
  const seen = new Set<string>();
  for (const raw of results) {
    const result = validateInlineResult(state, raw);
    const id = String(result.id);
    if (seen.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
    seen.add(id);
  }
  const nextOffset = str(params, "next_offset");
  if (nextOffset !== undefined && Buffer.byteLength(nextOffset, "utf8") > MAX_NEXT_OFFSET_BYTES) {
    throw badRequest("NEXT_OFFSET_INVALID");
  }
  const button = params.button;
  if (button !== undefined) {
    const buttonObject = asObject(button);
    const startParameter = asString(buttonObject?.start_parameter);
    if (buttonObject === undefined || typeof buttonObject.text !== "string") {
      throw badRequest("can't parse inline query results button: Can't find field \"text\"");
    }
    if (startParameter !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(startParameter)) {
      throw badRequest("START_PARAM_INVALID");
    }
  }
  query.answered = true;
  query.answer = params;
  query.onAnswer?.(params);
  state.emitChange();
  return true;
};

export const interactionMethods: Readonly<Record<string, MethodHandler>> = {
  answerCallbackQuery,
  answerInlineQuery,
};
