import type ExcelJS from 'exceljs';
import { PHASES } from '../domain/layout.ts';
import type { RoundReport } from '../domain/round-report.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import {
  ABOUT_CATEGORY_HEADER,
  ABOUT_ROWS,
  ROUND_WORKBOOK_MARK,
  ROUND_WORKBOOK_VERSION,
  type AboutField,
} from './round-workbook-format.ts';
import { FILL } from './report-palette.ts';
import { blankRow, type Col, dataRow, headerRow, sectionTitle, type Value } from './report-rows.ts';
import { range } from './report-sheet.ts';
import { breathe } from './stream-pause.ts';
import { roundSheet } from './round-sheets-summary-matrix.ts';
import { ABOUT_LABELS, LEGEND, RW, say, sayAll } from './round-workbook-words.ts';

/** The round workbook's 测评员一致性 / Assessor consistency, 分布 / Distribution and 说明 / About sheets. */

const PERCENT = '0.0%';
const SIGNED_PERCENT = '+0.00%;-0.00%;0.00%';

/** Rows of the assessor-consistency sheet above the assessor table: header, alpha, two ICCs, a gap. */
const ASSESSOR_HEADER_ROW = 6;

/**
 * 测评员一致性 / Assessor consistency: the round's agreement coefficients — Krippendorff's alpha,
 * ICC(2,1) and ICC(3,1) pooled over the panels — with what each counted (rows 1–4), then one row per
 * assessor from row 6 with their mean deviation from the reconciled scores and a coloured leaning,
 * then each formal panel's ICCs.
 */
export function writeAssessors(wb: ExcelJS.Workbook, report: RoundReport): void {
  const lang = report.lang;
  const cols: Col[] = [
    { header: say(RW.coefficient, lang), width: 22, wrap: true, user: true },
    { header: say(RW.value, lang), width: 26, wrap: true, user: true },
    { header: say(RW.pairs, lang), width: 14, center: true, wrap: true },
    { header: say(RW.assessors, lang), width: 10, center: true, wrap: true },
    { header: say(RW.note, lang), width: 60, wrap: true },
  ];
  const ws = roundSheet(wb, report, 'assessors', cols, {
    freezeRows: ASSESSOR_HEADER_ROW,
    printTitles: `${ASSESSOR_HEADER_ROW}:${ASSESSOR_HEADER_ROW}`,
  });
  headerRow(ws, cols);
  const a = report.agreement;
  const coefficient = { fmts: [undefined, '0.000', '0', '0'] };
  dataRow(ws, cols, [a.name, a.value, a.units, a.assessors, a.note], coefficient);
  const icc = report.icc;
  const pooled = say(RW.iccRound, lang).replace('{n}', String(icc.round.panels));
  dataRow(
    ws,
    cols,
    [
      `ICC(2,1)`,
      icc.round.icc21,
      icc.round.items,
      a.assessors,
      `${pooled}${lang === 'zh' ? '。' : '. '}${icc.note}`,
    ],
    coefficient,
  );
  dataRow(ws, cols, [`ICC(3,1)`, icc.round.icc31, icc.round.items, a.assessors, pooled], coefficient);
  blankRow(ws);
  const header = headerRow(ws, cols, {
    labels: sayAll([RW.assessorId, RW.assessorName, RW.sheets, RW.meanDeviation, RW.leaning], lang),
  });
  if (header !== ASSESSOR_HEADER_ROW) throw new Error(`assessor header at row ${header}`);
  const fill = { lenient: FILL.lenient, severe: FILL.severe, neutral: undefined };
  const assessors = [...report.assessors].sort((x, y) => x.assessor.localeCompare(y.assessor));
  for (const s of assessors) {
    dataRow(ws, cols, [s.assessor, s.name, s.sheets, s.meanDeviation, say(RW[s.leaning], lang)], {
      fmts: [undefined, undefined, '0', SIGNED_PERCENT],
      fills: [undefined, undefined, undefined, fill[s.leaning], fill[s.leaning]],
    });
  }
  if (assessors.length > 0) ws.autoFilter = range(header, 1, header + assessors.length, 5);
  else dataRow(ws, cols, ['', say(RW.none, lang)]);
  sectionTitle(ws, say(RW.iccPanels, lang), 5);
  headerRow(ws, cols, {
    labels: [
      say(RW.unitCode, lang),
      say(RW.assessor, lang),
      say(RW.panelItems, lang),
      'ICC(2,1)',
      'ICC(3,1)',
    ],
  });
  for (const p of icc.panels)
    dataRow(ws, cols, [p.unit, p.assessors.join(lang === 'zh' ? '、' : ', '), p.items, p.icc21, p.icc31], {
      fmts: [undefined, undefined, '0', '0.000', '0.000'],
      align: 'center',
    });
  if (icc.panels.length === 0) dataRow(ws, cols, ['', say(RW.none, lang)]);
  ws.commit();
}

/** 分布 / Distribution: headline figures of the formal totals, then the score bands. */
export function writeDistribution(wb: ExcelJS.Workbook, report: RoundReport): void {
  const lang = report.lang;
  const d = report.distribution;
  const cols: Col[] = [
    { header: say(RW.measure, lang), width: 18 },
    { header: say(RW.value, lang), width: 12, center: true },
    { header: '', width: 10, center: true },
    { header: '', width: 44 },
  ];
  const ws = roundSheet(wb, report, 'distribution', cols, {
    freezeRows: 1,
  });
  headerRow(ws, cols, { labels: [say(RW.measure, lang), say(RW.value, lang)] });
  const figures: [keyof typeof RW, number | null, string][] = [
    ['count', d.count, '0'],
    ['mean', d.mean, '0.00'],
    ['median', d.median, '0.00'],
    ['min', d.min, '0.00'],
    ['maxScore', d.max, '0.00'],
    ['passRate', d.passRate, PERCENT],
    ['excellentRate', d.excellentRate, PERCENT],
  ];
  for (const [word, value, fmt] of figures)
    dataRow(ws, cols.slice(0, 2), [say(RW[word], lang), value], { fmts: [undefined, fmt] });
  blankRow(ws);
  headerRow(ws, cols, {
    labels: [say(RW.bin, lang), say(RW.count, lang), say(RW.share, lang), say(RW.chart, lang)],
  });
  const bins = [...d.bins].sort((x, y) => y.from - x.from);
  const most = Math.max(1, ...bins.map((b) => b.count));
  for (const b of bins) {
    dataRow(
      ws,
      cols,
      [
        `${b.from}–${b.to}`,
        b.count,
        d.count > 0 ? b.count / d.count : null,
        '█'.repeat(Math.round((b.count / most) * 30)),
      ],
      { fmts: [undefined, '0', PERCENT], colors: [undefined, undefined, undefined, 'FF2E75B6'] },
    );
  }
  ws.commit();
}

/**
 * 说明 / About: the marker and the round's identity in the fixed cells of ABOUT_ROWS, the legend,
 * the rule set's categories from row ABOUT_CATEGORY_HEADER, then the source submissions.
 */
export async function writeAbout(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cols: Col[] = [
    { header: say(RW.field, lang), width: 20, wrap: true, user: true },
    { header: say(RW.content, lang), width: 18, wrap: true },
    { header: '', width: 12, user: true },
    { header: '', width: 40, user: true },
    { header: '', width: 24 },
  ];
  const ws = roundSheet(wb, report, 'about', cols, {
    freezeRows: 1,
  });
  // For sizing rows: values span B–E, category titles B–D, the sources title A–E.
  const wide: Col[] = [cols[0]!, { header: '', width: 94, wrap: true, user: true }];
  const titled: Col[] = [
    cols[0]!,
    { header: '', width: 70, wrap: true, user: true },
    cols[2]!,
    cols[3]!,
    cols[4]!,
  ];
  let row = headerRow(ws, cols, {
    labels: [say(RW.field, lang), say(RW.content, lang), '', '', ''],
    merges: [[2, 5]],
  });
  const rs = report.ruleSet;
  const values: Record<AboutField, Value> = {
    format: ROUND_WORKBOOK_MARK,
    formatVersion: ROUND_WORKBOOK_VERSION,
    district: report.district,
    round: report.round,
    ruleSet: rs.id,
    ruleVersion: rs.version,
    fingerprint: rs.fingerprint,
    districtName: report.districtName,
    ruleTitle: rs.title,
    scale: rs.scale,
    method: report.method,
    generatedAt: report.generatedAt,
    lang,
    units: report.units.length,
    passRate: report.distribution.passRate,
    excellentRate: report.distribution.excellentRate,
  };
  const fmts: Partial<Record<AboutField, string>> = { passRate: PERCENT, excellentRate: PERCENT };
  const fields = (Object.entries(ABOUT_ROWS) as [AboutField, number][]).sort((x, y) => x[1] - y[1]);
  for (const [field, at] of fields) {
    row = dataRow(ws, wide, [say(ABOUT_LABELS[field], lang), values[field]], {
      merge: [2, 5],
      fmts: [undefined, fmts[field] ?? 'General'],
      fills: [FILL.section],
      align: 'left',
    });
    if (row !== at) throw new Error(`About: ${field} written to row ${row}, expected ${at}`);
  }
  row = dataRow(ws, wide, [say(RW.note, lang), say(LEGEND, lang)], { merge: [2, 5], fills: [FILL.section] });
  while (row + 1 < ABOUT_CATEGORY_HEADER) row = blankRow(ws);
  headerRow(ws, cols, {
    labels: [say(RW.categoryCode, lang), say(RW.categoryTitle, lang), '', '', say(RW.max, lang)],
    merges: [[2, 4]],
  });
  for (const c of report.categories)
    dataRow(ws, titled, [c.code, c.title, null, null, c.max], { merge: [2, 4] });
  sectionTitle(ws, say(RW.sources, lang), 5);
  headerRow(ws, cols, {
    labels: sayAll([RW.unitCode, RW.phase, RW.assessor, RW.uploadId, RW.receivedAt], lang),
  });
  const order = (p: string) => PHASES.indexOf(p as (typeof PHASES)[number]);
  const sources = [...report.sources].sort(
    (x, y) =>
      x.unit.localeCompare(y.unit) || order(x.phase) - order(y.phase) || x.assessor.localeCompare(y.assessor),
  );
  for (const [n, s] of sources.entries()) {
    await breathe(n);
    dataRow(ws, cols, [s.unit, SHEET_WORDS.phase[s.phase][lang], s.assessor, s.uploadId, s.receivedAt]);
  }
  if (sources.length === 0) dataRow(ws, cols, [say(RW.none, lang)]);
  ws.commit();
}
