import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPrivacy } from "../../src/privacy/privacy.js";
import { resolveSecretKey } from "../../src/privacy/secret-key.js";

describe("privacy", () => {
  const privacy = createPrivacy(randomBytes(32));

  it("hashes ids stably, differently per key, without the id in it", () => {
    const a = privacy.hashId(730012345);
    expect(a).toBe(privacy.hashId("730012345"));
    expect(a).not.toContain("730012345");
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createPrivacy(randomBytes(32)).hashId(730012345)).not.toBe(a);
  });

  it("encrypts a chat id so only the same key and purpose decrypt it", () => {
    const sealed = privacy.encrypt("730012345", "chat-id");
    expect(sealed).not.toContain("730012345");
    expect(privacy.encrypt("730012345", "chat-id")).not.toBe(sealed);
    expect(privacy.decrypt(sealed, "chat-id")).toBe("730012345");
    expect(() => privacy.decrypt(sealed, "conversation")).toThrow();
    expect(() => createPrivacy(randomBytes(32)).decrypt(sealed, "chat-id")).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => privacy.decrypt(tampered, "chat-id")).toThrow();
  });
});

describe("resolveSecretKey", () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), "pbr-key-"));

  it("creates a 0600 key file beside the database once, then reuses it", () => {
    const db = path.join(dir(), "nested", "bot.sqlite");
    const first = resolveSecretKey(undefined, db);
    expect(first.source).toBe("created");
    expect(statSync(first.file ?? "").mode & 0o777).toBe(0o600);
    const second = resolveSecretKey(undefined, db);
    expect(second.source).toBe("file");
    expect(second.key.equals(first.key)).toBe(true);
    expect(readFileSync(first.file ?? "", "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("prefers SECRET_KEY, and refuses a damaged key file", () => {
    const key = randomBytes(32);
    expect(resolveSecretKey(key, path.join(dir(), "bot.sqlite")).source).toBe("env");
    const d = dir();
    writeFileSync(path.join(d, "secret.key"), "not a key");
    expect(() => resolveSecretKey(undefined, path.join(d, "bot.sqlite"))).toThrow(/secret\.key/);
  });
  it("reads SECRET_KEY_FILE (a mounted secret) and creates nothing beside the database", () => {
    const secrets = dir();
    const data = dir();
    const key = randomBytes(32);
    const file = path.join(secrets, "pbr_secret_key");
    writeFileSync(file, `${key.toString("hex")}\n`);
    const resolved = resolveSecretKey(undefined, path.join(data, "bot.sqlite"), file);
    expect(resolved.source).toBe("secret-file");
    expect(resolved.key.equals(key)).toBe(true);
    expect(existsSync(path.join(data, "secret.key"))).toBe(false);
    expect(() => resolveSecretKey(undefined, path.join(data, "bot.sqlite"), path.join(secrets, "missing"))).toThrow(
      /^SECRET_KEY_FILE .*missing cannot be read \(ENOENT\): mount the secret there or fix the path$/,
    );
    writeFileSync(file, "short");
    expect(() => resolveSecretKey(undefined, path.join(data, "bot.sqlite"), file)).toThrow(
      /must hold 64 hex characters; create one with: openssl rand -hex 32$/,
    );
  });
});
