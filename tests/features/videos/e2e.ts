import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { AppOptions } from "../../../src/app.js";
import { createI18n, type Lang } from "../../../src/bot/i18n.js";
import { createCountersRepo } from "../../../src/db/counters.repo.js";
import { type CatalogVideo, loadCatalog } from "../../../src/features/videos/videos.catalog.js";
import { videoCaption } from "../../../src/features/videos/videos.render.js";
import { startTestApp, type TestApp } from "../../support/app-harness.js";
import { FakeBotApi } from "../../support/fake-bot-api/fake-bot-api.js";
import { formatMessageText } from "../../support/fake-bot-api/formatted-text.js";
import type { SimChat } from "../../support/fake-bot-api/sim-chat.js";
import type { SeenMessage } from "../../support/fake-bot-api/wire-types.js";
import { type FixtureCatalog, writeFixtureCatalog } from "./fixtures.js";

export const i18n = createI18n();
export const tr = (lang: Lang) => i18n.fixedT(lang);

/** Operators' ids, and people's: distinct and above 2^32 so privacy scans have no false positives. */
export const OPERATOR_ID = 7_301_234_567;
let nextId = 7_302_345_600;
export function personId(): number {
  nextId += 13;
  return nextId;
}

export interface VideosApp extends TestApp {
  fixture: FixtureCatalog;
  /** The file_id the fixture's file_id entries (hiv, reform) use; the fake knows it. */
  seededFileId: string;
  catalog: CatalogVideo[];
  person(lang: Lang, name?: string): SimChat;
  operator(lang?: Lang): SimChat;
  /** Today's anonymous counts, straight from the app's database. */
  counts(metric: string, by: string[]): Array<{ dims: Record<string, string | null>; count: number }>;
}

/** The real app against a fresh fake Telegram, with the fixture catalog and one operator. */
export async function startVideosApp(
  options: { env?: Record<string, string>; clock?: () => number; app?: AppOptions } = {},
): Promise<VideosApp> {
  const fake = await FakeBotApi.start();
  const seededFileId = fake.seedFile("video", { duration: 245, mime_type: "video/mp4" });
  const fixture = writeFixtureCatalog(mkdtempSync(path.join(tmpdir(), "pbr-videos-")), { fileId: seededFileId });
  const app = await startTestApp({
    fake,
    env: { ADMIN_IDS: String(OPERATOR_ID), ...options.env },
    // Tests click faster than people; flood protection has its own tests.
    app: { content: { videos: fixture.path }, floodLimit: 10_000, clock: options.clock, ...options.app },
  });
  return wrap(app, fixture, seededFileId);
}

export function wrap(app: TestApp, fixture: FixtureCatalog, seededFileId: string): VideosApp {
  const counters = createCountersRepo(app.app.services.db);
  return Object.assign(app, {
    fixture,
    seededFileId,
    catalog: loadCatalog(fixture.path),
    person: (lang: Lang, name = "Viewer") =>
      app.fake.privateChat({ id: personId(), first_name: name, username: `viewer_${nextId}`, language_code: lang }),
    /** The operator's chat; its language is fixed by the first call (Telegram users keep theirs). */
    operator: (lang: Lang = "ru") =>
      app.fake.privateChat({
        id: OPERATOR_ID,
        first_name: "Operator",
        username: "unmode_operator",
        language_code: lang,
      }),
    counts: (metric: string, by: string[]) => counters.totals(metric, { by }),
  });
}

/** What a person sees of some HTML once Telegram has parsed it. */
export function seen(html: string): string {
  return formatMessageText(html, "HTML", undefined, { strictAmpersand: true }).text;
}

export function labels(message: SeenMessage): string[] {
  return message.buttons.map((button) => button.text);
}

export function botUsername(app: TestApp): string {
  return app.fake.bot.username ?? "";
}

/** Asserts a message shows this film: its video (or link) and its caption, in this language. */
export function expectFilm(app: VideosApp, message: SeenMessage, slug: string, lang: Lang): void {
  const video = app.catalog.find((v) => v.slug === slug);
  if (!video) throw new Error(`no ${slug} in the fixture`);
  const caption = seen(videoCaption(tr(lang), video, lang, botUsername(app)));
  if (message.media === "video") expect(message.caption, `${slug} ${lang}`).toBe(caption);
  else expect(message.text, `${slug} ${lang}`).toContain(caption);
  expect(message.protect_content, "campaign films stay forwardable").toBe(false);
}
