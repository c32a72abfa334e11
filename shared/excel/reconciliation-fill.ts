import ExcelJS from 'exceljs';
import { metaList, RECON_META_SHEET } from '../domain/reconciliation-meta.ts';
import type { VetoVerdict } from '../domain/results.ts';
import { toBytes } from './fill-workbook.ts';
import { cols, FIRST, VETO_WORDS } from './reconciliation-layout.ts';

/**
 * Filling a downloaded reconciliation sheet (合议表) as a panel lead would, for the demo and tests.
 * Reads only sheets cepin generated itself (never an upload: those go through readReconciliationSheet).
 */

/** Loads a reconciliation sheet with its hidden key/value rows, the assessor count and item codes. */
async function openSheet(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const rows = new Map<string, string>();
  wb.getWorksheet(RECON_META_SHEET)!.eachRow((r) =>
    rows.set(String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')),
  );
  return {
    wb,
    ws: wb.worksheets.find((w) => w.name !== RECON_META_SHEET)!,
    c: cols(metaList(rows.get('assessors') ?? '').length),
    codes: metaList(rows.get('items') ?? ''),
    vetoItems: new Set(metaList(rows.get('vetoItems') ?? '')),
    lang: rows.get('lang') === 'en' ? ('en' as const) : ('zh' as const),
  };
}

/** What a panel lead enters on one row: an agreed score and/or a veto decision, with the reason. */
export interface ReconEntry {
  score?: number | undefined;
  veto?: VetoVerdict | undefined;
  reason: string;
}

/** Fills agreed scores, veto decisions (in the sheet's words) and reasons into a downloaded reconciliation sheet. */
export async function fillReconciliationSheet(
  bytes: Uint8Array,
  entries: ReadonlyMap<string, ReconEntry>,
): Promise<Uint8Array> {
  const { wb, ws, c, codes, lang } = await openSheet(bytes);
  codes.forEach((code, i) => {
    const e = entries.get(code);
    if (!e) return;
    if (e.score !== undefined) ws.getCell(FIRST + i, c.agreed).value = e.score;
    if (e.veto) ws.getCell(FIRST + i, c.decision).value = VETO_WORDS[lang][e.veto];
    ws.getCell(FIRST + i, c.reason).value = e.reason;
  });
  return toBytes(wb);
}

/** The flagged rows of a reconciliation sheet with their computed scores and whether each needs a veto decision. */
export async function reconciliationRows(
  bytes: Uint8Array,
): Promise<{ code: string; computed: number | null; veto: boolean }[]> {
  const { ws, c, codes, vetoItems } = await openSheet(bytes);
  return codes.map((code, i) => {
    const v = ws.getCell(FIRST + i, c.computed).value;
    return { code, computed: typeof v === 'number' ? v : null, veto: vetoItems.has(code) };
  });
}
