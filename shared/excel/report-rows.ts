import type ExcelJS from 'exceljs';
import { FILL, font, solid, THIN } from './report-palette.ts';
import { linesFor, putText } from './report-text.ts';

/** Rows of a report table in the house style: the header row, data rows, a blank row. */

/** A column of a report table. */
export interface Col {
  header: string;
  width: number;
  /** Wrap long text; rows grow to fit. */
  wrap?: boolean;
  /** Number format for numbers in the column. */
  fmt?: string;
  center?: boolean;
  /** Holds user-written text: always formatted as Text. */
  user?: boolean;
}

/** What a cell of a report row may hold. */
export type Value = string | number | null | undefined | { formula: string; result: number | string };

/** Options of a header row. */
export interface HeaderOptions {
  /** Texts (or numbers) of the cells; the columns' headers by default. */
  labels?: ReadonlyArray<string | number>;
  /** Notes on cells, per column index (0-based). */
  notes?: ReadonlyArray<string | undefined>;
  /** Cell ranges to merge, as 1-based [from, to] columns. */
  merges?: ReadonlyArray<[number, number]>;
  /** Turn the texts from this column index (0-based) on vertically, for narrow columns. */
  rotateFrom?: number;
}

/** Adds and commits a header row in the house style (white bold on dark blue, wrapped); returns its number. */
export function headerRow(ws: ExcelJS.Worksheet, cols: readonly Col[], o: HeaderOptions = {}): number {
  const texts = o.labels ?? cols.map((c) => c.header);
  const row = ws.addRow([]);
  let height = 22;
  texts.forEach((t, i) => {
    const cell = row.getCell(i + 1);
    if (typeof t === 'number') cell.value = t;
    else putText(cell, t);
    const note = o.notes?.[i];
    if (note) cell.note = note;
    const rotate = o.rotateFrom !== undefined && i >= o.rotateFrom;
    cell.font = font({ bold: true, color: { argb: 'FFFFFFFF' } });
    cell.fill = solid(FILL.header);
    cell.alignment = {
      horizontal: 'center',
      vertical: 'middle',
      wrapText: !rotate,
      textRotation: rotate ? 90 : 0,
    };
    cell.border = THIN;
    height = Math.max(
      height,
      rotate ? 7 * String(t).length + 8 : 16 * linesFor(String(t), cols[i]?.width ?? 10) + 6,
    );
  });
  for (const [from, to] of o.merges ?? []) ws.mergeCells(row.number, from, row.number, to);
  row.height = height;
  row.commit();
  return row.number;
}

/** Per-row styling of a data row. */
export interface RowStyle {
  /** Fill per column index (0-based); undefined leaves the cell unfilled. */
  fills?: ReadonlyArray<string | undefined>;
  /** Fill for the whole row. */
  fill?: string;
  bold?: boolean;
  /** Font colour per column index (0-based). */
  colors?: ReadonlyArray<string | undefined>;
  /** Number formats overriding the column's, per column index. */
  fmts?: ReadonlyArray<string | undefined>;
  /** Horizontal alignment for every cell of the row, overriding the columns'. */
  align?: 'left' | 'center' | 'right';
  /** Merge the row's cells from..to (1-based columns) into one, e.g. a long value. */
  merge?: [number, number];
}

/** Adds and commits one data row (borders, wrap, formats, text safety, a height that fits); returns its number. */
export function dataRow(
  ws: ExcelJS.Worksheet,
  cols: readonly Col[],
  values: readonly Value[],
  s: RowStyle = {},
): number {
  const row = ws.addRow([]);
  let lines = 1;
  values.forEach((v, i) => {
    const col = cols[i] ?? { header: '', width: 10 };
    const cell = row.getCell(i + 1);
    if (typeof v === 'string') {
      putText(cell, v, col.user);
      if (col.wrap) lines = Math.max(lines, linesFor(v, col.width));
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      cell.value = null;
    } else if (v !== null && v !== undefined) {
      cell.value = v;
      const fmt = s.fmts?.[i] ?? col.fmt;
      if (fmt) cell.numFmt = fmt;
    }
    cell.border = THIN;
    cell.alignment = {
      vertical: 'top',
      wrapText: col.wrap ?? false,
      horizontal: s.align ?? (col.center ? 'center' : undefined),
    };
    const fill = s.fills?.[i] ?? s.fill;
    if (fill) cell.fill = solid(fill);
    const color = s.colors?.[i];
    cell.font = font({ bold: s.bold ?? false, ...(color ? { color: { argb: color } } : {}) });
  });
  if (s.merge) {
    const [from, to] = s.merge;
    for (let c = from + 1; c <= to; c++) row.getCell(c).border = THIN;
    ws.mergeCells(row.number, from, row.number, to);
  }
  if (lines > 1) row.height = 16 * lines + 3;
  row.commit();
  return row.number;
}

/** Adds and commits an empty row (a gap between tables); returns its number. */
export function blankRow(ws: ExcelJS.Worksheet): number {
  const row = ws.addRow([]);
  row.commit();
  return row.number;
}

/** A gap, then a bold section title on the section fill across columns 1..`span`; returns the title's row number. */
export function sectionTitle(ws: ExcelJS.Worksheet, title: string, span: number): number {
  blankRow(ws);
  return dataRow(ws, [{ header: '', width: 10 }], [title], {
    bold: true,
    merge: [1, span],
    fill: FILL.section,
  });
}
