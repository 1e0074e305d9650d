import { badRequest } from "./api-error.js";
import type { MethodHandler } from "./method-context.js";
import { bool, int, str } from "./params.js";
import type { JsonValue } from "./wire-types.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function allowedUpdates(value: JsonValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string");
}

const getMe: MethodHandler = ({ state }) => ({ ...state.bot });

const getUpdates: MethodHandler = ({ params, state, signal }) => {
  const offset = int(params, "offset");
  const limit = int(params, "limit");
  const timeout = int(params, "timeout");
  const allowed = allowedUpdates(params.allowed_updates);
  return state.updates.getUpdates(
    {
      ...(offset === undefined ? {} : { offset }),
      ...(limit === undefined ? {} : { limit }),
      ...(timeout === undefined ? {} : { timeout }),
      ...(allowed === undefined ? {} : { allowedUpdates: allowed }),
    },
    signal,
  );
};

/**
 * Telegram wants HTTPS on ports 443/80/88/8443. Tests run the bot's webhook on loopback over plain
 * HTTP, so the fake accepts http(s) on loopback only — and refuses anything else so that no test
 * can make it call out to the network.
 */
const setWebhook: MethodHandler = ({ params, state }) => {
  const url = str(params, "url") ?? "";
  const dropPending = bool(params, "drop_pending_updates");
  if (url === "") {
    state.updates.deleteWebhook(dropPending);
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("invalid webhook URL specified");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw badRequest("bad webhook: fake-bot-api only delivers to 127.0.0.1, localhost or [::1]");
  }
  const secret = str(params, "secret_token");
  if (secret !== undefined) {
    if (secret.length > 256) throw badRequest("secret token is too long");
    if (!/^[A-Za-z0-9_-]+$/.test(secret)) throw badRequest("secret token contains unallowed characters");
  }
  const maxConnections = Math.min(Math.max(int(params, "max_connections") ?? 40, 1), 100);
  const allowed = allowedUpdates(params.allowed_updates);
  const ipAddress = str(params, "ip_address");
  state.updates.setWebhook(
    {
      url,
      maxConnections,
      ...(secret === undefined ? {} : { secretToken: secret }),
      ...(allowed === undefined ? {} : { allowedUpdates: allowed }),
      ...(ipAddress === undefined ? {} : { ipAddress }),
    },
    dropPending,
  );
  return true;
};

const deleteWebhook: MethodHandler = ({ params, state }) => {
  state.updates.deleteWebhook(bool(params, "drop_pending_updates"));
  return true;
};

const getWebhookInfo: MethodHandler = ({ state }) => state.updates.webhookInfo();

export const updateMethods: Readonly<Record<string, MethodHandler>> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  logOut: () => true,
  close: () => true,
};
