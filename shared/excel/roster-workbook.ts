import ExcelJS from 'exceljs';
import { error, hasErrors, type Issue } from '../domain/issues.ts';
import { SHEET_NAMES } from '../domain/layout.ts';
import { validateRoster, type Roster, type RosterWhere } from '../domain/roster.ts';
import { rosterContactIssues } from '../domain/people-rules.ts';
import { rosterConflicts } from '../domain/roster-conflicts.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { Lang } from '../domain/text.ts';
import { ROSTER_INSTRUCTIONS, ROSTER_KINDS, ROSTER_SHEETS, type RosterKind } from './roster-sheets.ts';
import { normaliseCell, readRosterSheets } from './roster-reader.ts';
import { openWorkbook } from './open-workbook.ts';
import { a4FitToWidth, writeTextSheet } from './print.ts';

/** Empty rows below the data that get the yes/no list and text format, ready to be filled in. */
const SPARE_ROWS = 200;
const HEADER_FILL = 'FF1F4E79';
const line = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const thin: Partial<ExcelJS.Borders> = { top: line, left: line, bottom: line, right: line };

/** Builds the roster workbook (instructions, units, assessors, assignments), filled in when given a roster. */
export function buildRosterTemplate(lang: Lang, roster?: Roster, created = new Date()): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cepin';
  wb.created = created;
  wb.modified = created;
  writeInstructions(wb.addWorksheet(SHEET_NAMES.instructions[lang]), lang);
  const yesNo = (b: boolean) => (b ? SHEET_WORDS.yes[lang] : SHEET_WORDS.no[lang]);
  const join = (ids: string[]) => ids.join(lang === 'zh' ? '、' : ', ');
  const rows: Record<RosterKind, string[][]> = {
    unit: (roster?.units ?? []).map((u) => [
      u.code,
      u.name,
      u.parent ?? '',
      u.archivist ?? '',
      u.login ?? '',
      u.phone ?? '',
      u.email ?? '',
    ]),
    assessor: (roster?.assessors ?? []).map((a) => [
      a.id,
      a.name,
      yesNo(a.lead),
      a.home ?? '',
      a.login ?? '',
      a.phone ?? '',
      a.email ?? '',
    ]),
    assignment: (roster?.assignments ?? []).map((a) => [
      a.unit,
      join(a.precheck),
      join(a.formal),
      join(a.spotchecked),
      join(a.spotcheckers),
    ]),
  };
  for (const kind of ROSTER_KINDS)
    writeSheet(wb.addWorksheet(ROSTER_SHEETS[kind].name[lang]), kind, lang, rows[kind]);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' },
  ];
  return wb;
}

function writeInstructions(ws: ExcelJS.Worksheet, lang: Lang): void {
  writeTextSheet(ws, ROSTER_INSTRUCTIONS[lang], lang);
  void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

function writeSheet(ws: ExcelJS.Worksheet, kind: RosterKind, lang: Lang, rows: string[][]): void {
  const columns = ROSTER_SHEETS[kind].columns;
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    // Codes such as 01 must stay text, not turn into the number 1.
    if (c.field !== 'lead') col.numFmt = '@';
  });
  const header = ws.addRow(columns.map((c) => c[lang]));
  header.height = 24;
  header.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
  });
  for (const values of rows) {
    const row = ws.addRow(values);
    for (let i = 1; i <= columns.length; i++) {
      row.getCell(i).border = thin;
      row.getCell(i).alignment = { vertical: 'middle', wrapText: columns[i - 1]!.field === 'name' };
    }
    // Subordinate units are indented under their parent.
    if (kind === 'unit' && values[2])
      row.getCell(2).alignment = { vertical: 'middle', wrapText: true, indent: 1 };
  }
  const lead = columns.findIndex((c) => c.field === 'lead') + 1;
  if (lead > 0) {
    const choice = `"${SHEET_WORDS.yes[lang]},${SHEET_WORDS.no[lang]}"`;
    for (let r = 2; r <= rows.length + 1 + SPARE_ROWS; r++) {
      ws.getCell(r, lead).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [choice],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'cepin',
        error: lang === 'zh' ? '请选择“是”或“否”' : 'Choose Yes or No',
      };
    }
  }
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
  ws.pageSetup = a4FitToWidth(kind === 'assignment' ? 'landscape' : 'portrait', {
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: '1:1',
  });
  ws.headerFooter.oddFooter = lang === 'zh' ? '&C第 &P 页,共 &N 页' : '&CPage &P of &N';
}

/** What reading a roster workbook gives: the roster when it has no errors, and every problem found. */
export interface RosterRead {
  roster: Roster | null;
  issues: Issue[];
}

/**
 * Reads a filled roster workbook in either language and validates it. Never throws for bad input:
 * a file that is not a workbook, a missing sheet, an inconsistent roster or a conflict of interest
 * (回避: `rosterConflicts`) all come back as issues naming the sheet and cell. `roster` is null
 * whenever there is an error.
 */
export async function readRoster(bytes: Uint8Array, fileName = 'roster.xlsx'): Promise<RosterRead> {
  const { roster, issues } = await readRosterWithCells(bytes, fileName);
  return { roster, issues };
}

/**
 * `readRoster`, with where each value came from (`where`, when the sheets were read): what checks
 * against stored data (the people directory) need to name a cell.
 */
export async function readRosterWithCells(
  bytes: Uint8Array,
  fileName = 'roster.xlsx',
): Promise<RosterRead & { where?: RosterWhere | undefined }> {
  const opened = await openWorkbook(bytes, fileName);
  if (!opened.workbook) return { roster: null, issues: opened.issues };
  const wb = opened.workbook;
  const find = (kind: RosterKind, lang: Lang) =>
    wb.worksheets.find(
      (ws) => normaliseCell(ws.name).toLowerCase() === ROSTER_SHEETS[kind].name[lang].toLowerCase(),
    );
  const lang: Lang =
    ROSTER_KINDS.some((k) => find(k, 'zh')) || !ROSTER_KINDS.some((k) => find(k, 'en')) ? 'zh' : 'en';
  const sheets = new Map<RosterKind, ExcelJS.Worksheet>();
  const issues: Issue[] = [];
  for (const kind of ROSTER_KINDS) {
    const ws = find(kind, 'zh') ?? find(kind, 'en');
    if (ws) sheets.set(kind, ws);
    else issues.push(error('roster.sheet-missing', {}, { expected: ROSTER_SHEETS[kind].name[lang] }));
  }
  if (issues.length > 0) return { roster: null, issues };
  const read = readRosterSheets(sheets);
  if (read.roster.units.length === 0) {
    issues.push(error('roster.empty', { sheet: sheets.get('unit')!.name, cell: 'A2' }));
  }
  issues.push(
    ...read.issues,
    ...validateRoster(read.roster, read.where),
    ...rosterConflicts(read.roster, read.where),
    ...rosterContactIssues(read.roster, read.where),
  );
  return { roster: hasErrors(issues) ? null : read.roster, issues, where: read.where };
}
