import { InlineKeyboard } from "grammy";
import { type I18n, isLang, type Translate } from "../bot/i18n.js";
import { callbackCodec } from "../bot/ui/callback-data.js";
import type { Audience, Subscribers } from "./audience.js";

/**
 * The progress message's Stop button: `dl:x:<job>`. Whoever lets operators queue deliveries
 * (the broadcast feature) handles it, operators only, with `delivery.cancel`.
 */
export const deliveryStopCodec = callbackCodec("dl");

export function stopKeyboard(t: Translate, jobId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("broadcast:progress.cancel"), deliveryStopCodec.encode("x", jobId));
}

/** The job a Stop button's data names, or undefined for anything else. */
export function stoppedJob(data: string | undefined): number | undefined {
  const [action, id] = deliveryStopCodec.decode(data) ?? [];
  return action === "x" && id && /^\d+$/.test(id) ? Number(id) : undefined;
}

/** A duration in words an operator reads at a glance: "40 s", "6 min", "2 h 5 min". */
export function formatDuration(t: Translate, ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return t("broadcast:duration.seconds", { n: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("broadcast:duration.minutes", { n: minutes });
  return t("broadcast:duration.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/**
 * The audience in words, as HTML-safe text (i18next escapes the names it interpolates). The
 * texts are the operator's, in the broadcast namespace; a language that narrows a segment is
 * not named (operators pick one segment; automatic deliveries have no one to tell).
 */
export function describeAudience(
  t: Translate,
  i18n: I18n,
  names: Pick<Subscribers, "countryName" | "topicName">,
  audience: Audience,
): string {
  switch (audience.kind) {
    case "all":
      return t("broadcast:audience.all");
    case "lang":
      return t("broadcast:audience.lang", {
        name: isLang(audience.value) ? i18n.fixedT(audience.value)("common:languageName") : audience.value,
      });
    case "country":
      return t("broadcast:audience.country", { name: names.countryName(t, audience.value) });
    case "topic":
      return t("broadcast:audience.topic", { name: names.topicName(t, audience.value) });
  }
}

export interface ProgressFigures {
  id: number;
  audience: string;
  total: number;
  sent: number;
  failed: number;
  removed: number;
  remaining: number;
}

export type ProgressState =
  | { kind: "preparing" }
  | { kind: "waiting"; ahead: number }
  | { kind: "sending"; etaMs: number | undefined; now: number }
  | { kind: "paused"; seconds: number };

/** The progress message: state, counts and, while sending, when it should finish. */
export function progressText(t: Translate, figures: ProgressFigures, state: ProgressState): string {
  const lines = [t("broadcast:progress.title", { id: figures.id, audience: figures.audience })];
  switch (state.kind) {
    case "preparing":
      lines.push(t("broadcast:progress.preparing"));
      break;
    case "waiting":
      lines.push(t("broadcast:progress.waiting", { n: state.ahead }));
      break;
    case "paused":
      lines.push(t("broadcast:progress.paused", { seconds: state.seconds }));
      break;
    case "sending":
      lines.push(t("broadcast:progress.sending"));
      break;
  }
  lines.push("", t("broadcast:progress.counts", { ...figures }));
  if (state.kind === "sending" && state.etaMs !== undefined && figures.remaining > 0) {
    const at = new Date(state.now + state.etaMs).toISOString().slice(11, 16);
    lines.push("", t("broadcast:progress.eta", { duration: formatDuration(t, state.etaMs), time: at }));
  }
  return lines.join("\n");
}

/** The final report: delivered, removed because they blocked the bot, failed (and what was not sent). */
export function reportText(
  t: Translate,
  figures: ProgressFigures,
  outcome: "done" | "cancelled",
  durationMs: number,
): string {
  const left = Math.max(0, figures.total - figures.sent - figures.failed - figures.removed - figures.remaining);
  const lines = [
    t(outcome === "done" ? "broadcast:report.done" : "broadcast:report.cancelled", {
      id: figures.id,
      audience: figures.audience,
      duration: formatDuration(t, durationMs),
    }),
    "",
    t("broadcast:report.counts", { ...figures }),
  ];
  if (outcome === "cancelled") lines.push(t("broadcast:report.notSent", { n: figures.remaining }));
  if (left > 0) lines.push(t("broadcast:report.left", { n: left }));
  return lines.join("\n");
}
