import { and, asc, eq, isNotNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { utcDay } from "../../db/counters.repo.js";
import type { Privacy } from "../../privacy/privacy.js";
import { peerBlocks, peerConversations, peerPseudonyms, peerRoutes, peerTopicCleanup } from "./peer.schema.js";

/** A conversation that is not closed, as the feature works with it (the chat id decrypted). */
export interface Conversation {
  number: number;
  status: "waiting" | "open";
  owner: string;
  /** undefined when the address can't be read any more (e.g. the secret key changed). */
  chatId: number | undefined;
  lang: string;
  country: string | null;
  thread: number | null;
  header: number | null;
  waitingSince: number | null;
  answered: boolean;
  offHoursNoted: number | null;
}

/** A line of /tickets: no content, no person. */
export interface Ticket {
  number: number;
  lang: string;
  country: string | null;
  waitingSince: number | null;
  opened: string;
}

/** What closing leaves to clean up in the group. */
export interface Closed {
  number: number;
  thread: number | null;
  /** Reply mode: the group messages of the conversation, with when they were sent. */
  messages: Array<{ message: number; at: number }>;
}

export interface NewConversation {
  owner: string;
  chatId: number;
  lang: string;
  country: string | null;
  now: number;
}

/** How many messages a waiting person may send per window, and the window. */
export interface FloodRule {
  limit: number;
  windowMs: number;
}

const live = ne(peerConversations.status, "closed");

/** Every column a closed conversation keeps empty: only the number and the status stay. */
const CLEARED = {
  status: "closed" as const,
  owner: null,
  chat: null,
  lang: null,
  country: null,
  thread: null,
  header: null,
  opened: null,
  lastActive: null,
  waitingSince: null,
  answered: null,
  windowStart: null,
  windowCount: null,
  offHoursNoted: null,
  touched: null,
};

/** SQL of "Ask a peer": conversations, reply routing, topics to delete, blocks, pseudonyms. */
export function createPeerRepo(db: Db, privacy: Privacy) {
  const columns = {
    number: peerConversations.number,
    status: peerConversations.status,
    owner: peerConversations.owner,
    chat: peerConversations.chat,
    lang: peerConversations.lang,
    country: peerConversations.country,
    thread: peerConversations.thread,
    header: peerConversations.header,
    waitingSince: peerConversations.waitingSince,
    answered: peerConversations.answered,
    offHoursNoted: peerConversations.offHoursNoted,
  };
  const byOwner = db
    .select(columns)
    .from(peerConversations)
    .where(and(eq(peerConversations.owner, sql.placeholder("owner")), live))
    .prepare();
  const byNumber = db
    .select(columns)
    .from(peerConversations)
    .where(and(eq(peerConversations.number, sql.placeholder("number")), live))
    .prepare();
  const byThread = db
    .select(columns)
    .from(peerConversations)
    .where(and(eq(peerConversations.thread, sql.placeholder("thread")), eq(peerConversations.status, "open")))
    .prepare();
  const byRoute = db
    .select({ conversation: peerRoutes.conversation })
    .from(peerRoutes)
    .where(eq(peerRoutes.message, sql.placeholder("message")))
    .prepare();
  const insertRoute = db
    .insert(peerRoutes)
    .values({
      message: sql.placeholder("message"),
      conversation: sql.placeholder("conversation"),
      at: sql.placeholder("at"),
    })
    .onConflictDoNothing()
    .prepare();

  type Row = NonNullable<ReturnType<typeof byOwner.get>>;
  const toConversation = (row: Row | undefined): Conversation | undefined => {
    if (!row || row.status === "closed" || row.owner === null || row.chat === null || row.lang === null)
      return undefined;
    let chatId: number | undefined;
    try {
      const id = Number(privacy.decrypt(row.chat, "chat-id"));
      chatId = Number.isSafeInteger(id) ? id : undefined;
    } catch {
      chatId = undefined;
    }
    return {
      number: row.number,
      status: row.status,
      owner: row.owner,
      chatId,
      lang: row.lang,
      country: row.country,
      thread: row.thread,
      header: row.header,
      waitingSince: row.waitingSince,
      answered: row.answered === true,
      offHoursNoted: row.offHoursNoted,
    };
  };

  return {
    /** The person's conversation that is not closed (waiting or open). */
    current(owner: string): Conversation | undefined {
      return toConversation(byOwner.get({ owner }));
    },

    get(number: number): Conversation | undefined {
      return toConversation(byNumber.get({ number }));
    },

    /** The open conversation of a forum topic. */
    byThread(thread: number): Conversation | undefined {
      return toConversation(byThread.get({ thread }));
    },

    /** The open conversation a group message belongs to (reply mode). */
    byMessage(message: number): Conversation | undefined {
      const route = byRoute.get({ message });
      return route ? this.get(route.conversation) : undefined;
    },

    /**
     * A new conversation, waiting for the person's first message (nothing is posted in the group
     * until then). The chat id is stored only encrypted.
     */
    create(input: NewConversation): Conversation {
      const row = db
        .insert(peerConversations)
        .values({
          status: "waiting",
          owner: input.owner,
          chat: privacy.encrypt(String(input.chatId), "chat-id"),
          lang: input.lang,
          country: input.country,
          touched: input.now,
        })
        .returning({ number: peerConversations.number })
        .get();
      return this.get(row.number) as Conversation;
    },

    /** The first message arrived: the conversation is now in the group (a topic, or a header message). */
    open(number: number, where: { thread?: number; header?: number }, now: number): void {
      db.update(peerConversations)
        .set({
          status: "open",
          thread: where.thread ?? null,
          header: where.header ?? null,
          opened: utcDay(now),
          lastActive: utcDay(now),
          touched: now,
        })
        .where(eq(peerConversations.number, number))
        .run();
      if (where.header !== undefined) this.route(number, where.header, now);
    },

    /** Remembers a group message as part of a conversation (reply mode). */
    route(number: number, message: number, now: number): void {
      insertRoute.run({ message, conversation: number, at: now });
    },

    /**
     * Counts a message from the person. Returns false when they are over the flood rule (the
     * message must not be relayed); the window restarts once it has passed or a consultant answers.
     */
    admitPersonMessage(number: number, now: number, rule: FloodRule): { admitted: boolean; retryAt: number } {
      return db.transaction((tx) => {
        const row = tx
          .select({
            windowStart: peerConversations.windowStart,
            windowCount: peerConversations.windowCount,
            waitingSince: peerConversations.waitingSince,
          })
          .from(peerConversations)
          .where(eq(peerConversations.number, number))
          .get();
        const fresh = !row?.windowStart || now - row.windowStart >= rule.windowMs;
        const start = fresh ? now : (row?.windowStart ?? now);
        const count = fresh ? 0 : (row?.windowCount ?? 0);
        const retryAt = start + rule.windowMs;
        if (count >= rule.limit) return { admitted: false, retryAt };
        tx.update(peerConversations)
          .set({
            windowStart: start,
            windowCount: count + 1,
            waitingSince: row?.waitingSince ?? now,
            lastActive: utcDay(now),
            touched: now,
          })
          .where(eq(peerConversations.number, number))
          .run();
        return { admitted: true, retryAt };
      });
    },

    /**
     * A consultant's reply was delivered. Returns the time to the first answer (ms) the first time
     * a conversation is answered, else undefined. The person's flood window starts again.
     */
    answered(number: number, now: number): number | undefined {
      const row = db
        .select({ answered: peerConversations.answered, waitingSince: peerConversations.waitingSince })
        .from(peerConversations)
        .where(eq(peerConversations.number, number))
        .get();
      db.update(peerConversations)
        .set({
          answered: true,
          waitingSince: null,
          windowStart: null,
          windowCount: null,
          lastActive: utcDay(now),
          touched: now,
        })
        .where(eq(peerConversations.number, number))
        .run();
      if (!row || row.answered || row.waitingSince === null) return undefined;
      return Math.max(0, now - row.waitingSince);
    },

    /** The person changed language or country in the bot: answers and sections follow. */
    setSettings(owner: string, lang: string, country: string | null): void {
      db.update(peerConversations)
        .set({ lang, country })
        .where(and(eq(peerConversations.owner, owner), live))
        .run();
    },

    noteOffHours(number: number, now: number): void {
      db.update(peerConversations).set({ offHoursNoted: now }).where(eq(peerConversations.number, number)).run();
    },

    /**
     * Closes a conversation: the address, the person's key and the routing are deleted at once;
     * the number stays. Returns what is left to clean up in the group, or undefined if it was not open.
     */
    close(number: number): Closed | undefined {
      return db.transaction((tx) => {
        const row = tx
          .select({ thread: peerConversations.thread })
          .from(peerConversations)
          .where(and(eq(peerConversations.number, number), live))
          .get();
        if (!row) return undefined;
        const messages = tx
          .select({ message: peerRoutes.message, at: peerRoutes.at })
          .from(peerRoutes)
          .where(eq(peerRoutes.conversation, number))
          .orderBy(asc(peerRoutes.message))
          .all();
        tx.delete(peerRoutes).where(eq(peerRoutes.conversation, number)).run();
        tx.update(peerConversations).set(CLEARED).where(eq(peerConversations.number, number)).run();
        return { number, thread: row.thread, messages };
      });
    },

    /** Open conversations, oldest first, for /tickets. */
    tickets(): Ticket[] {
      return db
        .select({
          number: peerConversations.number,
          lang: peerConversations.lang,
          country: peerConversations.country,
          waitingSince: peerConversations.waitingSince,
          opened: peerConversations.opened,
        })
        .from(peerConversations)
        .where(eq(peerConversations.status, "open"))
        .orderBy(asc(peerConversations.number))
        .all()
        .map((row) => ({ ...row, lang: row.lang ?? "", opened: row.opened ?? "" }));
    },

    /** Numbers of open conversations whose last message came before this UTC day. */
    idleSince(day: string): number[] {
      return db
        .select({ number: peerConversations.number })
        .from(peerConversations)
        .where(and(eq(peerConversations.status, "open"), lt(peerConversations.lastActive, day)))
        .all()
        .map((row) => row.number);
    },

    /** Numbers of conversations still waiting for a first message since before `before` (ms). */
    waitingSince(before: number): number[] {
      return db
        .select({ number: peerConversations.number })
        .from(peerConversations)
        .where(and(eq(peerConversations.status, "waiting"), lt(peerConversations.touched, before)))
        .all()
        .map((row) => row.number);
    },

    // ── Topics to delete later ──────────────────────────────────────────────
    scheduleTopicDeletion(thread: number, at: number): void {
      db.insert(peerTopicCleanup)
        .values({ thread, deleteAfter: at })
        .onConflictDoUpdate({ target: peerTopicCleanup.thread, set: { deleteAfter: at } })
        .run();
    },
    topicsDue(now: number): number[] {
      return db
        .select({ thread: peerTopicCleanup.thread })
        .from(peerTopicCleanup)
        .where(lte(peerTopicCleanup.deleteAfter, now))
        .all()
        .map((row) => row.thread);
    },
    /** A topic of a closed conversation not yet deleted (a consultant writing there reaches nobody). */
    isClosedTopic(thread: number): boolean {
      return (
        db
          .select({ thread: peerTopicCleanup.thread })
          .from(peerTopicCleanup)
          .where(eq(peerTopicCleanup.thread, thread))
          .get() !== undefined
      );
    },
    topicDeleted(thread: number): void {
      db.delete(peerTopicCleanup).where(eq(peerTopicCleanup.thread, thread)).run();
    },

    // ── Blocks ─────────────────────────────────────────────────────────────
    isBlocked(owner: string): boolean {
      return (
        db.select({ owner: peerBlocks.owner }).from(peerBlocks).where(eq(peerBlocks.owner, owner)).get() !== undefined
      );
    },
    block(owner: string, conversation: number, now: number): void {
      db.insert(peerBlocks)
        .values({ owner, conversation, day: utcDay(now) })
        .onConflictDoUpdate({ target: peerBlocks.owner, set: { conversation, day: utcDay(now) } })
        .run();
    },
    /** Lifts the block that came from conversation `number`; true if there was one. */
    unblock(conversation: number): boolean {
      return db.delete(peerBlocks).where(eq(peerBlocks.conversation, conversation)).run().changes > 0;
    },
    blockedCount(): number {
      return db.select({ count: sql<number>`count(*)` }).from(peerBlocks).get()?.count ?? 0;
    },

    // ── Pseudonyms ─────────────────────────────────────────────────────────
    pseudonym(consultant: string): string | undefined {
      const row = db
        .select({ name: peerPseudonyms.name })
        .from(peerPseudonyms)
        .where(eq(peerPseudonyms.owner, consultant))
        .get();
      if (!row) return undefined;
      try {
        return privacy.decrypt(row.name, "pseudonym");
      } catch {
        return undefined;
      }
    },
    setPseudonym(consultant: string, name: string | undefined): void {
      if (name === undefined) {
        db.delete(peerPseudonyms).where(eq(peerPseudonyms.owner, consultant)).run();
        return;
      }
      const sealed = privacy.encrypt(name, "pseudonym");
      db.insert(peerPseudonyms)
        .values({ owner: consultant, name: sealed })
        .onConflictDoUpdate({ target: peerPseudonyms.owner, set: { name: sealed } })
        .run();
    },

    /** How many conversations are open now (for logs and the benchmark). */
    openCount(): number {
      return (
        db
          .select({ count: sql<number>`count(*)` })
          .from(peerConversations)
          .where(and(eq(peerConversations.status, "open"), isNotNull(peerConversations.owner)))
          .get()?.count ?? 0
      );
    },
  };
}

export type PeerRepo = ReturnType<typeof createPeerRepo>;
