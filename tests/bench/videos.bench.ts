/**
 * Videos benchmark, end to end through the fake Bot API on 127.0.0.1 against the real app
 * (startApp, SQLite, every middleware), one person at a time so each figure is a latency:
 *
 * - inline query: the update pushed → answerInlineQuery received (empty and word queries, four
 *   languages, fresh people);
 * - video send: a film button pressed → the video message in the chat, for a film Telegram
 *   already has (file_id re-send, the common case);
 * - first send of a local 5 MB file: the one upload, then the same film by file_id;
 * - the inline answer alone (search + results), in-process, for comparison with the round trip.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { startApp } from "../../src/app.js";
import { createI18n, LANGUAGES, type Lang } from "../../src/bot/i18n.js";
import { openDatabase } from "../../src/db/client.js";
import { loadCatalog } from "../../src/features/videos/videos.catalog.js";
import { inlineAnswer } from "../../src/features/videos/videos.inline.js";
import { createVideosRepo } from "../../src/features/videos/videos.repo.js";
import { createVideoLibrary } from "../../src/features/videos/videos.service.js";
import { writeFixtureCatalog } from "../features/videos/fixtures.js";
import { FakeBotApi } from "../support/fake-bot-api/fake-bot-api.js";
import { type BenchResult, round, summarize } from "./bench-result.js";

const SAMPLES = Number(process.env.BENCH_VIDEO_SAMPLES ?? 300);
const QUERIES: Record<Lang, string[]> = {
  ru: ["", "семья", "тюрьм", "лечение"],
  ka: ["", "ოჯახი", "ციხე", "მკურნალობა"],
  uk: ["", "родина", "лікування", "стигма"],
  en: ["", "family", "prison", "treatment"],
  kk: ["", "отбасы", "түрме", "емдеу"],
  ky: ["", "үй-бүлө", "түрмө", "дарылоо"],
  ro: ["", "familie", "închisoare", "tratament"],
  hy: ["", "ընտանիք", "բանտ", "բուժում"],
  az: ["", "ailə", "həbsxana", "müalicə"],
  uz: ["", "oila", "qamoqxona", "davolash"],
  tg: ["", "оила", "зиндон", "табобат"],
  be: ["", "сям’я", "турма", "лячэнне"],
};

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

export async function run(): Promise<BenchResult[]> {
  const fake = await FakeBotApi.start({ waitTimeoutMs: 30_000 });
  const fileId = fake.seedFile("video", { duration: 245, mime_type: "video/mp4" });
  const dir = mkdtempSync(path.join(tmpdir(), "pbr-bench-videos-"));
  const fixture = writeFixtureCatalog(dir, { fileId, videoBytes: 5 * 1024 * 1024 });
  const app = await startApp(
    {
      BOT_TOKEN: fake.token,
      BOT_API_ROOT: fake.apiRoot,
      DATABASE_PATH: path.join(dir, "bot.sqlite"),
      ADMIN_IDS: "7309999999",
      LOG_LEVEL: "error",
    },
    { floodLimit: 1_000_000, skipProfile: true, content: { videos: fixture.path } },
  );
  let nextId = 7_310_000_000;
  const person = (lang: Lang) => fake.privateChat({ id: ++nextId, first_name: "Bench", language_code: lang });

  try {
    // Inline queries.
    const inline: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const lang = LANGUAGES[i % LANGUAGES.length] as Lang;
      const query = QUERIES[lang][Math.floor(i / LANGUAGES.length) % 4] as string;
      const chat = person(lang);
      inline.push(await timed(() => chat.inlineQuery(query)));
    }

    // Video sends by file_id: press "watch" on the list.
    const sends: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const chat = person(LANGUAGES[i % LANGUAGES.length] as Lang);
      chat.send("/videos");
      const list = await chat.nextBotMessage();
      sends.push(
        await timed(async () => {
          await chat.clickData("vid:w:hiv", list.message_id);
          await chat.nextBotMessage();
        }),
      );
    }

    // The one upload of a local file, then the same film again by its file_id.
    const uploader = person("ru");
    uploader.send("/videos");
    const list = await uploader.nextBotMessage();
    const upload = await timed(async () => {
      await uploader.clickData("vid:w:prison", list.message_id);
      await uploader.nextBotMessage();
    });
    const again = await timed(async () => {
      await uploader.clickData("vid:w:prison", list.message_id);
      await uploader.nextBotMessage();
    });
    if (fake.uploads.filter((u) => u.filename === "prison.mp4").length !== 1) throw new Error("expected one upload");

    // The inline answer alone, in-process.
    const i18n = createI18n();
    const library = createVideoLibrary({
      content: loadCatalog(fixture.path),
      repo: createVideosRepo(openDatabase(":memory:").db),
      clock: Date.now,
      logger: pino({ level: "silent" }),
    });
    const compute: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const lang = LANGUAGES[i % LANGUAGES.length] as Lang;
      const query = QUERIES[lang][i % 4] as string;
      const started = performance.now();
      inlineAnswer({ library, t: i18n.fixedT(lang), lang, query, offset: "", botUsername: "people_by_right_bot" });
      if (i >= 500) compute.push((performance.now() - started) * 1000);
    }

    const inlineStats = summarize(inline);
    const sendStats = summarize(sends);
    const computeStats = summarize(compute);
    return [
      {
        name: "videos: inline query (round trip)",
        values: { "p50 ms": inlineStats.p50, "p95 ms": inlineStats.p95, samples: inline.length },
      },
      {
        name: "videos: video send by file_id (press → video)",
        values: { "p50 ms": sendStats.p50, "p95 ms": sendStats.p95, samples: sends.length },
      },
      {
        name: "videos: local 5 MB file, first send (upload)",
        values: { ms: round(upload), "then by file_id ms": round(again) },
      },
      {
        name: "videos: inline answer computed in-process",
        values: { "p50 µs": computeStats.p50, "p95 µs": computeStats.p95 },
      },
    ];
  } finally {
    await app.stop();
    await fake.stop();
  }
}

// `tsx tests/bench/videos.bench.ts` on its own prints the results.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    (results) => {
      for (const result of results) process.stdout.write(`${result.name}: ${JSON.stringify(result.values)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
