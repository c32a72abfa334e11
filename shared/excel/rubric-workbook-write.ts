import ExcelJS from 'exceljs';
import type { RubricRows, SheetRow } from '../domain/rubric-rows.ts';
import {
  ABOUT_ROWS,
  ITEM_COLUMNS,
  RUBRIC_FORMAT,
  RUBRIC_MARKER,
  RUBRIC_SHEETS,
  TABLE_COLUMNS,
  YES_NO,
  type ChoiceSet,
  type RubricColumn,
  type TableKey,
} from '../domain/rubric-sheets.ts';
import type { Lang } from '../domain/text.ts';
import { a4FitToWidth, writeTextSheet } from './print.ts';
import { HEADER_NOTES, RUBRIC_INSTRUCTIONS } from './rubric-workbook-instructions.ts';

/** Empty rows below the data that keep the drop-down lists, ready to be filled in. */
const SPARE_ROWS = 200;
const FILL = { header: 'FF1F4E79', category: 'FFD9E2F3', group: 'FFEDF2FA', label: 'FFF2F2F2' } as const;
const line = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const thin: Partial<ExcelJS.Borders> = { top: line, left: line, bottom: line, right: line };
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const WRAP = new Set([
  'title',
  'titleEn',
  'veto',
  'vetoEn',
  'verify',
  'verifyEn',
  'evidence',
  'evidenceEn',
  'guidance',
  'guidanceEn',
  'label',
  'labelEn',
  'requires',
]);
const TITLE_COLUMN = ITEM_COLUMNS.findIndex((c) => c.field === 'title') + 1;
const TEXT_FORMAT = new Set(['code', 'parent', 'countsFor', 'requires']);

/** Builds the rubric workbook of these rows: instructions, the five sheets, the hidden marker. */
export function buildRubricWorkbook(rows: RubricRows, lang: Lang): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cepin';
  writeInstructions(wb.addWorksheet(RUBRIC_SHEETS.instructions[lang]), lang);
  writeAbout(wb.addWorksheet(RUBRIC_SHEETS.about[lang]), rows, lang);
  const depth = depths(rows.items);
  const parents = new Set(rows.items.map((r) => r.parent).filter((p) => p !== undefined));
  writeTable(wb.addWorksheet(RUBRIC_SHEETS.items[lang]), 'items', rows.items, lang, (row, r) => {
    const d = depth.get(r) ?? 0;
    const isParent = parents.has(r.code!);
    if (isParent || d === 0) {
      row.font = { bold: true };
      for (let c = 1; c <= ITEM_COLUMNS.length; c++)
        row.getCell(c).fill = solid(d === 0 ? FILL.category : FILL.group);
    }
    row.getCell(TITLE_COLUMN).alignment = { wrapText: true, vertical: 'middle', indent: Math.min(d, 6) };
  });
  writeTable(wb.addWorksheet(RUBRIC_SHEETS.details[lang]), 'details', rows.details, lang);
  writeTable(wb.addWorksheet(RUBRIC_SHEETS.grades[lang]), 'grades', rows.grades, lang, (row, r) => {
    if (r.fallback !== undefined) row.font = { italic: true };
  });
  writeTable(wb.addWorksheet(RUBRIC_SHEETS.facts[lang]), 'facts', rows.facts, lang);
  const marker = wb.addWorksheet(RUBRIC_MARKER, { state: 'veryHidden' });
  marker.addRow(['format', RUBRIC_FORMAT]);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 2, visibility: 'visible' },
  ];
  return wb;
}

/** How many lines a value takes in its column when wrapped (a Chinese character is two wide). */
function lines(v: SheetRow[string] | undefined, c: RubricColumn): number {
  if (typeof v !== 'string' || !WRAP.has(c.field)) return 1;
  const units = [...v].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 0.95), 0);
  return Math.ceil(units / Math.max(1, c.width - 1));
}

/** Each item row's depth: 0 for categories, from the parent codes above it. */
function depths(items: SheetRow[]): Map<SheetRow, number> {
  const byCode = new Map<string, number>();
  const out = new Map<SheetRow, number>();
  for (const r of items) {
    const d = r.parent === undefined ? 0 : (byCode.get(String(r.parent)) ?? -1) + 1;
    out.set(r, d);
    if (!byCode.has(String(r.code))) byCode.set(String(r.code), d);
  }
  return out;
}

function writeInstructions(ws: ExcelJS.Worksheet, lang: Lang): void {
  writeTextSheet(ws, RUBRIC_INSTRUCTIONS[lang], lang);
}

function writeAbout(ws: ExcelJS.Worksheet, rows: RubricRows, lang: Lang): void {
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 50;
  ws.getColumn(3).width = 60;
  ws.getColumn(2).numFmt = '@';
  for (const a of ABOUT_ROWS) {
    const value = rows.about[a.field];
    const row = ws.addRow([a[lang], value ?? null, a.note[lang]]);
    row.getCell(1).font = { bold: true };
    row.getCell(1).fill = solid(FILL.label);
    row.getCell(3).font = { color: { argb: 'FF808080' }, italic: true };
    for (let c = 1; c <= 3; c++) {
      row.getCell(c).border = thin;
      row.getCell(c).alignment = { vertical: 'middle', horizontal: 'left', wrapText: c > 1 };
    }
    if (typeof value === 'number') row.getCell(2).numFmt = 'General';
    row.height = 22;
  }
  ws.pageSetup = a4FitToWidth('landscape');
}

function validation(col: RubricColumn, lang: Lang): ExcelJS.DataValidation | undefined {
  const list = (set: ChoiceSet | typeof YES_NO, words: string) => ({
    type: 'list' as const,
    allowBlank: true,
    formulae: [
      `"${Object.values(set)
        .map((w) => w[lang])
        .join(',')}"`,
    ],
    showErrorMessage: true,
    // A warning, not a stop: the other language's words (and 3分, ✓...) are accepted on import too.
    errorStyle: 'warning' as const,
    errorTitle: 'cepin',
    error: lang === 'zh' ? `请选择:${words}` : `Choose ${words}`,
  });
  const names = (set: ChoiceSet | typeof YES_NO) =>
    Object.values(set)
      .map((w) => w[lang])
      .join(lang === 'zh' ? '、' : ', ');
  if (col.kind === 'bool') return list(YES_NO, names(YES_NO));
  if (col.kind === 'choice' && col.choices) return list(col.choices, names(col.choices));
  return undefined;
}

function writeTable(
  ws: ExcelJS.Worksheet,
  key: TableKey,
  rows: SheetRow[],
  lang: Lang,
  style?: (row: ExcelJS.Row, values: SheetRow) => void,
): void {
  const columns = TABLE_COLUMNS[key];
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    // Codes such as 1.10 or 01 must stay text, not turn into numbers.
    if (TEXT_FORMAT.has(c.field) || c.kind === 'text') col.numFmt = '@';
  });
  const header = ws.addRow(columns.map((c) => c[lang]));
  header.height = 30;
  header.eachCell((cell, i) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = solid(FILL.header);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
    const note = HEADER_NOTES[`${key}.${columns[i - 1]!.field}`];
    if (note) cell.note = note[lang];
  });
  for (const values of rows) {
    const row = ws.addRow(columns.map((c) => values[c.field] ?? null));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = thin;
      cell.alignment = { vertical: 'middle', wrapText: WRAP.has(c.field) };
    });
    // Rows do not grow to fit wrapped text by themselves in every program: size them here.
    row.height = Math.min(120, 15 * Math.max(1, ...columns.map((c) => lines(values[c.field], c))) + 3);
    style?.(row, values);
  }
  columns.forEach((c, i) => {
    const v = validation(c, lang);
    if (!v) return;
    for (let r = 2; r <= rows.length + 1 + SPARE_ROWS; r++) ws.getCell(r, i + 1).dataValidation = v;
  });
  ws.views = [{ state: 'frozen', xSplit: key === 'items' ? 3 : 1, ySplit: 1, activeCell: 'A2' }];
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, rows.length + 1), column: columns.length },
  };
  // The items sheet is too wide for one page at a readable size: three pages across, its codes repeated.
  ws.pageSetup = a4FitToWidth('landscape', {
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: '1:1',
    ...(key === 'items' ? { fitToWidth: 3, printTitlesColumn: 'A:A' } : {}),
  });
  ws.headerFooter.oddFooter = lang === 'zh' ? '&C第 &P 页,共 &N 页' : '&CPage &P of &N';
}
