import { badRequest } from "./api-error.js";
import { formatCaption, formatMessageText } from "./formatted-text.js";
import {
  admit,
  captionFields,
  contentOf,
  editTarget,
  isMedia,
  markupFor,
  NOT_MODIFIED,
  outgoingExtras,
  replyTarget,
  textFields,
} from "./message-helpers.js";
import type { MethodContext, MethodHandler } from "./method-context.js";
import { asObject, chatIdParam, int, str } from "./params.js";
import { sameMarkup } from "./reply-markup.js";
import type { ChatRecord, FakeState, StoredMessage } from "./state.js";
import type { JsonValue, WireMessage, WireMessageOrigin } from "./wire-types.js";

const MESSAGE_DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const sendMessage: MethodHandler = (context) => {
  const { params, state } = context;
  const text = formatMessageText(str(params, "text"), str(params, "parse_mode"), params.entities, state.formatOptions);
  const markup = markupFor(context, false);
  const linkPreview = params.link_preview_options;
  if (linkPreview !== undefined && asObject(linkPreview) === undefined) {
    throw badRequest("object expected as link preview options");
  }
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  const reply = replyTarget(context, chat);
  admit(context, chat);
  const linkPreviewOptions = asObject(linkPreview);
  return state.addMessage(
    chat,
    "bot",
    (base) => ({
      ...base,
      ...outgoingExtras(context, markup, reply),
      ...textFields(text),
      ...(linkPreviewOptions === undefined ? {} : { link_preview_options: linkPreviewOptions }),
    }),
    markup.visible,
  ).message;
};

const editMessageText: MethodHandler = (context) => {
  const { params, state } = context;
  const { chat, stored, inline } = editTarget(context);
  const text = formatMessageText(str(params, "text"), str(params, "parse_mode"), params.entities, state.formatOptions);
  const markup = markupFor(context, true);
  const current = stored.message;
  if (current.text === undefined) throw badRequest("there is no text in the message to edit");
  if (
    current.text === text.text &&
    JSON.stringify(current.entities ?? []) === JSON.stringify(text.entities) &&
    sameMarkup(current.reply_markup, markup.inline)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  admit(context, chat);
  const { entities: _oldEntities, reply_markup: _oldMarkup, ...rest } = current;
  return applyEdit(
    state,
    stored,
    inline,
    {
      ...rest,
      ...textFields(text),
      ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
      edit_date: state.clock.unix(),
    },
    markup.visible,
  );
};

const editMessageCaption: MethodHandler = (context) => {
  const { params, state } = context;
  const { chat, stored, inline } = editTarget(context);
  const caption = formatCaption(
    str(params, "caption"),
    str(params, "parse_mode"),
    params.caption_entities,
    state.formatOptions,
  );
  const markup = markupFor(context, true);
  const current = stored.message;
  if (!isMedia(current)) throw badRequest("there is no caption in the message to edit");
  if (
    (current.caption ?? "") === (caption?.text ?? "") &&
    JSON.stringify(current.caption_entities ?? []) === JSON.stringify(caption?.entities ?? []) &&
    sameMarkup(current.reply_markup, markup.inline)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  admit(context, chat);
  const { caption: _c, caption_entities: _ce, reply_markup: _rm, ...rest } = current;
  return applyEdit(
    state,
    stored,
    inline,
    {
      ...rest,
      ...captionFields(caption),
      ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
      ...(params.show_caption_above_media === true ? { show_caption_above_media: true as const } : {}),
      edit_date: state.clock.unix(),
    },
    markup.visible,
  );
};

const editMessageReplyMarkup: MethodHandler = (context) => {
  const { state } = context;
  const { chat, stored, inline } = editTarget(context);
  const markup = markupFor(context, true);
  const current = stored.message;
  if (sameMarkup(current.reply_markup, markup.inline)) throw badRequest(NOT_MODIFIED);
  admit(context, chat);
  const { reply_markup: _rm, ...rest } = current;
  return applyEdit(
    state,
    stored,
    inline,
    {
      ...rest,
      ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
      edit_date: state.clock.unix(),
    },
    markup.visible,
  );
};

function applyEdit(
  state: FakeState,
  stored: StoredMessage,
  inline: boolean,
  next: WireMessage,
  visible: StoredMessage["visibleMarkup"],
): WireMessage | true {
  stored.message = next;
  if (visible === undefined) delete stored.visibleMarkup;
  else stored.visibleMarkup = visible;
  state.emitChange();
  return inline ? true : next;
}

/** Telegram's deletion rules for bots: under 48 hours old, and in groups only the bot's own unless admin. */
function canDelete(state: FakeState, chat: ChatRecord, stored: StoredMessage): boolean {
  if (state.clock.now() - stored.sentAtMs >= MESSAGE_DELETE_WINDOW_MS) return false;
  if (chat.chat.type !== "private" && stored.sender !== "bot") return chat.botStatus === "administrator";
  return true;
}

const deleteMessage: MethodHandler = ({ params, state }) => {
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  const stored = state.liveMessage(chat, int(params, "message_id"));
  if (stored === undefined) throw badRequest("message to delete not found");
  if (!canDelete(state, chat, stored)) throw badRequest("message can't be deleted");
  stored.deleted = true;
  state.emitChange();
  return true;
};

/** Telegram's parsing of a message_ids array. */
function messageIds(value: JsonValue | undefined, max: number): number[] {
  if (!Array.isArray(value)) throw badRequest("expected an Array of message identifiers");
  if (value.length === 0) throw badRequest("message identifiers are not specified");
  if (value.length > max) throw badRequest("too many message identifiers specified");
  return value.map((item) => {
    const id = typeof item === "number" ? item : typeof item === "string" ? Number(item) : Number.NaN;
    if (!Number.isInteger(id)) throw badRequest("can't parse message identifier as a Number");
    if (id <= 0) throw badRequest("invalid message identifier specified");
    return id;
  });
}

const deleteMessages: MethodHandler = ({ params, state }) => {
  const ids = messageIds(params.message_ids, 100);
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  for (const id of ids) {
    const stored = state.liveMessage(chat, id);
    if (stored !== undefined && canDelete(state, chat, stored)) stored.deleted = true;
  }
  state.emitChange();
  return true;
};

const sendChatAction: MethodHandler = ({ params, state }) => {
  const action = str(params, "action") ?? "";
  if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  state.resolveChat(chatIdParam(params, "chat_id"));
  return true;
};

function sourceMessage(context: MethodContext, messageId: number | undefined, what: string): StoredMessage {
  const { params, state } = context;
  const fromChat = state.resolveChat(chatIdParam(params, "from_chat_id"), "read");
  const stored = state.liveMessage(fromChat, messageId);
  if (stored === undefined) throw badRequest(`message to ${what} not found`);
  if (stored.message.has_protected_content === true) {
    throw badRequest("message has protected content and can't be forwarded");
  }
  return stored;
}

function copyInto(
  context: MethodContext,
  chat: ChatRecord,
  source: StoredMessage,
  captionOverride: boolean,
): StoredMessage {
  const { params, state } = context;
  const markup = markupFor(context, false);
  const reply = replyTarget(context, chat);
  const content = contentOf(source.message);
  if (isMedia(source.message)) {
    if (params.remove_caption === true) {
      delete content.caption;
      delete content.caption_entities;
    } else if (captionOverride && params.caption !== undefined) {
      const caption = formatCaption(
        str(params, "caption"),
        str(params, "parse_mode"),
        params.caption_entities,
        state.formatOptions,
      );
      delete content.caption;
      delete content.caption_entities;
      Object.assign(content, captionFields(caption));
    }
  }
  admit(context, chat);
  return state.addMessage(
    chat,
    "bot",
    (base) => ({ ...base, ...outgoingExtras(context, markup, reply), ...content }),
    markup.visible,
  );
}

const copyMessage: MethodHandler = (context) => {
  const { params, state } = context;
  const source = sourceMessage(context, int(params, "message_id"), "copy");
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  return { message_id: copyInto(context, chat, source, true).message.message_id };
};

const copyMessages: MethodHandler = (context) => {
  const { params, state } = context;
  const ids = messageIds(params.message_ids, 100);
  if (ids.some((id, index) => index > 0 && id <= (ids[index - 1] ?? 0))) {
    throw badRequest("message identifiers must be in a strictly increasing order");
  }
  const fromChat = state.resolveChat(chatIdParam(params, "from_chat_id"), "read");
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  const copied: Array<{ message_id: number }> = [];
  for (const id of ids) {
    const source = state.liveMessage(fromChat, id);
    if (source === undefined || source.message.has_protected_content === true) continue;
    copied.push({ message_id: copyInto(context, chat, source, false).message.message_id });
  }
  return copied;
};

const forwardMessage: MethodHandler = (context) => {
  const { params, state } = context;
  const source = sourceMessage(context, int(params, "message_id"), "forward");
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  admit(context, chat);
  const original = source.message;
  const origin: WireMessageOrigin = original.forward_origin ?? {
    type: "user",
    date: original.date,
    sender_user: original.from ?? state.botUser,
  };
  return state.addMessage(chat, "bot", (base) => ({
    ...base,
    from: state.botUser,
    forward_origin: origin,
    ...contentOf(original),
    ...(params.protect_content === true ? { has_protected_content: true as const } : {}),
  })).message;
};

export const messageMethods: Readonly<Record<string, MethodHandler>> = {
  sendMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
  sendChatAction,
  copyMessage,
  copyMessages,
  forwardMessage,
};
