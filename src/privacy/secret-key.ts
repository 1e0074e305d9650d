import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";

export interface ResolvedSecretKey {
  key: Buffer;
  /**
   * Where the key came from: SECRET_KEY, SECRET_KEY_FILE (a mounted secret), an existing key file
   * beside the database, or one created there just now.
   */
  source: "env" | "secret-file" | "file" | "created";
  file?: string;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * The secret key from SECRET_KEY, or SECRET_KEY_FILE, or else from `secret.key` beside the
 * database, creating it (mode 0600) on the first start so that the bot runs locally with nothing
 * but a token. The last is for a developer's machine only: the key beside the data protects
 * nothing against a copy of the folder.
 */
export function resolveSecretKey(
  fromEnv: Buffer | undefined,
  databasePath: string,
  secretFile?: string,
): ResolvedSecretKey {
  if (fromEnv) return { key: fromEnv, source: "env" };
  if (secretFile) {
    let hex: string;
    try {
      hex = readFileSync(secretFile, "utf8").trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError(
        `SECRET_KEY_FILE ${secretFile} cannot be read (${code}): mount the secret there or fix the path`,
      );
    }
    if (!HEX_KEY.test(hex)) {
      throw new ConfigError(
        `SECRET_KEY_FILE ${secretFile} must hold 64 hex characters; create one with: openssl rand -hex 32`,
      );
    }
    return { key: Buffer.from(hex, "hex"), source: "secret-file", file: secretFile };
  }
  const file = path.join(path.dirname(databasePath), "secret.key");
  if (existsSync(file)) {
    const hex = readFileSync(file, "utf8").trim();
    if (!HEX_KEY.test(hex)) {
      throw new ConfigError(
        `SECRET_KEY is not set and ${file} does not hold 64 hex characters: restore the file or set SECRET_KEY`,
      );
    }
    return { key: Buffer.from(hex, "hex"), source: "file", file };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return { key, source: "created", file };
}
