import type ExcelJS from 'exceljs';
import type { BeforeAfter } from '../domain/calibration.ts';
import { message } from '../domain/messages.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
import { BETTER, calibrationSheet, FMT, head, textRow } from './calibration-workbook-kit.ts';
import { say } from './calibration-workbook-words.ts';
import { FILL } from './report-palette.ts';
import { blankRow, type Col, dataRow, headerRow, type Value } from './report-rows.ts';

/** Number formats of a before/after row: the values, and the change. */
interface Formats {
  value: string;
  change: string;
}
const ALPHA: Formats = { value: FMT.coefficient, change: '+0.0000;-0.0000;0.0000' };
const POINTS: Formats = { value: FMT.points, change: FMT.signedPoints };
const SIGNED: Formats = { value: FMT.signedPoints, change: FMT.signedPoints };

/**
 * The calibration workbook's 前后对比 / Before-after sheet: one table under one header — overall
 * alpha, then each item's spread, then each assessor's MAD and leniency — with the value before,
 * after, the change and the verdict (green: narrower or closer; orange: wider or further).
 */
export function writeCompare(wb: ExcelJS.Workbook, input: CalibrationDocInput): void {
  const { comparison: c, lang, titles } = input;
  if (!c) return;
  const cols: Col[] = [
    { header: head('calibration.col-subject', lang), width: 14, user: true },
    { header: head('calibration.col-name', lang), width: 28, wrap: true, user: true },
    { header: head('calibration.col-measure', lang), width: 20, wrap: true },
    { header: head('calibration.col-before', lang, { round: c.before }), width: 14, center: true },
    { header: head('calibration.col-after', lang, { round: input.round.round }), width: 14, center: true },
    { header: head('calibration.col-change', lang), width: 11, center: true },
    { header: head('calibration.col-verdict', lang), width: 16, center: true },
  ];
  const ws = calibrationSheet(wb, input, 'compare', cols, { freezeRows: 1, freezeCols: 1 });
  headerRow(ws, cols);
  const row = (
    subject: string,
    name: string,
    measure: string,
    v: BeforeAfter,
    verdict: string | null,
    f: Formats,
    fill?: string,
    band = false,
  ) =>
    dataRow(ws, cols, [subject, name, measure, v.before, v.after, v.change, verdict] as Value[], {
      fmts: [undefined, undefined, undefined, f.value, f.value, f.change],
      ...(fill ? { fills: [undefined, undefined, undefined, undefined, undefined, fill, fill] } : {}),
      ...(band ? { fill: FILL.band } : {}),
    });
  row(say('calibration.all-assessors', lang), '', "Krippendorff's alpha", c.alpha, null, ALPHA);

  textRow(ws, cols, say('calibration.section-compare-items', lang), { fill: FILL.section, bold: true });
  const spread = say('calibration.col-spread', lang);
  for (const i of c.items) {
    const fill = i.verdict === 'narrower' ? BETTER : i.verdict === 'wider' ? FILL.lenient : undefined;
    const verdict = i.verdict && say(`calibration.verdict-${i.verdict}`, lang);
    row(i.code, titles[i.code] ?? '', spread, i, verdict, POINTS, fill);
  }
  if (c.items.length === 0) dataRow(ws, cols, [say('calibration.none', lang)]);

  textRow(ws, cols, say('calibration.section-compare-assessors', lang), { fill: FILL.section, bold: true });
  // Two rows per assessor; every other assessor's pair on the band fill, so pairs read together.
  c.assessors.forEach((a, n) => {
    const fill = a.verdict === 'closer' ? BETTER : a.verdict === 'further' ? FILL.lenient : undefined;
    const verdict = a.verdict && say(`calibration.verdict-${a.verdict}`, lang);
    const band = n % 2 === 1;
    row(a.assessor, '', say('calibration.col-mad', lang), a.mad, verdict, POINTS, fill, band);
    row(a.assessor, '', say('calibration.col-leniency', lang), a.leniency, null, SIGNED, undefined, band);
  });
  if (c.assessors.length === 0) dataRow(ws, cols, [say('calibration.none', lang)]);

  if (c.notes.length > 0) {
    blankRow(ws);
    for (const n of c.notes) textRow(ws, cols, message(n.code, n.params, lang), { fill: FILL.warn });
  }
}
