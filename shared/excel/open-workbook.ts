import type ExcelJS from 'exceljs';
import { error, type Issue } from '../domain/issues.ts';
import { listEntries, storeZip, unpackEntries, type ZipLimits } from './zip-reader.ts';

/**
 * The one door every uploaded workbook comes in by (score sheets, reconciliation sheets, rosters,
 * round workbooks for the district comparison, and the copy that is annotated on rejection): tell
 * what the file is, refuse before unpacking anything that is not a plain .xlsx within the limits,
 * unpack each part with bounded output, and only then read it. exceljs never sees the uploaded
 * bytes: it is handed a zip re-packed from the parts that were checked here.
 */

/** Limits applied before and while a workbook is unpacked, so hostile files cost little. */
export interface WorkbookLimits extends ZipLimits {
  maxBytes: number;
}

/** Defaults sized for score sheets (a filled template is ~30 KB) with generous headroom. */
export const DEFAULT_LIMITS: WorkbookLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  maxUncompressed: 100 * 1024 * 1024,
};

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (buf: Uint8Array, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** Part names a workbook never has: duplicates (readers disagree which copy counts) and paths that climb out. */
function badNames(names: string[]): boolean {
  if (new Set(names).size !== names.length) return true;
  return names.some((n) => n.startsWith('/') || n.includes('\\') || n.split('/').includes('..'));
}

function looksLikeText(buf: Uint8Array): boolean {
  const head = buf.subarray(0, 4096);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    // GBK-encoded CSV from Chinese Excel is common: mostly printable bytes, no NUL.
    const printable = head.filter((b) => b >= 0x20 || b === 9 || b === 10 || b === 13).length;
    return printable / Math.max(1, head.length) > 0.95;
  }
}

/** The checked, unpacked parts of an acceptable workbook, or the issues that refuse it. */
export type OpenedParts = { parts: Map<string, Uint8Array>; issues: [] } | { parts: null; issues: Issue[] };

/**
 * Tells what kind of file an upload is and refuses anything that is not a plain .xlsx within the
 * limits: empty files, .xls, CSV/text, other zips (.docx), .xlsm, damaged zips, zip64, zip bombs and
 * zips of too many parts — each with its own issue. Returns every part unpacked when acceptable.
 */
export function openWorkbookParts(
  buf: Uint8Array,
  file: string,
  limits: WorkbookLimits = DEFAULT_LIMITS,
): OpenedParts {
  const refuse = (issue: Issue): OpenedParts => ({ parts: null, issues: [issue] });
  const at = { sheet: file };
  if (buf.length === 0) return refuse(error('file.empty', at));
  if (buf.length > limits.maxBytes)
    return refuse(error('file.too-large', at, { size: buf.length, max: limits.maxBytes }));
  if (startsWith(buf, OLE2)) return refuse(error('file.xls', at));
  if (!startsWith(buf, [0x50, 0x4b]))
    return refuse(error(looksLikeText(buf) ? 'file.text' : 'file.not-xlsx', at));
  const listed = listEntries(buf, at, limits);
  if ('issue' in listed) return refuse(listed.issue);
  if (badNames(listed.entries.map((e) => e.name)))
    return refuse(error('file.corrupt', at, { detail: 'duplicate or unsafe part names' }));
  const parts = unpackEntries(buf, listed.entries, listed.directory, at, limits);
  if ('issue' in parts) return refuse(parts.issue);
  const types = new TextDecoder().decode(parts.get('[Content_Types].xml') ?? new Uint8Array());
  // Macros, whatever the part is called: the content type says so, or a part is an OLE2 VBA store.
  const macro =
    /macroEnabled|vbaProject/i.test(types) ||
    [...parts].some(([n, b]) => n.toLowerCase().endsWith('.bin') && startsWith(b, OLE2));
  if (parts.has('xl/vbaProject.bin') || macro) return refuse(error('file.xlsm', at));
  if (!parts.has('xl/workbook.xml') || !parts.has('[Content_Types].xml'))
    return refuse(error('file.not-xlsx', at));
  return { parts, issues: [] };
}

/**
 * Opens an uploaded workbook with exceljs, through the door: `workbook` is null, with the issues
 * why, when the file was refused or exceljs could not read the checked parts. Never throws for bad
 * input.
 */
export async function openWorkbook(
  buf: Uint8Array,
  file: string,
  limits: WorkbookLimits = DEFAULT_LIMITS,
): Promise<{ workbook: ExcelJS.Workbook | null; issues: Issue[] }> {
  const opened = openWorkbookParts(buf, file, limits);
  if (!opened.parts) return { workbook: null, issues: opened.issues };
  return loadWorkbookParts(opened.parts, file);
}

/** Loads parts the door already checked (`openWorkbookParts`) into exceljs, re-packed. */
export async function loadWorkbookParts(
  parts: Map<string, Uint8Array>,
  file: string,
): Promise<{ workbook: ExcelJS.Workbook | null; issues: Issue[] }> {
  // Loaded here, not at the top: checking a sheet (openWorkbookParts) never needs exceljs.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const zip = storeZip(parts);
  try {
    await wb.xlsx.load(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    const detail = e instanceof Error ? e.message.slice(0, 200) : String(e);
    return { workbook: null, issues: [error('file.corrupt', { sheet: file }, { detail })] };
  }
  return { workbook: wb, issues: [] };
}

/**
 * A workbook cepin wrote and signed (合议表, 整改通知书), known by its hidden metadata sheet: null
 * unless the checked parts name that sheet — exceljs loads nothing of any other workbook — else the
 * workbook and the hidden sheet's key/value rows (column A, column B).
 */
export async function openSignedWorkbook(
  bytes: Uint8Array,
  file: string,
  limits: WorkbookLimits,
  metaSheet: string,
): Promise<{ workbook: ExcelJS.Workbook; meta: Map<string, string> } | null> {
  const { parts } = openWorkbookParts(bytes, file, limits);
  if (!parts) return null;
  const book = new TextDecoder().decode(parts.get('xl/workbook.xml'));
  if (!new RegExp(`<sheet\\b[^>]*\\bname="${metaSheet}"`).test(book)) return null;
  const { workbook } = await loadWorkbookParts(parts, file);
  const sheet = workbook?.getWorksheet(metaSheet);
  if (!workbook || !sheet) return null;
  const meta = new Map<string, string>();
  sheet.eachRow((r) => meta.set(String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')));
  return { workbook, meta };
}
