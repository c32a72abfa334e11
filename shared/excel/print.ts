import type ExcelJS from 'exceljs';
import type { Lang } from '../domain/text.ts';

/**
 * How every generated sheet prints: A4, scaled to one page wide and as many pages tall as it needs.
 * `extra` adds what a sheet needs besides (title rows repeated on each page, margins, centring).
 */
export function a4FitToWidth(
  orientation: 'portrait' | 'landscape',
  extra: Partial<ExcelJS.PageSetup> = {},
): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, ...extra };
}

/**
 * A sheet of instructions: a bold title, then one wrapped paragraph a row, each row sized to its
 * text (not every program grows rows to fit wrapped text), on A4 portrait.
 */
export function writeTextSheet(ws: ExcelJS.Worksheet, paragraphs: readonly string[], lang: Lang): void {
  const [title, ...lines] = paragraphs;
  ws.getColumn(1).width = 66;
  ws.addRow([title]).getCell(1).font = { bold: true, size: 14 };
  for (const text of lines) {
    const row = ws.addRow([text]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 16 * Math.ceil(text.length / (lang === 'zh' ? 30 : 66)) + 6;
  }
  ws.pageSetup = a4FitToWidth('portrait');
}
