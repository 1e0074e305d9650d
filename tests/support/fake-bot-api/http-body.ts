import type { IncomingMessage } from "node:http";
import { badRequest } from "./api-error.js";
import type { JsonValue } from "./wire-types.js";

/** A file part of a multipart request. */
export interface UploadedPart {
  /** The part's form field name (what `attach://<name>` refers to). */
  name: string;
  filename: string;
  contentType?: string;
  bytes: Uint8Array;
}

/** A request's parameters before Telegram-style decoding: query string merged with the body. */
export interface RequestPayload {
  fields: Map<string, JsonValue>;
  files: Map<string, UploadedPart>;
}

export async function readPayload(req: IncomingMessage, url: URL): Promise<RequestPayload> {
  const fields = new Map<string, JsonValue>();
  const files = new Map<string, UploadedPart>();
  for (const [key, value] of url.searchParams) fields.set(key, value);

  const body = await readBody(req);
  if (body.length === 0) return { fields, files };

  const contentType = req.headers["content-type"] ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("JSON request body must be an object");
    }
    for (const [key, value] of Object.entries(parsed as Record<string, JsonValue>)) fields.set(key, value);
  } else if (mediaType === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) fields.set(key, value);
  } else if (mediaType === "multipart/form-data") {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (boundary === undefined) throw badRequest("multipart boundary is missing");
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename === undefined) {
        fields.set(part.name, Buffer.from(part.bytes).toString("utf8"));
      } else {
        files.set(part.name, {
          name: part.name,
          filename: part.filename,
          bytes: part.bytes,
          ...(part.contentType === undefined ? {} : { contentType: part.contentType }),
        });
      }
    }
  }
  // Other content types: Telegram only looks at the query string then.
  return { fields, files };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

interface RawPart {
  name: string;
  filename?: string;
  contentType?: string;
  bytes: Uint8Array;
}

/**
 * A lenient multipart/form-data parser. grammY writes `content-disposition:form-data;name="x";
 * filename=photo.jpg` (no spaces, unquoted filename), which undici's `Request.formData()` rejects
 * but Telegram accepts, so the fake parses parts itself.
 */
export function parseMultipart(body: Buffer, boundary: string): RawPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const partSeparator = Buffer.from(`\r\n--${boundary}`);
  const parts: RawPart[] = [];

  let position = body.indexOf(delimiter);
  if (position < 0) throw badRequest("multipart body has no boundary");
  position += delimiter.length;
  for (;;) {
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // closing "--"
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    const headerEnd = body.indexOf("\r\n\r\n", position);
    if (headerEnd < 0) throw badRequest("malformed multipart part");
    const headers = body.toString("utf8", position, headerEnd);
    const contentStart = headerEnd + 4;
    const next = body.indexOf(partSeparator, contentStart);
    if (next < 0) throw badRequest("multipart body is not terminated");
    parts.push(describePart(headers, body.subarray(contentStart, next)));
    position = next + partSeparator.length;
  }
  return parts;
}

function describePart(headerBlock: string, content: Buffer): RawPart {
  let disposition = "";
  let contentType: string | undefined;
  for (const line of headerBlock.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-disposition") disposition = value;
    if (header === "content-type") contentType = value;
  }
  const name = dispositionParam(disposition, "name");
  if (name === undefined) throw badRequest("multipart part has no name");
  const filename = dispositionParam(disposition, "filename");
  return {
    name,
    bytes: new Uint8Array(content),
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
  };
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;]*))`, "i").exec(disposition);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? "").trim();
}
