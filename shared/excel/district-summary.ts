import type { Lang } from '../domain/text.ts';

/**
 * A district's round as the municipal comparison sees it: read back from its consolidated workbook
 * (district-compare.ts), planned (district-compare-plan.ts) and written (district-compare-sheets.ts).
 */

/** One unit as the consolidated workbook's summary sheet lists it. */
export interface SummaryUnit {
  code: string;
  name: string;
  total: number | null;
  grade: string;
  plaque: boolean;
  /** Category scores by code; null where not applicable or not assessed. */
  categories: Record<string, number | null>;
}

/**
 * A district's round as read back from its consolidated workbook. The optional fields are
 * always present when read by `readRoundWorkbook`; callers building one by hand may omit them.
 */
export interface RoundSummary {
  district: string;
  round: string;
  ruleSet: string;
  ruleVersion: number;
  fingerprint: string;
  units: SummaryUnit[];
  districtName?: string | undefined;
  lang?: Lang | undefined;
  /** What totals are out of. */
  scale?: number | undefined;
  /** The rule set's categories with their maximum points, for category percentages. */
  categories?: { code: string; title: string; max: number }[] | undefined;
  passRate?: number | null | undefined;
  excellentRate?: number | null | undefined;
}
