import type ExcelJS from 'exceljs';
import { colLetter } from '../domain/layout.ts';
import type { RoundReport, UnitReport } from '../domain/round-report.ts';
import { PLAQUE_YES, ROUND_SHEETS, summaryColumn } from './round-workbook-format.ts';
import { meanOf } from '../domain/stats.ts';
import { FILL, redToGreen } from './report-palette.ts';
import { type Col, dataRow, headerRow, type Value } from './report-rows.ts';
import { openSheet, range, type SheetOptions } from './report-sheet.ts';
import { textWidth } from './report-text.ts';
import { breathe } from './stream-pause.ts';
import { RW, say } from './round-workbook-words.ts';

/** The round workbook's 汇总 / Summary and 评分明细 / Item matrix sheets, and what the other sheets share with them (page header, score format, unit order). */

/** Scores and totals: two decimals everywhere (91.60, not 91.6 beside 91.63). */
export const SCORE = '0.00';

/**
 * Unit-name columns: district unit names run to 14 characters (东城区人力资源和社会保障局 is 13), so a
 * name fits on one line and rows grow only where a long text needs them.
 */
export const UNIT_NAME_WIDTH = 30;

/** Units in report order: by formal rank, unranked last, then by code. */
export function unitsInOrder(report: RoundReport): UnitReport[] {
  return [...report.units].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code),
  );
}

/** The printed page header: district and round. */
export const pageHeader = (r: RoundReport): string => `${r.districtName} · ${r.round}`;

/**
 * Opens one of the round workbook's sheets: named in the report's language, district and round in
 * the printed page header, with the given columns, frozen panes and print options.
 */
export function roundSheet(
  wb: ExcelJS.Workbook,
  report: RoundReport,
  sheet: keyof typeof ROUND_SHEETS,
  cols: Col[],
  o: Omit<SheetOptions, 'lang' | 'pageHeader' | 'cols'>,
): ExcelJS.Worksheet {
  return openSheet(wb, ROUND_SHEETS[sheet][report.lang], {
    lang: report.lang,
    pageHeader: pageHeader(report),
    cols,
    ...o,
  });
}

/** A static stand-in for a data bar: shades a category score by its share of the maximum. */
function categoryFill(score: number, max: number): string | undefined {
  if (max <= 0) return undefined;
  const ratio = score / max;
  return ratio < 0.6 ? FILL.loss : ratio < 0.85 ? FILL.warn : undefined;
}

/**
 * 汇总 / Summary: one row per unit (rank, code, name, category scores, formal total, grade, plaque,
 * pre-check and self totals), an average row that follows the filter, a colour scale on the total.
 */
export async function writeSummary(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cats = report.categories;
  const cols: Col[] = [
    { header: say(RW.rank, lang), width: 6, center: true },
    { header: say(RW.unitCode, lang), width: 10, user: true },
    { header: say(RW.unitName, lang), width: UNIT_NAME_WIDTH, wrap: true, user: true },
    ...cats.map((c) => {
      const header = `${c.code} ${c.title}\n(${c.max})`;
      return {
        header,
        width: Math.min(16, Math.max(10, textWidth(`${c.code} ${c.title}`) + 2)),
        center: true,
        fmt: SCORE,
      };
    }),
    { header: say(RW.total, lang), width: 10, center: true, fmt: SCORE },
    { header: say(RW.grade, lang), width: 9, center: true },
    { header: say(RW.gradeReasons, lang), width: 44, wrap: true },
    { header: say(RW.plaque, lang), width: lang === 'zh' ? 7 : 10, center: true },
    { header: say(RW.precheckTotal, lang), width: 10, center: true, fmt: SCORE },
    { header: say(RW.selfTotal, lang), width: 10, center: true, fmt: SCORE },
  ];
  const ws = roundSheet(wb, report, 'summary', cols, {
    freezeRows: 1,
    freezeCols: 3,
  });
  headerRow(ws, cols);
  const units = unitsInOrder(report);
  const k = cats.length;
  const totalCol = summaryColumn('total', k);
  for (const [n, u] of units.entries()) {
    await breathe(n);
    const f = u.formal;
    const fills: (string | undefined)[] = [];
    const catValues: Value[] = cats.map((c, i) => {
      const s = f?.categories.find((x) => x.code === c.code);
      if (!s) return null;
      if (s.na) return say(RW.na, lang);
      fills[3 + i] = categoryFill(s.score, s.max || c.max);
      return s.score;
    });
    const grade = f?.gradeLabel ?? (f && !f.complete ? say(RW.pending, lang) : '');
    dataRow(
      ws,
      cols,
      [
        u.rank ?? null,
        u.code,
        u.name,
        ...catValues,
        f ? f.total : null,
        grade,
        (f?.gradeReasons ?? []).join(lang === 'zh' ? ';' : '; '),
        u.plaque ? PLAQUE_YES[lang] : say(RW.no, lang),
        u.precheck?.total ?? null,
        u.self?.total ?? null,
      ],
      { fills },
    );
  }
  const last = units.length + 1;
  if (units.length > 0) {
    const avg = (col: number, values: (number | null | undefined)[]): Value => ({
      formula: `IFERROR(SUBTOTAL(101,${range(2, col, last, col)}),"")`,
      result: meanOf(values) ?? '',
    });
    const plaqueCol = summaryColumn('plaque', k);
    const label = lang === 'zh' ? `平均(${units.length} 个单位)` : `Average (${units.length} units)`;
    const values: Value[] = [
      null,
      null,
      label,
      ...cats.map((c, i) =>
        avg(
          4 + i,
          units.map((u) => {
            const s = u.formal?.categories.find((x) => x.code === c.code);
            return s && !s.na ? s.score : null;
          }),
        ),
      ),
      avg(
        totalCol,
        units.map((u) => u.formal?.total),
      ),
      null,
      null,
      {
        formula: `COUNTIF(${range(2, plaqueCol, last, plaqueCol)},"${PLAQUE_YES[lang]}")`,
        result: units.filter((u) => u.plaque).length,
      },
      avg(
        summaryColumn('precheck', k),
        units.map((u) => u.precheck?.total),
      ),
      avg(
        summaryColumn('self', k),
        units.map((u) => u.self?.total),
      ),
    ];
    const fmts: (string | undefined)[] = values.map((_v, i) => (i >= 3 ? SCORE : undefined));
    fmts[plaqueCol - 1] = lang === 'zh' ? '0" 块"' : '0" plaques"';
    dataRow(ws, cols, values, { fill: FILL.total, bold: true, fmts });
    ws.autoFilter = range(1, 1, last, cols.length);
    redToGreen(ws, range(2, totalCol, last, totalCol));
  }
  ws.commit();
}

/**
 * 评分明细 / Item matrix: units × items with each item's maximum in a second header row and the
 * formal reconciled scores (two decimals); cells below full marks are shaded by conditional
 * formatting. It prints at full size across pages, the unit columns repeated on each.
 */
export async function writeItemMatrix(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const items = report.items;
  const cols: Col[] = [
    { header: say(RW.unitCode, lang), width: 10, user: true },
    { header: say(RW.unitName, lang), width: UNIT_NAME_WIDTH, wrap: true, user: true },
    ...items.map((i) => ({ header: `${i.key ? '★' : ''}${i.code}`, width: 6, center: true, fmt: SCORE })),
  ];
  const ws = roundSheet(wb, report, 'matrix', cols, {
    freezeRows: 2,
    freezeCols: 2,
    // Dozens of item columns: printed at full size over several pages, code and name on each.
    acrossPages: true,
  });
  // Notes on the item codes carry each item's title on screen.
  headerRow(ws, cols, {
    notes: [
      undefined,
      undefined,
      ...items.map((it) => `${it.code} ${it.title} (${it.max})${it.key ? ' ★' : ''}`),
    ],
    rotateFrom: 2,
  });
  headerRow(ws, cols, { labels: ['', say(RW.max, lang), ...items.map((i) => i.max)] });
  const units = unitsInOrder(report);
  for (const [n, u] of units.entries()) {
    await breathe(n);
    const byCode = new Map((u.formal?.items ?? []).map((i) => [i.code, i]));
    dataRow(ws, cols, [
      u.code,
      u.name,
      ...items.map((it): Value => {
        const s = byCode.get(it.code);
        if (!s) return null;
        if (s.na) return say(RW.na, lang);
        if (s.pending || s.score === null) return say(RW.pending, lang);
        return s.score;
      }),
    ]);
  }
  const last = units.length + 2;
  if (units.length > 0 && items.length > 0) {
    const first = colLetter(3);
    ws.autoFilter = range(2, 1, last, cols.length);
    ws.addConditionalFormatting({
      ref: range(3, 3, last, cols.length),
      rules: [
        {
          type: 'expression',
          priority: 2,
          formulae: [`AND(ISNUMBER(${first}3),${first}3<${first}$2)`],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: FILL.loss } } },
        },
      ],
    });
  }
  ws.commit();
}
