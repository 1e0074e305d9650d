import { describe, expect, it } from "vitest";
import { createI18n, LANGUAGES, type Lang } from "../../../src/bot/i18n.js";
import { escapeHtml, visibleLength, visibleText } from "../../../src/bot/telegram/html.js";
import { formatDate } from "../../../src/bot/ui/dates.js";
import {
  COUNTRY_CHOICES,
  loadRightsContent,
  type RightsContent,
  TOPICS,
} from "../../../src/country/country.content.js";
import {
  packPages,
  renderArticle,
  renderSosCard,
  reviewLine,
  sourceHost,
  withoutHealthNotice,
} from "../../../src/country/rights.render.js";

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
    const general = content.scopes.general.texts.en.topics.police as string;
    const firstGeneralMarker = Number(/\[(\d+)\]/.exec(general)?.[1]);
    expect(all).toContain(`[${firstGeneralMarker + countrySources}]`);
    const firstSource = content.scopes.general.sources[content.scopes.general.topics.police.sources[0] as string];
    expect(all).toContain(
      `[${countrySources + 1}] <a href="${firstSource?.url}">${sourceHost(firstSource?.url ?? "")}</a>`,
    );
  });

  it("for another country shows the international text alone, numbered from 1", () => {
    const pages = renderArticle(en, content, "other", "court");
    const all = pages.join("\n\n");
    expect(all).not.toContain(content.scopes.ge.texts.en.topics.court?.slice(0, 40));
    expect(all).toContain("<b>Sources:</b> [1] <a href=");
    expect(pages[0]).toContain("<i>International standards</i>");
  });

  it("marks the overdose article as health information", () => {
    expect(renderArticle(en, content, "ua", "overdose")[0]).toContain("This is health information, not legal advice.");
    expect(renderArticle(en, content, "ua", "police")[0]).not.toContain("health information");
  });

  it("says it is health information once, however the texts under it open or close", () => {
    // The phrase of each language's notice, as the bot's line and the content writers put it.
    const notice: Record<Lang, RegExp> = {
      en: /not legal advice/g,
      ru: /не юридическ/g,
      uk: /не юридичн/g,
      ka: /არა იურიდიული/g,
      kk: /заң кеңесі емес/g,
      ky: /кеңеш эмес/g,
      ro: /consultație juridică/g,
      hy: /իրավաբանական խորհրդատվություն/g,
      az: /hüquqi məsləhət deyil/g,
      uz: /yuridik maslahat emas/g,
      tg: /на машварати ҳуқуқӣ/g,
      be: /не юрыдычная/g,
    };
    for (const lang of LANGUAGES) {
      const speaker = { t: i18n.fixedT(lang), lang };
      for (const country of COUNTRY_CHOICES) {
        const pages = renderArticle(speaker, content, country, "overdose");
        expect(pages[0], `${lang} ${country}`).toContain(`ℹ️ <i>${speaker.t("rights:article.health")}</i>`);
        const said = visibleText(pages.join("\n")).match(notice[lang]) ?? [];
        expect(said.length, `${lang} ${country}`).toBe(1);
      }
    }
  });

  it("drops a text's own health notice only when it is one sentence at the start or the end", () => {
    const text = "<i>This is health information, not legal advice.</i>\n\n<b>Call 112.</b> Stay with them.";
    expect(withoutHealthNotice("en", text)).toBe("<b>Call 112.</b> Stay with them.");
    expect(withoutHealthNotice("en", "Health information, not legal advice. Every minute counts.")).toBe(
      "Every minute counts.",
    );
    expect(
      withoutHealthNotice("en", "Call 112 [1].\n\nSee below. This is medical information, not legal advice."),
    ).toBe("Call 112 [1].\n\nSee below.");
    // An italic run that says more, or the phrase in the middle, stays.
    const more = "<i>This is health information, not legal advice. Call 112.</i>\n\nStay.";
    expect(withoutHealthNotice("en", more)).toBe(more);
    const middle = "Call 112. This is health information, not legal advice. Stay with them.";
    expect(withoutHealthNotice("en", middle)).toBe(middle);
    // Other languages' wording is recognised in their own language only.
    expect(withoutHealthNotice("ru", "Это медицинская информация, а не юридическая консультация. Звоните 103.")).toBe(
      "Звоните 103.",
    );
    expect(
      withoutHealthNotice("en", "Это медицинская информация, а не юридическая консультация. Звоните 103."),
    ).toContain("Это");
  });

  it("lists sources by their site, never the researchers' titles and notes", () => {
    for (const lang of LANGUAGES) {
      const speaker = { t: i18n.fixedT(lang), lang };
      for (const country of COUNTRY_CHOICES) {
        const shown = [
          ...TOPICS.flatMap((topic) => renderArticle(speaker, content, country, topic)),
          ...(country === "other" ? [] : [renderSosCard(speaker, content, country)]),
        ].join("\n");
        for (const scope of Object.values(content.scopes)) {
          for (const source of Object.values(scope.sources)) {
            expect(shown, `${lang} ${country}`).not.toContain(escapeHtml(source.title));
            expect(shown, `${lang} ${country}`).not.toContain(`— ${escapeHtml(source.publisher)}`);
          }
        }
        expect(shown).not.toMatch(/undated copy|third-party copy|page footer|part read\)|introduction read/);
      }
    }
    const card = renderSosCard(en, content, "ge");
    const first = content.scopes.ge.sources[content.scopes.ge.sos.sources[0] as string];
    expect(card).toContain(`<b>Sources:</b> [1] <a href="${first?.url}">${sourceHost(first?.url ?? "")}</a> · [2] `);
  });

  it("names a source by its host, without www.", () => {
    expect(sourceHost("https://www.oc-media.org/georgia-tightens")).toBe("oc-media.org");
    expect(sourceHost("http://cadureso.com:8080/x")).toBe("cadureso.com");
    expect(sourceHost("https://matsne.gov.ge/ka/document/view/1")).toBe("matsne.gov.ge");
    expect(sourceHost("https://xn--e1afmkfd.xn--p1ai/")).toBe("пример.рф");
  });

  it("says who reviewed it once every part shown has been reviewed", () => {
    const reviewed: RightsContent = {
      languages: content.languages,
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
