/** Telegram accepts callback_data of 1–64 bytes (UTF-8). */
export const CALLBACK_DATA_MAX_BYTES = 64;

const PART = /^[A-Za-z0-9_.-]*$/;

/**
 * A compact codec for one feature's callback data: `<prefix>:<part>:<part>`. Parts are short
 * ASCII tokens (ids, slugs, numbers) — never user text — so every value fits 64 bytes, which
 * `encode` enforces.
 */
export interface CallbackCodec {
  readonly prefix: string;
  /** Matches this codec's data, for `composer.callbackQuery(codec.pattern, …)`. */
  readonly pattern: RegExp;
  encode(...parts: Array<string | number>): string;
  /** The parts of data produced by `encode`, or undefined for anything else (stale, forged). */
  decode(data: string | undefined): string[] | undefined;
}

export function callbackCodec(prefix: string): CallbackCodec {
  if (!/^[a-z][a-z0-9]{0,7}$/.test(prefix)) throw new Error(`bad callback prefix "${prefix}"`);
  const head = `${prefix}:`;
  return {
    prefix,
    pattern: new RegExp(`^${prefix}(:|$)`),
    encode(...parts) {
      const strings = parts.map(String);
      for (const part of strings) {
        if (!PART.test(part)) throw new Error(`callback part "${part}" has characters outside A-Z a-z 0-9 _ . -`);
      }
      const data = [prefix, ...strings].join(":");
      if (Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) {
        throw new Error(`callback data "${data}" is over ${CALLBACK_DATA_MAX_BYTES} bytes`);
      }
      return data;
    },
    decode(data) {
      if (data === undefined) return undefined;
      if (data === prefix) return [];
      if (!data.startsWith(head)) return undefined;
      const parts = data.slice(head.length).split(":");
      return parts.every((part) => PART.test(part)) ? parts : undefined;
    },
  };
}
