import { and, asc, eq, gte, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { recentMessages } from "../../db/core.schema.js";
import { utcDay } from "../../db/counters.repo.js";
import { DELETABLE_FOR_MS } from "../../db/recent-messages.repo.js";
import type { Privacy } from "../../privacy/privacy.js";
import { chatCleanup, scheduledDeletions } from "./cleanup.schema.js";

/** The ages a person can choose; 0 is "off". */
export const CLEANUP_CHOICES_MINUTES = [0, 15, 60, 24 * 60] as const;
export type CleanupMinutes = (typeof CLEANUP_CHOICES_MINUTES)[number];

export function isCleanupMinutes(value: number): value is CleanupMinutes {
  return (CLEANUP_CHOICES_MINUTES as readonly number[]).includes(value);
}

/** Messages of one chat that are due for deletion now (ids ascending). */
export interface DueChat {
  owner: string;
  chatId: number;
  messageIds: number[];
}

const MINUTE = 60_000;

/**
 * Clean-up settings and due deletions. Message numbers come from the shared recent-messages table
 * (numbers only, never content), which every message into and out of a private chat is recorded in.
 */
export function createCleanupRepo(db: Db, privacy: Privacy) {
  const settingOf = db
    .select({ afterMs: chatCleanup.afterMs })
    .from(chatCleanup)
    .where(eq(chatCleanup.owner, sql.placeholder("owner")))
    .prepare();

  /** Rows ordered by owner, grouped into one entry per chat (its address decrypted once). */
  const byChat = (rows: ReadonlyArray<{ owner: string; chat: string; id: number }>): DueChat[] => {
    const chats: DueChat[] = [];
    for (const row of rows) {
      const last = chats.at(-1);
      if (last?.owner === row.owner) last.messageIds.push(row.id);
      else
        chats.push({
          owner: row.owner,
          chatId: Number(privacy.decrypt(row.chat, "cleanup-chat")),
          messageIds: [row.id],
        });
    }
    return chats;
  };

  return {
    /** The chosen age in minutes, or 0 when clean-up is off. */
    minutes(owner: string): CleanupMinutes {
      const row = settingOf.get({ owner });
      const minutes = row ? row.afterMs / MINUTE : 0;
      return isCleanupMinutes(minutes) ? minutes : 0;
    },

    /** Switches clean-up on at this age (replacing an earlier choice) or off (0). */
    set(owner: string, chatId: number, minutes: CleanupMinutes, now: number): void {
      if (minutes === 0) {
        db.delete(chatCleanup).where(eq(chatCleanup.owner, owner)).run();
        return;
      }
      const values = {
        owner,
        chat: privacy.encrypt(String(chatId), "cleanup-chat"),
        afterMs: minutes * MINUTE,
        activeDay: utcDay(now),
      };
      db.insert(chatCleanup)
        .values(values)
        .onConflictDoUpdate({
          target: chatCleanup.owner,
          set: { afterMs: values.afterMs, activeDay: values.activeDay },
        })
        .run();
    },

    /**
     * Every chat with messages old enough for its owner's choice and still inside Telegram's
     * 48-hour window, with their ids. One query for all chats.
     */
    due(now: number): DueChat[] {
      const rows = db
        .select({ owner: recentMessages.owner, chat: chatCleanup.chat, id: recentMessages.messageId })
        .from(recentMessages)
        .innerJoin(chatCleanup, eq(chatCleanup.owner, recentMessages.owner))
        .where(
          and(
            lte(recentMessages.at, sql`${now} - ${chatCleanup.afterMs}`),
            gte(recentMessages.at, now - DELETABLE_FOR_MS),
          ),
        )
        .orderBy(asc(recentMessages.owner), asc(recentMessages.messageId))
        .all();
      return byChat(rows);
    },

    /** Marks an owner's setting as used today (a pass deleted something for them). */
    touch(owner: string, now: number): void {
      db.update(chatCleanup)
        .set({ activeDay: utcDay(now) })
        .where(eq(chatCleanup.owner, owner))
        .run();
    },

    /** Schedules one message for deletion at `dueAt` (the line /hide leaves). */
    scheduleOnce(owner: string, chatId: number, messageId: number, dueAt: number): void {
      db.insert(scheduledDeletions)
        .values({ owner, chat: privacy.encrypt(String(chatId), "cleanup-chat"), messageId, dueAt })
        .onConflictDoNothing()
        .run();
    },

    /** One-off deletions due at `now`, grouped per chat. */
    dueOnce(now: number): DueChat[] {
      const rows = db
        .select({ owner: scheduledDeletions.owner, chat: scheduledDeletions.chat, id: scheduledDeletions.messageId })
        .from(scheduledDeletions)
        .where(lte(scheduledDeletions.dueAt, now))
        .orderBy(asc(scheduledDeletions.owner), asc(scheduledDeletions.messageId))
        .all();
      return byChat(rows);
    },

    /** Forgets one-off deletions once done (or no longer possible). */
    clearOnce(owner: string, messageIds: readonly number[]): void {
      for (const id of messageIds) {
        db.delete(scheduledDeletions)
          .where(and(eq(scheduledDeletions.owner, owner), eq(scheduledDeletions.messageId, id)))
          .run();
      }
    },

    /** Everything kept for this person: the setting and any pending one-off deletion. */
    erase(owner: string): void {
      db.delete(chatCleanup).where(eq(chatCleanup.owner, owner)).run();
      db.delete(scheduledDeletions).where(eq(scheduledDeletions.owner, owner)).run();
    },

    /** Settings unused since before `day` (YYYY-MM-DD), and one-off rows past the 48-hour window. */
    purge(day: string, now: number): number {
      const settings = db.delete(chatCleanup).where(lt(chatCleanup.activeDay, day)).run().changes;
      const once = db
        .delete(scheduledDeletions)
        .where(lt(scheduledDeletions.dueAt, now - DELETABLE_FOR_MS))
        .run().changes;
      return settings + once;
    },
  };
}

export type CleanupRepo = ReturnType<typeof createCleanupRepo>;
