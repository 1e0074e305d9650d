import type { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";

/** A Bot API answer as it comes off the wire. */
export interface ApiReply {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

export interface RawCallOptions {
  encoding?: "json" | "form" | "query";
  token?: string;
  signal?: AbortSignal;
}

/** Calls the fake with plain fetch, the way any HTTP client would, and returns status and body. */
export async function callApi(
  fake: FakeBotApi,
  method: string,
  params: Record<string, unknown> = {},
  options: RawCallOptions = {},
): Promise<{ status: number; body: ApiReply }> {
  const encoding = options.encoding ?? "json";
  let url = `${fake.apiRoot}/bot${options.token ?? fake.token}/${method}`;
  const init: RequestInit = { method: "POST", ...(options.signal === undefined ? {} : { signal: options.signal }) };
  if (encoding === "json") {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(params);
  } else {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      form.set(key, typeof value === "string" ? value : JSON.stringify(value));
    }
    if (encoding === "form") {
      init.headers = { "content-type": "application/x-www-form-urlencoded" };
      init.body = form.toString();
    } else {
      url += `?${form.toString()}`;
      init.method = "GET";
    }
  }
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as ApiReply };
}

/** Calls a method that must succeed and returns its result. */
export async function ok<T = Record<string, unknown>>(
  fake: FakeBotApi,
  method: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const { body } = await callApi(fake, method, params);
  if (!body.ok) throw new Error(`${method} failed: ${body.description}`);
  return body.result as T;
}

/** Calls a method that must fail and returns Telegram's description. */
export async function fails(fake: FakeBotApi, method: string, params: Record<string, unknown> = {}): Promise<string> {
  const { body } = await callApi(fake, method, params);
  if (body.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(body.result)}`);
  return body.description ?? "";
}
