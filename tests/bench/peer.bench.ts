/**
 * Ask a peer benchmark, end to end through the fake Bot API against the real app (startApp,
 * SQLite, every middleware), reply mode: the round trip of one exchange in an open conversation
 * — the person's message copied into the consultants' group, a consultant's reply to it, the
 * signed copy back in the person's chat — one at a time, so each figure is a latency. Measured
 * with a few open conversations, then again with 1,000 more open (and their routing rows).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startApp } from "../../src/app.js";
import { createPeerRepo } from "../../src/features/peer/peer.repo.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import type { SimChat } from "../support/fake-bot-api/sim-chat.js";
import { type BenchResult, round, summarize } from "./bench-result.js";

const SAMPLES = Number(process.env.BENCH_PEER_SAMPLES ?? 200);
const GROUP = -1001987600001;
/** A Wednesday, 10:00 UTC: the consultants are at work (no hours note in the way). */
const WORKING_TIME = Date.UTC(2026, 11, 2, 10);

export async function run(): Promise<BenchResult[]> {
  const fake = await FakeBotApi.start({ startTime: WORKING_TIME, waitTimeoutMs: 30_000 });
  const group = fake.groupChat({ id: GROUP, title: "Consultants", botIsAdmin: true });
  const dir = mkdtempSync(path.join(tmpdir(), "pbr-bench-peer-"));
  const app = await startApp(
    {
      BOT_TOKEN: fake.token,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path.join(dir, "bot.sqlite"),
      CONSULTANTS_CHAT_ID: String(GROUP),
      LOG_LEVEL: "error",
    },
    {
      floodLimit: 1_000_000,
      skipProfile: true,
      clock: () => fake.now(),
      peer: { flood: { limit: 1_000_000, windowMs: 60 * 60 * 1000 } },
    },
  );
  const consultant = group.member({ id: 7320000001, first_name: "Bench consultant" });

  try {
    // A few people with open conversations.
    const people: SimChat[] = [];
    for (let i = 0; i < 10; i++) {
      const chat = fake.privateChat({ id: 7320000100 + i, first_name: "Bench", language_code: "ru" });
      chat.send("/ask");
      await chat.nextBotMessage();
      await chat.clickData("ask:w", (chat.lastBotMessage() ?? { message_id: 0 }).message_id);
      chat.send("open");
      await group.nextBotMessage(); // header
      await group.nextBotMessage(); // copy
      await chat.nextBotMessage(); // "passed on"
      people.push(chat);
    }

    const roundTrips = async (label: string): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const chat = people[i % people.length] as SimChat;
        const started = performance.now();
        chat.send(`${label} ${i}`);
        const copy = await group.nextBotMessage();
        consultant.send(`re ${i}`, { replyTo: copy.message_id });
        await chat.nextBotMessage();
        samples.push(performance.now() - started);
      }
      return samples;
    };

    const few = summarize(await roundTrips("few"));

    // 1,000 more open conversations, each with a header and a few routed messages.
    const repo = createPeerRepo(app.services.db, app.services.privacy);
    const seededAt = performance.now();
    app.services.sqlite.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const now = fake.now();
        const conversation = repo.create({
          owner: `bench-${i}`,
          chatId: 7330000000 + i,
          lang: "ru",
          country: "ge",
          now,
        });
        repo.open(conversation.number, { header: 1_000_000 + i * 4 }, now);
        for (let m = 1; m < 4; m++) repo.route(conversation.number, 1_000_000 + i * 4 + m, now);
      }
    })();
    const seedMs = performance.now() - seededAt;
    const many = summarize(await roundTrips("many"));

    return [
      {
        name: "peer: relay round trip (10 open)",
        values: { samples: SAMPLES, "p50 ms": few.p50, "p95 ms": few.p95 },
        note: "person → copy in the group → consultant's reply → signed copy to the person",
      },
      {
        name: "peer: relay round trip (1,010 open)",
        values: { samples: SAMPLES, "p50 ms": many.p50, "p95 ms": many.p95, "seed 1,000 ms": round(seedMs) },
        note: `ratio to 10 open: p50 ×${round(many.p50 / few.p50, 2)}, p95 ×${round(many.p95 / few.p95, 2)}; open now: ${repo.openCount()}`,
      },
    ];
  } finally {
    await app.stop();
    await fake.stop();
  }
}
