import ExcelJS from 'exceljs';
import { error, warning, type Issue } from '../domain/issues.ts';
import { addr } from '../domain/layout.ts';
import type { Lang } from '../domain/text.ts';
import { writeDistrictSheets } from './district-compare-sheets.ts';
import {
  ABOUT_CATEGORY_HEADER,
  ABOUT_ROWS,
  PLAQUE_YES,
  ROUND_SHEETS,
  ROUND_WORKBOOK_MARK,
  ROUND_WORKBOOK_READABLE,
  ROUND_WORKBOOK_VERSION,
  summaryColumn,
  type AboutField,
} from './round-workbook-format.ts';
import { openWorkbook, type WorkbookLimits } from './open-workbook.ts';
import type { RoundSummary, SummaryUnit } from './district-summary.ts';

export type { RoundSummary, SummaryUnit } from './district-summary.ts';

/** Round workbooks are bigger than score sheets: 1,000 units come to a few megabytes. */
const ROUND_LIMITS: WorkbookLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 2000,
  maxUncompressed: 512 * 1024 * 1024,
};

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return text(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return String(v).trim();
}

function num(v: ExcelJS.CellValue): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  return null;
}

function findAbout(wb: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  const named = [ROUND_SHEETS.about.zh, ROUND_SHEETS.about.en].map((n) => wb.getWorksheet(n));
  const marked = (ws: ExcelJS.Worksheet | undefined) =>
    ws !== undefined && text(ws.getCell(addr(ABOUT_ROWS.format, 2)).value) === ROUND_WORKBOOK_MARK;
  return named.find(marked) ?? wb.worksheets.find(marked);
}

/**
 * Reads the summary of a consolidated round workbook (as written by `writeRoundWorkbook`) for
 * the municipal comparison. Never throws: a file that is not such a workbook, or is damaged,
 * gives `summary: null` and issues saying why.
 */
export async function readRoundWorkbook(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ summary: RoundSummary | null; issues: Issue[] }> {
  const at = { sheet: fileName };
  const opened = await openWorkbook(bytes, fileName, ROUND_LIMITS);
  if (!opened.workbook) return { summary: null, issues: opened.issues };
  try {
    return readLoaded(opened.workbook, fileName);
  } catch (e) {
    return {
      summary: null,
      issues: [error('file.corrupt', at, { detail: (e as Error).message ?? String(e) })],
    };
  }
}

function readLoaded(
  wb: ExcelJS.Workbook,
  fileName: string,
): { summary: RoundSummary | null; issues: Issue[] } {
  const about = findAbout(wb);
  if (!about) return { summary: null, issues: [error('sheet.not-template', { sheet: fileName })] };
  const cell = (field: AboutField) => about.getCell(addr(ABOUT_ROWS[field], 2));
  const where = (field: AboutField) => ({ sheet: about.name, cell: addr(ABOUT_ROWS[field], 2) });
  const version = num(cell('formatVersion').value);
  if (!ROUND_WORKBOOK_READABLE.some((v) => v === version)) {
    const found = version ?? text(cell('formatVersion').value);
    return {
      summary: null,
      issues: [
        error('sheet.template-version', where('formatVersion'), {
          version: found,
          current: ROUND_WORKBOOK_VERSION,
        }),
      ],
    };
  }
  const fields = ['district', 'round', 'ruleSet', 'fingerprint'] as const;
  const ids = Object.fromEntries(fields.map((f) => [f, text(cell(f).value)])) as Record<
    (typeof fields)[number],
    string
  >;
  const ruleVersion = num(cell('ruleVersion').value);
  const empty = fields.find((f) => ids[f] === '') ?? (ruleVersion === null ? 'ruleVersion' : undefined);
  if (empty) {
    return {
      summary: null,
      issues: [
        error('file.corrupt', where(empty), { detail: `${about.name}!${where(empty).cell} (${empty})` }),
      ],
    };
  }
  const langText = text(cell('lang').value);
  const lang: Lang =
    langText === 'en' || langText === 'zh' ? langText : about.name === ROUND_SHEETS.about.en ? 'en' : 'zh';
  const categories: { code: string; title: string; max: number }[] = [];
  for (let r = ABOUT_CATEGORY_HEADER + 1; text(about.getCell(r, 1).value) !== ''; r++) {
    categories.push({
      code: text(about.getCell(r, 1).value),
      title: text(about.getCell(r, 2).value),
      max: num(about.getCell(r, 5).value) ?? 0,
    });
  }
  const issues: Issue[] = [];
  const expected = ROUND_SHEETS.summary[lang];
  const ws = wb.getWorksheet(expected) ?? wb.getWorksheet(ROUND_SHEETS.summary[lang === 'zh' ? 'en' : 'zh']);
  if (!ws) {
    const found = wb.worksheets.map((w) => w.name).join(', ');
    return { summary: null, issues: [error('sheet.missing', { sheet: fileName }, { expected, found })] };
  }
  for (const [i, c] of categories.entries()) {
    const found = text(ws.getCell(1, 4 + i).value);
    if (!found.startsWith(c.code)) {
      return {
        summary: null,
        issues: [
          error('sheet.cell-changed', { sheet: ws.name, cell: addr(1, 4 + i) }, { expected: c.code, found }),
        ],
      };
    }
  }
  const k = categories.length;
  const units: SummaryUnit[] = [];
  for (let r = 2; text(ws.getCell(r, 2).value) !== ''; r++) {
    const row = ws.getRow(r);
    const col = (field: 'total' | 'grade' | 'plaque') => summaryColumn(field, k, version!);
    const plaque = text(row.getCell(col('plaque')).value);
    units.push({
      code: text(row.getCell(2).value),
      name: text(row.getCell(3).value),
      total: num(row.getCell(col('total')).value),
      grade: text(row.getCell(col('grade')).value),
      plaque: plaque === PLAQUE_YES.zh || plaque === PLAQUE_YES.en,
      categories: Object.fromEntries(categories.map((c, i) => [c.code, num(row.getCell(4 + i).value)])),
    });
  }
  const declared = num(cell('units').value);
  if (declared !== null && declared !== units.length) {
    issues.push(
      warning(
        'file.corrupt',
        { sheet: ws.name },
        { detail: `${units.length} units listed, ${declared} declared on ${about.name}` },
      ),
    );
  }
  const rate = (f: AboutField) => num(cell(f).value);
  return {
    summary: {
      ...ids,
      ruleVersion: ruleVersion!,
      units,
      districtName: text(cell('districtName').value) || ids.district,
      lang,
      scale: num(cell('scale').value) ?? undefined,
      categories,
      passRate: rate('passRate'),
      excellentRate: rate('excellentRate'),
    },
    issues,
  };
}

/**
 * Writes the municipal comparison of several districts' rounds to `outFile`: one row per district,
 * a ranking of all units, and a notes sheet saying what could and could not be compared. Returns
 * the notes (in `lang`).
 */
export async function writeDistrictComparison(
  inputs: ReadonlyArray<NonNullable<Awaited<ReturnType<typeof readRoundWorkbook>>['summary']>>,
  lang: 'zh' | 'en',
  outFile: string,
): Promise<{ notes: string[] }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outFile,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'cepin';
  const notes = writeDistrictSheets(wb, inputs, lang);
  await wb.commit();
  return { notes };
}
