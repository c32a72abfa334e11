import ExcelJS from 'exceljs';
import { metaList } from '../domain/reconciliation-meta.ts';
import { RECT_META_SHEET } from '../domain/rectification-meta.ts';
import { RECT_STATUS_WORDS, type RectAnswerItem } from '../domain/rectification.ts';
import { toBytes } from './fill-workbook.ts';
import { RECT_COL, RECT_FIRST } from './rectification-layout.ts';

/**
 * Filling a downloaded rectification workbook (整改通知书) as a unit would, for the demo and tests.
 * Reads only workbooks cepin generated itself (an upload goes through readRectificationWorkbook).
 */

/** The item codes of a downloaded notice workbook, in row order. */
export async function rectificationCodes(bytes: Uint8Array): Promise<string[]> {
  return (await open(bytes)).codes;
}

async function open(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const rows = new Map<string, string>();
  wb.getWorksheet(RECT_META_SHEET)!.eachRow((r) =>
    rows.set(String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')),
  );
  return {
    wb,
    ws: wb.worksheets.find((w) => w.name !== RECT_META_SHEET)!,
    codes: metaList(rows.get('items') ?? ''),
    lang: rows.get('lang') === 'en' ? ('en' as const) : ('zh' as const),
  };
}

/** Writes the unit's answers (status in the workbook's words, what was done, evidence names) by item code. */
export async function fillRectificationWorkbook(
  bytes: Uint8Array,
  answers: ReadonlyMap<string, Omit<RectAnswerItem, 'code'>>,
): Promise<Uint8Array> {
  const { wb, ws, codes, lang } = await open(bytes);
  codes.forEach((code, i) => {
    const a = answers.get(code);
    if (!a) return;
    ws.getCell(RECT_FIRST + i, RECT_COL.status).value = RECT_STATUS_WORDS[lang][a.status];
    ws.getCell(RECT_FIRST + i, RECT_COL.done).value = a.done;
    ws.getCell(RECT_FIRST + i, RECT_COL.evidence).value = a.evidence.join(lang === 'zh' ? '；' : '; ');
  });
  return toBytes(wb);
}
