import { openDatabase } from "../../../src/db/client.js";
import { createSubscriptionsRepo } from "../../../src/features/subscriptions/subscriptions.repo.js";
import { ALL_TOPICS } from "../../../src/features/subscriptions/subscriptions.topics.js";
import { createPrivacy } from "../../../src/privacy/privacy.js";
import type { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";

export interface Subscriber {
  id: number;
  lang?: string;
  country?: string | null;
  topics?: number;
}

/** A fixed key, passed as SECRET_KEY, so tests can write subscriptions the app can read. */
export const TEST_SECRET_KEY = "5e".repeat(32);

/**
 * People who once wrote to the bot and subscribed, without replaying every conversation:
 * the fake learns their chats (so the bot may write to them) and the database gets their
 * subscriptions exactly as the bot would have stored them. `known: false` leaves the chat
 * unknown to Telegram ("chat not found").
 */
export function seedSubscribers(
  fake: FakeBotApi | undefined,
  dbPath: string,
  people: readonly Subscriber[],
  options: { known?: boolean; key?: string } = {},
): void {
  const handle = openDatabase(dbPath);
  try {
    const privacy = createPrivacy(Buffer.from(options.key ?? TEST_SECRET_KEY, "hex"));
    const repo = createSubscriptionsRepo(handle.db, privacy);
    handle.sqlite.transaction(() => {
      for (const person of people) {
        repo.subscribe({
          owner: privacy.hashId(person.id),
          chatId: person.id,
          lang: person.lang ?? "en",
          country: person.country ?? null,
          topics: person.topics ?? ALL_TOPICS,
          now: Date.now(),
        });
      }
    })();
  } finally {
    handle.close();
  }
  if (!fake || options.known === false) return;
  // The fake lets a bot write only to people who wrote first; mark these chats as started.
  const state = (fake as unknown as { state: { users: Map<number, { started: boolean }> } }).state;
  for (const person of people) {
    fake.privateChat({ id: person.id, first_name: `Subscriber${person.id % 100_000}` });
    const user = state.users.get(person.id);
    if (user) user.started = true;
  }
}
