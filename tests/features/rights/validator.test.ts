import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createI18n, type I18n, type Lang } from "../../../src/bot/i18n.js";
import { telegramHtmlProblem } from "../../../src/bot/telegram/telegram-html.js";
import { ContentError } from "../../../src/content/content-error.js";
import { ContentErrors, loadRightsContent } from "../../../src/country/country.content.js";
import { parseHtml } from "../../support/fake-bot-api/html-entities.js";

const CONTENT = path.resolve(import.meta.dirname, "../../../src/content/rights");
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real structure files, with one of them changed. */
// biome-ignore lint/suspicious/noExplicitAny: tests break content files in arbitrary ways
type Json = any;

function contentWith(scope: string, change: (data: Json) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rights-content-"));
  dirs.push(dir);
  cpSync(CONTENT, dir, { recursive: true });
  const file = path.join(dir, `${scope}.json`);
  const data = JSON.parse(readFileSync(file, "utf8"));
  change(data);
  writeFileSync(file, JSON.stringify(data));
  return dir;
}

/** The real i18n resources, with one language's texts of one scope changed. */
function textsWith(lang: Lang, scope: string, change: (texts: Json) => void): I18n {
  const i18n = createI18n();
  const ns = `rights-${scope}`;
  const texts = structuredClone(i18n.instance.getResourceBundle(lang, ns));
  change(texts);
  i18n.instance.removeResourceBundle(lang, ns);
  i18n.instance.addResourceBundle(lang, ns, texts);
  return i18n;
}

/** The messages of every problem the loader reports. */
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ContentErrors) {
      for (const problem of error.problems) expect(problem).toBeInstanceOf(ContentError);
      return error.problems.map((problem) => problem.message);
    }
    if (error instanceof ContentError) return [error.message];
    throw error;
  }
  return [];
}

describe("rights content validation at start-up", () => {
  it("accepts the real content", () => {
    expect(problems(() => loadRightsContent({ i18n: createI18n() }))).toEqual([]);
  });

  it("names a missing structure file", () => {
    const dir = contentWith("ge", () => {});
    rmSync(path.join(dir, "ge.json"));
    expect(problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir }))).toEqual([
      "src/content/rights/ge.json: is missing",
    ]);
  });

  it("names a file that is not JSON", () => {
    const dir = contentWith("kz", () => {});
    writeFileSync(path.join(dir, "kz.json"), "{ not json");
    const [message] = problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir }));
    expect(message).toMatch(/^src\/content\/rights\/kz\.json: is not valid JSON/);
  });

  it("names the key of a contact without a source, and of an unknown source id", () => {
    const dir = contentWith("ge", (data) => {
      data.contacts[1].sources = [];
      data.topics.search.sources[0] = "no-such-source";
    });
    const found = problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir }));
    expect(found).toContain(
      "src/content/rights/ge.json: contacts[1].sources a contact needs a source: a contact with no source is not shown",
    );
    // A schema problem stops the file there; an unknown id is reported once the shape is right.
    const dir2 = contentWith("ge", (data) => {
      data.topics.search.sources[0] = "no-such-source";
    });
    expect(problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir2 }))).toContain(
      'src/content/rights/ge.json: topics.search.sources[0] names the source "no-such-source", which is not in "sources"',
    );
  });

  it("refuses a country-specific article without sources, a missing topic, a bad date and a bad phone", () => {
    const dir = contentWith("am", (data) => {
      data.topics.court.sources = [];
      delete data.topics.overdose;
      data.written = "28.11.2026";
      data.contacts[0].phones[0] = "call 116";
      data.contacts[0].categories = ["lawyers"];
    });
    const found = problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir }));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/content\/rights\/am\.json: topics\.overdose /),
        "src/content/rights/am.json: written must be a date written YYYY-MM-DD",
        expect.stringMatching(/^src\/content\/rights\/am\.json: contacts\[0\]\.phones\[0\] must be a number/),
        expect.stringMatching(/^src\/content\/rights\/am\.json: contacts\[0\]\.categories\[0\] /),
      ]),
    );
    const dir2 = contentWith("am", (data) => {
      data.topics.court.sources = [];
    });
    const found2 = problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir2 }));
    expect(found2).toEqual([
      'src/content/rights/am.json: topics.court.sources is empty: cite the sources, or mark the topic "countrySpecific": false and say so in the text',
      "locales/ru/rights-am.json: topics.court cites [1], [2], [3], [4], [5], [6] but lists no sources",
      "locales/ka/rights-am.json: topics.court cites [1], [2], [3], [4], [5], [6] but lists no sources",
      "locales/uk/rights-am.json: topics.court cites [1], [2], [3], [4], [5], [6] but lists no sources",
      "locales/en/rights-am.json: topics.court cites [1], [2], [3], [4], [5], [6] but lists no sources",
      // Armenian has Armenia's texts in full (src/content/languages.json), so they are checked too.
      "locales/hy/rights-am.json: topics.court cites [1], [2], [3], [4], [5], [6] but lists no sources",
    ]);
  });

  it("holds each language to the scopes src/content/languages.json says it has in full; elsewhere the card is enough", () => {
    // Kazakh has Kazakhstan in full: a missing topic there is refused.
    const noTopic = textsWith("kk", "kz", (texts) => {
      delete texts.topics.court;
    });
    expect(problems(() => loadRightsContent({ i18n: noTopic }))).toEqual([
      "locales/kk/rights-kz.json: topics.court is missing",
    ]);
    // Not Georgia: only the card is required, and a contact that is not Georgia's is refused.
    const partial = textsWith("kk", "ge", (texts) => {
      texts.contacts = { "no-such-contact": { name: "Атауы", hours: "", note: "" } };
    });
    expect(problems(() => loadRightsContent({ i18n: partial }))).toEqual([
      "locales/kk/rights-ge.json: contacts.no-such-contact is not a contact in src/content/rights/ge.json",
    ]);
    const noCard = textsWith("kk", "ge", (texts) => {
      delete texts.sos;
    });
    expect(problems(() => loadRightsContent({ i18n: noCard }))).toEqual(["locales/kk/rights-ge.json: sos is missing"]);
  });

  it("names what is wrong in src/content/languages.json", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "languages-"));
    dirs.push(dir);
    const file = path.join(dir, "languages.json");
    const real = JSON.parse(readFileSync(path.resolve(CONTENT, "../languages.json"), "utf8"));
    const broken = structuredClone(real);
    delete broken.languages.tg;
    broken.languages.kk.nativeReview = { by: "", date: "yesterday" };
    broken.languages.ru.rights = ["general"];
    writeFileSync(file, JSON.stringify(broken));
    expect(problems(() => loadRightsContent({ i18n: createI18n(), languagesFile: file }))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/content\/languages\.json: languages\.tg /),
        expect.stringMatching(/^src\/content\/languages\.json: languages\.kk\.nativeReview\.by /),
        expect.stringMatching(/^src\/content\/languages\.json: languages\.kk\.nativeReview\.date /),
      ]),
    );
    const notAll = structuredClone(real);
    notAll.languages.ru.rights = ["general"];
    writeFileSync(file, JSON.stringify(notAll));
    expect(problems(() => loadRightsContent({ i18n: createI18n(), languagesFile: file }))).toEqual([
      'src/content/languages.json: languages.ru.rights must be "all": other languages fall back to it',
    ]);
    expect(
      problems(() => loadRightsContent({ i18n: createI18n(), languagesFile: path.join(dir, "none.json") })),
    ).toEqual(["src/content/languages.json: is missing"]);
  });

  it("names what is wrong in the list of custody-critical claims", () => {
    const dir = contentWith("ua", (data) => {
      data.critical[0].sources.push("no-such-source");
      data.critical[1].where.push("topics.weather");
      data.critical[2].where.push("contacts.no-such-contact");
      data.critical[3].sources = [];
      data.critical[4].phones = ["112"];
      data.critical.push({ ...data.critical[5] });
      data.sources["cpc-213"].corroboratedBy = ["cpc-213", "nowhere"];
    });
    expect(problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir }))).toEqual([
      "src/content/rights/ua.json: sources.cpc-213.corroboratedBy[0] names the source itself",
      'src/content/rights/ua.json: sources.cpc-213.corroboratedBy[1] names the source "nowhere", which is not in "sources"',
      'src/content/rights/ua.json: critical[0].sources[4] names the source "no-such-source", which is not in "sources"',
      'src/content/rights/ua.json: critical[1].where[1] "topics.weather" is not a text of this scope',
      'src/content/rights/ua.json: critical[2].where[2] "contacts.no-such-contact" is not a text of this scope',
      "src/content/rights/ua.json: critical[3].sources is empty: a claim the texts make needs its sources",
      'src/content/rights/ua.json: critical[4].phones must list the numbers of a "phone" claim, and only of a "phone" claim',
      `src/content/rights/ua.json: critical[15].id "ua-notify-family" is used twice`,
    ]);
    const dir2 = contentWith("md", (data) => {
      data.critical[0].status = "probably";
      data.critical[1].checked = "yesterday";
    });
    expect(problems(() => loadRightsContent({ i18n: createI18n(), contentDir: dir2 }))).toEqual([
      expect.stringMatching(/^src\/content\/rights\/md\.json: critical\[0\]\.status /),
      "src/content/rights/md.json: critical[1].checked must be a date written YYYY-MM-DD",
    ]);
  });

  it("names a marker without a source, in the language file where it is", () => {
    const i18n = textsWith("ka", "ge", (texts) => {
      texts.topics.police += " [42]";
    });
    expect(problems(() => loadRightsContent({ i18n }))).toEqual([
      "locales/ka/rights-ge.json: topics.police cites [42] but only 10 sources are listed",
    ]);
  });

  it("names HTML Telegram would reject: an unescaped &, an unknown tag, a tag across paragraphs", () => {
    const i18n = textsWith("ru", "kg", (texts) => {
      texts.sos = `A & B. ${texts.sos}`;
      texts.topics.court = `<span>x</span> ${texts.topics.court}`;
      texts.topics.search = `<b>one\n\ntwo</b>\n\n${texts.topics.search}`;
    });
    const found = problems(() => loadRightsContent({ i18n }));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^locales\/ru\/rights-kg\.json: sos has an unescaped "&"/),
        "locales/ru/rights-kg.json: topics.court uses <span>, which Telegram does not support",
        expect.stringMatching(/^locales\/ru\/rights-kg\.json: topics\.search paragraph 1 is not complete on its own/),
      ]),
    );
  });

  it("names a missing topic text, a contact without a name and an unknown contact", () => {
    const i18n = textsWith("uk", "md", (texts) => {
      delete texts.topics.registry;
    });
    expect(problems(() => loadRightsContent({ i18n }))).toEqual([
      expect.stringMatching(/^locales\/uk\/rights-md\.json: topics\.registry /),
    ]);
    const i18n2 = textsWith("en", "ua", (texts) => {
      const [first] = Object.keys(texts.contacts);
      delete texts.contacts[first as string];
      texts.contacts["ua-invented"] = { name: "Invented", hours: "", note: "" };
    });
    const found = problems(() => loadRightsContent({ i18n: i18n2 }));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^locales\/en\/rights-ua\.json: contacts\.ua-[a-z0-9-]+ is missing/),
        "locales/en/rights-ua.json: contacts.ua-invented is not a contact in src/content/rights/ua.json",
      ]),
    );
  });
});

describe("telegramHtmlProblem agrees with Telegram's parser", () => {
  const samples = [
    "plain text",
    "<b>bold</b> and <i>italic</i> &amp; &lt;tag&gt; &#8212;",
    '<a href="https://example.org/a?b=1&amp;c=2">link</a>',
    "<blockquote>quote <b>bold</b></blockquote>",
    "A & B",
    "a < b",
    "<b>unclosed",
    "<b><i>crossed</b></i>",
    "<span>no</span>",
    "<b>x</b></b>",
  ];
  for (const sample of samples) {
    it(JSON.stringify(sample), () => {
      let telegramAccepts = true;
      try {
        parseHtml(sample, { strictAmpersand: true });
      } catch {
        telegramAccepts = false;
      }
      // The start-up check may be stricter than Telegram (e.g. <span>), never looser.
      if (!telegramAccepts) expect(telegramHtmlProblem(sample)).toBeDefined();
      if (sample === "<span>no</span>") expect(telegramHtmlProblem(sample)).toBeDefined();
      else expect(telegramHtmlProblem(sample) === undefined).toBe(telegramAccepts);
    });
  }
});
