import type ExcelJS from 'exceljs';
import type { RawCell } from '../domain/raw-cell.ts';

/** A read-only view of one worksheet in domain terms. */
export interface SheetView {
  name: string;
  /** The cell as typed: number, text, formula, date... */
  cell(address: string): RawCell;
  /** The master cell's address when the cell is part of a merge it does not lead. */
  mergedInto(address: string): string | undefined;
  /** The last row that holds anything. */
  lastRow: number;
}

/** A loaded workbook: its sheets by name and the hidden metadata rows, if any. */
export interface LoadedWorkbook {
  sheetNames: string[];
  /** Key/value rows of the `_cepin` sheet, or null when the sheet is missing. */
  meta: Map<string, string> | null;
  sheet(name: string): SheetView | undefined;
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Maps an exceljs cell to the domain's RawCell. */
export function toRawCell(cell: ExcelJS.Cell): RawCell {
  const v = cell.value;
  if (v === null || v === undefined) return { type: 'empty' };
  if (typeof v === 'number')
    return { type: 'number', value: v, percentFormat: (cell.numFmt ?? '').includes('%') };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (typeof v === 'boolean') return { type: 'boolean', value: v };
  if (v instanceof Date) return { type: 'date', value: v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const f = 'formula' in v ? v.formula : (v as ExcelJS.CellSharedFormulaValue).sharedFormula;
      return { type: 'formula', formula: String(f ?? '') };
    }
    if ('error' in v) return { type: 'error', value: String(v.error) };
    if ('richText' in v || 'text' in v) return { type: 'text', value: text(v) };
  }
  return { type: 'text', value: String(v as unknown) };
}
