import { isLang, type Translate } from "../../bot/i18n.js";
import type { AppServices } from "../../bot/services.js";
import { categoryName, isCategoryChoice } from "../../country/contacts.render.js";
import { isCountryChoice, isTopic } from "../../country/country.content.js";
import { countryName, topicTitle } from "../../country/rights.render.js";
import type { ReportItem } from "./reach.report.js";

/** Plain-text labels (not HTML) of report items, in the operator's language. */
export interface Labels {
  item(sectionId: string, item: ReportItem): string;
  /** A section's heading. */
  section(id: string): string;
}

function country(t: Translate, code: string | null): string {
  return isCountryChoice(code) ? countryName(t, code) : (code ?? "—");
}

export function createLabels(app: Pick<AppServices, "i18n">, t: Translate): Labels {
  const source = (tag: string | null) =>
    tag === "none" || tag === null ? t("reach:source.none") : tag === "other" ? t("reach:source.other") : tag;
  const language = (code: string | null) =>
    isLang(code) ? app.i18n.fixedT(code)("common:languageName") : (code ?? "—");
  const helpful = (dims: ReportItem["dims"]) => {
    const kind = dims.kind ?? "";
    const detail = dims.detail ?? "";
    const what =
      kind === "a" && isTopic(detail)
        ? topicTitle(t, detail)
        : kind === "c" && isCategoryChoice(detail)
          ? categoryName(t, detail)
          : t("reach:kinds.s");
    const vote = dims.vote === "up" ? "👍" : "👎";
    return `${vote} ${country(t, dims.country ?? null)} · ${what}`;
  };
  return {
    section: (id) => t(`reach:sections.${id}`),
    item(sectionId, item) {
      const { dims } = item;
      switch (sectionId) {
        case "films":
        case "shares":
          return dims.video ?? "—";
        case "languages":
          return language(dims.lang ?? null);
        case "sources":
          return source(dims.source ?? null);
        case "articles":
          return `${country(t, dims.country ?? null)} · ${isTopic(dims.topic) ? topicTitle(t, dims.topic) : (dims.topic ?? "—")}`;
        case "cards":
        case "contacts":
          return country(t, dims.country ?? null);
        case "helpful":
          return helpful(dims);
        default:
          return t(`reach:metrics.${item.label}`);
      }
    },
  };
}
