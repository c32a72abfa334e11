import ExcelJS from 'exceljs';
import { error, type Issue } from '../domain/issues.ts';
import { addr, colLetter } from '../domain/layout.ts';
import { parseNote, parseNumber } from '../domain/parse-value.ts';
import { isBlank, shown } from '../domain/raw-cell.ts';
import {
  parseReconMeta,
  RECON_META_FIELDS,
  RECON_META_SHEET,
  reconChecksum,
  type ReconMeta,
} from '../domain/reconciliation-meta.ts';
import type { AgreedScore } from '../domain/results.ts';
import { toBytes } from './fill-workbook.ts';
import { safeText } from './annotate.ts';
import { toRawCell } from './workbook-reader.ts';
import { a4FitToWidth } from './print.ts';

/** One flagged item as the panel lead sees it. */
export interface ReconRow {
  code: string;
  title: string;
  max: number;
  reasons: string;
  scores: (number | null)[];
  computed: number | null;
}

const SHEET = { zh: '合议表', en: 'Reconciliation' } as const;
const FIRST = 4;
const HEAD = {
  zh: {
    code: '编号',
    title: '测评内容',
    max: '分值',
    reasons: '合议原因',
    computed: '计算得分',
    agreed: '合议得分',
    reason: '合议理由',
  },
  en: {
    code: 'Code',
    title: 'Requirement',
    max: 'Points',
    reasons: 'Why flagged',
    computed: 'Computed',
    agreed: 'Agreed score',
    reason: 'Reason',
  },
} as const;

/** Columns: code, title, points, reasons, one per assessor, computed, agreed (input), reason (input). */
const cols = (assessors: number) => ({
  agreed: 6 + assessors,
  reason: 7 + assessors,
  computed: 5 + assessors,
});

/** Builds the reconciliation sheet (合议表) a panel lead fills in: flagged items, every assessor's score, agreed score and reason. */
export async function buildReconciliationSheet(
  meta: Omit<ReconMeta, 'kind' | 'version' | 'items' | 'assessors'>,
  assessors: string[],
  rows: ReconRow[],
): Promise<Uint8Array> {
  const full: ReconMeta = {
    ...meta,
    kind: 'reconciliation',
    version: 1,
    assessors: assessors.join(','),
    items: rows.map((r) => r.code).join(','),
  };
  const lang = meta.lang;
  const h = HEAD[lang];
  const c = cols(assessors.length);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET[lang]);
  ws.mergeCells(1, 1, 1, c.reason);
  ws.getCell(1, 1).value =
    lang === 'zh'
      ? `${meta.round} 年度测评合议表 · ${meta.unit}`
      : `Reconciliation sheet ${meta.round} · ${meta.unit}`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value =
    lang === 'zh'
      ? '请组长在黄色单元格填写合议得分和理由;留空表示采用计算得分。'
      : 'Panel lead: fill the yellow cells with the agreed score and reason; leave blank to keep the computed score.';
  const header = [h.code, h.title, h.max, h.reasons, ...assessors, h.computed, h.agreed, h.reason];
  header.forEach((text, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = text;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST + i);
    row.values = [r.code, safeText(r.title), r.max, safeText(r.reasons), ...r.scores, r.computed];
    for (const col of [c.agreed, c.reason]) {
      const cell = row.getCell(col);
      cell.protection = { locked: false };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } };
    }
    row.getCell(c.agreed).dataValidation = {
      type: 'decimal',
      operator: 'between',
      formulae: [0, r.max],
      allowBlank: true,
      showErrorMessage: true,
      error: lang === 'zh' ? `0–${r.max}` : `0–${r.max}`,
    };
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 36 : i === 3 ? 20 : i === c.reason - 1 ? 36 : 9));
  ws.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
  ws.pageSetup = a4FitToWidth('landscape', { printTitlesRow: '3:3' });
  void ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  const m = wb.addWorksheet(RECON_META_SHEET, { state: 'veryHidden' });
  for (const k of RECON_META_FIELDS) m.addRow([k, String(full[k])]);
  m.addRow(['checksum', reconChecksum(full)]);
  return toBytes(wb);
}

/** What a filled reconciliation sheet says, or null when the workbook is not one. */
export interface ReadRecon {
  meta: ReconMeta | null;
  agreed: Map<string, Omit<AgreedScore, 'by'>>;
  issues: Issue[];
}

/** Reads a filled reconciliation sheet: agreed scores in range on the 0.5 step, each with a reason. */
export async function readReconciliationSheet(
  bytes: Uint8Array,
  maxOf: (code: string) => number | undefined,
): Promise<ReadRecon | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    return null;
  }
  const metaSheet = wb.getWorksheet(RECON_META_SHEET);
  if (!metaSheet) return null;
  const rows = new Map<string, string>();
  metaSheet.eachRow((r) => rows.set(String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')));
  const { meta, issues } = parseReconMeta(rows);
  const agreed = new Map<string, Omit<AgreedScore, 'by'>>();
  if (!meta) return { meta, agreed, issues };
  const ws = wb.getWorksheet(SHEET[meta.lang]) ?? wb.worksheets.find((w) => w.name !== RECON_META_SHEET);
  const sheet = ws?.name ?? SHEET[meta.lang];
  if (!ws)
    return { meta, agreed, issues: [error('sheet.missing', { sheet }, { expected: sheet, found: '' })] };
  const c = cols(meta.assessors ? meta.assessors.split(',').length : 0);
  const codes = meta.items ? meta.items.split(',') : [];
  codes.forEach((code, i) => {
    const r = FIRST + i;
    const at = (col: number) => ({ sheet, cell: addr(r, col), item: code });
    const found = String(ws.getCell(r, 1).value ?? '').trim();
    if (found !== code)
      return issues.push(error('sheet.row-mismatch', at(1), { row: r, expected: code, found: found || '—' }));
    const raw = toRawCell(ws.getCell(r, c.agreed));
    if (isBlank(raw)) return;
    const max = maxOf(code) ?? 0;
    const p = parseNumber(raw, { fullMarks: max });
    if (!p.ok)
      return issues.push(
        error(p.reason === 'formula' ? 'input.formula' : 'input.not-a-number', at(c.agreed), {
          value: shown(raw),
        }),
      );
    if (p.value < 0 || p.value > max)
      return issues.push(error('input.out-of-range', at(c.agreed), { value: p.value, min: 0, max }));
    if (Math.abs(Math.round(p.value * 2) / 2 - p.value) > 1e-9)
      return issues.push(error('input.step', at(c.agreed), { value: p.value, step: 0.5 }));
    const reason = parseNote(toRawCell(ws.getCell(r, c.reason)));
    if (!reason) return issues.push(error('recon.reason-missing', at(c.reason), {}));
    agreed.set(code, { score: p.value, reason });
  });
  return { meta, agreed, issues };
}

/** The column letter of the agreed-score input, for messages and tests. */
export const agreedColumn = (assessors: number) => colLetter(cols(assessors).agreed);

/** Loads a reconciliation sheet with its hidden key/value rows, the assessor count and item codes. */
async function openSheet(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const rows = new Map<string, string>();
  wb.getWorksheet(RECON_META_SHEET)!.eachRow((r) =>
    rows.set(String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')),
  );
  const assessors = (rows.get('assessors') ?? '').split(',').filter(Boolean).length;
  const codes = (rows.get('items') ?? '').split(',').filter(Boolean);
  return { wb, ws: wb.worksheets.find((w) => w.name !== RECON_META_SHEET)!, c: cols(assessors), codes };
}

/** Fills agreed scores and reasons into a downloaded reconciliation sheet, as a panel lead would. */
export async function fillReconciliationSheet(
  bytes: Uint8Array,
  agreed: ReadonlyMap<string, { score: number; reason: string }>,
): Promise<Uint8Array> {
  const { wb, ws, c, codes } = await openSheet(bytes);
  codes.forEach((code, i) => {
    const a = agreed.get(code);
    if (!a) return;
    ws.getCell(FIRST + i, c.agreed).value = a.score;
    ws.getCell(FIRST + i, c.reason).value = a.reason;
  });
  return toBytes(wb);
}

/** The flagged rows of a reconciliation sheet with their computed scores, to fill it in. */
export async function reconciliationRows(
  bytes: Uint8Array,
): Promise<{ code: string; computed: number | null }[]> {
  const { ws, c, codes } = await openSheet(bytes);
  return codes.map((code, i) => {
    const v = ws.getCell(FIRST + i, c.computed).value;
    return { code, computed: typeof v === 'number' ? v : null };
  });
}
