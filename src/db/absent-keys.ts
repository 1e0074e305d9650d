/**
 * Record keys (keyed hashes, never ids) known to have no row in one table, remembered in memory
 * so that a read for them skips the database. Sessions and conversation state are read on every
 * update of a private chat, and most people have neither: they never chose anything and are in no
 * flow. Only the storage that owns the table may use it, and it must forget a key whenever it
 * writes a row for it; rows deleted elsewhere (retention, /forget) only make more keys absent,
 * which this memory does not need to know. Bounded: the oldest keys are forgotten first.
 */
export class AbsentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = 5_000) {}

  /** The row `select` finds for `key`; without asking when the key is known to be absent. */
  read<Row>(key: string, select: (key: string) => Row | undefined): Row | undefined {
    if (this.keys.has(key)) return undefined;
    const row = select(key);
    if (row === undefined) this.add(key);
    return row;
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    if (this.keys.size >= this.limit) this.keys.delete(this.keys.values().next().value as string);
    this.keys.add(key);
  }

  delete(key: string): void {
    this.keys.delete(key);
  }
}
