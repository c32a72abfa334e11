import { crc32, inflateRawSync } from 'node:zlib';
import { error, type Issue } from '../domain/issues.ts';

/** What a zip may cost to open: parts, bytes unpacked in all, and how far one part may expand. */
export interface ZipLimits {
  maxEntries: number;
  maxUncompressed: number;
  /** Unpacked size over packed size above which a part larger than `RATIO_GRACE` is a bomb. */
  maxRatio?: number | undefined;
}

/** Deflate tops out near 1030:1; XML parts of real workbooks stay far below 100:1. */
export const DEFAULT_RATIO = 200;
/** Parts up to this unpacked size are never bombs for their ratio alone (small parts compress well). */
export const RATIO_GRACE = 1024 * 1024;

/** One part as the central directory describes it. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const SIG = { eocd: 0x06054b50, central: 0x02014b50, local: 0x04034b50, zip64Locator: 0x07064b50 };
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** Why a zip was refused: one issue, already coded. */
type Refusal = { issue: Issue };
type Where = { sheet: string };

const corrupt = (at: Where, detail: string): Refusal => ({ issue: error('file.corrupt', at, { detail }) });
const zip64 = (at: Where): Refusal => ({ issue: error('file.zip64', at) });
const bomb = (at: Where, part: string, size: number, max: number): Refusal => ({
  issue: error('file.zip-bomb', at, { part, size, max }),
});

function findEocd(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - MAX16);
  for (let i = view.byteLength - 22; i >= stop; i--) if (view.getUint32(i, true) === SIG.eocd) return i;
  return -1;
}

/** Whether an extra field block holds a zip64 record (header id 0x0001). */
function hasZip64Extra(view: DataView, start: number, length: number): boolean {
  for (let p = start; p + 4 <= start + length;) {
    if (view.getUint16(p, true) === 0x0001) return true;
    p += 4 + view.getUint16(p + 2, true);
  }
  return false;
}

/**
 * Lists a zip's parts from its central directory without unpacking anything, refusing on the way
 * what cepin never opens: a damaged directory, zip64, more parts than allowed.
 */
export function listEntries(
  buf: Uint8Array,
  at: Where,
  limits: ZipLimits,
): { entries: ZipEntry[]; directory: number } | Refusal {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const eocd = findEocd(view);
  if (eocd < 0) return corrupt(at, 'no end of central directory (the file is cut short or not a zip)');
  const [disk, dirDisk, onDisk, count] = [4, 6, 8, 10].map((o) => view.getUint16(eocd + o, true)) as [
    number,
    number,
    number,
    number,
  ];
  const dirSize = view.getUint32(eocd + 12, true);
  const dirStart = view.getUint32(eocd + 16, true);
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === SIG.zip64Locator) return zip64(at);
  if ([disk, dirDisk, onDisk, count].includes(MAX16) || dirSize === MAX32 || dirStart === MAX32)
    return zip64(at);
  if (disk !== 0 || dirDisk !== 0 || onDisk !== count) return corrupt(at, 'zip split across several files');
  if (count > limits.maxEntries)
    return { issue: error('file.too-many-entries', at, { count, max: limits.maxEntries }) };
  if (dirStart + dirSize > eocd) return corrupt(at, 'central directory out of bounds');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  const end = dirStart + dirSize;
  for (let n = 0, p = dirStart; n < count; n++) {
    if (p + 46 > end || view.getUint32(p, true) !== SIG.central)
      return corrupt(at, `central directory entry ${n + 1} of ${count} unreadable`);
    const [nameLen, extraLen, commentLen] = [28, 30, 32].map((o) => view.getUint16(p + o, true)) as [
      number,
      number,
      number,
    ];
    if (p + 46 + nameLen + extraLen + commentLen > end)
      return corrupt(at, `central directory entry ${n + 1} of ${count} runs past the directory`);
    const e: ZipEntry = {
      name: decoder.decode(buf.subarray(p + 46, p + 46 + nameLen)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressed: view.getUint32(p + 20, true),
      uncompressed: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
    };
    if ([e.compressed, e.uncompressed, e.offset].includes(MAX32) || view.getUint16(p + 34, true) === MAX16)
      return zip64(at);
    if (hasZip64Extra(view, p + 46 + nameLen, extraLen)) return zip64(at);
    if (e.flags & 1) return corrupt(at, `${e.name}: encrypted`);
    if (e.method !== 0 && e.method !== 8) return corrupt(at, `${e.name}: compression method ${e.method}`);
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, directory: dirStart };
}

/**
 * Unpacks every part, each bounded by the zip's remaining budget and by `maxRatio`, and checks it
 * against its central directory record (local header, size, CRC). Nothing unbounded is ever held:
 * a part that would unpack past its bound stops there and is a bomb; a part that merely disagrees
 * with its record (a flipped bit, a truncated stream, a wrong size within bounds) is damaged.
 */
export function unpackEntries(
  buf: Uint8Array,
  entries: readonly ZipEntry[],
  directory: number,
  at: Where,
  limits: ZipLimits,
): Map<string, Uint8Array> | Refusal {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ratio = limits.maxRatio ?? DEFAULT_RATIO;
  const bound = (e: ZipEntry, left: number) => Math.min(left, Math.max(RATIO_GRACE, e.compressed * ratio));
  let declared = 0;
  for (const e of entries) {
    const allowed = bound(e, limits.maxUncompressed - declared);
    if (e.uncompressed > allowed) return bomb(at, e.name, e.uncompressed, allowed);
    declared += e.uncompressed;
  }
  const decoder = new TextDecoder();
  const parts = new Map<string, Uint8Array>();
  let used = 0;
  for (const e of entries) {
    const o = e.offset;
    if (o + 30 > directory || view.getUint32(o, true) !== SIG.local)
      return corrupt(at, `${e.name}: bad local header`);
    const nameLen = view.getUint16(o + 26, true);
    const localName = decoder.decode(buf.subarray(o + 30, o + 30 + nameLen));
    if (localName !== e.name) return corrupt(at, `${e.name}: local header names ${localName || '—'}`);
    const start = o + 30 + nameLen + view.getUint16(o + 28, true);
    if (start + e.compressed > directory) return corrupt(at, `${e.name}: data runs past the end`);
    const data = buf.subarray(start, start + e.compressed);
    let bytes: Uint8Array;
    if (e.method === 0) bytes = data;
    else {
      const max = bound(e, limits.maxUncompressed - used);
      try {
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, max) });
      } catch (x) {
        if ((x as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return bomb(at, e.name, max + 1, max);
        return corrupt(at, `${e.name}: ${(x as Error).message ?? 'cannot be unpacked'}`);
      }
    }
    if (bytes.length !== e.uncompressed)
      return corrupt(at, `${e.name}: unpacks to ${bytes.length} bytes, its header says ${e.uncompressed}`);
    if (crc32(bytes) !== e.crc) return corrupt(at, `${e.name}: CRC mismatch`);
    used += bytes.length;
    parts.set(e.name, bytes);
  }
  return parts;
}

/** Writes parts as a zip without compression (what exceljs is handed: only parts already checked). */
export function storeZip(parts: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [n, data] of parts) {
    const name = Buffer.from(n, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG.local, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(SIG.central, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG.eocd, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}
