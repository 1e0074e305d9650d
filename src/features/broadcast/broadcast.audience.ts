import { eq, isNull, type SQL, sql } from "drizzle-orm";
import { isLang } from "../../bot/i18n.js";
import { subscribers } from "../subscriptions/subscriptions.schema.js";
import { isTopic, type Topic, topicBit } from "../subscriptions/subscriptions.topics.js";

/** Who a broadcast goes to: everyone, or one language, one country (null: none chosen), one topic. */
export type Audience =
  | { kind: "all" }
  | { kind: "lang"; value: string }
  | { kind: "country"; value: string | null }
  | { kind: "topic"; value: Topic };

/** Country codes as the rights content uses them: lower-case letters, or "general". */
const COUNTRY = /^[a-z]{2,8}$/;

/** The audience described by callback-data parts (`all`, `lang ka`, `country ge`, `country none`, `topic news`). */
export function audienceFromParts(kind: string | undefined, value: string | undefined): Audience | undefined {
  if (kind === "all") return { kind: "all" };
  if (kind === "lang" && isLang(value)) return { kind: "lang", value };
  if (kind === "country" && value === "none") return { kind: "country", value: null };
  if (kind === "country" && value !== undefined && COUNTRY.test(value)) return { kind: "country", value };
  if (kind === "topic" && isTopic(value)) return { kind: "topic", value };
  return undefined;
}

export function parseAudience(json: string): Audience {
  const value = JSON.parse(json) as Audience;
  const parsed = audienceFromParts(value.kind, value.kind === "all" ? undefined : (value.value ?? "none"));
  if (!parsed) throw new Error("stored audience is not valid");
  return parsed;
}

/** The SQL condition on `subscribers` that selects an audience. */
export function audienceCondition(audience: Audience): SQL | undefined {
  switch (audience.kind) {
    case "all":
      return undefined;
    case "lang":
      return eq(subscribers.lang, audience.value);
    case "country":
      return audience.value === null ? isNull(subscribers.country) : eq(subscribers.country, audience.value);
    case "topic":
      return sql`(${subscribers.topics} & ${topicBit(audience.value)}) != 0`;
  }
}
