import type ExcelJS from 'exceljs';
import { LEANING_THRESHOLD } from '../domain/agreement.ts';
import { colLetter } from '../domain/layout.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
import { calibrationSheet, FMT, head, textRow } from './calibration-workbook-kit.ts';
import {
  byDistance,
  furthestLine,
  judgementLine,
  keyJudgement,
  keyLabel,
  leaning,
  pts,
  say,
} from './calibration-workbook-words.ts';
import { FILL } from './report-palette.ts';
import { blankRow, type Col, dataRow, headerRow } from './report-rows.ts';
import { range } from './report-sheet.ts';

/** The calibration workbook's 测评员 / Assessors, 评分项 / Items and 案例 / Cases sheets. */

const lines = (xs: readonly string[]) => xs.join('\n');

/** The orange (lenient) and blue (severe) fills of the leniency cells, as conditional formats on the share in `shareCol`. */
function leaningColours(ws: ExcelJS.Worksheet, refs: string[], shareCol: number, first: number): void {
  const cell = `$${colLetter(shareCol)}${first}`;
  const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', bgColor: { argb } });
  for (const ref of refs)
    ws.addConditionalFormatting({
      ref,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [`AND(ISNUMBER(${cell}),${cell}>${LEANING_THRESHOLD})`],
          style: { fill: fill(FILL.lenient) },
        },
        {
          type: 'expression',
          priority: 2,
          formulae: [`AND(ISNUMBER(${cell}),${cell}<-${LEANING_THRESHOLD})`],
          style: { fill: fill(FILL.severe) },
        },
      ],
    });
}

/**
 * 测评员 / Assessors: one row per assessor, furthest from the key first — sheets, items compared,
 * leniency and MAD in points and as a share of the points, the leaning (coloured), each case's
 * total deviation, the items furthest off and the judgements that differ; a legend below.
 */
export function writeAssessors(wb: ExcelJS.Workbook, input: CalibrationDocInput): void {
  const { report, lang } = input;
  const cases = report.cases.map((c) => c.code);
  const cols: Col[] = [
    { header: head('calibration.col-assessor', lang), width: 12, user: true },
    { header: head('calibration.col-sheets', lang), width: 8, fmt: FMT.count, center: true },
    { header: head('calibration.col-items', lang), width: 10, fmt: FMT.count, center: true },
    { header: head('calibration.col-leniency', lang), width: 11, fmt: FMT.signedPoints, center: true },
    { header: head('calibration.col-leniency-share', lang), width: 11, fmt: FMT.signedShare, center: true },
    { header: head('calibration.col-mad', lang), width: 11, fmt: FMT.points, center: true },
    { header: head('calibration.col-mad-share', lang), width: 11, fmt: FMT.share, center: true },
    { header: head('calibration.col-leaning', lang), width: 8, center: true },
    ...cases.map((c) => ({
      header: head('calibration.col-case-deviation', lang, { case: c }),
      width: 11,
      fmt: FMT.signedPoints,
      center: true,
    })),
    { header: head('calibration.col-furthest', lang), width: 30, wrap: true },
    { header: head('calibration.col-judgements', lang), width: 46, wrap: true },
  ];
  const ws = calibrationSheet(wb, input, 'assessors', cols, { freezeRows: 1, freezeCols: 1 });
  const header = headerRow(ws, cols);
  const rows = byDistance(report.assessors);
  for (const a of rows) {
    const lean = leaning(a.leniencyShare);
    const byCase = new Map(a.cases.map((c) => [c.case, c.deviation]));
    dataRow(ws, cols, [
      a.assessor,
      a.sheets,
      a.items,
      a.leniency,
      a.leniencyShare,
      a.mad,
      a.madShare,
      lean && say(`calibration.${lean}`, lang),
      ...cases.map((c) => byCase.get(c) ?? null),
      lines(a.furthest.map((d) => furthestLine(d, lang))),
      lines(a.judgements.map((j) => judgementLine(j, lang))),
    ]);
  }
  const last = header + rows.length;
  if (rows.length > 0) {
    ws.autoFilter = range(header, 1, last, cols.length);
    leaningColours(ws, [range(header + 1, 4, last, 5), range(header + 1, 8, last, 8)], 5, header + 1);
  } else dataRow(ws, cols, [say('calibration.none', lang)]);
  blankRow(ws);
  textRow(ws, cols, say('calibration.leaning-legend', lang));
}

/**
 * 评分项 / Items: one row per item, read most differently first (the report's order) — category,
 * points, spread, range, share who matched the key, each case's SD, and the reasons people wrote.
 */
export function writeItems(wb: ExcelJS.Workbook, input: CalibrationDocInput): void {
  const { report, lang, titles } = input;
  const cases = report.cases.map((c) => c.code);
  const cols: Col[] = [
    { header: head('calibration.col-code', lang), width: 9, user: true },
    { header: head('calibration.col-title', lang), width: 28, wrap: true, user: true },
    { header: head('calibration.col-category', lang), width: 14, wrap: true, user: true },
    { header: head('calibration.col-max', lang), width: 7, fmt: 'General', center: true },
    { header: head('calibration.col-spread', lang), width: 10, fmt: FMT.points, center: true },
    { header: head('calibration.col-spread-share', lang), width: 10, fmt: FMT.share, center: true },
    { header: head('calibration.col-range', lang), width: 10, fmt: FMT.points, center: true },
    { header: head('calibration.col-matched', lang), width: 10, fmt: FMT.matched, center: true },
    { header: head('calibration.col-compared', lang), width: 10, fmt: FMT.count, center: true },
    ...cases.map((c) => ({
      header: head('calibration.col-case-sd', lang, { case: c }),
      width: 9,
      fmt: FMT.points,
      center: true,
    })),
    { header: head('calibration.col-reasons', lang), width: 52, wrap: true, user: true },
  ];
  const ws = calibrationSheet(wb, input, 'items', cols, { freezeRows: 1, freezeCols: 1 });
  const header = headerRow(ws, cols);
  for (const i of report.items) {
    const sd = new Map(i.cases.map((c) => [c.case, c.sd]));
    dataRow(ws, cols, [
      i.code,
      titles[i.code] ?? '',
      `${i.category} ${titles[i.category] ?? ''}`.trim(),
      i.max,
      i.spread,
      i.spreadShare,
      i.range,
      i.matched,
      i.compared,
      ...cases.map((c) => sd.get(c) ?? null),
      lines(i.reasons.map((r) => say('calibration.reason-line', lang, { ...r }))),
    ]);
  }
  if (report.items.length > 0) ws.autoFilter = range(header, 1, header + report.items.length, cols.length);
  else dataRow(ws, cols, [say('calibration.none', lang)]);
  blankRow(ws);
  textRow(ws, cols, say('calibration.items-legend', lang));
}

/**
 * 案例 / Cases: per case a heading (its key: the answer key or the panel median, and the key's
 * total), its description, then the key's answer to each item — score, judgement and reason —
 * beside the lowest and highest score the assessors gave and their SD.
 */
export function writeCases(wb: ExcelJS.Workbook, input: CalibrationDocInput): void {
  const { report, lang, titles, rs } = input;
  const cols: Col[] = [
    { header: head('calibration.col-code', lang), width: 9, user: true },
    { header: head('calibration.col-title', lang), width: 32, wrap: true, user: true },
    { header: head('calibration.col-max', lang), width: 7, fmt: 'General', center: true },
    { header: head('calibration.col-key-score', lang), width: 10, fmt: FMT.points, center: true },
    { header: head('calibration.col-key-judgement', lang), width: 12, wrap: true, center: true },
    { header: head('calibration.col-low', lang), width: 9, fmt: FMT.points, center: true },
    { header: head('calibration.col-high', lang), width: 9, fmt: FMT.points, center: true },
    { header: head('calibration.col-sd', lang), width: 9, fmt: FMT.points, center: true },
    { header: head('calibration.col-key-reason', lang), width: 50, wrap: true, user: true },
  ];
  const ws = calibrationSheet(wb, input, 'cases', cols, { freezeRows: 1, freezeCols: 1 });
  headerRow(ws, cols);
  const spreads = new Map(report.items.map((i) => [i.code, new Map(i.cases.map((c) => [c.case, c]))]));
  const descriptions = new Map((input.round.cases ?? []).map((c) => [c.code, c.description]));
  report.cases.forEach((c, n) => {
    if (n > 0) blankRow(ws);
    const heading = say('calibration.case-heading', lang, {
      case: c.code,
      title: c.title,
      key: keyLabel(c.key, lang),
      total: c.total === null ? '—' : pts(c.total),
      sheets: c.sheets,
    });
    textRow(ws, cols, heading, { fill: FILL.section, bold: true });
    const description = descriptions.get(c.code)?.trim();
    if (description) textRow(ws, cols, description);
    for (const k of c.items) {
      const s = spreads.get(k.code)?.get(c.code);
      dataRow(ws, cols, [
        k.code,
        titles[k.code] ?? '',
        rs.byCode.get(k.code)?.maxPoints ?? null,
        k.score,
        keyJudgement(k, lang),
        s?.low ?? null,
        s?.high ?? null,
        s?.sd ?? null,
        k.reason ?? '',
      ]);
    }
  });
  if (report.cases.length === 0) dataRow(ws, cols, [say('calibration.none', lang)]);
}
