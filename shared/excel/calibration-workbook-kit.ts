import type ExcelJS from 'exceljs';
import type { IssueParams } from '../domain/issues.ts';
import type { MessageCode } from '../domain/messages.ts';
import type { Lang } from '../domain/text.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
import { type Col, dataRow } from './report-rows.ts';
import { openSheet, type SheetOptions } from './report-sheet.ts';
import { say } from './calibration-workbook-words.ts';

/** What the calibration workbook's sheets share: sheet names, number formats, the sheet opener, a note row. */

/** The sheets, in tab order, by the message that names them. */
export const CALIBRATION_SHEETS = {
  about: 'calibration.sheet-about',
  assessors: 'calibration.sheet-assessors',
  items: 'calibration.sheet-items',
  cases: 'calibration.sheet-cases',
  compare: 'calibration.sheet-compare',
} as const satisfies Record<string, MessageCode>;

/** A sheet of the calibration workbook. */
export type CalibrationSheetKey = keyof typeof CALIBRATION_SHEETS;

/** Number formats: points to hundredths, shares as percentages with two decimals, coefficients to 4 decimals. */
export const FMT = {
  count: '0',
  points: '0.00',
  signedPoints: '+0.00;-0.00;0.00',
  share: '0.00%',
  signedShare: '+0.00%;-0.00%;0.00%',
  matched: '0.0%',
  coefficient: '0.0000',
} as const;

/** Green for "narrower" and "closer" (the house palette's orange marks the opposite). */
export const BETTER = 'FFE2EFDA';

/**
 * A column header, stacked so narrow columns break where a reader would: before a parenthesis
 * (宽严度 / (占分值), Leniency / (% of points)) and, in Chinese, after a case code (CASE1 / 标准差)
 * — wrapping Chinese text breaks between any two characters otherwise.
 */
export function head(code: MessageCode, lang: Lang, params: IssueParams = {}): string {
  const s = say(code, lang, params).replace(/\s*\(/, '\n(');
  return lang === 'zh' && !s.includes('\n') ? s.replace(' ', '\n') : s;
}

/**
 * Opens one of the calibration workbook's sheets with the house print setup (A4 landscape, one page
 * wide, the header rows repeated): named in the report's language, the district, round and
 * 校准报告 in the printed page header.
 */
export function calibrationSheet(
  wb: ExcelJS.Workbook,
  input: CalibrationDocInput,
  sheet: CalibrationSheetKey,
  cols: Col[],
  o: Omit<SheetOptions, 'lang' | 'pageHeader' | 'cols'>,
): ExcelJS.Worksheet {
  const lang = input.lang;
  return openSheet(wb, say(CALIBRATION_SHEETS[sheet], lang), {
    lang,
    pageHeader: `${input.districtName} · ${input.round.round} · ${say('calibration.title', lang)}`,
    cols,
    ...o,
  });
}

/**
 * A row of wrapped text across the first `span` columns (a legend, a note, a method), as tall as
 * the text needs at the columns' combined width; returns its number.
 */
export function textRow(
  ws: ExcelJS.Worksheet,
  cols: readonly Col[],
  text: string,
  o: { span?: number; fill?: string; bold?: boolean } = {},
): number {
  const span = o.span ?? cols.length;
  const width = cols.slice(0, span).reduce((s, c) => s + c.width, 0);
  return dataRow(ws, [{ header: '', width, wrap: true, user: true }], [text], {
    ...(span > 1 ? { merge: [1, span] as [number, number] } : {}),
    ...(o.fill ? { fill: o.fill } : {}),
    ...(o.bold ? { bold: true } : {}),
  });
}
