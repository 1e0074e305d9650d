import { badRequest } from "./api-error.js";
import type { MethodContext } from "./method-context.js";
import { asInteger, chatIdParam, obj } from "./params.js";
import type { ParsedText } from "./parse-utils.js";
import { type ValidatedMarkup, validateReplyMarkup } from "./reply-markup.js";
import type { ChatRecord, StoredMessage } from "./state.js";
import type { WireMessage } from "./wire-types.js";

/** Validates reply_markup for a method whose target chat is `chat_id`. */
export function markupFor(context: MethodContext, inlineOnly: boolean): ValidatedMarkup {
  return validateReplyMarkup(context.params.reply_markup, {
    inlineOnly,
    chatType: context.state.chatType(chatIdParam(context.params, "chat_id")),
    strict: context.state.options.strict,
  });
}

/** The message reply_parameters points at, as Message.reply_to_message carries it. */
export function replyTarget(context: MethodContext, chat: ChatRecord): WireMessage | undefined {
  const reply = obj(context.params, "reply_parameters");
  if (reply === undefined) return undefined;
  const messageId = asInteger(reply.message_id);
  if (messageId === undefined || messageId === 0) return undefined;
  let source = chat;
  const otherChat = reply.chat_id;
  if ((typeof otherChat === "number" || typeof otherChat === "string") && otherChat !== chat.chat.id) {
    source = context.state.resolveChat(otherChat, "read");
  }
  const target = context.state.liveMessage(source, messageId);
  if (target === undefined) {
    if (reply.allow_sending_without_reply === true) return undefined;
    throw badRequest("message to be replied not found");
  }
  const { reply_to_message: _nested, ...shallow } = target.message;
  return structuredClone(shallow);
}

/**
 * Admits a message into a chat: its forum topic (message_thread_id) must exist, and a closed one
 * takes messages only from an administrator that may manage topics; then it counts against the
 * flood limits (429 when over).
 */
export function admit(context: MethodContext, chat: ChatRecord): void {
  const thread = asInteger(context.params.message_thread_id);
  if (thread !== undefined && thread !== 0 && chat.chat.is_forum === true) {
    const topic = chat.topics.get(thread);
    if (topic === undefined || topic.deleted) throw badRequest("message thread not found");
    if (topic.closed && !(chat.botStatus === "administrator" && chat.botRights.can_manage_topics)) {
      throw badRequest("TOPIC_CLOSED");
    }
  }
  context.limiter.admit(chat.chat, context.state.clock.now());
}

/** The topic fields of a message the bot sends into a forum topic. */
function topicFields(context: MethodContext): Partial<WireMessage> {
  const thread = asInteger(context.params.message_thread_id);
  const chatId = chatIdParam(context.params, "chat_id");
  const chat = typeof chatId === "number" ? context.state.chats.get(chatId) : undefined;
  if (thread === undefined || thread === 0 || chat?.chat.is_forum !== true) return {};
  return { message_thread_id: thread, is_topic_message: true };
}

/** Fields every message the bot sends carries, given the call's options. */
export function outgoingExtras(
  context: MethodContext,
  markup: ValidatedMarkup,
  reply: WireMessage | undefined,
): Partial<WireMessage> {
  return {
    from: context.state.botUser,
    ...topicFields(context),
    ...(reply === undefined ? {} : { reply_to_message: reply }),
    ...(context.params.protect_content === true ? { has_protected_content: true as const } : {}),
    ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
  };
}

export function textFields(text: ParsedText): Pick<WireMessage, "text" | "entities"> {
  return { text: text.text, ...(text.entities.length === 0 ? {} : { entities: text.entities }) };
}

export function captionFields(caption: ParsedText | undefined): Pick<WireMessage, "caption" | "caption_entities"> {
  if (caption === undefined) return {};
  return {
    caption: caption.text,
    ...(caption.entities.length === 0 ? {} : { caption_entities: caption.entities }),
  };
}

/** The message an edit method targets: chat_id + message_id, or inline_message_id. */
export function editTarget(context: MethodContext): { chat: ChatRecord; stored: StoredMessage; inline: boolean } {
  const { params, state } = context;
  const inlineId = typeof params.inline_message_id === "string" ? params.inline_message_id : undefined;
  if (inlineId !== undefined) {
    const location = state.inlineMessages.get(inlineId);
    const chat = location === undefined ? undefined : state.chats.get(location.chatId);
    const stored = chat === undefined ? undefined : state.liveMessage(chat, location?.messageId);
    if (chat === undefined || stored === undefined) throw badRequest("MESSAGE_ID_INVALID");
    state.touch(chat);
    return { chat, stored, inline: true };
  }
  const messageId = typeof params.message_id === "number" ? params.message_id : undefined;
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const chat = state.resolveChat(chatIdParam(params, "chat_id"), "write");
  const stored = state.liveMessage(chat, messageId);
  if (stored === undefined) throw badRequest("message to edit not found");
  if (stored.sender !== "bot" || stored.message.via_bot !== undefined) throw badRequest("message can't be edited");
  return { chat, stored, inline: false };
}

export const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** Copies the content of a message (text or media with caption) for copyMessage/forwardMessage. */
export function contentOf(message: WireMessage): Partial<WireMessage> {
  const keys = [
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "video",
    "document",
    "voice",
    "sticker",
    "contact",
    "location",
    "link_preview_options",
    "show_caption_above_media",
    "has_media_spoiler",
  ] as const;
  const content: Partial<WireMessage> = {};
  for (const key of keys) {
    if (message[key] !== undefined) Object.assign(content, { [key]: structuredClone(message[key]) });
  }
  return content;
}

export function isMedia(message: WireMessage): boolean {
  return (
    message.photo !== undefined ||
    message.video !== undefined ||
    message.document !== undefined ||
    message.voice !== undefined
  );
}
