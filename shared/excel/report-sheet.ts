import type ExcelJS from 'exceljs';
import { addr, colLetter } from '../domain/layout.ts';
import type { Lang } from '../domain/text.ts';
import { a4FitToWidth } from './print.ts';
import type { Col } from './report-rows.ts';

/** A new report sheet with the house print setup, and A1 ranges on it. */

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

/** A1 range of columns `fromCol..toCol` over rows `fromRow..toRow`. */
export function range(fromRow: number, fromCol: number, toRow: number, toCol: number): string {
  return `${colLetter(fromCol)}${fromRow}:${colLetter(toCol)}${toRow}`;
}
