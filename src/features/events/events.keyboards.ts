import { callbackCodec } from "../../bot/ui/callback-data.js";

/**
 * Callback data of events (short ASCII tokens only):
 * - `ev:o:<add|edit|cancel>` — an operator's action from /events;
 * - inside the operator's flow: `ev:k:<choice>` kind, `ev:e:<event>` an event (`c.<id>` / `o.<n>`),
 *   `ev:f:<field>` a field, `ev:d` the default, `ev:ok` save or confirm, `ev:x` cancel.
 */
export const eventsCodec = callbackCodec("ev");

/** An event key in callback data: `:` is the codec's separator. */
export function keyToData(key: string): string {
  return key.replace(":", ".");
}

export function keyFromData(data: string | undefined): string | undefined {
  return data && /^(?:c\.[a-z0-9-]{1,40}|o\.\d{1,9})$/.test(data) ? data.replace(".", ":") : undefined;
}
