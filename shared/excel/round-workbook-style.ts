import type ExcelJS from 'exceljs';
import { addr, colLetter } from '../domain/layout.ts';
import type { Lang } from '../domain/text.ts';
import { mean } from '../domain/stats.ts';
import { a4FitToWidth } from './print.ts';

/** Fills used on generated report sheets (ARGB). */
export const FILL = {
  header: 'FF1F4E79',
  total: 'FFD9E2F3',
  section: 'FFDDEBF7',
  loss: 'FFF8CBAD',
  warn: 'FFFFF2CC',
  band: 'FFF5F8FC',
  lenient: 'FFFCE4D6',
  severe: 'FFDDEBF7',
} as const;

const BORDER = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const THIN: Partial<ExcelJS.Borders> = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** Text a spreadsheet could take for a formula, a number or a mention when typed in. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** The font of every styled cell: cells without a font name print in another face in LibreOffice. */
export const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
  name: 'Calibri',
  size: 11,
  ...extra,
});

/**
 * Puts user text into a cell so it stays text: written verbatim as a string (never a formula) and,
 * when it could pass for one ("=1+1", "+86…", "-3", "@x") or `always`, formatted as Text (@) so it
 * also stays text when someone edits the cell in Excel or WPS. Unlike `safeText` it adds no
 * visible apostrophe to printed pages. Multi-line text is written as an inline rich string, as
 * LibreOffice drops the line breaks of plain streamed strings.
 */
export function putText(cell: ExcelJS.Cell, s: string, always = false): void {
  cell.value = s.includes('\n') ? { richText: [{ text: s }] } : s;
  if (always || FORMULA_LIKE.test(s)) cell.numFmt = '@';
}

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

/**
 * Width of a text in column units. CJK and full-width characters count twice: Excel draws them
 * about two digit-widths wide (LibreOffice a little narrower, so its rows come out roomier).
 */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  }
  return w;
}

/** Lines a text takes in a column of the given width when wrapped. */
export function linesFor(s: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return s.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

/** Escapes text for a print header or footer, where & starts a code. */
const hf = (s: string) => s.replace(/&/g, '&&');

/** Options for a new report sheet. */
export interface SheetOptions {
  lang: Lang;
  /** Left part of the printed page header (district and round). */
  pageHeader: string;
  cols: Col[];
  /** Frozen rows at the top (the header rows) and columns at the left. */
  freezeRows: number;
  freezeCols?: number;
  /** Rows repeated at the top of every printed page, e.g. "1:2"; defaults to the frozen rows. */
  printTitles?: string;
  /**
   * Print at full size across as many pages as the columns need, repeating the frozen columns on
   * each (for wide tables such as the item matrix), instead of squeezing to one page wide.
   */
  acrossPages?: boolean;
}

/**
 * Adds a sheet with the house print setup: A4 landscape fit to one page wide, header rows
 * repeated, district and round in the page header and page numbers in the footer. Views and page
 * setup are given at creation because the streaming writer writes them first.
 */
export function openSheet(wb: ExcelJS.Workbook, name: string, o: SheetOptions): ExcelJS.Worksheet {
  const x = o.freezeCols ?? 0;
  const ws = wb.addWorksheet(name, {
    properties: { defaultRowHeight: 16 },
    views: [
      {
        state: 'frozen',
        xSplit: x,
        ySplit: o.freezeRows,
        topLeftCell: addr(o.freezeRows + 1, x + 1),
        activeCell: addr(o.freezeRows + 1, x + 1),
      },
    ],
    pageSetup: a4FitToWidth('landscape', {
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: o.printTitles ?? `1:${o.freezeRows}`,
      ...(o.acrossPages
        ? {
            fitToPage: false,
            scale: 100,
            horizontalCentered: false,
            pageOrder: 'overThenDown' as const,
            ...(x > 0 ? { printTitlesColumn: `A:${colLetter(x)}` } : {}),
          }
        : {}),
    }),
    headerFooter: {
      oddHeader: `&L${hf(o.pageHeader)}&R${hf(name)}`,
      oddFooter: o.lang === 'zh' ? '&C第 &P 页,共 &N 页' : '&CPage &P of &N',
    },
  });
  ws.columns = o.cols.map((c) => ({ width: c.width }));
  return ws;
}

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

/** A1 range of whole columns `fromCol..toCol` over rows `fromRow..toRow`. */
/** A red–yellow–green colour scale over a range of scores: low red, median yellow, high green. */
export function redToGreen(ws: ExcelJS.Worksheet, ref: string): void {
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'colorScale',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
      },
    ],
  });
}

export function range(fromRow: number, fromCol: number, toRow: number, toCol: number): string {
  return `${colLetter(fromCol)}${fromRow}:${colLetter(toCol)}${toRow}`;
}

/** Mean of the numbers, exact and rounded to hundredths by the one rule; null when there are none. */
export function meanOf(xs: ReadonlyArray<number | null | undefined>): number | null {
  return mean(xs.filter((x): x is number => typeof x === 'number'));
}

/**
 * Every 200th row, lets the event loop run so the zip writer can compress and flush what has been
 * streamed so far; without it a sheet's whole XML would wait in memory until the sheet is done.
 */
export function breathe(n: number): Promise<void> | undefined {
  return n % 200 === 199 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}
