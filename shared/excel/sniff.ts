import { inflateRawSync } from 'node:zlib';
import { error, type Issue } from '../domain/issues.ts';

/** Limits applied before a workbook is decompressed, so hostile files cost little. */
export interface SniffLimits {
  maxBytes: number;
  maxEntries: number;
  maxUncompressed: number;
}

/** Defaults sized for score sheets (a filled template is ~30 KB) with generous headroom. */
export const DEFAULT_LIMITS: SniffLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  maxUncompressed: 100 * 1024 * 1024,
};

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** Lists a zip's entries from its central directory without decompressing anything. */
export function zipEntries(buf: Uint8Array): ZipEntry[] | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const stop = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  if (p === 0xffffffff)
    return [{ name: '(zip64)', method: 0, compressed: 0, uncompressed: Number.MAX_SAFE_INTEGER, offset: 0 }];
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || view.getUint32(p, true) !== 0x02014b50) return null;
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const uncompressed = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const name = decoder.decode(buf.subarray(p + 46, p + 46 + nameLen));
    entries.push({
      name,
      method,
      compressed,
      uncompressed: uncompressed === 0xffffffff ? Number.MAX_SAFE_INTEGER : uncompressed,
      offset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Inflates every entry with its output capped at the size it declares, so a zip that understates
 * its sizes is caught before any library trusts them. Returns each entry's bytes, or null when an
 * entry lies about its size or cannot be read.
 */
function inflateAll(buf: Uint8Array, entries: ZipEntry[]): Map<string, Uint8Array> | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.offset + 30 > buf.length || view.getUint32(e.offset, true) !== 0x04034b50) return null;
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const data = buf.subarray(start, start + e.compressed);
    let bytes: Uint8Array;
    if (e.method === 0) bytes = data;
    else if (e.method === 8) {
      try {
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressed) });
      } catch {
        return null;
      }
    } else return null;
    if (bytes.length !== e.uncompressed) return null;
    out.set(e.name, bytes);
  }
  return out;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Entry names a workbook never has: duplicates (readers disagree which copy counts) and paths that climb out. */
function badNames(entries: ZipEntry[]): boolean {
  const names = entries.map((e) => e.name);
  if (new Set(names).size !== names.length) return true;
  return names.some((n) => n.startsWith('/') || n.includes('\\') || n.split('/').includes('..'));
}

const startsWith = (buf: Uint8Array, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

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

/**
 * Tells what kind of file an upload is and refuses, before decompressing, anything that is not a
 * plain .xlsx within the limits: empty files, .xls, .xlsm, CSV/text, other zips, zip bombs.
 */
export function sniffWorkbook(buf: Uint8Array, file: string, limits: SniffLimits = DEFAULT_LIMITS): Issue[] {
  return openWorkbookZip(buf, file, limits).issues;
}

/** Like `sniffWorkbook`, also returning the inflated parts of an acceptable workbook. */
export function openWorkbookZip(
  buf: Uint8Array,
  file: string,
  limits: SniffLimits = DEFAULT_LIMITS,
): { issues: Issue[]; parts: Map<string, Uint8Array> | null } {
  const issues = sniff(buf, file, limits);
  return { issues: Array.isArray(issues) ? issues : [], parts: Array.isArray(issues) ? null : issues };
}

function sniff(buf: Uint8Array, file: string, limits: SniffLimits): Issue[] | Map<string, Uint8Array> {
  const at = { sheet: file };
  if (buf.length === 0) return [error('file.empty', at)];
  if (buf.length > limits.maxBytes)
    return [error('file.too-large', at, { size: buf.length, max: limits.maxBytes })];
  if (startsWith(buf, OLE2)) return [error('file.xls', at)];
  if (!startsWith(buf, [0x50, 0x4b])) {
    return [error(looksLikeText(buf) ? 'file.text' : 'file.not-xlsx', at)];
  }
  const entries = zipEntries(buf);
  if (!entries) return [error('file.corrupt', at, { detail: 'zip directory unreadable' })];
  if (entries.length > limits.maxEntries) {
    return [error('file.too-many-entries', at, { count: entries.length, max: limits.maxEntries })];
  }
  const total = entries.reduce((s, e) => s + e.uncompressed, 0);
  if (total > limits.maxUncompressed) {
    return [error('file.zip-bomb', at, { size: total, max: limits.maxUncompressed })];
  }
  if (badNames(entries)) return [error('file.corrupt', at, { detail: 'duplicate or unsafe part names' })];
  const parts = inflateAll(buf, entries);
  if (!parts) return [error('file.zip-bomb', at, { size: '?', max: limits.maxUncompressed })];
  const names = new Set(parts.keys());
  const types = new TextDecoder().decode(parts.get('[Content_Types].xml') ?? new Uint8Array());
  // Macros, whatever the part is called: the content type says so, or a part is an OLE2 VBA store.
  const macro =
    /macroEnabled|vbaProject/i.test(types) ||
    [...parts].some(([n, b]) => n.toLowerCase().endsWith('.bin') && startsWith(b, OLE2));
  if (names.has('xl/vbaProject.bin') || macro) return [error('file.xlsm', at)];
  if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml')) return [error('file.not-xlsx', at)];
  return parts;
}
