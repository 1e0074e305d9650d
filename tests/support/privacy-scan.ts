import { existsSync, readFileSync } from "node:fs";

/** Something that identifies a person and must never be found in what the bot keeps. */
export interface Needle {
  label: string;
  value: string | number;
}

export interface Leak {
  file: string;
  label: string;
  encoding: string;
}

/**
 * The byte patterns a value could leave in a file: its text in UTF-8 and UTF-16LE, and for a
 * number also the big-endian integers SQLite's record format uses (4, 6 and 8 bytes), so an id
 * stored in an INTEGER column is found as surely as one stored as text.
 */
function patterns(value: string | number): Array<{ encoding: string; bytes: Buffer }> {
  const text = String(value);
  const out = [
    { encoding: "utf8", bytes: Buffer.from(text, "utf8") },
    { encoding: "utf16le", bytes: Buffer.from(text, "utf16le") },
  ];
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    const big = BigInt(value);
    const eight = Buffer.alloc(8);
    eight.writeBigInt64BE(big);
    out.push({ encoding: "int64be", bytes: eight });
    if (Math.abs(value) < 2 ** 47) out.push({ encoding: "int48be", bytes: eight.subarray(2) });
    if (Math.abs(value) < 2 ** 31) out.push({ encoding: "int32be", bytes: eight.subarray(4) });
  }
  return out;
}

/**
 * Scans files byte by byte (SQLite db, -wal, -shm, logs…) for every needle in every encoding.
 * Missing files are skipped (a -wal may have been checkpointed away); the caller asserts which
 * files must exist.
 */
export function scanFiles(files: readonly string[], needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const content = readFileSync(file);
    for (const needle of needles) {
      for (const { encoding, bytes } of patterns(needle.value)) {
        if (bytes.length > 0 && content.includes(bytes)) leaks.push({ file, label: needle.label, encoding });
      }
    }
  }
  return leaks;
}
