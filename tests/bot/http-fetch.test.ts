import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botApiFetch } from "../../src/bot/telegram/http-fetch.js";

/** A local server that echoes what it received, gzips on request, or never answers. */
let server: http.Server;
let root: string;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body });
      if (req.url === "/hang") return;
      const answer = JSON.stringify({ ok: true, result: { echo: body, path: req.url } });
      if (req.url === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        res.end(gzipSync(answer));
        return;
      }
      if (req.url === "/bad") {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html>Bad Gateway</html>");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("botApiFetch (the Bot API client's HTTP)", () => {
  it("posts a JSON body with its length and parses the answer", async () => {
    const body = JSON.stringify({ chat_id: 1, text: "Привет & ok" });
    const res = await botApiFetch(`${root}/json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ ok: true, result: { echo: body, path: "/json" } });
    expect(received.at(-1)?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("sends the URL's host, its path and query, and the caller's headers once each", async () => {
    const res = await botApiFetch(`${root}/json?x=1`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Host: "elsewhere.example",
        "Content-Length": "999",
        "X-Test": "a",
      },
      body: "{}",
    });
    expect(await res.json()).toEqual({ ok: true, result: { echo: "{}", path: "/json?x=1" } });
    const headers: http.IncomingHttpHeaders = received.at(-1)?.headers ?? {};
    expect(headers.host).toBe(root.replace("http://", ""));
    expect(headers["content-length"]).toBe("2");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-test"]).toBe("a");
  });

  it("refuses a URL it cannot send to, and a header Telegram's servers would refuse", async () => {
    await expect(botApiFetch("ftp://127.0.0.1/x", { method: "POST", body: "{}" })).rejects.toThrow(TypeError);
    await expect(
      botApiFetch(`${root}/json`, { method: "POST", headers: { "x-bad": "a\r\nb" }, body: "{}" }),
    ).rejects.toThrow();
  });

  it("streams a multipart body (uploads)", async () => {
    const parts = ["--b\r\n", 'content-disposition: form-data; name="chat_id"\r\n\r\n1\r\n', "--b--\r\n"];
    const res = await botApiFetch(`${root}/upload`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=b" },
      body: Readable.from(parts),
    });
    expect(await res.json()).toEqual({ ok: true, result: { echo: parts.join(""), path: "/upload" } });
  });

  it("reads a gzip-compressed answer", async () => {
    const res = await botApiFetch(`${root}/gzip`, { method: "POST", body: "{}" });
    expect(await res.json()).toEqual({ ok: true, result: { echo: "{}", path: "/gzip" } });
  });

  it("a non-JSON answer rejects json() (grammY turns it into an HttpError)", async () => {
    const res = await botApiFetch(`${root}/bad`, { method: "POST", body: "{}" });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(502);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("an abort ends a request that is waiting for its answer", async () => {
    const controller = new AbortController();
    const pending = botApiFetch(`${root}/hang`, { method: "POST", body: "{}", signal: controller.signal });
    const arrived = received.length;
    await expect.poll(() => received.length).toBeGreaterThan(arrived);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("an already aborted signal sends nothing", async () => {
    const before = received.length;
    await expect(
      botApiFetch(`${root}/json`, { method: "POST", body: "{}", signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(received.length).toBe(before);
  });
});
