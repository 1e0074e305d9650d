import { eq } from "drizzle-orm";
import type { Db } from "./client.js";
import { appMeta } from "./core.schema.js";

/** Key/value facts about the installation (never about people). */
export function createAppMetaRepo(db: Db) {
  return {
    get(key: string): string | undefined {
      return db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).get()?.value;
    },
    set(key: string, value: string): void {
      db.insert(appMeta).values({ key, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } }).run();
    },
  };
}

export type AppMetaRepo = ReturnType<typeof createAppMetaRepo>;
