import type { Translate } from "../../bot/i18n.js";
import { TOPICS, type Topic } from "../../delivery/audience.js";

/**
 * The topics (defined with audiences, in src/delivery) as stored: a bit set, so a row stays small
 * and an audience filter is one `topics & bit` test. Bits are persisted: never renumber, only append.
 */
const BIT: Record<Topic, number> = { videos: 1, news: 2, events: 4, rights: 8 };

/** Every topic chosen: what the consent screen starts with. */
export const ALL_TOPICS = TOPICS.reduce((mask, topic) => mask | BIT[topic], 0);

export function topicBit(topic: Topic): number {
  return BIT[topic];
}

export function hasTopic(mask: number, topic: Topic): boolean {
  return (mask & BIT[topic]) !== 0;
}

export function toggleTopic(mask: number, topic: Topic): number {
  return mask ^ BIT[topic];
}

/** A mask as stored: only known bits, at least one of them. Anything else (forged data) is undefined. */
export function parseTopicMask(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value)) return undefined;
  const mask = Number(value);
  return mask > 0 && (mask & ~ALL_TOPICS) === 0 ? mask : undefined;
}

export function topicsOf(mask: number): Topic[] {
  return TOPICS.filter((topic) => hasTopic(mask, topic));
}

/** A country's name for operators: known codes are translated, others shown as they are. */
export function countryName(t: Translate, code: string | null): string {
  if (code === null) return t("subscriptions:countries.none");
  const key = `subscriptions:countries.${code}`;
  const name = t(key);
  return name === key || name === `countries.${code}` ? code.toUpperCase() : name;
}
