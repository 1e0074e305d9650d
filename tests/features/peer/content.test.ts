import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError } from "../../../src/content/content-error.js";
import {
  DEFAULT_CONSULTANTS_PATH,
  hoursText,
  isWorkingTime,
  languagesText,
  loadConsultants,
} from "../../../src/features/peer/peer.content.js";

const shipped = JSON.parse(readFileSync(DEFAULT_CONSULTANTS_PATH, "utf8")) as Record<string, unknown>;

function withFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pbr-consultants-")), "consultants.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function problem(content: unknown): string {
  try {
    loadConsultants(withFile(content));
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error("no error");
}

describe("src/content/consultants.json", () => {
  it("the shipped file is valid", () => {
    expect(() => loadConsultants()).not.toThrow();
  });

  it.each([
    [{ ...shipped, timeZone: "Tbilisi" }, "src/content/consultants.json: timeZone must be an IANA time zone"],
    [
      { ...shipped, hours: [{ days: ["mon"], from: "20:00", to: "10:00" }] },
      'src/content/consultants.json: hours[0].to "from" must be earlier than "to"',
    ],
    [
      { ...shipped, hours: [{ days: ["monday"], from: "10:00", to: "20:00" }] },
      "src/content/consultants.json: hours[0].days[0] must be one of mon",
    ],
    [{ ...shipped, hours: [{ days: ["mon"], from: "9:00", to: "20:00" }] }, "hours[0].from must be a time of day"],
    [{ ...shipped, languages: ["ru", "fr"] }, "src/content/consultants.json: languages[1] must be one of"],
    [{ ...shipped, replyWithinHours: 0 }, "src/content/consultants.json: replyWithinHours must be 1–168 hours"],
    [
      { ...shipped, groupLanguage: "fr" },
      "src/content/consultants.json: groupLanguage must be a language the bot speaks",
    ],
    [{ ...shipped, hour: 1 }, "src/content/consultants.json: has unknown keys: hour"],
    ["{ not json", "src/content/consultants.json: is not valid JSON"],
  ])("names the file and the field: %#", (content, message) => {
    expect(problem(content)).toContain(message);
  });

  it("without consultants configured, the time zone is not checked against ICU's data (the feature is off)", () => {
    const content = loadConsultants(withFile({ ...shipped, timeZone: "Tbilisi" }), { checkTimeZone: false });
    expect(content.timeZone).toBe("Tbilisi");
    expect(problem({ ...shipped, timeZone: "" })).toContain("timeZone must be an IANA time zone");
  });

  it("hours: working time in the consultants' time zone, written in the person's language", () => {
    const content = loadConsultants(
      withFile({
        ...shipped,
        timeZone: "Asia/Tbilisi",
        hours: [{ days: ["mon", "tue", "wed", "fri"], from: "10:00", to: "20:00" }],
      }),
    );
    // Wednesday 2 December 2026: 05:59 UTC is 09:59 in Tbilisi (UTC+4), 06:00 UTC is 10:00.
    expect(isWorkingTime(content, Date.UTC(2026, 11, 2, 5, 59))).toBe(false);
    expect(isWorkingTime(content, Date.UTC(2026, 11, 2, 6, 0))).toBe(true);
    expect(isWorkingTime(content, Date.UTC(2026, 11, 2, 16, 0))).toBe(false);
    // Thursday is not listed.
    expect(isWorkingTime(content, Date.UTC(2026, 11, 3, 8, 0))).toBe(false);
    expect(hoursText(content, "en", Date.UTC(2026, 11, 2))).toBe("Mon–Wed, Fri 10:00–20:00 (GMT+4)");
    expect(hoursText(content, "ru", Date.UTC(2026, 11, 2))).toBe("пн–ср, пт 10:00–20:00 (GMT+4)");
    expect(languagesText(content, "en")).toBe("Russian, Georgian, Ukrainian, English");
  });
});
