import ExcelJS from 'exceljs';
import { error, type Issue } from '../domain/issues.ts';
import { addr, colLetter } from '../domain/layout.ts';
import { parseCompliance, parseNote, parseNumber } from '../domain/parse-value.ts';
import { isBlank, shown, type RawCell } from '../domain/raw-cell.ts';
import {
  metaList,
  parseReconMeta,
  RECON_META_FIELDS,
  RECON_META_SHEET,
  RECON_META_VERSION,
  signReconMeta,
  type ReconMeta,
} from '../domain/reconciliation-meta.ts';
import type { AgreedScore, VetoDecision, VetoVerdict } from '../domain/results.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import { toBytes } from './fill-workbook.ts';
import { cols, FIRST, HEAD, SHEET, VETO_WORDS } from './reconciliation-layout.ts';
import { safeText } from './annotate.ts';
import { openSignedWorkbook, type WorkbookLimits } from './open-workbook.ts';
import { toRawCell } from './sheet-view.ts';
import { a4FitToWidth } from './print.ts';

/** One flagged item as the panel lead sees it. */
export interface ReconRow {
  code: string;
  title: string;
  max: number;
  /** Why it is flagged, in words of the sheet's language (see `flagReasonWords`). */
  reasons: string;
  scores: (number | null)[];
  computed: number | null;
  /** A veto disagreement: the row gets a decision cell (确认 / 推翻) the panel must fill. */
  veto?: boolean | undefined;
  /** A compliance item: scores show as 符合 / 不符合 and the agreed result is one of the two. */
  compliance?: boolean | undefined;
}

const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } } as const;

/**
 * Builds the reconciliation sheet (合议表) a panel lead fills in: flagged items, every assessor's
 * score, agreed score, veto decision (veto disagreements only) and reason. Its hidden sheet lists
 * the flagged items and the veto items and is signed with the district's key (HMAC-SHA256), so an
 * upload can be trusted to agree only what was flagged here.
 */
export async function buildReconciliationSheet(
  meta: Omit<ReconMeta, 'kind' | 'version' | 'items' | 'vetoItems' | 'assessors' | 'sources'> & {
    /** The upload ids of the sheets the flagged rows come from. */
    sources: string[];
  },
  assessors: string[],
  rows: ReconRow[],
  key: Uint8Array,
): Promise<Uint8Array> {
  const full: ReconMeta = {
    ...meta,
    sources: [...meta.sources].sort().join(','),
    kind: 'reconciliation',
    version: RECON_META_VERSION,
    assessors: assessors.join(','),
    items: rows.map((r) => r.code).join(','),
    vetoItems: rows
      .filter((r) => r.veto)
      .map((r) => r.code)
      .join(','),
  };
  const signature = signReconMeta(full, key);
  const lang = meta.lang;
  const h = HEAD[lang];
  const c = cols(assessors.length);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET[lang]);
  ws.mergeCells(1, 1, 1, c.reason);
  const phase = SHEET_WORDS.phase[meta.phase][lang];
  ws.getCell(1, 1).value =
    lang === 'zh'
      ? `${meta.round} 年度${phase}合议表 · ${meta.unit}`
      : `Reconciliation sheet ${meta.round} · ${phase} · ${meta.unit}`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(2, 1, 2, c.reason);
  ws.getCell(2, 1).value = h.note;
  ws.getCell(2, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 32;
  const header = [
    h.code,
    h.title,
    h.max,
    h.reasons,
    ...assessors,
    h.computed,
    h.agreed,
    h.decision,
    h.reason,
  ];
  header.forEach((text, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = text;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  const words = VETO_WORDS[lang];
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST + i);
    row.values = [r.code, safeText(r.title), r.max, safeText(r.reasons), ...r.scores, r.computed];
    const inputs = r.veto ? [c.agreed, c.decision, c.reason] : [c.agreed, c.reason];
    for (const col of inputs) {
      const cell = row.getCell(col);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    const met = SHEET_WORDS.compliance.met[lang];
    const notMet = SHEET_WORDS.compliance.notMet[lang];
    if (r.compliance) {
      // Full marks read 符合 and 0 reads 不符合 (the number stays, for sums); the agreed result is one of the two.
      const fmt = `[=${r.max}]"${met}";[=0]"${notMet}";General`;
      for (let col = 5; col <= c.agreed; col++) row.getCell(col).numFmt = fmt;
      row.getCell(c.agreed).dataValidation = {
        type: 'list',
        formulae: [`"${met},${notMet}"`],
        allowBlank: true,
        showErrorMessage: true,
        error: `${met} / ${notMet}`,
      };
    } else
      row.getCell(c.agreed).dataValidation = {
        type: 'decimal',
        operator: 'between',
        formulae: [0, r.max],
        allowBlank: true,
        showErrorMessage: true,
        error: `0–${r.max}`,
      };
    if (r.veto)
      row.getCell(c.decision).dataValidation = {
        type: 'list',
        formulae: [`"${words.confirm},${words.overturn}"`],
        allowBlank: true,
        showErrorMessage: true,
        error: `${words.confirm} / ${words.overturn}`,
      };
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  const widths: Record<number, number> = { 2: 36, 4: 24, [c.decision]: 12, [c.reason]: 36 };
  ws.columns.forEach((col, i) => (col.width = widths[i + 1] ?? 9));
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
  m.addRow(['signature', signature]);
  return toBytes(wb);
}

/** What a filled reconciliation sheet says, or null when the workbook is not one. */
export interface ReadRecon {
  meta: ReconMeta | null;
  /** The visible sheet's name, for issues. */
  sheet: string;
  agreed: Map<string, Omit<AgreedScore, 'by'>>;
  vetoDecisions: Map<string, Omit<VetoDecision, 'by'>>;
  issues: Issue[];
}

/** A decision cell's word in either language, or undefined. */
function verdictOf(text: string): VetoVerdict | undefined {
  const t = text.trim().toLowerCase();
  for (const lang of ['zh', 'en'] as const)
    for (const v of ['confirm', 'overturn'] as const) if (VETO_WORDS[lang][v].toLowerCase() === t) return v;
  return undefined;
}

/**
 * A 合议表 holds a few dozen flagged rows (a few KB unpacked); anything larger is not one. Keeps a
 * hostile upload that is not a score template (a million cells, say) from being loaded by exceljs.
 */
export const RECON_LIMITS: WorkbookLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 200,
  maxUncompressed: 4 * 1024 * 1024,
};

/**
 * Reads a filled reconciliation sheet with the district's key: the signed hidden sheet, then per
 * flagged row an agreed score in range on the 0.5 step (on a compliance item 符合 / 不符合, or its
 * full marks / 0) and, on veto rows, the decision (required); each entry with a reason. Anything
 * typed below the flagged rows is refused (not flagged).
 */
export async function readReconciliationSheet(
  bytes: Uint8Array,
  maxOf: (code: string) => number | undefined,
  key: Uint8Array,
  /** Whether an item is a compliance item (符合 / 不符合), from the round's rule set. */
  isCompliance: (code: string) => boolean = () => false,
): Promise<ReadRecon | null> {
  // Every upload that is not a score template is tried as a 合议表: look for its hidden sheet in the
  // checked parts first, within a 合议表's own small limits, before exceljs loads a single cell.
  const opened = await openSignedWorkbook(bytes, 'reconciliation.xlsx', RECON_LIMITS, RECON_META_SHEET);
  if (!opened) return null;
  const wb = opened.workbook;
  const { meta, issues } = parseReconMeta(opened.meta, key);
  const agreed = new Map<string, Omit<AgreedScore, 'by'>>();
  const vetoDecisions = new Map<string, Omit<VetoDecision, 'by'>>();
  if (!meta) return { meta, sheet: RECON_META_SHEET, agreed, vetoDecisions, issues };
  const ws = wb.getWorksheet(SHEET[meta.lang]) ?? wb.worksheets.find((w) => w.name !== RECON_META_SHEET);
  const sheet = ws?.name ?? SHEET[meta.lang];
  if (!ws)
    return {
      meta,
      sheet,
      agreed,
      vetoDecisions,
      issues: [error('sheet.missing', { sheet }, { expected: sheet, found: '' })],
    };
  const c = cols(metaList(meta.assessors).length);
  const codes = metaList(meta.items);
  const vetoRows = new Set(metaList(meta.vetoItems));
  codes.forEach((code, i) => {
    const r = FIRST + i;
    const at = (col: number) => ({ sheet, cell: addr(r, col), item: code });
    const found = String(ws.getCell(r, 1).value ?? '').trim();
    if (found !== code)
      return issues.push(error('sheet.row-mismatch', at(1), { row: r, expected: code, found: found || '—' }));
    const max = maxOf(code);
    if (max === undefined) return issues.push(error('recon.item-not-flagged', at(1), { item: code }));
    const raw = toRawCell(ws.getCell(r, c.agreed));
    let score: number | undefined;
    if (!isBlank(raw) && isCompliance(code)) {
      const agreed = agreedCompliance(raw, max);
      if (agreed === undefined)
        return issues.push(error('recon.compliance-choice', at(c.agreed), { value: shown(raw), max }));
      score = agreed;
    } else if (!isBlank(raw)) {
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
      score = p.value;
    }
    const rawDecision = toRawCell(ws.getCell(r, c.decision));
    let verdict: VetoVerdict | undefined;
    if (!vetoRows.has(code)) {
      if (!isBlank(rawDecision))
        return issues.push(error('recon.veto-not-disputed', at(c.decision), { value: shown(rawDecision) }));
    } else if (isBlank(rawDecision)) {
      issues.push(error('recon.veto-undecided', at(c.decision), {}));
    } else {
      verdict = verdictOf(shown(rawDecision));
      if (!verdict) {
        const w = VETO_WORDS[meta.lang];
        return issues.push(
          error('recon.veto-decision-invalid', at(c.decision), {
            value: shown(rawDecision),
            choices: `${w.confirm} / ${w.overturn}`,
          }),
        );
      }
    }
    if (score === undefined && verdict === undefined) return;
    const reason = parseNote(toRawCell(ws.getCell(r, c.reason)));
    if (!reason) return issues.push(error('recon.reason-missing', at(c.reason), {}));
    if (score !== undefined) agreed.set(code, { score, reason });
    if (verdict) vetoDecisions.set(code, { verdict, reason });
  });
  // Rows below the flagged ones: anything entered there would agree an item that was never flagged.
  ws.eachRow((row, r) => {
    if (r < FIRST + codes.length) return;
    const filled = [1, c.agreed, c.decision, c.reason].find((col) => !isBlank(toRawCell(row.getCell(col))));
    if (filled === undefined) return;
    const item = String(row.getCell(1).value ?? '').trim();
    issues.push(
      error('recon.item-not-flagged', { sheet, cell: addr(r, filled), item }, { item: item || '—' }),
    );
  });
  return { meta, sheet, agreed, vetoDecisions, issues };
}

/** A compliance item's agreed result: 符合 / 不符合 (either language) or exactly full marks / 0. */
function agreedCompliance(raw: RawCell, max: number): number | undefined {
  const judged = parseCompliance(raw);
  if (judged.ok) return judged.value === 'met' ? max : judged.value === 'not-met' ? 0 : undefined;
  const p = parseNumber(raw, { fullMarks: max });
  return p.ok && (p.value === 0 || p.value === max) ? p.value : undefined;
}

/** The column letter of the agreed-score input, for messages and tests. */
export const agreedColumn = (assessors: number) => colLetter(cols(assessors).agreed);

/** The column letter of the veto decision input, for messages and tests. */
export const decisionColumn = (assessors: number) => colLetter(cols(assessors).decision);

export { flagReasonWords, VETO_WORDS } from './reconciliation-layout.ts';
