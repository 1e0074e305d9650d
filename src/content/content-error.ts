/** A content file is missing, malformed or inconsistent; the message names the file and the key. */
export class ContentError extends Error {
  override name = "ContentError";

  constructor(file: string, key: string, problem: string) {
    super(`${file}: ${key ? `${key} ` : ""}${problem}`);
  }
}
