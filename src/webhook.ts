import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import type { AppBot } from "./bot/create-bot.js";
import type { Logger } from "./logger.js";

export interface WebhookServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The largest request body taken. Telegram's updates are a few kilobytes (a message is at most
 * 4096 characters plus entities); anything much larger is not from Telegram.
 */
export const MAX_WEBHOOK_BODY_BYTES = 2 * 1024 * 1024;

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** A request answered before it reaches grammY, with the status code to send. */
class Refused extends Error {
  constructor(readonly status: 400 | 401 | 413) {
    super(String(status));
  }
}

/** Whether the request carries the secret token, compared in constant time. */
function hasSecret(req: IncomingMessage, secret: string): boolean {
  const header = req.headers[SECRET_HEADER];
  const given = Buffer.from(Array.isArray(header) ? (header[0] ?? "") : (header ?? ""));
  const wanted = Buffer.from(secret);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Reads a JSON update of at most MAX_WEBHOOK_BODY_BYTES, refusing early when it is larger. */
async function readUpdate(req: IncomingMessage): Promise<Update> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BODY_BYTES) throw new Refused(413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) throw new Refused(413);
    chunks.push(chunk);
  }
  let update: unknown;
  try {
    update = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Refused(400);
  }
  const id = (update as { update_id?: unknown } | null)?.update_id;
  if (typeof update !== "object" || update === null || Array.isArray(update) || !Number.isSafeInteger(id)) {
    throw new Refused(400);
  }
  return update as Update;
}

/** Answers a refused request and closes the connection, so an oversized body is not read on. */
function refuse(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { connection: "close", "content-type": "text/plain" }).end();
}

/**
 * A plain node:http server for webhook mode: POST <path of WEBHOOK_URL> takes updates from
 * Telegram — 401 without the right secret token, 413 for a body over MAX_WEBHOOK_BODY_BYTES
 * (without reading it all), 400 for a body that is not an update — and GET /healthz answers "ok"
 * for orchestrators.
 */
export async function startWebhookServer(options: {
  bot: AppBot;
  path: string;
  secretToken: string;
  port: number;
  logger: Logger;
}): Promise<WebhookServer> {
  // The server below checks the secret and reads the body; grammY gets the parsed update and
  // answers 200 once it is handled.
  const handle = webhookCallback(
    options.bot,
    (update: Update, res: ServerResponse) => ({
      update: Promise.resolve(update),
      header: options.secretToken,
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { "content-type": "application/json" }).end(json),
      unauthorized: () => refuse(res, 401),
    }),
    { secretToken: options.secretToken, onTimeout: "return", timeoutMilliseconds: 9_000 },
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (req.method !== "POST" || path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    (async () => {
      if (!hasSecret(req, options.secretToken)) throw new Refused(401);
      await handle(await readUpdate(req), res);
    })().catch((error: unknown) => {
      if (error instanceof Refused) {
        options.logger.warn({ status: error.status }, "webhook request refused");
        // Whatever of the body is still unsent is not read: the connection ends after the answer.
        if (error.status !== 400) res.once("finish", () => req.destroy());
        refuse(res, error.status);
        return;
      }
      options.logger.error({ err: error }, "webhook update failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
