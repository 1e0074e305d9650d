import { InlineKeyboard } from "grammy";
import { type I18n, LANGUAGES, type Translate } from "../../bot/i18n.js";
import { callbackCodec } from "../../bot/ui/callback-data.js";
import { type SegmentKind, type Subscribers, TOPICS } from "../../delivery/audience.js";

/**
 * Operators only; every handler checks ADMIN_IDS before acting on it.
 * Inside the /broadcast flow: `bc:a:<kind>[:<value>]` picks an audience (`bc:a:lang` alone opens
 * the language list), `bc:back` returns to the audience menu, `bc:send` confirms, `bc:no` cancels.
 * (The Stop button under a progress message is the delivery's: `dl:x:<job>`, see delivery.progress.ts.)
 */
export const broadcastCodec = callbackCodec("bc");

const withCount = (label: string, count: number) => `${label} · ${count}`;

/** Everyone, or a segment to pick next; each with its subscriber count. */
export function audienceMenu(t: Translate, total: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(withCount(t("broadcast:audience.all"), total), broadcastCodec.encode("a", "all"))
    .row()
    .text(t("broadcast:audience.byLang"), broadcastCodec.encode("a", "lang"))
    .text(t("broadcast:audience.byCountry"), broadcastCodec.encode("a", "country"))
    .row()
    .text(t("broadcast:audience.byTopic"), broadcastCodec.encode("a", "topic"))
    .row()
    .text(t("broadcast:cancel"), broadcastCodec.encode("no"));
}

export type SegmentCounts = ReadonlyArray<{ key: string | null; count: number }>;

/** One segment kind's values with their counts, then Back. */
export function segmentMenu(
  t: Translate,
  i18n: I18n,
  names: Pick<Subscribers, "countryName" | "topicName">,
  kind: SegmentKind,
  counts: SegmentCounts,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const count = (key: string | null) => counts.find((c) => c.key === key)?.count ?? 0;
  if (kind === "lang") {
    for (const lang of LANGUAGES) {
      keyboard
        .text(
          withCount(i18n.fixedT(lang)("common:languageName"), count(lang)),
          broadcastCodec.encode("a", "lang", lang),
        )
        .row();
    }
  } else if (kind === "topic") {
    for (const topic of TOPICS) {
      keyboard
        .text(withCount(names.topicName(t, topic), count(topic)), broadcastCodec.encode("a", "topic", topic))
        .row();
    }
  } else {
    for (const { key, count: n } of counts) {
      keyboard
        .text(withCount(names.countryName(t, key), n), broadcastCodec.encode("a", "country", key ?? "none"))
        .row();
    }
  }
  return keyboard.text(t("broadcast:back"), broadcastCodec.encode("back"));
}

export function confirmKeyboard(t: Translate, total: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("broadcast:confirm.send", { n: total }), broadcastCodec.encode("send"))
    .row()
    .text(t("broadcast:cancel"), broadcastCodec.encode("no"));
}
