import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { reachDigests } from "./reach.schema.js";

export interface DigestRow {
  owner: string;
  chat: string;
  lang: string;
  lastWeek: string | null;
}

export interface ReachRepo {
  isOn(owner: string): boolean;
  /** Switches the digest on (keeping the week last sent, so switching off and on sends no second one). */
  switchOn(owner: string, sealedChat: string, lang: string, week: string | null): void;
  switchOff(owner: string): boolean;
  /** The operators whose digest for `week` has not been sent. */
  due(week: string): DigestRow[];
  /** Marks the week as sent for this operator; false if it already was (another process, or a retry). */
  claim(owner: string, week: string): boolean;
}

export function createReachRepo(db: Db): ReachRepo {
  const findOwner = db
    .select({ owner: reachDigests.owner })
    .from(reachDigests)
    .where(eq(reachDigests.owner, sql.placeholder("owner")))
    .prepare();
  const notSent = (week: string) => or(isNull(reachDigests.lastWeek), ne(reachDigests.lastWeek, week));
  return {
    isOn: (owner) => findOwner.get({ owner }) !== undefined,
    switchOn(owner, chat, lang, week) {
      db.insert(reachDigests)
        .values({ owner, chat, lang, lastWeek: week })
        .onConflictDoUpdate({ target: reachDigests.owner, set: { chat, lang } })
        .run();
    },
    switchOff: (owner) => db.delete(reachDigests).where(eq(reachDigests.owner, owner)).run().changes > 0,
    due: (week) => db.select().from(reachDigests).where(notSent(week)).all(),
    claim: (owner, week) =>
      db
        .update(reachDigests)
        .set({ lastWeek: week })
        .where(and(eq(reachDigests.owner, owner), notSent(week)))
        .run().changes > 0,
  };
}
