import { lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { helpfulPresses } from "./helpful.schema.js";

export interface HelpfulRepo {
  /** Records today's press; false if this press (same person, item and day) was already recorded. */
  firstToday(press: string, day: string): boolean;
  /** Deletes every press of a day before `day`; returns how many. */
  purgeBefore(day: string): number;
}

export function createHelpfulRepo(db: Db): HelpfulRepo {
  const insert = db
    .insert(helpfulPresses)
    .values({ press: sql.placeholder("press"), day: sql.placeholder("day") })
    .onConflictDoNothing()
    .prepare();
  return {
    firstToday(press, day) {
      return insert.run({ press, day }).changes > 0;
    },
    purgeBefore(day) {
      return db.delete(helpfulPresses).where(lt(helpfulPresses.day, day)).run().changes;
    },
  };
}
