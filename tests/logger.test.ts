import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger, type LogFormat } from "../src/logger.js";

/** What someone might log by mistake: a person, a chat, their text, a token. */
const MISTAKE = {
  update: { update_id: 5, message: { text: "my typed words" } },
  from: { id: 7301299001, first_name: "Zarina", username: "zarina_k" },
  chat: { id: 7301299001 },
  text: "my typed words",
  payload: { chat_id: 7301299001, text: "my typed words" },
  token: "123456:SECRET-token",
  feature: "videos",
};
const LEAKS = ["7301299001", "Zarina", "zarina_k", "my typed words", "SECRET-token"];

function logToFile(format: LogFormat): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pbr-log-")), "bot.log");
  const logger = createLogger("info", { format, destination: file });
  logger.info(MISTAKE, "a breadcrumb");
  logger.error({ err: new Error("failed for 123456:SECRET-token") }, "it broke");
  return new Promise((resolve, reject) =>
    logger.flush((error) => (error ? reject(error) : resolve(readFileSync(file, "utf8")))),
  );
}

describe("logs", () => {
  it("in pretty mode are readable lines, with the same redaction as JSON", async () => {
    const pretty = await logToFile("pretty");
    expect(pretty).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO: a breadcrumb$/m);
    expect(pretty).toMatch(/^\[.*\] ERROR: it broke$/m);
    expect(pretty).not.toMatch(/^\{/m);
    expect(pretty).toContain('feature: "videos"');
    expect(pretty).toContain("[redacted]");
    for (const leak of LEAKS) expect(pretty).not.toContain(leak);
  });

  it("in JSON mode are one object per line, redacted", async () => {
    const json = await logToFile("json");
    const lines = json
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.msg)).toEqual(["a breadcrumb", "it broke"]);
    expect(lines[0]?.from).toBe("[redacted]");
    for (const leak of LEAKS) expect(json).not.toContain(leak);
  });
});
