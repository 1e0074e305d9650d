/**
 * Anonymous daily counts of what was opened, read by the operators' reach report: an article's
 * first page by `country` and `topic`, the detained card and a country's contacts by `country`.
 */
export const OPENED = { article: "rights.article", sos: "rights.sos", contacts: "contacts.open" } as const;
