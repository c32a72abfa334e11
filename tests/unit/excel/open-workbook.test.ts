import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issues.ts';
import { formatIssue } from '../../../shared/domain/messages.ts';
import {
  DEFAULT_LIMITS,
  openWorkbook,
  openWorkbookParts,
  type WorkbookLimits,
} from '../../../shared/excel/open-workbook.ts';
import { storeZip } from '../../../shared/excel/zip-reader.ts';
import { annotateWorkbook } from '../../../shared/excel/annotate.ts';
import { makeSample } from '../../../shared/use-cases/make-template.ts';
import { breakStream, handZip, unpackParts, type HandEntry } from '../../support/hand-zip.ts';
import { fixedNow, municipal } from '../../support/rules.ts';

/**
 * The door every uploaded workbook comes in by, on small zips made byte by byte: each kind of
 * refusal has its own code (damaged, zip64, zip bomb, too many parts), and what passes comes out
 * unpacked exactly.
 */

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const TYPES: HandEntry = { name: '[Content_Types].xml', data: text('<Types/>') };
const WORKBOOK: HandEntry = {
  name: 'xl/workbook.xml',
  data: text('<workbook>' + '<sheet/>'.repeat(200) + '</workbook>'),
};
/** Some XML that deflates into a stream long enough to damage in its middle. */
const SHEET_XML = text(
  Array.from(
    { length: 400 },
    (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 7919) % 1000}</v></c></row>`,
  ).join(''),
);
const SHEET: HandEntry = { name: 'xl/worksheets/sheet1.xml', data: SHEET_XML };
const MB = 1024 * 1024;

const open = (bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS) =>
  openWorkbookParts(bytes, 'up.xlsx', limits);
const only = (bytes: Uint8Array, limits?: WorkbookLimits): Issue => {
  const r = open(bytes, limits);
  expect(r.parts).toBeNull();
  expect(r.issues).toHaveLength(1);
  return r.issues[0]!;
};

/** Offsets of a 4-byte signature in a zip. */
function find(bytes: Uint8Array, sig: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === sig) out.push(i);
  return out;
}
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

describe('opening an uploaded workbook through the one door', () => {
  it('returns every part of an acceptable zip exactly as it was packed', () => {
    const r = open(handZip([TYPES, WORKBOOK, SHEET, { ...SHEET, name: 'xl/stored.xml', method: 0 }]));
    expect(r.issues).toEqual([]);
    expect([...r.parts!.keys()]).toEqual([TYPES.name, WORKBOOK.name, SHEET.name, 'xl/stored.xml']);
    expect(Buffer.from(r.parts!.get(SHEET.name)!).equals(Buffer.from(SHEET_XML))).toBe(true);
    expect(Buffer.from(r.parts!.get('xl/stored.xml')!).equals(Buffer.from(SHEET_XML))).toBe(true);
  });

  it('re-packs checked parts into a zip that the door reads back unchanged', () => {
    const parts = open(handZip([TYPES, WORKBOOK, SHEET])).parts!;
    const again = open(storeZip(parts));
    expect(again.issues).toEqual([]);
    expect([...again.parts!].map(([n, b]) => [n, Buffer.from(b).toString('hex')])).toEqual(
      [...parts].map(([n, b]) => [n, Buffer.from(b).toString('hex')]),
    );
  });

  describe('damaged zips are file.corrupt', () => {
    it('a flipped bit in a compressed part (inflating fails) is damaged, not a zip bomb', () => {
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, corrupt: breakStream }]));
      expect(i.code).toBe('file.corrupt');
      expect(String(i.params.detail)).toContain('xl/worksheets/sheet1.xml');
    });

    it('a part whose bytes do not match its CRC is damaged', () => {
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, crc: 0x12345678 }]));
      expect(i).toMatchObject({
        code: 'file.corrupt',
        params: { detail: 'xl/worksheets/sheet1.xml: CRC mismatch' },
      });
    });

    it('a deflate stream cut short is damaged', () => {
      const cut = (p: Uint8Array) => p.subarray(0, Math.floor(p.length / 2));
      expect(only(handZip([TYPES, WORKBOOK, { ...SHEET, corrupt: cut }])).code).toBe('file.corrupt');
    });

    it('a part that unpacks to more than it declares, within every limit, is damaged (a lie, not a bomb)', () => {
      const declared = SHEET_XML.length - 100;
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, declaredSize: declared }]));
      expect(i.code).toBe('file.corrupt');
      expect(String(i.params.detail)).toBe(
        `xl/worksheets/sheet1.xml: unpacks to ${SHEET_XML.length} bytes, its header says ${declared}`,
      );
    });

    it('a part that unpacks to less than it declares is damaged', () => {
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, declaredSize: SHEET_XML.length + 100 }]));
      expect(i.code).toBe('file.corrupt');
    });

    it('a stored part whose sizes disagree is damaged', () => {
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, method: 0, declaredSize: 10 }]));
      expect(i.code).toBe('file.corrupt');
    });

    it('a central directory entry with a broken signature is damaged', () => {
      const bytes = handZip([TYPES, WORKBOOK, SHEET]);
      bytes[find(bytes, CENTRAL)[1]!]! ^= 0xff;
      const i = only(bytes);
      expect(i.code).toBe('file.corrupt');
      expect(String(i.params.detail)).toBe('central directory entry 2 of 3 unreadable');
    });

    it('a file without its end record (cut short) is damaged', () => {
      const bytes = handZip([TYPES, WORKBOOK, SHEET]);
      expect(only(bytes.subarray(0, bytes.length - 30)).code).toBe('file.corrupt');
    });

    it('a local header with a broken signature is damaged', () => {
      const bytes = handZip([TYPES, WORKBOOK, SHEET]);
      bytes[find(bytes, LOCAL)[2]!]! ^= 0xff;
      const i = only(bytes);
      expect(i).toMatchObject({
        code: 'file.corrupt',
        params: { detail: 'xl/worksheets/sheet1.xml: bad local header' },
      });
    });

    it('a local header that names another part than the directory is damaged', () => {
      const i = only(handZip([TYPES, WORKBOOK, { ...SHEET, localName: 'xl/worksheets/sheet9.xml' }]));
      expect(i.code).toBe('file.corrupt');
    });

    it('an encrypted part, or one packed with a method other than stored or deflate, is damaged', () => {
      expect(only(handZip([TYPES, WORKBOOK, { ...SHEET, flags: 1 }])).code).toBe('file.corrupt');
      expect(only(handZip([TYPES, WORKBOOK, { ...SHEET, method: 12 }])).code).toBe('file.corrupt');
    });
  });

  describe('zip64 is file.zip64', () => {
    it('refuses a workbook written with zip64 records', () => {
      expect(only(handZip([TYPES, WORKBOOK, SHEET], { zip64: true })).code).toBe('file.zip64');
    });

    it('refuses a zip whose directory entry defers its size to a zip64 field, without a zip64 end record', () => {
      const bytes = handZip([TYPES, WORKBOOK, SHEET]);
      const at = find(bytes, CENTRAL)[2]!;
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 24, 0xffffffff, true);
      expect(only(bytes).code).toBe('file.zip64');
    });

    it('says so in both languages', () => {
      const i = only(handZip([TYPES, WORKBOOK], { zip64: true }));
      expect(formatIssue(i, 'zh')).toContain('ZIP64');
      expect(formatIssue(i, 'en')).toContain('ZIP64');
    });
  });

  describe('zip bombs are file.zip-bomb', () => {
    const zeros = (n: number) => new Uint8Array(n);

    it('refuses declared sizes over the limit without unpacking anything', () => {
      const limits = { ...DEFAULT_LIMITS, maxUncompressed: 10_000 };
      const i = only(handZip([TYPES, WORKBOOK, { name: 'xl/media/a.bin', data: zeros(20_000) }]), limits);
      // What the earlier parts left of the 10,000 bytes is what this one was allowed.
      const left = 10_000 - TYPES.data.length - WORKBOOK.data.length;
      expect(i).toMatchObject({
        code: 'file.zip-bomb',
        params: { part: 'xl/media/a.bin', size: 20_000, max: left },
      });
    });

    it('refuses a part that unpacks past its bound while its headers understate it, stopping at the bound', () => {
      const data = zeros(5 * MB);
      const i = only(handZip([TYPES, WORKBOOK, { name: 'xl/media/a.bin', data, declaredSize: 1024 }]));
      expect(i.code).toBe('file.zip-bomb');
      // The bound is the ratio limit (200:1 of the packed size) or the 1 MB grace, whichever is more.
      const packed = handZipPackedSize(data);
      const bound = Math.max(MB, packed * 200);
      expect(i.params).toEqual({ part: 'xl/media/a.bin', size: bound + 1, max: bound });
    });

    it('refuses an honest part that expands more than 200:1 beyond the 1 MB grace', () => {
      const data = zeros(5 * MB);
      const i = only(handZip([TYPES, WORKBOOK, { name: 'xl/media/a.bin', data }]));
      expect(i).toMatchObject({ code: 'file.zip-bomb', params: { size: 5 * MB } });
    });

    it('accepts a small part that compresses very well (within the 1 MB grace)', () => {
      const r = open(handZip([TYPES, WORKBOOK, { name: 'xl/media/a.bin', data: zeros(MB) }]));
      expect(r.issues).toEqual([]);
      expect(r.parts!.get('xl/media/a.bin')!.length).toBe(MB);
    });
  });

  describe('too many parts is file.too-many-entries', () => {
    it('refuses by the count in the end record', () => {
      const many = Array.from({ length: 2001 }, (_, n) => ({
        name: `x/${n}`,
        data: new Uint8Array(0),
        method: 0,
      }));
      const i = only(handZip([TYPES, WORKBOOK, ...many]));
      expect(i).toMatchObject({ code: 'file.too-many-entries', params: { count: 2003, max: 2000 } });
    });
  });

  describe('opening with exceljs', () => {
    it('opens a filled sample sheet', async () => {
      const made = await makeSample(municipal(), {
        phase: 'self',
        unit: 'U01',
        lang: 'zh',
        now: fixedNow,
        seed: 1,
      });
      const r = await openWorkbook(made.bytes, 'self.xlsx');
      expect(r.issues).toEqual([]);
      expect(r.workbook!.worksheets.map((w) => w.name)).toContain('评分表');
    });

    it('gives the door’s issue, and no workbook, for what the door refuses', async () => {
      const r = await openWorkbook(handZip([TYPES, WORKBOOK], { zip64: true }), 'z.xlsx');
      expect(r.workbook).toBeNull();
      expect(r.issues.map((i) => i.code)).toEqual(['file.zip64']);
    });
  });

  describe('annotating a rejected upload', () => {
    /** The parts of a real filled sheet, unpacked by JSZip. */
    async function sampleParts(): Promise<HandEntry[]> {
      const made = await makeSample(municipal(), {
        phase: 'self',
        unit: 'U01',
        lang: 'zh',
        now: fixedNow,
        seed: 1,
      });
      return unpackParts(made.bytes);
    }
    const sheetsOf = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
      return wb.worksheets.map((w) => w.name);
    };

    it('never hands exceljs a real sheet carrying a zip bomb: the issues alone come back', async () => {
      const bomb = { name: 'xl/media/image1.png', data: new Uint8Array(5 * MB) };
      const bytes = handZip([...(await sampleParts()), bomb]);
      const issues = open(bytes).issues;
      expect(issues.map((i) => i.code)).toEqual(['file.zip-bomb']);
      expect(await sheetsOf(await annotateWorkbook(bytes, issues, 'en'))).toEqual(['Issues']);
    });

    it('gives an issues-only workbook for a .docx renamed .xlsx instead of throwing', async () => {
      const docx = handZip([
        {
          name: '[Content_Types].xml',
          data: text('<Types><Override PartName="/word/document.xml"/></Types>'),
        },
        { name: '_rels/.rels', data: text('<Relationships/>') },
        { name: 'word/document.xml', data: text('<w:document/>') },
      ]);
      const issues = open(docx).issues;
      expect(issues.map((i) => i.code)).toEqual(['file.not-xlsx']);
      expect(await sheetsOf(await annotateWorkbook(docx, issues, 'zh'))).toEqual(['问题清单']);
    });

    it('marks the cells of a sheet the door accepts, beside the issues sheet', async () => {
      const bytes = handZip(await sampleParts());
      const issue: Issue = {
        code: 'input.step',
        severity: 'error',
        sheet: '评分表',
        cell: 'E13',
        item: '1.3.1',
        params: { value: 1.3, step: 0.5 },
      };
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(
        Buffer.from(await annotateWorkbook(bytes, [issue], 'zh')) as unknown as ExcelJS.Buffer,
      );
      expect(wb.worksheets.map((w) => w.name)).toContain('评分表');
      expect(wb.worksheets.map((w) => w.name)).toContain('问题清单');
      expect(String(wb.getWorksheet('评分表')!.getCell('E13').note)).toContain('0.5');
    });

    it('gives an issues-only workbook when exceljs cannot read parts the door let through', async () => {
      // A zip the door accepts (the parts it needs are there) whose workbook XML is nonsense.
      const bytes = handZip([TYPES, { name: 'xl/workbook.xml', data: text('<<<not xml') }]);
      expect(open(bytes).issues).toEqual([]);
      expect(await sheetsOf(await annotateWorkbook(bytes, [], 'zh'))).toEqual(['问题清单']);
    });
  });
});

/** The packed size of data as handZip packs it (DEFLATE level 9). */
function handZipPackedSize(data: Uint8Array): number {
  const zip = handZip([{ name: 'a', data }]);
  return new DataView(zip.buffer, zip.byteOffset).getUint32(18, true);
}
