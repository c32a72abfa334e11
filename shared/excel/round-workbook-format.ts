/**
 * The fixed places of the consolidated round workbook (汇总工作簿), shared by its writer and by the
 * reader behind the municipal comparison. Change them only together with ROUND_WORKBOOK_VERSION.
 *
 * The 说明 / About sheet carries the marker in fixed cells of column B (labels in column A):
 *   B2 `cepin-round-workbook`, B3 format version (1), B4 district code, B5 round, B6 rule set id,
 *   B7 rule set version, B8 rule set fingerprint, then B9–B17 as listed in ABOUT_ROWS.
 * The category table (code, title, max) starts with its header in row ABOUT_CATEGORY_HEADER and
 * runs until the first empty column-A cell. The 汇总 / Summary sheet has one header row; its
 * columns are rank, code, name, one per category in About order, then SUMMARY_TAIL (version 1 had
 * no grade-reasons column: SUMMARY_TAIL_V1).
 */
export const ROUND_WORKBOOK_MARK = 'cepin-round-workbook';

/** Version of the layout described here. */
export const ROUND_WORKBOOK_VERSION = 2;

/** Earlier versions the municipal comparison still reads. */
export const ROUND_WORKBOOK_READABLE = [1, 2] as const;

/** Row of each fixed About field (value in column B). */
export const ABOUT_ROWS = {
  format: 2,
  formatVersion: 3,
  district: 4,
  round: 5,
  ruleSet: 6,
  ruleVersion: 7,
  fingerprint: 8,
  districtName: 9,
  ruleTitle: 10,
  scale: 11,
  method: 12,
  generatedAt: 13,
  lang: 14,
  units: 15,
  passRate: 16,
  excellentRate: 17,
} as const;

/** A fixed About field. */
export type AboutField = keyof typeof ABOUT_ROWS;

/** Header row of the category table on About (rows below it: code, title, max). */
export const ABOUT_CATEGORY_HEADER = 20;

/** Summary columns after the category columns, in order. */
export const SUMMARY_TAIL = ['total', 'grade', 'reasons', 'plaque', 'precheck', 'self'] as const;

/** The same in format version 1. */
export const SUMMARY_TAIL_V1 = ['total', 'grade', 'plaque', 'precheck', 'self'] as const;

/** The 1-based Summary column of a tail field, after `categories` category columns. */
export function summaryColumn(
  field: (typeof SUMMARY_TAIL)[number],
  categories: number,
  version: number = ROUND_WORKBOOK_VERSION,
): number {
  const tail: readonly string[] = version === 1 ? SUMMARY_TAIL_V1 : SUMMARY_TAIL;
  return 4 + categories + tail.indexOf(field);
}

/** Sheet names of the round workbook, per language, in tab order. */
export const ROUND_SHEETS = {
  summary: { zh: '汇总', en: 'Summary' },
  matrix: { zh: '评分明细', en: 'Item matrix' },
  reconciliation: { zh: '合议记录', en: 'Reconciliation' },
  precheck: { zh: '预检与正式', en: 'Pre-check vs formal' },
  self: { zh: '自评与测评', en: 'Self vs panel' },
  assessors: { zh: '测评员一致性', en: 'Assessor consistency' },
  distribution: { zh: '分布', en: 'Distribution' },
  feedback: { zh: '反馈意见', en: 'Feedback' },
  missing: { zh: '缺交', en: 'Missing' },
  about: { zh: '说明', en: 'About' },
} as const;

/** The word a plaque cell holds for yes, per language. */
export const PLAQUE_YES = { zh: '是', en: 'Yes' } as const;
