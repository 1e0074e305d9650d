import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";

export interface ResolvedSecretKey {
  key: Buffer;
  /** Where the key came from: the environment, an existing key file, or a file created just now. */
  source: "env" | "file" | "created";
  file?: string;
}

/**
 * The secret key from SECRET_KEY, or else from `secret.key` beside the database, creating it
 * (mode 0600) on the first start so that the bot runs with nothing but a token.
 */
export function resolveSecretKey(fromEnv: Buffer | undefined, databasePath: string): ResolvedSecretKey {
  if (fromEnv) return { key: fromEnv, source: "env" };
  const file = path.join(path.dirname(databasePath), "secret.key");
  if (existsSync(file)) {
    const hex = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
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
