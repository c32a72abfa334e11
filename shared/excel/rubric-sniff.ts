// Only the sheet names: this module is loaded with every score-sheet check, the rubric reader is not.
import { findRubricSheets, RUBRIC_MARKER } from '../domain/rubric-sheets.ts';

/**
 * Tells a rubric workbook (细则工作簿) from the workbook's own list of sheets, without loading it
 * (no exceljs): so that a rubric uploaded where a score sheet is expected gets one clear message.
 */

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The sheet names of a workbook from its unpacked parts (xl/workbook.xml), without exceljs. */
function sheetNames(parts: ReadonlyMap<string, Uint8Array>): string[] {
  const xml = new TextDecoder().decode(parts.get('xl/workbook.xml') ?? new Uint8Array());
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\sname="([^"]*)"/g)].map((m) =>
    m[1]!.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITY[e] ?? all),
    ),
  );
}

/**
 * True when already-unpacked parts are a rubric workbook: it has the `_cepin_rubric` marker sheet,
 * or both a 基本信息/About and a 细则/Items sheet. Tells a rubric uploaded where a score sheet belongs.
 */
export function isRubricWorkbookParts(parts: ReadonlyMap<string, Uint8Array>): boolean {
  const names = sheetNames(parts);
  if (names.includes(RUBRIC_MARKER)) return true;
  const found = findRubricSheets(names);
  return found.about !== undefined && found.items !== undefined;
}
