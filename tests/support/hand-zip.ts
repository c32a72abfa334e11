import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

/** One part of a hand-built zip, with the ways its headers may lie. */
export interface HandEntry {
  name: string;
  data: Uint8Array;
  /** The unpacked size both headers claim (default: the real one). */
  declaredSize?: number;
  /** 8 (DEFLATE, level 9; the default) or 0 (stored); any other number is written as is, data stored. */
  method?: number;
  /** The CRC both headers claim (default: the real one). */
  crc?: number;
  /** General-purpose flags besides UTF-8 names (bit 0: encrypted). */
  flags?: number;
  /** The name the local header gives (default: `name`). */
  localName?: string;
  /** Changes the packed bytes after compression (a flipped bit, a cut). */
  corrupt?: (packed: Uint8Array) => Uint8Array;
  /** No local header of its own: the central record points at the local header of this part. */
  sharesLocalOf?: string;
}

/** Options of the whole zip. */
export interface HandZipOptions {
  /** Entry dates (default 2026-01-01, as the fixtures are dated). */
  date?: Date;
  /** Write ZIP64 records: sizes and offsets in zip64 extra fields, a zip64 end record and locator. */
  zip64?: boolean;
}

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n), 0);
  return b;
};

/**
 * Builds a zip byte by byte, so tests and fixtures can make every kind of damaged, lying or
 * unusual zip that real tools would refuse to write.
 */
export function handZip(entries: HandEntry[], opts: HandZipOptions = {}): Uint8Array {
  const date = opts.date ?? new Date('2026-01-01T00:00:00Z');
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const z64 = opts.zip64 === true;
  const version = z64 ? 45 : 20;
  const out: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    let packed: Uint8Array = method === 8 ? deflateRawSync(e.data, { level: 9 }) : e.data;
    if (e.corrupt) packed = e.corrupt(packed);
    const crc = e.crc ?? crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const flags = 0x0800 | (e.flags ?? 0);
    const common = [u16(flags), u16(method), u16(0), u16(dosDate), u32(crc)];
    let at = offset;
    if (e.sharesLocalOf === undefined) {
      const localName = Buffer.from(e.localName ?? e.name, 'utf8');
      const extra = z64 ? Buffer.concat([u16(1), u16(16), u64(size), u64(packed.length)]) : Buffer.alloc(0);
      const sizes = z64 ? [u32(0xffffffff), u32(0xffffffff)] : [u32(packed.length), u32(size)];
      const local = Buffer.concat([
        u32(0x04034b50),
        u16(version),
        ...common,
        ...sizes,
        u16(localName.length),
        u16(extra.length),
        localName,
        extra,
        packed,
      ]);
      out.push(local);
      offsets.set(e.name, offset);
      offset += local.length;
    } else {
      at = offsets.get(e.sharesLocalOf) ?? 0;
    }
    const extra = z64
      ? Buffer.concat([u16(1), u16(24), u64(size), u64(packed.length), u64(at)])
      : Buffer.alloc(0);
    const fields = z64 ? [u32(0xffffffff), u32(0xffffffff)] : [u32(packed.length), u32(size)];
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(version),
        u16(version),
        ...common,
        ...fields,
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(z64 ? 0xffffffff : at),
        name,
        extra,
      ]),
    );
  }
  const dir = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  const n = entries.length;
  if (z64) {
    const endAt = offset + dir.length;
    tail.push(
      Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0)]),
      Buffer.concat([u64(n), u64(n), u64(dir.length), u64(offset)]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(endAt), u32(1)]),
    );
  }
  // As most zip64 writers do, the classic end record keeps every value that fits.
  tail.push(
    Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(n), u16(n), u32(dir.length), u32(offset), u16(0)]),
  );
  return new Uint8Array(Buffer.concat([...out, dir, ...tail]));
}

/** The parts of a zip (folders left out), unpacked by JSZip, in order: to re-pack with `handZip`. */
export async function unpackParts(bytes: Uint8Array): Promise<HandEntry[]> {
  const zip = await JSZip.loadAsync(bytes);
  const files = Object.values(zip.files).filter((f) => !f.dir);
  return Promise.all(files.map(async (f) => ({ name: f.name, data: await f.async('uint8array') })));
}

/**
 * A packed DEFLATE stream with one bit flipped — the first, from its middle on, whose flip makes
 * inflating fail: damaged, not a zip bomb. For `HandEntry.corrupt`.
 */
export function breakStream(packed: Uint8Array): Uint8Array {
  for (let i = Math.floor(packed.length / 2); i < packed.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const out = new Uint8Array(packed);
      out[i]! ^= 1 << bit;
      try {
        inflateRawSync(out);
      } catch {
        return out;
      }
    }
  }
  throw new Error('no bit flip breaks the stream');
}
