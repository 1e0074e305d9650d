/**
 * Deep-link payloads (`t.me/<bot>?start=<payload>`): `<route>[-<arg>][__<source>]`, at most 64
 * characters of A–Z a–z 0–9 _ -. `source` is an anonymous campaign tag (a meeting, a partner,
 * a poster) that is only ever counted.
 *
 * Examples: `videos`, `video-3`, `video-3__batumi-meeting`, `__partner-channel`.
 */
export interface StartPayload {
  route: string;
  arg: string;
  source: string | undefined;
}

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const ROUTE = /^[a-z]{0,16}$/;
const SOURCE = /^[A-Za-z0-9-]{1,32}$/;

export function parseStartPayload(payload: string): StartPayload | undefined {
  if (!PAYLOAD.test(payload)) return undefined;
  const [main = "", source, ...rest] = payload.split("__");
  if (rest.length > 0 || (source !== undefined && !SOURCE.test(source))) return undefined;
  const dash = main.indexOf("-");
  const route = dash === -1 ? main : main.slice(0, dash);
  const arg = dash === -1 ? "" : main.slice(dash + 1);
  if (!ROUTE.test(route)) return undefined;
  return { route, arg, source };
}

export function formatStartPayload(route: string, arg = "", source?: string): string {
  const payload = `${route}${arg ? `-${arg}` : ""}${source ? `__${source}` : ""}`;
  if (!parseStartPayload(payload)) throw new Error(`"${payload}" is not a valid deep-link payload`);
  return payload;
}
