import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { evidenceIndexWorkbook, type EvidenceIndexInput } from '../../../shared/excel/evidence-index.ts';

/**
 * The index workbook of an evidence package, read back with exceljs: a hand-built rubric (one
 * category, three scored items) and four files — one of the unit, two on item 1.2, one on an item
 * the rubric does not have. Every expected cell is written out by hand.
 */

const input = (lang: 'zh' | 'en'): EvidenceIndexInput => ({
  lang,
  round: 'r1',
  unit: 'DC01',
  nodes: [
    { code: '1', title: '组织', maxPoints: 10, leaf: false },
    { code: '1.1', title: '归档率达标', maxPoints: 4, leaf: true },
    { code: '1.2', title: '制度', maxPoints: 6, leaf: true },
    { code: '2.1', title: '库房', maxPoints: 2.5, leaf: true },
  ],
  files: [
    { id: 'u1', item: null, size: 2048, uploadedAt: '2026-03-01T16:30:00.000Z' },
    { id: 'a1', item: '1.2', size: 100, uploadedAt: '2026-03-02T01:00:00.000Z' },
    { id: 'a2', item: '1.2', size: 1572864, uploadedAt: '2026-03-02T02:05:00.000Z' },
    { id: 'x1', item: '9.9', size: 10, uploadedAt: '2026-03-03T00:00:00.000Z' },
  ],
  paths: new Map([
    ['u1', '0 单位材料/photo.jpg'],
    ['a1', '1.2 制度/a.pdf'],
    ['a2', '1.2 制度/b.pdf'],
    ['x1', '9.9/x.pdf'],
  ]),
});

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++)
    rows.push(Array.from({ length: 7 }, (_, c) => ws.getCell(r, c + 1).value ?? null));
  return { ws, rows };
}

describe('the evidence index workbook', () => {
  it('has one row per scored item in rubric order, the unit files first, missing items in red, a total last', async () => {
    const { ws, rows } = await readBack(await evidenceIndexWorkbook(input('zh')));
    expect(ws.name).toBe('索引');
    expect(rows).toEqual([
      ['佐证材料索引 · 单位 DC01 · 测评 r1', null, null, null, null, null, null],
      ['共 4 份材料;3 个测评指标中 2 个没有材料(标红)', null, null, null, null, null, null],
      ['编号', '测评指标', '分值', '材料数', '文件(包内路径)', '大小', '上传时间(北京时间)'],
      [null, '单位材料', null, 1, '0 单位材料/photo.jpg', '2.0 KB', '2026-03-02 00:30'],
      ['1.1', '归档率达标', 4, 0, '无', null, null],
      [
        '1.2',
        '制度',
        6,
        2,
        '1.2 制度/a.pdf\n1.2 制度/b.pdf',
        '100 B\n1.5 MB',
        '2026-03-02 09:00\n2026-03-02 10:05',
      ],
      ['2.1', '库房', 2.5, 0, '无', null, null],
      ['9.9', null, null, 1, '9.9/x.pdf', '10 B', '2026-03-03 08:00'],
      // 2048 + 100 + 1572864 + 10 = 1575022 bytes = 1.502 MB
      ['合计', null, null, 4, null, '1.5 MB', null],
    ]);
    const red = (a: string) =>
      (ws.getCell(a).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
    expect(['D5', 'E5', 'D7', 'E7'].map(red)).toEqual(['FFFCE4E4', 'FFFCE4E4', 'FFFCE4E4', 'FFFCE4E4']);
    expect(['D4', 'D6', 'D8'].map(red)).toEqual([undefined, undefined, undefined]);
  });

  it('prints on A4 landscape, one page wide, with the header row repeated and frozen', async () => {
    const { ws } = await readBack(await evidenceIndexWorkbook(input('zh')));
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    // exceljs reads the print titles back as a defined name.
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.columns.map((c) => c.width)).toEqual([10, 40, 7, 7, 60, 10, 18]);
    expect(ws.getCell('E6').alignment).toMatchObject({ wrapText: true });
  });

  it('is in English with lang en', async () => {
    const { ws, rows } = await readBack(await evidenceIndexWorkbook(input('en')));
    expect(ws.name).toBe('Index');
    expect(rows.slice(0, 5)).toEqual([
      ['Evidence index · unit DC01 · round r1', null, null, null, null, null, null],
      ['4 files; 2 of 3 scored items have none (in red)', null, null, null, null, null, null],
      ['Code', 'Item', 'Points', 'Files', 'File (path in the zip)', 'Size', 'Uploaded (China time)'],
      [null, 'Unit files', null, 1, '0 单位材料/photo.jpg', '2.0 KB', '2026-03-02 00:30'],
      ['1.1', '归档率达标', 4, 0, 'none', null, null],
    ]);
    expect(rows.at(-1)).toEqual(['Total', null, null, 4, null, '1.5 MB', null]);
  });
});
