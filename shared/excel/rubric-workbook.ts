import { error } from '../domain/issues.ts';
import { SHEET_NAMES } from '../domain/layout.ts';
import {
  findRubricSheets,
  readRubricGrids,
  rulesToRows,
  type AnyRule,
  type RubricGrids,
} from '../domain/rubric-rows.ts';
import { rubricRead, resolveRubric, type RubricRead } from '../domain/rubric-resolve.ts';
import type { Lang } from '../domain/text.ts';
import { DEFAULT_LIMITS, openWorkbookParts, type WorkbookLimits } from './open-workbook.ts';
import { buildRubricWorkbook } from './rubric-workbook-write.ts';
import { readWorkbookParts } from './score-sheet-reader.ts';
import { isRubricWorkbookParts } from './rubric-sniff.ts';
import { RUBRIC_MARKER } from '../domain/rubric-sheets.ts';
import type { LoadedWorkbook } from './sheet-view.ts';

/**
 * The rubric workbook (细则工作簿, docs/rubric-workbook.md): a rule file, full or overlay, as a
 * workbook a bureau officer edits in Excel, WPS or LibreOffice, and read back into the same rule file.
 */

export { resolveRubric, type RubricRead };

/** The workbook of a rule file (as written, or parsed), headers and words in `lang`. */
export async function writeRubricWorkbook(file: AnyRule, lang: Lang): Promise<Buffer> {
  const wb = buildRubricWorkbook(rulesToRows(file, lang), lang);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The empty rubric workbook: instructions, headers, drop-down lists, nothing filled in. */
export async function blankRubricWorkbook(lang: Lang): Promise<Buffer> {
  const rows = { overlay: false, about: {}, items: [], details: [], grades: [], facts: [] };
  return Buffer.from(await buildRubricWorkbook(rows, lang).xlsx.writeBuffer());
}

export { isRubricWorkbookParts };

/**
 * Reads an uploaded rubric workbook through the door (open-workbook.ts) with the lean reader, and
 * never throws for bad input: a file that is not a workbook, a score sheet given instead, missing
 * sheets and every authoring problem come back as issues naming the sheet, cell and item.
 */
export async function readRubricWorkbook(
  bytes: Uint8Array,
  fileName: string,
  limits: WorkbookLimits = DEFAULT_LIMITS,
): Promise<RubricRead> {
  const opened = openWorkbookParts(bytes, fileName, limits);
  if (!opened.parts) return { ok: false, issues: opened.issues };
  let wb: LoadedWorkbook;
  try {
    wb = readWorkbookParts(opened.parts);
  } catch (e) {
    const detail = e instanceof Error ? e.message.slice(0, 200) : String(e);
    return { ok: false, issues: [error('file.corrupt', { sheet: fileName }, { detail })] };
  }
  if (wb.sheetNames.includes(SHEET_NAMES.meta))
    return { ok: false, issues: [error('rubric.is-score-sheet', { sheet: fileName })] };
  const found = findRubricSheets(wb.sheetNames);
  if (found.about === undefined && found.items === undefined && !wb.sheetNames.includes(RUBRIC_MARKER))
    return {
      ok: false,
      issues: [error('rubric.not-rubric', { sheet: fileName }, { found: wb.sheetNames.join(', ') || '—' })],
    };
  try {
    const grids: RubricGrids = {};
    for (const key of ['about', 'items', 'details', 'grades', 'facts'] as const) {
      const name = found[key];
      const sheet = name === undefined ? undefined : wb.sheet(name);
      if (sheet) grids[key] = sheet;
    }
    return rubricRead(readRubricGrids(grids));
  } catch (e) {
    // A part the lean reader could not make sense of (it reads sheets lazily).
    const detail = e instanceof Error ? e.message.slice(0, 200) : String(e);
    return { ok: false, issues: [error('file.corrupt', { sheet: fileName }, { detail })] };
  }
}
