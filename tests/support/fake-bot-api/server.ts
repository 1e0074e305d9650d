import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, NOT_FOUND, UNAUTHORIZED } from "./api-error.js";
import { chatMethods } from "./chat-methods.js";
import type { FaultInjector } from "./fault-injection.js";
import { forumMethods } from "./forum-methods.js";
import { type RequestPayload, readPayload } from "./http-body.js";
import { interactionMethods } from "./interaction-methods.js";
import { mediaMethods } from "./media-methods.js";
import { messageMethods } from "./message-methods.js";
import type { MethodHandler } from "./method-context.js";
import { canonicalMethodName } from "./method-specs.js";
import { decodeParams, type Params } from "./params.js";
import type { RateLimiter } from "./rate-limits.js";
import { settingsMethods } from "./settings-methods.js";
import type { FakeState } from "./state.js";
import { updateMethods } from "./update-methods.js";
import { PollAbandoned } from "./update-queue.js";
import type { JsonObject, JsonValue } from "./wire-types.js";

const HANDLERS: Readonly<Record<string, MethodHandler>> = {
  ...updateMethods,
  ...messageMethods,
  ...mediaMethods,
  ...interactionMethods,
  ...settingsMethods,
  ...chatMethods,
  ...forumMethods,
};

/** Names of the methods that have a handler (the spec cross-check compares them with the declarations). */
export function implementedMethods(): string[] {
  return Object.keys(HANDLERS);
}

export interface ServerDeps {
  state: FakeState;
  limiter: RateLimiter;
  faults: FaultInjector;
  token: string;
  latencyMs: () => number;
}

const CONFLICT_DELAY_MS = 50;

type Outcome = { ok: true; result: unknown } | ApiError;

/** The HTTP face of the fake: routing, body decoding, failure injection, recording. */
export class FakeServer {
  private server: Server | undefined;

  constructor(private readonly deps: ServerDeps) {}

  async listen(): Promise<number> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const download = /^\/file\/bot([^/]*)\/(.+)$/.exec(url.pathname);
    if (download !== null) {
      this.serveFile(res, download[1] ?? "", decodeURIComponent(download[2] ?? ""));
      return;
    }

    const route = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (route === null) {
      send(res, NOT_FOUND());
      return;
    }
    const [, token = "", rawMethod = ""] = route;
    const { state } = this.deps;
    const at = state.clock.now();
    if (token !== this.deps.token) {
      this.record({ method: rawMethod, params: {}, at }, UNAUTHORIZED());
      send(res, UNAUTHORIZED());
      return;
    }
    const method = canonicalMethodName(rawMethod);
    if (method === undefined || HANDLERS[method] === undefined) {
      this.record({ method: rawMethod, params: {}, at }, NOT_FOUND());
      send(res, NOT_FOUND());
      return;
    }

    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableEnded) abort.abort();
    });
    let payload: RequestPayload;
    try {
      payload = await readPayload(req, url);
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(400, "Bad Request: unreadable request body");
      this.record({ method, params: {}, at }, failure);
      send(res, failure);
      return;
    }
    const outcome = await this.dispatch(method, payload, abort.signal);
    if (outcome !== undefined && !abort.signal.aborted) send(res, outcome);
  }

  /**
   * Runs one method call and records it. Returns undefined for a long poll whose client left.
   * Also used for method calls a webhook returns in its response body.
   */
  async dispatch(method: string, payload: RequestPayload, signal: AbortSignal): Promise<Outcome | undefined> {
    const { state, faults, limiter } = this.deps;
    const at = state.clock.now();
    const handler = HANDLERS[method];
    const decoded = decodeParams(method, payload);
    const params = decoded.params;
    for (const param of decoded.unknown) state.unknownParams.push({ method, param });
    const isPoll = method === "getUpdates";
    if (!isPoll) state.peakInFlight = Math.max(state.peakInFlight, ++state.inFlight);
    this.touchChats(params);
    try {
      const latency = this.deps.latencyMs();
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      if (!isPoll && state.answersHeld !== undefined) {
        state.emitChange();
        await state.answersHeld;
      }
      const injected = faults.take(method, typeof params.chat_id === "number" ? params.chat_id : undefined);
      if (injected !== undefined) throw injected;
      if (decoded.error !== undefined) throw decoded.error;
      if (handler === undefined) throw NOT_FOUND();
      const result = await handler({ method, params, files: payload.files, state, limiter, signal });
      const outcome: Outcome = { ok: true, result };
      this.record({ method, params, at }, outcome);
      return outcome;
    } catch (error) {
      if (error instanceof PollAbandoned) return undefined;
      if (isPoll && error instanceof ApiError && error.description.startsWith("Conflict: terminated")) {
        // Telegram answers a superseded long poll only after a pause; usually its client (a bot
        // that is stopping or restarting) has gone by then, and nobody sees the conflict.
        await new Promise((resolve) => setTimeout(resolve, CONFLICT_DELAY_MS));
        if (signal.aborted) return undefined;
      }
      const failure =
        error instanceof ApiError
          ? error
          : new ApiError(
              500,
              `Internal Server Error: fake-bot-api bug: ${error instanceof Error ? error.message : String(error)}`,
            );
      this.record({ method, params, at }, failure);
      return failure;
    } finally {
      if (!isPoll) state.inFlight--;
      this.touchChats(params);
      state.emitChange();
    }
  }

  /** Executes a method call returned in a webhook response, as Telegram does. */
  async dispatchWebhookReply(body: JsonObject): Promise<void> {
    const method = canonicalMethodName(String(body.method));
    const fields = new Map<string, JsonValue>(Object.entries(body).filter(([key]) => key !== "method"));
    if (method === undefined) {
      this.record({ method: String(body.method), params: {}, at: this.deps.state.clock.now() }, NOT_FOUND());
      return;
    }
    await this.dispatch(method, { fields, files: new Map() }, new AbortController().signal);
  }

  private touchChats(params: Params): void {
    for (const key of ["chat_id", "from_chat_id"]) {
      const value = params[key];
      const chat = typeof value === "number" ? this.deps.state.chats.get(value) : undefined;
      if (chat !== undefined) this.deps.state.touch(chat);
    }
  }

  private record(call: { method: string; params: Params; at: number }, outcome: Outcome): void {
    this.deps.state.calls.push(
      outcome instanceof ApiError
        ? { ...call, ok: false, errorCode: outcome.errorCode, description: outcome.description }
        : { ...call, ok: true, result: outcome.result },
    );
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    if (token !== this.deps.token) {
      res.writeHead(401).end();
      return;
    }
    const file = [...this.deps.state.files.values()].find((candidate) => candidate.file_path === path);
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    const bytes = file.bytes ?? Buffer.from(`fake-bot-api placeholder for ${file.file_path}`);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.byteLength });
    res.end(bytes);
  }
}

function send(res: ServerResponse, outcome: Outcome): void {
  const status = outcome instanceof ApiError ? outcome.errorCode : 200;
  const body = JSON.stringify(outcome instanceof ApiError ? outcome.toJSON() : outcome);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
