import ExcelJS from 'exceljs';
import { error, hasErrors, type Issue } from '../domain/issues.ts';
import { addr } from '../domain/layout.ts';
import { parseNote } from '../domain/parse-value.ts';
import { isBlank, shown, type RawCell } from '../domain/raw-cell.ts';
import { metaList } from '../domain/reconciliation-meta.ts';
import {
  parseRectStatus,
  rectStatusChoices,
  type RectAnswer,
  type RectAnswerItem,
  type RectificationNotice,
} from '../domain/rectification.ts';
import {
  parseRectMeta,
  RECT_META_FIELDS,
  RECT_META_SHEET,
  RECT_META_VERSION,
  signRectMeta,
  type RectMeta,
} from '../domain/rectification-meta.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { Lang } from '../domain/text.ts';
import { safeText } from './annotate.ts';
import { toBytes } from './fill-workbook.ts';
import { openSignedWorkbook, type WorkbookLimits } from './open-workbook.ts';
import { a4FitToWidth } from './print.ts';
import {
  RECT_COL,
  RECT_FIRST,
  RECT_HEADER_ROW,
  RECT_LAST_COL,
  RECT_MAX_TEXT,
  RECT_SHEET,
  RECT_TEXT,
  RECT_WIDTHS,
  linesOf,
  statusList,
} from './rectification-layout.ts';
import { toRawCell } from './sheet-view.ts';

export type { RectMeta } from '../domain/rectification-meta.ts';

const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } } as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } } as const;
const LINE = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const THIN = { top: LINE, left: LINE, bottom: LINE, right: LINE };

/**
 * Builds the rectification workbook of a notice: sheet 1 lists what the pre-check found, item by
 * item, with three yellow cells for the unit's answer (status from a list, what was done, evidence
 * file names); everything else is locked. Its very hidden sheet `_cepin_zg` names the round, unit,
 * deadline and items in row order and is signed with the district's key (HMAC-SHA256), so an upload
 * can be trusted to answer exactly this notice.
 */
export async function buildRectificationWorkbook(
  notice: RectificationNotice,
  key: Uint8Array,
): Promise<Uint8Array> {
  const lang = notice.lang;
  const meta: RectMeta = {
    kind: 'rectification',
    version: RECT_META_VERSION,
    round: notice.round,
    unit: notice.unit,
    ruleSet: notice.ruleSet,
    fingerprint: notice.fingerprint,
    deadline: notice.deadline,
    items: notice.items.map((i) => i.code).join(','),
    lang,
    generatedAt: notice.issuedAt,
  };
  const signature = signRectMeta(meta, key);
  const t = RECT_TEXT[lang];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(RECT_SHEET[lang]);
  ws.columns = Array.from({ length: RECT_LAST_COL }, (_, i) => ({ width: RECT_WIDTHS[i + 1] ?? 10 }));
  const block = (row: number, text: string, font: Partial<ExcelJS.Font>, height?: number) => {
    ws.mergeCells(row, 1, row, RECT_LAST_COL);
    const cell = ws.getCell(row, 1);
    cell.value = safeText(text);
    cell.font = font;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (height) ws.getRow(row).height = height;
  };
  block(1, t.title(notice.round, notice.unitName), { bold: true, size: 14 }, 24);
  block(2, t.info(notice), {}, 18);
  const note = notice.items.length === 0 ? t.nothing : t.instruction(notice.deadline);
  block(3, note, notice.items.length === 0 ? { bold: true } : {}, 15 * linesOf(note, 220) + 6);
  t.head.forEach((text, i) => {
    const cell = ws.getCell(RECT_HEADER_ROW, i + 1);
    cell.value = text;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  ws.getRow(RECT_HEADER_ROW).height = 30;
  const words = SHEET_WORDS.compliance;
  notice.items.forEach((item, i) => {
    const row = ws.getRow(RECT_FIRST + i);
    const score =
      item.compliance && item.met !== undefined
        ? (item.met ? words.met : words.notMet)[lang]
        : item.score === null
          ? '—'
          : item.score;
    const problem = `${item.vetoed ? t.veto : ''}${item.problem}`;
    row.values = [
      i + 1,
      item.code,
      safeText(item.title),
      item.max,
      score,
      safeText(problem),
      safeText(item.suggestion),
    ];
    row.alignment = { wrapText: true, vertical: 'top' };
    for (const col of [RECT_COL.no, RECT_COL.code, RECT_COL.max, RECT_COL.score])
      row.getCell(col).alignment = { wrapText: true, vertical: 'top', horizontal: 'center' };
    for (const col of [RECT_COL.status, RECT_COL.done, RECT_COL.evidence]) {
      const cell = row.getCell(col);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    row.getCell(RECT_COL.status).dataValidation = {
      type: 'list',
      formulae: [statusList(lang)],
      allowBlank: true,
      showErrorMessage: true,
      error: rectStatusChoices(lang),
    };
    const lines = Math.max(
      2,
      ...(
        [
          [item.title, RECT_COL.title],
          [problem, RECT_COL.problem],
          [item.suggestion, RECT_COL.suggestion],
        ] as const
      ).map(([text, col]) => linesOf(text, RECT_WIDTHS[col]!)),
    );
    row.height = 15 * lines + 4;
    for (let col = 1; col <= RECT_LAST_COL; col++) row.getCell(col).border = THIN;
  });
  ws.views = [{ state: 'frozen', ySplit: RECT_HEADER_ROW, xSplit: 2 }];
  ws.pageSetup = a4FitToWidth('landscape', {
    printTitlesRow: `${RECT_HEADER_ROW}:${RECT_HEADER_ROW}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  });
  ws.headerFooter = { oddFooter: lang === 'zh' ? '第 &P 页,共 &N 页' : 'Page &P of &N' };
  void ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  const m = wb.addWorksheet(RECT_META_SHEET, { state: 'veryHidden' });
  for (const k of RECT_META_FIELDS) m.addRow([k, String(meta[k])]);
  m.addRow(['signature', signature]);
  return toBytes(wb);
}

/** What a filled rectification workbook says, or null when the workbook is not one. */
export interface ReadRectification {
  meta: RectMeta | null;
  /** The visible sheet's name, for issues. */
  sheet: string;
  /** The unit's answer; null when the workbook is refused (any error). */
  answer: RectAnswer | null;
  issues: Issue[];
}

/**
 * A rectification workbook holds a few dozen rows of text (a few hundred KB unpacked at most);
 * anything much larger is not one, and is refused before exceljs loads a cell.
 */
export const RECT_LIMITS: WorkbookLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 200,
  maxUncompressed: 8 * 1024 * 1024,
};

/**
 * Reads a filled rectification workbook with the district's key: the signed hidden sheet, then per
 * listed row the code (rows may not move), the status (required, a word of either language), what
 * was done (required unless not fixed) and the evidence file names (split on ；/; or new lines).
 * Anything typed below the listed rows is refused. Null when the workbook has no `_cepin_zg` sheet.
 */
export async function readRectificationWorkbook(
  bytes: Uint8Array,
  key: Uint8Array,
): Promise<ReadRectification | null> {
  // Only a workbook naming the hidden sheet, within this workbook's own small limits, is loaded.
  const opened = await openSignedWorkbook(bytes, 'rectification.xlsx', RECT_LIMITS, RECT_META_SHEET);
  if (!opened) return null;
  const wb = opened.workbook;
  const { meta, issues } = parseRectMeta(opened.meta, key);
  if (!meta) return { meta, sheet: RECT_META_SHEET, answer: null, issues };
  const ws = wb.getWorksheet(RECT_SHEET[meta.lang]) ?? wb.worksheets.find((w) => w.name !== RECT_META_SHEET);
  const sheet = ws?.name ?? RECT_SHEET[meta.lang];
  if (!ws)
    return {
      meta,
      sheet,
      answer: null,
      issues: [error('rect.sheet-missing', { sheet }, { expected: sheet })],
    };
  const codes = metaList(meta.items);
  const items = codes.flatMap((code, i) => readRow(ws, sheet, RECT_FIRST + i, code, meta.lang, issues));
  // Rows below the listed ones: anything entered there answers an item the notice never raised.
  ws.eachRow((row, r) => {
    if (r < RECT_FIRST + codes.length) return;
    const col = [RECT_COL.code, RECT_COL.status, RECT_COL.done, RECT_COL.evidence].find(
      (c) => !isBlank(toRawCell(row.getCell(c))),
    );
    if (col === undefined) return;
    const item = parseNote(toRawCell(row.getCell(RECT_COL.code))) ?? '';
    issues.push(error('rect.row-extra', { sheet, cell: addr(r, col), item: item || undefined }, { row: r }));
  });
  const answer = hasErrors(issues) ? null : { round: meta.round, unit: meta.unit, items };
  return { meta, sheet, answer, issues };
}

/** One listed row's answer, or nothing (with its issues pushed) when the row is wrong. */
function readRow(
  ws: ExcelJS.Worksheet,
  sheet: string,
  r: number,
  code: string,
  lang: Lang,
  issues: Issue[],
): RectAnswerItem[] {
  const at = (col: number) => ({ sheet, cell: addr(r, col), item: code });
  const found = toRawCell(ws.getCell(r, RECT_COL.code));
  const foundText = found.type === 'formula' ? shown(found) : (parseNote(found) ?? '');
  if (foundText !== code) {
    issues.push(
      error('rect.row-mismatch', at(RECT_COL.code), { row: r, expected: code, found: foundText || '—' }),
    );
    return [];
  }
  const before = issues.length;
  /** A text cell's content, refusing formulas, error values and overlong text. */
  const text = (col: number): string => {
    const raw = toRawCell(ws.getCell(r, col));
    const bad = refused(raw);
    if (bad) {
      issues.push(error(bad, at(col), { value: shown(raw) }));
      return '';
    }
    const s = parseNote(raw) ?? '';
    if (s.length > RECT_MAX_TEXT) {
      issues.push(error('rect.text-too-long', at(col), { length: s.length, max: RECT_MAX_TEXT }));
      return '';
    }
    return s;
  };
  const rawStatus = toRawCell(ws.getCell(r, RECT_COL.status));
  let status: RectAnswerItem['status'] | undefined;
  const statusRefused = refused(rawStatus);
  if (statusRefused) issues.push(error(statusRefused, at(RECT_COL.status), { value: shown(rawStatus) }));
  else if (isBlank(rawStatus)) issues.push(error('rect.status-missing', at(RECT_COL.status), {}));
  else {
    status = parseRectStatus(parseNote(rawStatus) ?? '');
    if (!status)
      issues.push(
        error('rect.status-unknown', at(RECT_COL.status), {
          value: shown(rawStatus),
          choices: rectStatusChoices(lang),
        }),
      );
  }
  const done = text(RECT_COL.done);
  const evidenceText = text(RECT_COL.evidence);
  if ((status === 'fixed' || status === 'partly') && done === '' && issues.length === before)
    issues.push(error('rect.done-missing', at(RECT_COL.done), {}));
  if (issues.length > before || !status) return [];
  const evidence = evidenceText
    .split(/[；;\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [{ code, status, done, evidence }];
}

/** The issue code refusing a cell where typed text belongs: a formula or an error value. */
function refused(raw: RawCell): string | undefined {
  if (raw.type === 'formula') return 'input.formula';
  if (raw.type === 'error') return 'input.error-value';
  return undefined;
}
