import type { AppServices } from "../bot/services.js";
import { checkpoint } from "../db/client.js";
import { purgeStaleConversations } from "../db/conversation-storage.js";
import { DELETABLE_FOR_MS } from "../db/recent-messages.repo.js";
import { purgeIdleSessions } from "../db/session-storage.js";

const DAY = 24 * 60 * 60 * 1000;

/** How long what the bot keeps may stay once nobody touches it. */
export const RETENTION = {
  sessionsIdle: 90 * DAY,
  conversationsIdle: 1 * DAY,
  messageNumbers: DELETABLE_FOR_MS,
} as const;

export interface PurgeResult {
  sessions: number;
  conversations: number;
  messageNumbers: number;
}

/** Deletes idle settings, abandoned conversation state and message numbers past 48 hours. */
export function purgeExpired(app: AppServices): PurgeResult {
  const now = app.clock();
  return {
    sessions: purgeIdleSessions(app.db, now - RETENTION.sessionsIdle),
    conversations: purgeStaleConversations(app.db, now - RETENTION.conversationsIdle),
    messageNumbers: app.recentMessages.purgeOlderThan(now - RETENTION.messageNumbers),
  };
}

/** Runs the purge now and then every `everyMs` (an hour by default); returns a stop function. */
export function scheduleRetention(app: AppServices, everyMs = 60 * 60 * 1000): () => void {
  const run = () => {
    try {
      const purged = purgeExpired(app);
      // Deleted rows must not survive in the write-ahead log either.
      if (purged.sessions + purged.conversations + purged.messageNumbers > 0) checkpoint(app.sqlite);
      app.logger.debug(purged, "retention purge");
    } catch (error) {
      app.logger.error({ err: error }, "retention purge failed");
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
