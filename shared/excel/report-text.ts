import type ExcelJS from 'exceljs';

/** Writing user text into report cells so it stays text, and how wide a text runs in a column. */

/** Text a spreadsheet could take for a formula, a number or a mention when typed in. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

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
