import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RectificationNotice } from '../../../shared/domain/rectification.ts';
import { toBytes } from '../../../shared/excel/fill-workbook.ts';
import {
  buildRectificationWorkbook,
  readRectificationWorkbook,
} from '../../../shared/excel/rectification-workbook.ts';
import { buildReconciliationSheet } from '../../../shared/excel/reconciliation-sheet.ts';
import { buildTemplate } from '../../../shared/excel/template-writer.ts';
import { hasSoffice, libreOfficeConvert } from '../../support/libreoffice.ts';
import { fixedNow, municipal } from '../../support/rules.ts';

/**
 * The workbook's rows: 1 title, 2 unit and dates, 3 instructions, 4 header, items from row 5.
 * Columns A 序号, B 编号, C 测评项目, D 分值, E 预检得分, F 存在问题, G 整改建议, then the inputs
 * H 整改情况, I 整改措施, J 佐证材料. Row 5 is 1.1, row 6 is 1.3 (compliance), row 7 is 2.1 (vetoed).
 */
const KEY = new Uint8Array(32).fill(7);
const FP = 'a'.repeat(64);

const notice = (lang: 'zh' | 'en' = 'zh', items = ITEMS): RectificationNotice => ({
  round: '2026',
  unit: 'DC03',
  unitName: '东城区财政局',
  ruleSet: 'municipal-sample',
  ruleVersion: 1,
  fingerprint: FP,
  deadline: '2026-05-10',
  issuedAt: '2026-04-20T08:00:00.000Z',
  lang,
  items,
});

const ITEMS: RectificationNotice['items'] = [
  {
    code: '1.1',
    title: '档案工作责任制',
    max: 4,
    score: 2.5,
    compliance: false,
    problem: '制度不全；未按期修订',
    suggestion: '补充保密制度',
  },
  {
    code: '1.3',
    title: '配备专职档案人员',
    max: 1,
    score: 0,
    compliance: true,
    met: false,
    problem: '无专职人员',
    suggestion: '配备专职档案人员',
  },
  {
    code: '2.1',
    title: '档案安全',
    max: 5,
    score: 5,
    compliance: false,
    problem: '库房漏水',
    suggestion: '修缮库房',
    vetoed: true,
  },
];

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Opens a workbook, sets cells of the named sheet (a value, or an exceljs cell value), saves it. */
async function fill(bytes: Uint8Array, sheet: string, cells: Record<string, ExcelJS.CellValue>) {
  const wb = await load(bytes);
  const ws = wb.getWorksheet(sheet)!;
  for (const [a, v] of Object.entries(cells)) ws.getCell(a).value = v;
  return toBytes(wb);
}

/** A complete zh answer: fixed with three files, not fixed with nothing, partly fixed. */
const ANSWER_CELLS = {
  H5: '已整改',
  I5: '补充了保密制度并印发',
  J5: '保密制度.pdf；印发通知.docx\n会议纪要.pdf',
  H6: '未整改',
  H7: '部分整改',
  I7: '已申请修缮经费',
};
const ANSWER = {
  round: '2026',
  unit: 'DC03',
  items: [
    {
      code: '1.1',
      status: 'fixed',
      done: '补充了保密制度并印发',
      evidence: ['保密制度.pdf', '印发通知.docx', '会议纪要.pdf'],
    },
    { code: '1.3', status: 'not', done: '', evidence: [] },
    { code: '2.1', status: 'partly', done: '已申请修缮经费', evidence: [] },
  ],
};

const read = async (bytes: Uint8Array, key = KEY) => (await readRectificationWorkbook(bytes, key))!;
const problems = async (bytes: Uint8Array) =>
  (await read(bytes)).issues.map((i) => ({ code: i.code, sheet: i.sheet, cell: i.cell, item: i.item }));
const filled = async (cells: Record<string, ExcelJS.CellValue>) =>
  fill(await buildRectificationWorkbook(notice(), KEY), '整改通知书', { ...ANSWER_CELLS, ...cells });

describe('the rectification workbook (整改通知书)', () => {
  it('lists each item with what the pre-check found, and locks everything but the three answer cells', async () => {
    const wb = await load(await buildRectificationWorkbook(notice(), KEY));
    const ws = wb.getWorksheet('整改通知书')!;
    expect(String(ws.getCell('A1').value)).toContain('东城区财政局');
    expect(String(ws.getCell('A2').value)).toContain('DC03');
    expect(String(ws.getCell('A2').value)).toContain('2026-05-10');
    expect(String(ws.getCell('A2').value)).toContain('2026-04-20');
    expect(ws.getRow(4).values).toEqual([
      undefined,
      '序号',
      '编号',
      '测评项目',
      '分值',
      '预检得分',
      '存在问题',
      '整改建议',
      '整改情况',
      '整改措施',
      '佐证材料',
    ]);
    expect(ws.getRow(5).values).toEqual([
      undefined,
      1,
      '1.1',
      '档案工作责任制',
      4,
      2.5,
      '制度不全；未按期修订',
      '补充保密制度',
    ]);
    expect(ws.getCell('E6').value).toBe('不符合');
    expect(ws.getCell('F7').value).toBe('【一票否决】库房漏水');
    for (const a of ['H5', 'I5', 'J7']) expect(ws.getCell(a).protection?.locked, a).toBe(false);
    for (const a of ['A5', 'B5', 'E5', 'G7']) expect(ws.getCell(a).protection?.locked, a).not.toBe(false);
    expect(ws.getCell('H6').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"已整改,部分整改,未整改"'],
    });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '4:4' });
    expect(wb.getWorksheet('_cepin_zg')!.state).toBe('veryHidden');
  });

  it('reads a filled workbook back into the unit’s answer', async () => {
    const r = await read(await filled({}));
    expect(r.issues).toEqual([]);
    expect(r.sheet).toBe('整改通知书');
    expect(r.meta).toMatchObject({
      round: '2026',
      unit: 'DC03',
      deadline: '2026-05-10',
      items: '1.1,1.3,2.1',
    });
    expect(r.answer).toEqual(ANSWER);
  });

  it('reads an English workbook, and words of the other language in either', async () => {
    const en = await buildRectificationWorkbook(notice('en'), KEY);
    const ws = (await load(en)).getWorksheet('Rectification')!;
    expect(ws.getCell('I4').value).toBe('What was done');
    expect(ws.getCell('E6').value).toBe('Not met');
    expect(ws.getCell('H5').dataValidation.formulae).toEqual(['"Fixed,Partly fixed,Not fixed"']);
    const r = await read(
      await fill(en, 'Rectification', {
        H5: 'Fixed',
        I5: 'Wrote the rules',
        J5: 'rules.pdf; minutes.pdf',
        H6: '未整改',
        H7: 'partly fixed',
        I7: 'Asked for funds',
      }),
    );
    expect(r.issues).toEqual([]);
    expect(r.answer!.items).toEqual([
      { code: '1.1', status: 'fixed', done: 'Wrote the rules', evidence: ['rules.pdf', 'minutes.pdf'] },
      { code: '1.3', status: 'not', done: '', evidence: [] },
      { code: '2.1', status: 'partly', done: 'Asked for funds', evidence: [] },
    ]);
  });

  it('refuses a blank status, an unknown word and a fix without what was done, each at its cell', async () => {
    const bytes = await filled({ H5: '已完成', H6: null, I7: null });
    const r = await read(bytes);
    expect(r.answer).toBeNull();
    expect(await problems(bytes)).toEqual([
      { code: 'rect.status-unknown', sheet: '整改通知书', cell: 'H5', item: '1.1' },
      { code: 'rect.status-missing', sheet: '整改通知书', cell: 'H6', item: '1.3' },
      { code: 'rect.done-missing', sheet: '整改通知书', cell: 'I7', item: '2.1' },
    ]);
    expect(r.issues[0]!.params).toEqual({ value: '已完成', choices: '已整改 / 部分整改 / 未整改' });
  });

  it('refuses a formula where the status or text belongs, and text over 2000 characters', async () => {
    const bytes = await filled({
      H5: { formula: 'IF(1,"已整改")', result: '已整改' },
      J6: { formula: 'A1', result: 1 },
      I7: 'x'.repeat(2001),
    });
    expect(await problems(bytes)).toEqual([
      { code: 'input.formula', sheet: '整改通知书', cell: 'H5', item: '1.1' },
      { code: 'input.formula', sheet: '整改通知书', cell: 'J6', item: '1.3' },
      { code: 'rect.text-too-long', sheet: '整改通知书', cell: 'I7', item: '2.1' },
    ]);
    expect((await read(await filled({ I7: 'x'.repeat(2000) }))).issues).toEqual([]);
  });

  it('refuses swapped code cells and anything typed below the listed rows', async () => {
    const bytes = await filled({ B5: '1.3', B6: '1.1', H8: '已整改' });
    expect(await problems(bytes)).toEqual([
      { code: 'rect.row-mismatch', sheet: '整改通知书', cell: 'B5', item: '1.1' },
      { code: 'rect.row-mismatch', sheet: '整改通知书', cell: 'B6', item: '1.3' },
      { code: 'rect.row-extra', sheet: '整改通知书', cell: 'H8', item: undefined },
    ]);
    expect((await read(bytes)).issues[0]!.params).toEqual({ row: 5, expected: '1.1', found: '1.3' });
  });

  it('refuses a workbook whose hidden sheet was edited (the deadline moved) or signed with another key', async () => {
    const moved = await fill(await filled({}), '_cepin_zg', { B7: '2026-06-30' });
    const r = await read(moved);
    expect(r.answer).toBeNull();
    expect(r.issues.map((i) => [i.code, i.sheet, i.cell, i.params.field])).toEqual([
      ['rect.meta-edited', '_cepin_zg', 'B11', 'signature'],
    ]);
    const other = await read(await filled({}), new Uint8Array(32).fill(8));
    expect(other.issues.map((i) => i.code)).toEqual(['rect.meta-edited']);
    const garbled = await read(await fill(await filled({}), '_cepin_zg', { B7: 'soon' }));
    expect(garbled.issues.map((i) => [i.code, i.cell, i.params.field])).toEqual([
      ['rect.meta-edited', 'B7', 'deadline'],
    ]);
  });

  it('says there is nothing to rectify when the notice has no items, and reads back an empty answer', async () => {
    const bytes = await buildRectificationWorkbook(notice('zh', []), KEY);
    const ws = (await load(bytes)).getWorksheet('整改通知书')!;
    expect(ws.getCell('A3').value).toBe('本次预检未发现需要整改的问题，无需填写和上传本表。');
    const r = await read(bytes);
    expect(r.issues).toEqual([]);
    expect(r.answer).toEqual({ round: '2026', unit: 'DC03', items: [] });
  });

  it('is not a rectification workbook: a score template, a 合议表, an empty workbook', async () => {
    const rs = municipal();
    const template = await toBytes(
      buildTemplate(rs, { phase: 'precheck', lang: 'zh', generatedAt: fixedNow().toISOString() }).workbook,
    );
    const recon = await buildReconciliationSheet(
      {
        round: '2026',
        unit: 'DC03',
        phase: 'precheck',
        ruleSet: rs.id,
        fingerprint: rs.fingerprint,
        lang: 'zh',
        generatedAt: fixedNow().toISOString(),
        sources: [],
      },
      ['A01'],
      [],
      KEY,
    );
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    for (const bytes of [template, recon, await toBytes(empty), new Uint8Array([1, 2, 3])])
      expect(await readRectificationWorkbook(bytes, KEY)).toBeNull();
  });
});

// CI installs LibreOffice (.ci/run), so there the test must run; elsewhere it is skipped when absent.
const run = hasSoffice || process.env.CI ? describe : describe.skip;

run('a rectification workbook filled and saved again by LibreOffice', () => {
  it('reads back the same answer, and still names the cell of a problem', async () => {
    const saved = libreOfficeConvert(await filled({}), 'rect.xlsx', 'xlsx');
    const r = await read(saved);
    expect(r.issues).toEqual([]);
    expect(r.answer).toEqual(ANSWER);
    const bad = libreOfficeConvert(await filled({ H6: null }), 'rect.xlsx', 'xlsx');
    expect(await problems(bad)).toEqual([
      { code: 'rect.status-missing', sheet: '整改通知书', cell: 'H6', item: '1.3' },
    ]);
  }, 120_000);
});
