import { badRequest } from "./api-error.js";
import type { MethodContext, MethodHandler } from "./method-context.js";
import { asObject, asString, chatIdParam, int, str } from "./params.js";
import type { ChatRecord, TopicRecord } from "./state.js";

/** The colours Telegram allows for topic icons (createForumTopic's icon_color). */
const ICON_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f];

/** The emoji a bot may react with (ReactionTypeEmoji in the Bot API spec). */
const REACTIONS = new Set(
  "❤ 👍 👎 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡".split(
    " ",
  ),
);

/** A forum supergroup where the bot is an administrator with the right `right`. */
function forum(context: MethodContext, right: "can_manage_topics" | "can_delete_messages"): ChatRecord {
  const chat = context.state.resolveChat(chatIdParam(context.params, "chat_id"));
  if (chat.chat.type !== "supergroup" || chat.chat.is_forum !== true) throw badRequest("the chat is not a forum");
  if (chat.botStatus !== "administrator" || !chat.botRights[right])
    throw badRequest("not enough rights to manage topics");
  return chat;
}

function topic(context: MethodContext, chat: ChatRecord): TopicRecord {
  const found = chat.topics.get(int(context.params, "message_thread_id") ?? 0);
  if (found === undefined || found.deleted) throw badRequest("message thread not found");
  return found;
}

const createForumTopic: MethodHandler = (context) => {
  const { params, state } = context;
  const name = str(params, "name") ?? "";
  if (name.length === 0 || [...name].length > 128) throw badRequest("TOPIC_TITLE_EMPTY");
  const color = int(params, "icon_color") ?? ICON_COLORS[0];
  if (!ICON_COLORS.includes(color as number)) throw badRequest("TOPIC_ICON_COLOR_INVALID");
  const chat = forum(context, "can_manage_topics");
  // The topic's id is the id of the service message announcing it.
  const created = state.addMessage(chat, "bot", (base) => ({
    ...base,
    from: state.botUser,
    message_thread_id: base.message_id,
    is_topic_message: true,
    forum_topic_created: { name, icon_color: color as number },
  }));
  const thread = created.message.message_id;
  chat.topics.set(thread, { thread, name, iconColor: color as number, closed: false, deleted: false });
  return { message_thread_id: thread, name, icon_color: color };
};

const closeForumTopic: MethodHandler = (context) => {
  const { state } = context;
  const chat = forum(context, "can_manage_topics");
  const record = topic(context, chat);
  if (record.closed) throw badRequest("TOPIC_NOT_MODIFIED");
  record.closed = true;
  state.addMessage(chat, "bot", (base) => ({
    ...base,
    from: state.botUser,
    message_thread_id: record.thread,
    is_topic_message: true,
    forum_topic_closed: {},
  }));
  return true;
};

/** Deletes the topic with all its messages, whatever their age. */
const deleteForumTopic: MethodHandler = (context) => {
  const { state } = context;
  const chat = forum(context, "can_delete_messages");
  const record = topic(context, chat);
  record.deleted = true;
  for (const stored of chat.messages.values()) {
    if (stored.message.message_thread_id === record.thread) stored.deleted = true;
  }
  state.emitChange();
  return true;
};

const setMessageReaction: MethodHandler = (context) => {
  const { params, state } = context;
  const chat = state.resolveChat(chatIdParam(params, "chat_id"));
  const stored = state.liveMessage(chat, int(params, "message_id"));
  if (stored === undefined) throw badRequest("message to react not found");
  if (stored.message.forum_topic_created !== undefined || stored.message.new_chat_members !== undefined) {
    throw badRequest("MESSAGE_NOT_MODIFIED");
  }
  const raw = params.reaction;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : undefined;
  if (list === undefined) throw badRequest("can't parse reactions JSON object");
  const emoji = list.map((item) => {
    const reaction = asObject(item);
    const value = asString(reaction?.emoji);
    if (asString(reaction?.type) !== "emoji" || value === undefined || !REACTIONS.has(value)) {
      throw badRequest("REACTION_INVALID");
    }
    return value;
  });
  // Bots that are not premium set at most one reaction.
  if (emoji.length > 1) throw badRequest("REACTIONS_TOO_MANY");
  stored.reactions = emoji;
  state.emitChange();
  return true;
};

export const forumMethods: Readonly<Record<string, MethodHandler>> = {
  createForumTopic,
  closeForumTopic,
  deleteForumTopic,
  setMessageReaction,
};
