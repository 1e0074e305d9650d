import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import type { AppServices } from "../../bot/services.js";
import { isCountryChoice } from "../../country/country.content.js";
import { HELPFUL_KINDS, type HelpfulKind, helpfulCodec, withoutHelpfulRow } from "../../country/helpful.keyboards.js";
import { checkpoint } from "../../db/client.js";
import { countQuietly, utcDay } from "../../db/counters.repo.js";
import type { HelpfulRepo } from "./helpful.repo.js";

/** The anonymous daily count of presses: `helpful.vote` by kind, country, detail and vote (up/down). */
export const HELPFUL_METRIC = "helpful.vote";
const DETAIL = /^(?:[a-z][a-z_]{0,31}|-)$/;
const PURGE_EVERY_MS = 60 * 60 * 1000;

function isKind(value: unknown): value is HelpfulKind {
  return typeof value === "string" && (HELPFUL_KINDS as readonly string[]).includes(value);
}

/**
 * "Was this helpful?" 👍 / 👎 under rights articles, detained cards and contacts lists (the
 * buttons are drawn by the country screens). A press is counted at most once per person, item and
 * day; the keyed hash that makes this possible lives only until the day ends. The press is
 * answered with thanks and the buttons disappear; the rest of the keyboard stays.
 */
export function createHelpfulFeature(app: AppServices, repo: HelpfulRepo): Feature {
  const composer = new Composer<BotContext>();
  let timer: NodeJS.Timeout | undefined;
  let purgedFor = "";

  /** Yesterday's presses go as soon as the day changes: at the first press of a day, and hourly. */
  const purge = () => {
    try {
      purgedFor = utcDay(app.clock());
      if (repo.purgeBefore(purgedFor) > 0) checkpoint(app.sqlite);
    } catch (error) {
      app.logger.error({ err: error }, "helpful: purge failed");
    }
  };

  composer.callbackQuery(helpfulCodec.pattern, async (ctx) => {
    const [vote, kind, country, detail] = helpfulCodec.decode(ctx.callbackQuery.data) ?? [];
    const valid =
      (vote === "u" || vote === "d") && isKind(kind) && isCountryChoice(country) && detail && DETAIL.test(detail);
    if (valid) {
      const day = utcDay(app.clock());
      if (day !== purgedFor) purge();
      const press = app.privacy.hashId(`helpful|${app.ownerKey(ctx.from.id)}|${kind}|${country}|${detail}|${day}`);
      if (repo.firstToday(press, day)) {
        countQuietly(app.counters, ctx.log, HELPFUL_METRIC, {
          kind,
          country,
          detail,
          vote: vote === "u" ? "up" : "down",
        });
      }
    }
    await ctx.answerCallbackQuery({ text: ctx.t("helpful:thanks") });
    await ctx
      .editMessageReplyMarkup({ reply_markup: withoutHelpfulRow(ctx.callbackQuery.message?.reply_markup) })
      .catch((error: unknown) => ctx.log.debug({ err: error }, "helpful: could not remove the buttons"));
  });

  return {
    name: "helpful",
    composer,
    start() {
      purge();
      timer = setInterval(purge, PURGE_EVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
