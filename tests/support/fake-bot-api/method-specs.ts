/**
 * Hand-declared parameters of every method the fake implements: name, how Telegram decodes the
 * value, and whether it is required. `tests/fake-bot-api/spec-cross-check.test.ts` compares these
 * declarations with the published Bot API spec whenever `../shared/telegram-bot-api/api.json` is
 * available, so a drift in Telegram's API shows up as a failing test rather than a silent mismatch.
 */

/**
 * How a parameter is decoded. Telegram receives every parameter as a string (JSON bodies are
 * flattened the same way) and then parses it according to the method's needs.
 */
export type ParamKind =
  | "string"
  | "integer"
  | "float"
  | "boolean"
  /** Integer chat id or an `@username` string. */
  | "chat_id"
  /** A file_id, an HTTP URL, or `attach://<part>` for a multipart upload. */
  | "input_file"
  /** A JSON-serialised object or array (reply_markup, entities, results, commands, …). */
  | "json";

export interface ParamDecl {
  readonly kind: ParamKind;
  readonly required: boolean;
  /** Telegram's wording (after "Bad Request: ") when the parameter is missing or empty. */
  readonly missing?: string;
  /** The empty string is meaningful (setWebhook's url), so the generic check must not fire. */
  readonly emptyAllowed?: boolean;
}

export type MethodParams = Readonly<Record<string, ParamDecl>>;

const required = (kind: ParamKind, missing?: string): ParamDecl => ({
  kind,
  required: true,
  ...(missing === undefined ? {} : { missing }),
});
const optional = (kind: ParamKind): ParamDecl => ({ kind, required: false });

const CHAT_ID = required("chat_id", "chat_id is empty");
const QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid";

/** Shared by the send* methods; business_connection_id is added where the method has it. */
const sendOptions = {
  message_thread_id: optional("integer"),
  direct_messages_topic_id: optional("integer"),
  disable_notification: optional("boolean"),
  protect_content: optional("boolean"),
  allow_paid_broadcast: optional("boolean"),
  message_effect_id: optional("string"),
  suggested_post_parameters: optional("json"),
  reply_parameters: optional("json"),
  reply_markup: optional("json"),
} as const;

const captionOptions = {
  caption: optional("string"),
  parse_mode: optional("string"),
  caption_entities: optional("json"),
} as const;

const editTarget = {
  business_connection_id: optional("string"),
  chat_id: optional("chat_id"),
  message_id: optional("integer"),
  inline_message_id: optional("string"),
} as const;

const commandScope = {
  scope: optional("json"),
  language_code: optional("string"),
} as const;

/** Keyed by the method's canonical (camelCase) name. */
export const METHOD_SPECS: Readonly<Record<string, MethodParams>> = {
  getMe: {},
  logOut: {},
  close: {},
  getUpdates: {
    offset: optional("integer"),
    limit: optional("integer"),
    timeout: optional("integer"),
    allowed_updates: optional("json"),
  },
  setWebhook: {
    url: { kind: "string", required: true, emptyAllowed: true },
    certificate: optional("input_file"),
    ip_address: optional("string"),
    max_connections: optional("integer"),
    allowed_updates: optional("json"),
    drop_pending_updates: optional("boolean"),
    secret_token: optional("string"),
  },
  deleteWebhook: { drop_pending_updates: optional("boolean") },
  getWebhookInfo: {},

  sendMessage: {
    business_connection_id: optional("string"),
    ...sendOptions,
    chat_id: CHAT_ID,
    text: required("string", "message text is empty"),
    parse_mode: optional("string"),
    entities: optional("json"),
    link_preview_options: optional("json"),
  },
  forwardMessage: {
    chat_id: CHAT_ID,
    message_thread_id: optional("integer"),
    direct_messages_topic_id: optional("integer"),
    from_chat_id: required("chat_id", "chat_id is empty"),
    video_start_timestamp: optional("integer"),
    disable_notification: optional("boolean"),
    protect_content: optional("boolean"),
    message_effect_id: optional("string"),
    suggested_post_parameters: optional("json"),
    message_id: required("integer", "message identifier is not specified"),
  },
  copyMessage: {
    ...sendOptions,
    ...captionOptions,
    chat_id: CHAT_ID,
    from_chat_id: required("chat_id", "chat_id is empty"),
    message_id: required("integer", "message identifier is not specified"),
    video_start_timestamp: optional("integer"),
    show_caption_above_media: optional("boolean"),
  },
  copyMessages: {
    chat_id: CHAT_ID,
    message_thread_id: optional("integer"),
    direct_messages_topic_id: optional("integer"),
    from_chat_id: required("chat_id", "chat_id is empty"),
    message_ids: required("json", "message identifiers are not specified"),
    disable_notification: optional("boolean"),
    protect_content: optional("boolean"),
    remove_caption: optional("boolean"),
  },
  sendPhoto: {
    business_connection_id: optional("string"),
    ...sendOptions,
    ...captionOptions,
    chat_id: CHAT_ID,
    photo: required("input_file", "there is no photo in the request"),
    show_caption_above_media: optional("boolean"),
    has_spoiler: optional("boolean"),
  },
  sendVideo: {
    business_connection_id: optional("string"),
    ...sendOptions,
    ...captionOptions,
    chat_id: CHAT_ID,
    video: required("input_file", "there is no video in the request"),
    duration: optional("integer"),
    width: optional("integer"),
    height: optional("integer"),
    thumbnail: optional("input_file"),
    cover: optional("input_file"),
    start_timestamp: optional("integer"),
    show_caption_above_media: optional("boolean"),
    has_spoiler: optional("boolean"),
    supports_streaming: optional("boolean"),
  },
  sendDocument: {
    business_connection_id: optional("string"),
    ...sendOptions,
    ...captionOptions,
    chat_id: CHAT_ID,
    document: required("input_file", "there is no document in the request"),
    thumbnail: optional("input_file"),
    disable_content_type_detection: optional("boolean"),
  },
  sendMediaGroup: {
    business_connection_id: optional("string"),
    chat_id: CHAT_ID,
    message_thread_id: optional("integer"),
    direct_messages_topic_id: optional("integer"),
    media: required("json"),
    disable_notification: optional("boolean"),
    protect_content: optional("boolean"),
    allow_paid_broadcast: optional("boolean"),
    message_effect_id: optional("string"),
    reply_parameters: optional("json"),
  },
  sendChatAction: {
    business_connection_id: optional("string"),
    chat_id: CHAT_ID,
    message_thread_id: optional("integer"),
    action: required("string", "wrong parameter action in request"),
  },
  editMessageText: {
    ...editTarget,
    text: optional("string"),
    parse_mode: optional("string"),
    entities: optional("json"),
    link_preview_options: optional("json"),
    rich_message: optional("json"),
    reply_markup: optional("json"),
  },
  editMessageCaption: {
    ...editTarget,
    ...captionOptions,
    show_caption_above_media: optional("boolean"),
    reply_markup: optional("json"),
  },
  editMessageReplyMarkup: {
    ...editTarget,
    reply_markup: optional("json"),
  },
  deleteMessage: {
    chat_id: CHAT_ID,
    message_id: required("integer", "message identifier is not specified"),
  },
  deleteMessages: {
    chat_id: CHAT_ID,
    message_ids: required("json", "message identifiers are not specified"),
  },

  answerCallbackQuery: {
    callback_query_id: required("string", QUERY_TOO_OLD),
    text: optional("string"),
    show_alert: optional("boolean"),
    url: optional("string"),
    cache_time: optional("integer"),
  },
  answerInlineQuery: {
    inline_query_id: required("string", QUERY_TOO_OLD),
    results: required("json"),
    cache_time: optional("integer"),
    is_personal: optional("boolean"),
    next_offset: optional("string"),
    button: optional("json"),
  },

  setMyCommands: { commands: required("json"), ...commandScope },
  getMyCommands: { ...commandScope },
  deleteMyCommands: { ...commandScope },
  setMyDescription: { description: optional("string"), language_code: optional("string") },
  getMyDescription: { language_code: optional("string") },
  setMyShortDescription: {
    short_description: optional("string"),
    language_code: optional("string"),
  },
  getMyShortDescription: { language_code: optional("string") },
  setChatMenuButton: { chat_id: optional("integer"), menu_button: optional("json") },
  getChatMenuButton: { chat_id: optional("integer") },

  getFile: { file_id: required("string", "invalid file_id") },
  getChat: { chat_id: CHAT_ID },
  getChatMember: {
    chat_id: CHAT_ID,
    user_id: required("integer", "invalid user_id specified"),
  },
  leaveChat: { chat_id: CHAT_ID },

  createForumTopic: {
    chat_id: CHAT_ID,
    name: required("string", "TOPIC_TITLE_EMPTY"),
    icon_color: optional("integer"),
    icon_custom_emoji_id: optional("string"),
  },
  closeForumTopic: { chat_id: CHAT_ID, message_thread_id: required("integer", "message thread not found") },
  deleteForumTopic: { chat_id: CHAT_ID, message_thread_id: required("integer", "message thread not found") },
  setMessageReaction: {
    chat_id: CHAT_ID,
    message_id: required("integer", "message identifier is not specified"),
    reaction: optional("json"),
    is_big: optional("boolean"),
  },
};

/** Canonical method name by lower-cased name: Telegram matches method names case-insensitively. */
const BY_LOWER_NAME: ReadonlyMap<string, string> = new Map(
  Object.keys(METHOD_SPECS).map((name) => [name.toLowerCase(), name]),
);

export function canonicalMethodName(name: string): string | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export function paramsOf(method: string): ReadonlyMap<string, ParamDecl> {
  return new Map(Object.entries(METHOD_SPECS[method] ?? {}));
}
