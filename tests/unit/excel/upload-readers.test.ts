import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { annotateWorkbook } from '../../../shared/excel/annotate.ts';
import { readRoundWorkbook } from '../../../shared/excel/district-compare.ts';
import { readReconciliationSheet } from '../../../shared/excel/reconciliation-sheet.ts';
import { readRoster } from '../../../shared/excel/roster-workbook.ts';
import { makeSample } from '../../../shared/use-cases/make-template.ts';
import { breakStream, handZip, unpackParts } from '../../support/hand-zip.ts';
import { fixedNow, municipal } from '../../support/rules.ts';

/**
 * Every reader of uploaded workbooks (rosters, reconciliation sheets, round workbooks for the
 * district comparison, the annotated copy of a rejection) goes through the one door: exceljs is
 * never handed the uploaded bytes themselves, and never anything the door refused.
 */

// exceljs's own XLSX class, the one `workbook.xlsx.load` runs: every buffer it is handed is recorded.
const XLSX = createRequire(import.meta.url)('exceljs/lib/xlsx/xlsx.js') as {
  prototype: { load: (data: unknown, options?: unknown) => Promise<unknown> };
};
let loaded: Buffer[] = [];
beforeEach(() => {
  loaded = [];
  const original = XLSX.prototype.load;
  vi.spyOn(XLSX.prototype, 'load').mockImplementation(function (this: unknown, data, options) {
    loaded.push(Buffer.from(data as Uint8Array));
    return original.call(this, data, options);
  });
});
afterEach(() => vi.restoreAllMocks());

const ROSTER = new Uint8Array(readFileSync('templates/rosters/roster-sample.xlsx'));
const MB = 1024 * 1024;

const sheet = () =>
  makeSample(municipal(), {
    phase: 'formal',
    unit: 'U01',
    assessor: 'A01',
    lang: 'zh',
    now: fixedNow,
    seed: 1,
  });

describe('readers of uploaded workbooks open them through the one door', () => {
  it('reads a roster from re-packed checked parts, never from the uploaded bytes', async () => {
    const read = await readRoster(ROSTER, 'roster.xlsx');
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // The sample roster: 25 assessed units and 23 subordinates.
    expect(read.roster?.units.length).toBe(25 + 23);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.equals(Buffer.from(ROSTER))).toBe(false);
  });

  it('refuses a roster packed as zip64 as zip64, without exceljs', async () => {
    const read = await readRoster(handZip(await unpackParts(ROSTER), { zip64: true }), 'roster.xlsx');
    expect(read.roster).toBeNull();
    expect(read.issues.map((i) => i.code)).toEqual(['file.zip64']);
    expect(loaded).toHaveLength(0);
  });

  it('reports a round workbook with a flipped bit in a part as damaged, without exceljs', async () => {
    const parts = await unpackParts(ROSTER);
    const largest = parts.reduce((a, b) => (b.data.length > a.data.length ? b : a));
    const bytes = handZip(parts.map((p) => (p === largest ? { ...p, corrupt: breakStream } : p)));
    const read = await readRoundWorkbook(bytes, 'dongcheng.xlsx');
    expect(read.summary).toBeNull();
    expect(read.issues.map((i) => i.code)).toEqual(['file.corrupt']);
    expect(loaded).toHaveLength(0);
  });

  it('never unpacks a zip bomb with exceljs when looking for a reconciliation sheet', async () => {
    const bomb = { name: 'xl/media/image1.png', data: new Uint8Array(20 * MB) };
    const bytes = handZip([...(await unpackParts((await sheet()).bytes)), bomb]);
    expect(await readReconciliationSheet(bytes, () => 2, new Uint8Array(32))).toBeNull();
    expect(loaded).toHaveLength(0);
  });

  it('never loads a workbook without a 合议表’s hidden sheet into exceljs (a sheet of a million cells, say)', async () => {
    // 1.2 MB of sheet XML: a 合议表 never has that much, and it has no _cepin_hy sheet. (The review
    // found a 9.7 MB upload of 3.3 million such cells costing ingest 2 GB and 16 s through exceljs.)
    const parts = await unpackParts((await sheet()).bytes);
    const row = (r: number) => `<row r="${r}"><c r="A${r}"><v>1</v></c><c r="B${r}"><v>1</v></c></row>`;
    const cells = Array.from({ length: 20_000 }, (_, i) => row(i + 1)).join('');
    const big = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`;
    const noMeta = parts
      .filter((p) => !p.name.includes('sheet2') && !p.name.includes('sheet3'))
      .map((p) =>
        p.name === 'xl/worksheets/sheet1.xml' ? { name: p.name, data: new TextEncoder().encode(big) } : p,
      );
    expect(await readReconciliationSheet(handZip(noMeta), () => 2, new Uint8Array(32))).toBeNull();
    // ...nor a score template, which names its own hidden sheet, not the 合议表's.
    expect(await readReconciliationSheet((await sheet()).bytes, () => 2, new Uint8Array(32))).toBeNull();
    expect(loaded).toHaveLength(0);
  });

  it('annotates a rejected sheet from re-packed checked parts, never from the uploaded bytes', async () => {
    const bytes = (await sheet()).bytes;
    await annotateWorkbook(bytes, [], 'zh');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.equals(Buffer.from(bytes))).toBe(false);
  });
});
