import { describe, expect, it } from "vitest";
import { visibleLength } from "../../../src/bot/html.js";
import { createI18n } from "../../../src/bot/i18n.js";
import { loadRightsContent, type RightsContent } from "../../../src/features/rights/rights.content.js";
import {
  formatDate,
  packPages,
  renderArticle,
  renderSosCard,
  reviewLine,
} from "../../../src/features/rights/rights.render.js";

const i18n = createI18n();
const content = loadRightsContent({ i18n });
const en = { t: i18n.fixedT("en"), lang: "en" as const };

describe("packPages", () => {
  const para = (n: number, size: number) => ({ html: `${n}${"x".repeat(size - 2)}.` });

  it("keeps everything on one page when it fits", () => {
    expect(packPages([para(1, 100), para(2, 100)], 300)).toEqual([[para(1, 100).html, para(2, 100).html]]);
  });

  it("breaks only between paragraphs, and keeps a heading with the paragraph after it", () => {
    const blocks = [para(1, 150), { html: "<b>Heading</b>", keepWithNext: true }, para(2, 120), para(3, 50)];
    const pages = packPages(blocks, 200);
    expect(pages).toEqual([[para(1, 150).html], [`<b>Heading</b>\n\n${para(2, 120).html}`, para(3, 50).html]]);
    for (const page of pages) expect(visibleLength(page.join("\n\n"))).toBeLessThanOrEqual(200);
  });

  it("splits a block longer than a page between its lines", () => {
    const list = Array.from(
      { length: 30 },
      (_, i) => `${i + 1}. <a href="https://example.org/${i}">Source ${i + 1}</a>`,
    );
    const pages = packPages([{ html: list.join("\n") }], 120);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat().join("\n").split("\n")).toEqual(list);
  });
});

describe("articles", () => {
  it("continues the numbering of the general sources after the country's", () => {
    const countrySources = content.scopes.ge.topics.police.sources.length;
    const all = renderArticle(en, content, "ge", "police").join("\n\n");
    const general = content.scopes.general.texts.en.topics.police;
    const firstGeneralMarker = Number(/\[(\d+)\]/.exec(general)?.[1]);
    expect(all).toContain(`[${firstGeneralMarker + countrySources}]`);
    const firstSource = content.scopes.general.sources[content.scopes.general.topics.police.sources[0] as string];
    expect(all).toContain(`${countrySources + 1}. <a href="${firstSource?.url}">`);
  });

  it("for another country shows the international text alone, numbered from 1", () => {
    const pages = renderArticle(en, content, "other", "court");
    const all = pages.join("\n\n");
    expect(all).not.toContain(content.scopes.ge.texts.en.topics.court.slice(0, 40));
    expect(all).toContain("1. <a href=");
    expect(pages[0]).toContain("<i>International standards</i>");
  });

  it("marks the overdose article as health information", () => {
    expect(renderArticle(en, content, "ua", "overdose")[0]).toContain("This is health information, not legal advice.");
    expect(renderArticle(en, content, "ua", "police")[0]).not.toContain("health information");
  });

  it("says who reviewed it once every part shown has been reviewed", () => {
    const reviewed: RightsContent = {
      scopes: {
        ...content.scopes,
        am: { ...content.scopes.am, lawyerReview: { by: "Yerevan Bar volunteer", date: "2026-12-01" } },
        general: { ...content.scopes.general, lawyerReview: { by: "HR lawyer", date: "2026-12-03" } },
      },
    };
    expect(reviewLine(en, [reviewed.scopes.am, reviewed.scopes.general])).toBe(
      "Reviewed by a lawyer: Yerevan Bar volunteer, HR lawyer, December 3, 2026",
    );
    expect(reviewLine(en, [reviewed.scopes.ge, reviewed.scopes.general])).toBe("Not yet reviewed by a lawyer.");
    const card = renderSosCard(en, reviewed, "am");
    expect(card).toContain("Reviewed by a lawyer: Yerevan Bar volunteer, December 1, 2026");
    expect(card).not.toContain("Not yet reviewed");
  });

  it("writes dates in the reader's language", () => {
    expect(formatDate("ru", "2026-11-28")).toBe("28 ноября 2026 г.");
    expect(formatDate("ka", "2026-11-28")).toContain("ნოემბერი");
    expect(formatDate("uk", "2026-11-28")).toContain("листопада");
  });
});
