import { type Api, GrammyError } from "grammy";
import { utcDay } from "../../db/counters.repo.js";
import type { RecentMessagesRepo } from "../../db/recent-messages.repo.js";
import type { Logger } from "../../logger.js";
import type { CleanupRepo, DueChat } from "./cleanup.repo.js";

/** deleteMessages takes at most 100 ids per call. */
export const DELETE_BATCH = 100;
const DAY = 24 * 60 * 60 * 1000;
/** A clean-up setting nobody has used for this long is purged, like idle settings. */
const SETTING_IDLE_MS = 90 * DAY;

export type DeleteOutcome = "deleted" | "gone" | "retry";

/**
 * Deletes messages of one chat in batches of 100. Telegram skips ids it cannot find, so a message
 * the person already deleted is not an error. "gone": the chat can no longer be reached (the person
 * blocked the bot or deleted the account); "retry": a passing failure, try again later.
 */
export async function deleteInBatches(
  api: Api,
  chatId: number,
  ids: readonly number[],
  pace: () => Promise<void> = async () => {},
): Promise<DeleteOutcome> {
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    await pace();
    try {
      await api.deleteMessages(chatId, ids.slice(start, start + DELETE_BATCH));
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 403 || /chat not found/i.test(error.description)))
        return "gone";
      // Nothing in the batch can be deleted any more (e.g. it crossed the 48-hour line): nothing to retry.
      if (error instanceof GrammyError && error.error_code === 400) continue;
      return "retry";
    }
  }
  return "deleted";
}

export interface CleanupWorkerDeps {
  repo: CleanupRepo;
  recentMessages: RecentMessagesRepo;
  clock: () => number;
  logger: Logger;
  /** How often a pass runs (real time). */
  everyMs: number;
  /** deleteMessages calls per second at most, across all chats (Telegram allows about 30). */
  callsPerSecond: number;
}

export interface CleanupPass {
  chats: number;
  deleted: number;
}

/**
 * Deletes what is due: messages older than each person's chosen age (still inside Telegram's
 * 48-hour window) and the one-off lines /hide leaves. Everything it needs is in SQLite, so a
 * restart loses nothing and the first pass after downtime catches up on whatever is still
 * deletable. Passes never overlap.
 */
export function createCleanupWorker(deps: CleanupWorkerDeps) {
  let api: Api | undefined;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<CleanupPass> = Promise.resolve({ chats: 0, deleted: 0 });
  let lastPurgeAt = 0;
  let nextCallAt = 0;
  const gapMs = 1000 / deps.callsPerSecond;

  /** Spaces calls to stay under the rate; a real-time limiter, independent of the app clock. */
  const pace = async () => {
    const wait = nextCallAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    nextCallAt = Math.max(Date.now(), nextCallAt) + gapMs;
  };

  async function handle(chat: DueChat, once: boolean, now: number): Promise<number> {
    if (!api) return 0;
    const outcome = await deleteInBatches(api, chat.chatId, chat.messageIds, pace);
    if (outcome === "retry") return 0;
    deps.recentMessages.remove(chat.owner, chat.messageIds);
    if (once) deps.repo.clearOnce(chat.owner, chat.messageIds);
    if (outcome === "gone") deps.repo.erase(chat.owner);
    else if (!once) deps.repo.touch(chat.owner, now);
    return outcome === "deleted" ? chat.messageIds.length : 0;
  }

  async function pass(): Promise<CleanupPass> {
    // The due query reads message numbers straight from their table: write the gathered ones first.
    deps.recentMessages.flush();
    const now = deps.clock();
    const result: CleanupPass = { chats: 0, deleted: 0 };
    for (const [chats, once] of [
      [deps.repo.due(now), false],
      [deps.repo.dueOnce(now), true],
    ] as const) {
      for (const chat of chats) {
        result.chats += 1;
        result.deleted += await handle(chat, once, now);
      }
    }
    if (now - lastPurgeAt >= 60 * 60 * 1000) {
      lastPurgeAt = now;
      deps.repo.purge(utcDay(now - SETTING_IDLE_MS), now);
    }
    if (result.deleted > 0) deps.logger.debug(result, "chat clean-up pass");
    return result;
  }

  /** Runs one pass after any pass in progress; the timer calls the same. */
  function runPending(): Promise<CleanupPass> {
    current = current
      .catch(() => ({ chats: 0, deleted: 0 }))
      .then(pass)
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, "chat clean-up pass failed");
        return { chats: 0, deleted: 0 };
      });
    return current;
  }

  return {
    start(botApi: Api): void {
      api = botApi;
      void runPending();
      timer = setInterval(() => void runPending(), deps.everyMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await current.catch(() => undefined);
    },
    runPending,
  };
}

export type CleanupWorker = ReturnType<typeof createCleanupWorker>;
