import ExcelJS from 'exceljs';
import type { MessageCode } from '../domain/messages.ts';
import { message } from '../domain/messages.ts';
import { tr } from '../domain/text.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
import { calibrationSheet, FMT, textRow } from './calibration-workbook-kit.ts';
import { writeCompare } from './calibration-workbook-compare.ts';
import { writeAssessors, writeCases, writeItems } from './calibration-workbook-sheets.ts';
import { alphaBand, iccBand, keyLabel, say } from './calibration-workbook-words.ts';
import { FILL } from './report-palette.ts';
import { type Col, dataRow, headerRow, sectionTitle, type Value } from './report-rows.ts';

/**
 * The calibration report (校准报告) as a workbook: 说明 / About (the round, the rubric, the cases and
 * their keys, the overall agreement and what it means, the method, the notes), 测评员 / Assessors,
 * 评分项 / Items, 案例 / Cases and, with a comparison, 前后对比 / Before-after. Chinese by default,
 * English with lang 'en'; every sheet frozen below its header and printed on A4 landscape, one page
 * wide, the header repeated on each page.
 */
export async function writeCalibrationWorkbook(input: CalibrationDocInput): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cepin';
  wb.created = input.now;
  wb.modified = input.now;
  wb.title = `${input.districtName} ${input.round.round} ${say('calibration.title', input.lang)}`;
  writeAbout(wb, input);
  writeAssessors(wb, input);
  writeItems(wb, input);
  writeCases(wb, input);
  writeCompare(wb, input);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** An English band starts a sentence of its own in a cell; a Chinese one reads the same. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * 说明 / About: what the round is (district, round, rubric id, version and fingerprint, the key's
 * id, counts), the cases with where their key comes from, the notes, the overall agreement —
 * Krippendorff's alpha, ICC(2,1), ICC(3,1), what each counted and what the value means — and the method.
 */
function writeAbout(wb: ExcelJS.Workbook, input: CalibrationDocInput): void {
  const { report, lang, rs, comparison } = input;
  const cols: Col[] = [
    { header: say('calibration.field', lang), width: 22, wrap: true, user: true },
    { header: say('calibration.content', lang), width: 28, wrap: true, user: true },
    { header: '', width: 12, center: true },
    { header: '', width: 14, center: true },
    { header: '', width: 12, center: true },
    { header: '', width: 52, wrap: true, user: true },
  ];
  const ws = calibrationSheet(wb, input, 'about', cols, { freezeRows: 1 });
  headerRow(ws, cols, { merges: [[2, 6]] });
  // Sizing: a value spans B–F.
  const wide: Col[] = [cols[0]!, { header: '', width: 118, wrap: true, user: true }];
  const info: [MessageCode, Value][] = [
    ['calibration.district', input.districtName],
    ['calibration.round', input.round.round],
    ['calibration.rubric', rs.id],
    ['calibration.rubric-title', tr(rs.title, lang)],
    ['calibration.rubric-version', report.ruleSet.version],
    ['calibration.fingerprint', report.ruleSet.fingerprint],
    ['calibration.key-id', report.keyAssessor],
    ['calibration.assessor-count', report.overall.assessors],
    ['calibration.case-count', report.overall.cases],
    ...(comparison ? [['calibration.compared-with', comparison.before] as [MessageCode, Value]] : []),
    ['calibration.generated', input.now.toISOString()],
  ];
  for (const [label, value] of info)
    dataRow(ws, wide, [say(label, lang), value], {
      merge: [2, 6],
      fills: [FILL.section],
      align: 'left',
      fmts: [undefined, 'General'],
    });

  sectionTitle(ws, say('calibration.section-cases', lang), cols.length);
  const caseCols: Col[] = cols.map((c, i) => (i === 4 ? { ...c, fmt: FMT.points } : c));
  headerRow(ws, caseCols, {
    labels: [
      say('calibration.col-case', lang),
      say('calibration.col-case-title', lang),
      say('calibration.col-key', lang),
      say('calibration.col-scored-by', lang),
      say('calibration.col-key-total', lang),
      say('calibration.col-description', lang),
    ],
  });
  const descriptions = new Map((input.round.cases ?? []).map((c) => [c.code, c.description?.trim() ?? '']));
  for (const c of report.cases)
    dataRow(ws, caseCols, [
      c.code,
      c.title,
      keyLabel(c.key, lang),
      c.sheets,
      c.total,
      descriptions.get(c.code) ?? '',
    ]);
  if (report.cases.length === 0) dataRow(ws, cols, [say('calibration.none', lang)]);

  // The notes next, where they are seen: a case without a key, a round with one assessor.
  sectionTitle(ws, say('calibration.section-notes', lang), cols.length);
  const notes = [...report.notes, ...(comparison?.notes ?? [])];
  for (const n of notes) textRow(ws, cols, message(n.code, n.params, lang), { fill: FILL.warn });
  if (notes.length === 0) textRow(ws, cols, say('calibration.none', lang));

  sectionTitle(ws, say('calibration.section-agreement', lang), cols.length);
  // Coefficient | value | what it counted (C–D) | what it means (E–F).
  const agreementCols: Col[] = [
    cols[0]!,
    { ...cols[1]!, fmt: FMT.coefficient },
    { header: '', width: 26, wrap: true },
    cols[3]!,
    { header: '', width: 64, wrap: true },
    cols[5]!,
  ];
  const merged: [number, number][] = [
    [3, 4],
    [5, 6],
  ];
  headerRow(ws, cols, {
    labels: [
      say('calibration.col-coefficient', lang),
      say('calibration.col-value', lang),
      say('calibration.col-counted', lang),
      '',
      say('calibration.col-reading', lang),
      '',
    ],
    merges: merged,
  });
  const o = report.overall;
  const agreement: [string, number | null, string, string, string][] = [
    [
      "Krippendorff's alpha",
      o.alpha,
      say('calibration.alpha-units', lang, { n: o.alphaUnits }),
      say('calibration.what-alpha', lang),
      alphaBand(o.alpha, lang),
    ],
    [
      'ICC(2,1)',
      o.icc21,
      say('calibration.icc-items', lang, { n: o.iccItems }),
      say('calibration.what-icc21', lang),
      iccBand(o.icc21, lang),
    ],
    [
      'ICC(3,1)',
      o.icc31,
      say('calibration.icc-items', lang, { n: o.iccItems }),
      say('calibration.what-icc31', lang),
      iccBand(o.icc31, lang),
    ],
  ];
  for (const [name, value, counted, what, band] of agreement) {
    const row = dataRow(ws, agreementCols, [name, value, counted, null, `${what}\n${sentence(band)}`, null], {
      align: 'left',
    });
    for (const [from, to] of merged) ws.mergeCells(row, from, row, to);
  }

  sectionTitle(ws, say('calibration.section-method', lang), cols.length);
  for (const code of ['about-deviation', 'about-spread', 'about-agreement'] as const)
    textRow(ws, cols, say(`calibration.${code}`, lang));
}
