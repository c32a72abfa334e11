/** Section 1: reading and checking one filled 38-item sheet, against SheetJS, exceljs and a floor. */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import { checkSheet } from '../shared/use-cases/check-sheet.ts';
import { makeSample } from '../shared/use-cases/make-template.ts';
import { progress, ratios, summarize, type Summary } from './stats.ts';

/** Unzips every entry of an .xlsx with node:zlib (central directory read by hand). */
export function unzipAll(bytes: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    if (!name.endsWith('/')) out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const TOKEN = /<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>|([^<]+)/g;

/** One SAX-like pass: every tag and text run of an XML part is visited once; returns a checksum. */
export function scanXml(xml: string): number {
  let n = 0;
  for (const m of xml.matchAll(TOKEN)) {
    if (m[5] !== undefined) n += m[5].includes('&') ? m[5].replace(/&[a-z#0-9]+;/g, '?').length : m[5].length;
    else n += m[2]!.length + (m[3] ? 1 : 0);
  }
  return n;
}

/** The floor: unzip everything, then scan every .xml part once. */
export function floor(bytes: Uint8Array): number {
  let n = 0;
  for (const [name, data] of unzipAll(bytes)) if (name.endsWith('.xml')) n += scanXml(data.toString('utf8'));
  return n;
}

export interface OneSheetResult {
  bytes: number;
  reps: number;
  warmup: number;
  ms: Record<Contender, Summary>;
  vsSheetJs: Record<Contender, Summary>;
  cepinVsFloor: Summary;
  valid: boolean;
  total: number | null;
}

export type Contender = 'cepin' | 'sheetjs' | 'exceljs' | 'floor';

export async function sampleBytes(): Promise<Uint8Array> {
  const made = await makeSample(new RuleSetFiles().require('municipal-sample'), {
    phase: 'formal',
    unit: 'U01',
    assessor: 'A01',
    lang: 'zh',
    now: () => new Date('2026-01-01T00:00:00Z'),
    seed: 1,
  });
  return made.bytes;
}

export async function benchOneSheet(reps: number, warmup: number): Promise<OneSheetResult> {
  const rules = new RuleSetFiles();
  const bytes = await sampleBytes();
  const first = await checkSheet(bytes, { rules, fileName: 'sheet.xlsx' });
  if (!first.valid) throw new Error('the sample sheet does not check');
  const run: Record<Contender, () => Promise<unknown>> = {
    cepin: () => checkSheet(bytes, { rules, fileName: 'sheet.xlsx' }),
    sheetjs: async () => XLSX.read(bytes),
    exceljs: () => new ExcelJS.Workbook().xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer),
    floor: async () => floor(bytes),
  };
  const names = Object.keys(run) as Contender[];
  const ms: Record<Contender, number[]> = { cepin: [], sheetjs: [], exceljs: [], floor: [] };
  for (let i = 0; i < warmup + reps; i++) {
    // Interleaved, with the order rotated each repetition so no contender always runs first.
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t = performance.now();
      await run[name]();
      const dt = performance.now() - t;
      if (i >= warmup) ms[name].push(dt);
    }
    if ((i + 1) % 10 === 0) progress(`one sheet: ${i + 1}/${warmup + reps} repetitions`);
  }
  const summ = (f: (c: Contender) => number[]) =>
    Object.fromEntries(names.map((c) => [c, summarize(f(c))])) as Record<Contender, Summary>;
  return {
    bytes: bytes.length,
    reps,
    warmup,
    ms: summ((c) => ms[c]),
    vsSheetJs: summ((c) => ratios(ms[c], ms.sheetjs)),
    cepinVsFloor: summarize(ratios(ms.cepin, ms.floor)),
    valid: first.valid,
    total: first.score?.total ?? null,
  };
}
