import { eq } from "drizzle-orm";
import type { Db } from "./client.js";
import { appMeta } from "./core.schema.js";

export interface Lease {
  holder: string;
  until: number;
  /** Where the holder runs, so a holder that died on this machine is recognised at once. */
  host: string;
  pid: number;
  /** Random per process: tells a new process that reuses an old pid (a container restart) apart. */
  process: string;
}

/** Leases are app_meta rows whose key starts with this. */
export const LEASE_KEY_PREFIX = "lease:";

/**
 * A lease in the database: at most one process holds a named lease at a time, for `ttlMs` after
 * it last renewed it. Used where two processes on one database (a deploy overlapping the old
 * instance) must not both do the same work, such as delivering broadcasts.
 */
export function createLeaseRepo(db: Db) {
  const keyOf = (name: string) => `${LEASE_KEY_PREFIX}${name}`;
  const read = (name: string): Lease | undefined => {
    const row = db
      .select({ value: appMeta.value })
      .from(appMeta)
      .where(eq(appMeta.key, keyOf(name)))
      .get();
    try {
      return row ? (JSON.parse(row.value) as Lease) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    /**
     * Takes or renews the lease; false while another holder's lease has not run out, unless
     * `isGone` says that holder no longer exists (e.g. a crashed process on this machine).
     */
    acquire(
      name: string,
      holder: Omit<Lease, "until">,
      ttlMs: number,
      now: number,
      isGone: (current: Lease) => boolean = () => false,
    ): boolean {
      // IMMEDIATE takes SQLite's write lock first, so check-and-take is one step across processes.
      return db.transaction(
        (tx) => {
          const current = read(name);
          if (current && current.holder !== holder.holder && current.until > now && !isGone(current)) return false;
          const value = JSON.stringify({ ...holder, until: now + ttlMs } satisfies Lease);
          tx.insert(appMeta)
            .values({ key: keyOf(name), value })
            .onConflictDoUpdate({ target: appMeta.key, set: { value } })
            .run();
          return true;
        },
        { behavior: "immediate" },
      );
    },
    /** Gives the lease up, if this holder has it. */
    release(name: string, holder: string): void {
      if (read(name)?.holder === holder)
        db.delete(appMeta)
          .where(eq(appMeta.key, keyOf(name)))
          .run();
    },
  };
}

export type LeaseRepo = ReturnType<typeof createLeaseRepo>;
