import { type Api, Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { isLang, type Lang } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { MESSAGE_LIMIT, splitHtml } from "../../bot/telegram/telegram-text.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { formatDate } from "../../bot/ui/dates.js";
import { showScreen } from "../../bot/ui/screen.js";
import { utcDay } from "../../db/counters.repo.js";
import { chartSvg, renderPng } from "./reach.chart.js";
import { reportCsv } from "./reach.csv.js";
import { createLabels } from "./reach.labels.js";
import type { ReachRepo } from "./reach.repo.js";
import { allTime, buildReport, HIDDEN, lastDays, lastWeek, monthPeriod, type Period, SMALL } from "./reach.report.js";
import { monthName, periodName, reportText } from "./reach.text.js";

/**
 * Callback data: `rc` the periods; `rc:p:<7|30|all>` and `rc:p:m:<YYYY-MM>` a report;
 * `rc:m` the months; `rc:d:<1|0>` the weekly digest on or off.
 */
const reachCodec = callbackCodec("rc");
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTHS_OFFERED = 12;
/** How often the digest looks whether a Monday has come (and catches up after downtime). */
const DIGEST_CHECK_MS = 15 * 60 * 1000;

export interface ReachFeatureOptions {
  digestCheckMs?: number;
}

/** The Monday of the week holding `day`. */
function mondayOf(day: string): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  return utcDay(time - weekday * 24 * 60 * 60 * 1000);
}

/** The last `count` months, newest first, `YYYY-MM`. */
function recentMonths(today: string, count: number): string[] {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, back) =>
    new Date(Date.UTC(year, month - 1 - back, 1)).toISOString().slice(0, 7),
  );
}

/**
 * Campaign reach for operators (/reach, private chats of ADMIN_IDS): a period → a short report, a
 * chart (PNG) and the daily figures (CSV), all from the anonymous daily counters, with every
 * figure under 5 hidden. Operators may switch on a weekly digest sent on Mondays.
 */
export function createReachFeature(app: AppServices, repo: ReachRepo, options: ReachFeatureOptions = {}): Feature {
  const logger = app.logger.child({ feature: "reach" });
  const composer = new Composer<BotContext>();
  const operators = composer.chatType("private").filter((ctx) => app.isAdmin(ctx.from?.id));
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let api: Api | undefined;

  const today = () => utcDay(app.clock());

  function periodsKeyboard(ctx: BotContext, owner: string): InlineKeyboard {
    const digestOn = repo.isOn(owner);
    return new InlineKeyboard()
      .text(ctx.t("reach:periods.7"), reachCodec.encode("p", "7"))
      .text(ctx.t("reach:periods.30"), reachCodec.encode("p", "30"))
      .row()
      .text(ctx.t("reach:periods.month"), reachCodec.encode("m"))
      .text(ctx.t("reach:periods.all"), reachCodec.encode("p", "all"))
      .row()
      .text(
        ctx.t(digestOn ? "reach:buttons.digestOff" : "reach:buttons.digestOn"),
        reachCodec.encode("d", digestOn ? 0 : 1),
      );
  }

  async function showPeriods(ctx: BotContext, lead?: string): Promise<void> {
    const text = [lead, ctx.t("reach:choose")].filter(Boolean).join("\n\n");
    await showScreen(ctx, text, { keyboard: periodsKeyboard(ctx, app.ownerKey(ctx.from?.id ?? 0)) });
  }

  async function showMonths(ctx: BotContext): Promise<void> {
    const keyboard = new InlineKeyboard();
    recentMonths(today(), MONTHS_OFFERED).forEach((month, index) => {
      keyboard.text(monthName(ctx.lang, month), reachCodec.encode("p", "m", month));
      if (index % 3 === 2) keyboard.row();
    });
    keyboard.row().text(ctx.t("reach:buttons.back"), reachCodec.encode());
    await showScreen(ctx, ctx.t("reach:chooseMonth"), { keyboard });
  }

  /** The report, its chart and its CSV, sent to a chat in a language. */
  async function sendReport(api: Api, chatId: number, lang: Lang, period: Period, lead?: string): Promise<void> {
    const t = app.i18n.fixedT(lang);
    const labels = createLabels(app, t);
    const report = buildReport(app.counters, period);
    const html = [lead, reportText(t, lang, labels, report)].filter(Boolean).join("\n\n");
    for (const chunk of splitHtml(html, MESSAGE_LIMIT))
      await api.sendMessage(chatId, chunk, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const heading = `${periodName(t, lang, report)} · ${formatDate(lang, report.from)} – ${formatDate(lang, period.to)}`;
    const png = renderPng(chartSvg(t, lang, labels, report, heading));
    await api.sendPhoto(chatId, new InputFile(png, "reach.png"));
    const name = `reach_${report.from}_${period.to}.csv`;
    await api.sendDocument(chatId, new InputFile(Buffer.from(reportCsv(report), "utf8"), name), {
      caption: t("reach:csvCaption", { small: SMALL, hidden: HIDDEN }),
      parse_mode: "HTML",
    });
  }

  function periodFrom(parts: string[]): Period | undefined {
    const [kind, month] = parts;
    if (kind === "7") return lastDays(today(), 7);
    if (kind === "30") return lastDays(today(), 30);
    if (kind === "all") return allTime(today());
    if (kind === "m" && month && MONTH.test(month) && month <= today().slice(0, 7)) return monthPeriod(month, today());
    return undefined;
  }

  operators.command("reach", (ctx) => showPeriods(ctx));
  operators.callbackQuery(reachCodec.pattern, async (ctx) => {
    const [action, ...rest] = reachCodec.decode(ctx.callbackQuery.data) ?? [];
    const owner = app.ownerKey(ctx.from.id);
    if (action === "m") return showMonths(ctx);
    if (action === "d") {
      if (rest[0] === "1") {
        repo.switchOn(owner, app.privacy.encrypt(String(ctx.chat.id), "chat-id"), ctx.lang, mondayOf(today()));
        return showPeriods(ctx, ctx.t("reach:digest.on"));
      }
      repo.switchOff(owner);
      return showPeriods(ctx, ctx.t("reach:digest.off"));
    }
    const period = action === "p" ? periodFrom(rest) : undefined;
    if (!period) return showPeriods(ctx);
    // Making the chart takes a moment: stop the button's spinner first.
    await ctx.answerCallbackQuery();
    await ctx.replyWithChatAction("upload_photo").catch(() => undefined);
    try {
      await sendReport(ctx.api, ctx.chat.id, ctx.lang, period);
    } catch (error) {
      ctx.log.error({ err: error }, "reach: report failed");
      await ctx.reply(ctx.t("reach:failed"));
    }
  });

  /** Sends last week's digest to every operator who has it on and has not had it this week. */
  async function sendDigests(api: Api): Promise<void> {
    const week = mondayOf(today());
    for (const row of repo.due(week)) {
      let chatId: number;
      try {
        chatId = Number(app.privacy.decrypt(row.chat, "chat-id"));
      } catch (error) {
        logger.warn(
          { err: error },
          "reach: a digest chat can't be decrypted (was SECRET_KEY changed?); switching it off",
        );
        repo.switchOff(row.owner);
        continue;
      }
      // Someone no longer in ADMIN_IDS gets no reports.
      if (!app.isAdmin(chatId)) {
        repo.switchOff(row.owner);
        continue;
      }
      if (!repo.claim(row.owner, week)) continue;
      const lang: Lang = isLang(row.lang) ? row.lang : "en";
      try {
        await sendReport(api, chatId, lang, lastWeek(today()), app.i18n.fixedT(lang)("reach:digest.title"));
        logger.info("reach: weekly digest sent");
      } catch (error) {
        logger.warn({ err: error }, "reach: weekly digest could not be sent");
      }
    }
  }

  /** Sends the digests that are due, once (a check under way is joined, not repeated). */
  function check(): Promise<void> {
    const startedApi = api;
    if (!startedApi) return Promise.resolve();
    checking ??= sendDigests(startedApi)
      .catch((error: unknown) => logger.error({ err: error }, "reach: digest check failed"))
      .finally(() => {
        checking = undefined;
      });
    return checking;
  }

  return {
    name: "reach",
    composer,
    commands: [{ command: "reach", description: "reach:commands.reach", scope: "operator" }],
    erase(owner) {
      repo.switchOff(owner);
    },
    start(startedApi) {
      api = startedApi;
      void check();
      timer = setInterval(() => void check(), options.digestCheckMs ?? DIGEST_CHECK_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await checking;
    },
    runPending: check,
  };
}
