/**
 * What the reach report reads: anonymous daily counters, by name. A section whose counters do not
 * exist yet (e.g. peer conversations before "Ask a peer" lands) shows "—" in the text and has no
 * rows in the CSV; as soon as the counters appear, it fills in with no change here.
 *
 * Counter names read (metric → dimensions):
 * - `video.view` → video, lang              (film views; by film, by language)
 * - `video.shared` → video                  (inline results chosen)
 * - `deeplink.open` → source                (opens by source tag: the QR codes at meetings)
 * - `rights.article` → country, topic       (a rights article's first page)
 * - `rights.sos` → country                  (the detained card)
 * - `contacts.open` → country               (a country's help contacts)
 * - `subscription.joined`, `subscription.left` (reason)
 * - `broadcast.sent` → by (operator: a broadcast; auto: an event reminder), outcome;
 *   `broadcast.delivered`, `broadcast.removed` (messages of both)
 * - `peer.opened`, `peer.answered`, `peer.closed`, `peer.first_answer` → within
 *   (`within`: the upper bound of the first-answer time bucket, e.g. "15m", "1h", "24h", or
 *   "more" above the last; the median is read from the cumulative counts)
 * - `helpful.vote` → kind (a article, s card, c contacts), country, detail, vote (up/down)
 */

/** One counter read by a section: its total, or its totals broken down by some dimensions. */
export interface Part {
  readonly metric: string;
  readonly by?: readonly string[];
  /** Only counts with these dimension values. */
  readonly where?: Readonly<Record<string, string>>;
  /** The item's name (locale key `reach:metrics.<label>`, CSV item) when it is not the metric's. */
  readonly label?: string;
}

export interface SectionSpec {
  /** Also the section's name in the CSV and its locale key `reach:sections.<id>`. */
  readonly id: string;
  readonly parts: readonly Part[];
}

export const SECTIONS: readonly SectionSpec[] = [
  { id: "films", parts: [{ metric: "video.view", by: ["video"] }] },
  { id: "languages", parts: [{ metric: "video.view", by: ["lang"] }] },
  { id: "shares", parts: [{ metric: "video.shared", by: ["video"] }] },
  { id: "sources", parts: [{ metric: "deeplink.open", by: ["source"] }] },
  { id: "articles", parts: [{ metric: "rights.article", by: ["country", "topic"] }] },
  { id: "cards", parts: [{ metric: "rights.sos", by: ["country"] }] },
  { id: "contacts", parts: [{ metric: "contacts.open", by: ["country"] }] },
  { id: "subscriptions", parts: [{ metric: "subscription.joined" }, { metric: "subscription.left" }] },
  {
    id: "broadcasts",
    parts: [
      { metric: "broadcast.sent", where: { by: "operator" }, label: "broadcast_sent" },
      { metric: "broadcast.sent", where: { by: "auto" }, label: "reminders_sent" },
      { metric: "broadcast.delivered" },
      { metric: "broadcast.removed" },
    ],
  },
  { id: "peer", parts: [{ metric: "peer.opened" }, { metric: "peer.answered" }, { metric: "peer.closed" }] },
  { id: "helpful", parts: [{ metric: "helpful.vote", by: ["kind", "country", "detail", "vote"] }] },
];

/** First-answer times of peer conversations, bucketed by `within` (see above). */
export const FIRST_ANSWER_METRIC = "peer.first_answer";
/** Daily film views and opens by source: what the chart draws. */
export const CHART_VIEWS = "video.view";
export const CHART_SOURCES = "deeplink.open";
