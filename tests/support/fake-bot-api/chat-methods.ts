import { badRequest } from "./api-error.js";
import type { MethodHandler } from "./method-context.js";
import { chatIdParam, int } from "./params.js";
import type { ChatRecord, FakeState } from "./state.js";

function memberStatus(state: FakeState, chat: ChatRecord, userId: number): Record<string, unknown> {
  if (userId === state.bot.id) {
    const status = chat.chat.type === "private" ? "member" : chat.botStatus;
    return {
      status,
      user: state.botUser,
      ...(status === "administrator"
        ? {
            can_be_edited: false,
            is_anonymous: false,
            can_manage_chat: true,
            can_delete_messages: chat.botRights.can_delete_messages,
            can_manage_video_chats: false,
            can_restrict_members: false,
            can_promote_members: false,
            can_change_info: false,
            can_invite_users: true,
            can_post_stories: false,
            can_edit_stories: false,
            can_delete_stories: false,
            can_pin_messages: true,
            ...(chat.chat.is_forum === true ? { can_manage_topics: chat.botRights.can_manage_topics } : {}),
          }
        : {}),
      ...(status === "kicked" ? { until_date: 0 } : {}),
    };
  }
  const record = chat.chat.type === "private" ? chat.user : chat.members.get(userId);
  if (record === undefined || record.user.id !== userId) throw badRequest("user not found");
  return { status: "member", user: { ...record.user } };
}

const getChat: MethodHandler = ({ params, state }) => {
  const chat = state.resolveChat(chatIdParam(params, "chat_id"), "read");
  return {
    ...chat.chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false,
      limited_gifts: false,
      unique_gifts: false,
      premium_subscription: false,
      gifts_from_channels: false,
    },
  };
};

const getChatMember: MethodHandler = ({ params, state }) => {
  const chat = state.resolveChat(chatIdParam(params, "chat_id"), "read");
  return memberStatus(state, chat, int(params, "user_id") ?? 0);
};

const leaveChat: MethodHandler = ({ params, state }) => {
  const chat = state.resolveChat(chatIdParam(params, "chat_id"), "read");
  if (chat.chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
  chat.botStatus = "left";
  state.emitChange();
  return true;
};

export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  getChat,
  getChatMember,
  leaveChat,
};
