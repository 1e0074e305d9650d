import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Keyed hashing and encryption of identifiers, so that a copied database alone reveals nobody.
 *
 * Two independent keys are derived from the one SECRET_KEY with HKDF: an HMAC key that turns a
 * Telegram id into a stable record key, and an AES-256-GCM key for the few values that must be
 * recoverable (a subscriber's chat id, conversation replay state).
 */
export interface Privacy {
  /** HMAC-SHA256 of an identifier, base64url: a stable key that cannot be reversed without the secret. */
  hashId(id: number | string): string;
  /** Encrypts a value; `purpose` is bound as associated data, so ciphertexts can't be swapped between uses. */
  encrypt(plaintext: string, purpose: EncryptionPurpose): string;
  /** Decrypts what `encrypt` produced for the same purpose; throws if it was tampered with. */
  decrypt(ciphertext: string, purpose: EncryptionPurpose): string;
  /** A secret derived for another use (e.g. the webhook secret token), base64url. */
  derive(label: string, bytes?: number): string;
}

export type EncryptionPurpose = "chat-id" | "cleanup-chat" | "conversation" | "broadcast" | "pseudonym";

const VERSION = "v1";
/** Record keys remembered in memory (never stored): an update asks for its person's key several times. */
const HASH_MEMORY = 2_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createPrivacy(secretKey: Buffer): Privacy {
  if (secretKey.length !== 32) throw new Error("the secret key must be 32 bytes");
  const derive = (label: string, bytes = 32) =>
    Buffer.from(hkdfSync("sha256", secretKey, Buffer.alloc(0), `people-by-right/${label}`, bytes));
  const hmacKey = derive("record-key");
  const aesKey = derive("aes-256-gcm");
  // The most recently used record keys, in memory only: each update needs its person's key in
  // several places (session, flows, message memory), and an HMAC is the dearest of those steps.
  const recent = new Map<string, string>();

  return {
    hashId(id) {
      const text = String(id);
      let key = recent.get(text);
      if (key === undefined) {
        key = createHmac("sha256", hmacKey).update(text).digest("base64url");
        if (recent.size >= HASH_MEMORY) recent.delete(recent.keys().next().value as string);
      } else recent.delete(text);
      recent.set(text, key);
      return key;
    },
    encrypt(plaintext, purpose) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", aesKey, iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]);
      return `${VERSION}.${packed.toString("base64url")}`;
    },
    decrypt(ciphertext, purpose) {
      const [version, payload] = ciphertext.split(".", 2);
      if (version !== VERSION || payload === undefined) throw new Error("unknown ciphertext format");
      const packed = Buffer.from(payload, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", aesKey, packed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
    derive(label, bytes = 32) {
      return derive(`derived/${label}`, bytes).toString("base64url");
    },
  };
}
