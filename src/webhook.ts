import { createServer, type Server } from "node:http";
import { webhookCallback } from "grammy";
import type { AppBot } from "./bot/create-bot.js";
import type { Logger } from "./logger.js";

export interface WebhookServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A plain node:http server for webhook mode: POST <path of WEBHOOK_URL> takes updates from
 * Telegram (only with the right secret token), GET /healthz answers "ok" for orchestrators.
 */
export async function startWebhookServer(options: {
  bot: AppBot;
  path: string;
  secretToken: string;
  port: number;
  logger: Logger;
}): Promise<WebhookServer> {
  const handle = webhookCallback(options.bot, "http", {
    secretToken: options.secretToken,
    onTimeout: "return",
    timeoutMilliseconds: 9_000,
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (req.method === "POST" && path === options.path) {
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: error }, "webhook update failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    res.writeHead(404).end();
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
