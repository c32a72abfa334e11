import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { calibrationReport } from '../../../shared/domain/calibration.ts';
import { writeCalibrationWorkbook } from '../../../shared/excel/calibration-workbook.ts';
import { AFTER_SHEETS, CASES, calibrationInput, NAMES, REPORT, RS } from '../../support/calibration-input.ts';

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A cell's text, rich text joined. */
function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v === null || v === undefined ? '' : String(v as string | number);
}

const row = (ws: ExcelJS.Worksheet, n: number) => {
  const out: string[] = [];
  ws.getRow(n).eachCell({ includeEmpty: true }, (c) => out.push(text(c)));
  return out;
};

/** The row whose column-A text is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let n = 1; n <= ws.rowCount; n++) if (text(ws.getCell(n, 1)) === label) return ws.getRow(n);
  throw new Error(`no row ${label} on ${ws.name}`);
}

const zh = await open(await writeCalibrationWorkbook(calibrationInput('zh')));
const en = await open(await writeCalibrationWorkbook(calibrationInput('en')));

describe('the calibration workbook', () => {
  it('names its sheets in the report language, the before-after sheet only with a comparison', async () => {
    expect(zh.worksheets.map((w) => w.name)).toEqual(['说明', '测评员', '评分项', '案例', '前后对比']);
    expect(en.worksheets.map((w) => w.name)).toEqual([
      'About',
      'Assessors',
      'Items',
      'Cases',
      'Before-after',
    ]);
    const alone = await open(await writeCalibrationWorkbook(calibrationInput('zh', false)));
    expect(alone.worksheets.map((w) => w.name)).toEqual(['说明', '测评员', '评分项', '案例']);
  });

  it('heads each table in the report language, one column per case where cases differ', () => {
    expect(row(zh.getWorksheet('测评员')!, 1)).toEqual([
      '测评员编号',
      '评分表数',
      '比较项数',
      '宽严度\n(分)',
      '宽严度\n(占分值)',
      '平均绝对偏差\n(分)',
      '平均绝对偏差\n(占分值)',
      '倾向',
      'CASE1\n总分偏差',
      'CASE2\n总分偏差',
      '偏离最大的项目',
      '判断不同',
    ]);
    expect(row(en.getWorksheet('Assessors')!, 1)).toEqual([
      'Assessor',
      'Sheets',
      'Items compared',
      'Leniency\n(points)',
      'Leniency\n(% of points)',
      'MAD\n(points)',
      'MAD\n(% of points)',
      'Leaning',
      'CASE1 total deviation',
      'CASE2 total deviation',
      'Items furthest off',
      'Judgements that differ',
    ]);
    expect(row(zh.getWorksheet('评分项')!, 1)).toEqual([
      '项目',
      '项目名称',
      '类别',
      '分值',
      '离散度\n(分)',
      '离散度\n(占分值)',
      '最大极差\n(分)',
      '与参照吻合',
      '比较表数',
      'CASE1\n标准差',
      'CASE2\n标准差',
      '测评员所写理由',
    ]);
    expect(row(en.getWorksheet('Cases')!, 1)).toEqual([
      'Item',
      'Requirement',
      'Points',
      'Key score',
      'Key judgement',
      'Lowest',
      'Highest',
      'SD',
      'Key’s reason',
    ]);
    expect(row(en.getWorksheet('Before-after')!, 1)).toEqual([
      'Item or assessor',
      'Name',
      'Measure',
      'Before\n(2025-cal1)',
      'After\n(2025-cal2)',
      'Change',
      'Verdict',
    ]);
  });

  it('gives each assessor’s figures as the report has them, furthest from the key first', () => {
    const ws = zh.getWorksheet('测评员')!;
    // MAD share: a4 33.33%, a6 12.5%, a2 and a5 8.33% (MAD 0.5 before 0.38), a3 4.76%, a1 0.
    const ids = [2, 3, 4, 5, 6, 7].map((n) => text(ws.getCell(n, 1)));
    expect(ids).toEqual(['a4', 'a6', 'a2', 'a5', 'a3', 'a1']);
    for (const [n, id] of ids.entries()) {
      const a = REPORT.assessors.find((x) => x.assessor === id)!;
      const r = ws.getRow(n + 2);
      expect(
        [2, 3, 4, 5, 6, 7].map((c) => r.getCell(c).value),
        id,
      ).toEqual([a.sheets, a.items, a.leniency, a.leniencyShare, a.mad, a.madShare]);
    }
    // a4 by hand: deviations from the key 0 −1 −2 0 (CASE1, key 4 3 2 5) and 0 −1 −2 −1 (CASE2,
    // median key 3 2 2 4): −7 / 8 = −0.875 → −0.88; shares (0 − 1/4 − 1 + 0 + 0 − 1/4 − 1 − 1/6) / 8
    // = −1/3; totals 11 against 14, and 7 against the median total 11.5.
    const a4 = ws.getRow(2);
    expect([4, 5, 6, 7, 8, 9, 10].map((c) => a4.getCell(c).value)).toEqual([
      -0.88,
      -0.3333,
      0.88,
      0.3333,
      '偏严',
      -3,
      -4.5,
    ]);
    expect(a4.getCell(4).numFmt).toBe('+0.00;-0.00;0.00');
    expect(a4.getCell(5).numFmt).toBe('+0.00%;-0.00%;0.00%');
    expect(text(a4.getCell(11)).split('\n')).toEqual([
      'CASE1 B1:0 分(参照 2,偏差 −2)',
      'CASE2 B1:0 分(参照 2,偏差 −2)',
      'CASE1 A2:2 分(参照 3,偏差 −1)',
    ]);
    expect(text(a4.getCell(12)).split('\n')).toEqual([
      'CASE1 B1 符合/不符合判断不同:本人“不符合”,参照“符合”',
      'CASE2 B1 符合/不符合判断不同:本人“不符合”,参照“符合”',
    ]);
    expect(text(ws.getCell(3, 8))).toBe('偏宽'); // a6, +12.5%
    expect(text(ws.getCell(7, 8))).toBe('适中'); // a1, 0
  });

  it('colours lenient and severe leniency by a conditional format on the share, ±2% of the points', () => {
    const ws = zh.getWorksheet('测评员')!;
    // exceljs reads conditional formats back but does not declare them.
    const cf = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    expect(cf.map((c) => c.ref)).toEqual(['D2:E7', 'H2:H7']);
    const formulae = cf[0]!.rules.map((r) => (r as { formulae?: string[] }).formulae?.[0]);
    expect(formulae).toEqual(['AND(ISNUMBER($E2),$E2>0.02)', 'AND(ISNUMBER($E2),$E2<-0.02)']);
  });

  it('lists the items read most differently first, with their spread, matched share and reasons', () => {
    const ws = zh.getWorksheet('评分项')!;
    // By hand (tests/support/calibration-input.ts): spread shares B1 38.64%, A1 15.71%, A2 14.43%, B2 12.67%.
    expect([2, 3, 4, 5].map((n) => text(ws.getCell(n, 1)))).toEqual(['B1', 'A1', 'A2', 'B2']);
    expect(REPORT.items.map((i) => i.code)).toEqual(['B1', 'A1', 'A2', 'B2']);
    const b1 = ws.getRow(2);
    // B1: (√(5/9) + 0.8) / 2 = 0.7727 → 0.77; 9 of 11 sheets matched the key (CASE1 5 of 6, CASE2 4 of 5).
    expect([2, 3, 4, 5, 6, 8, 9].map((c) => b1.getCell(c).value)).toEqual([
      '制度上墙',
      'B 安全保管',
      2,
      0.77,
      0.3863,
      0.8182,
      11,
    ]);
    const reasons = b1.getCell(12);
    expect(text(reasons).split('\n')).toEqual([
      'a4(CASE1):=未见制度上墙',
      'a3(CASE2):无库房,不适用',
      'a4(CASE2):制度未上墙',
    ]);
    expect(reasons.formula).toBeUndefined();
    expect(en.getWorksheet('Items')!.getCell('B2').value).toBe('Rules on the wall');
  });

  it('shows each case’s key: the answer key’s scores and reasons, or the panel median', () => {
    const ws = zh.getWorksheet('案例')!;
    expect(text(ws.getCell('A2'))).toBe(
      'CASE1 某局 2025 年档案工作 · 参照:标准答案 · 参照总分 14 · 6 名测评员评分',
    );
    expect(text(ws.getCell('A3'))).toBe(CASES[0]!.description);
    expect(row(ws, 4).slice(0, 9)).toEqual([
      'A1',
      '制度建设',
      '6',
      '4',
      '',
      '3',
      '6',
      '0.94',
      '缺少保密制度,扣 2 分',
    ]);
    expect(row(ws, 6).slice(3, 5)).toEqual(['2', '符合']);
    const median = rowOf(
      ws,
      'CASE2 某中心 2025 年档案工作 · 参照:全体中位数 · 参照总分 11.5 · 6 名测评员评分',
    );
    // CASE2's median key: A1 2 3 3 3 4 5 → 3.
    expect(ws.getRow(median.number + 1).getCell(4).value).toBe(3);
  });

  it('puts the round, the rubric and the overall agreement on About, in both languages', () => {
    const ws = zh.getWorksheet('说明')!;
    expect(text(rowOf(ws, '细则指纹').getCell(2))).toBe(RS.fingerprint);
    expect(rowOf(ws, '测评细则').getCell(2).value).toBe('cal-demo');
    expect(rowOf(ws, '细则版本').getCell(2).value).toBe(3);
    expect(rowOf(ws, '对比的校准轮次').getCell(2).value).toBe('2025-cal1');
    const alpha = rowOf(ws, "Krippendorff's alpha");
    expect(alpha.getCell(2).value).toBe(REPORT.overall.alpha);
    expect(alpha.getCell(2).numFmt).toBe('0.0000');
    expect(text(alpha.getCell(3))).toBe('8 个“案例×评分项”');
    expect(text(alpha.getCell(5))).toContain('一致性不足'); // alpha 0.0618 < 0.667
    expect(rowOf(ws, 'ICC(2,1)').getCell(2).value).toBe(REPORT.overall.icc21);
    expect(rowOf(ws, 'ICC(3,1)').getCell(2).value).toBe(REPORT.overall.icc31);
    expect(
      text(rowOf(ws, '案例 CASE2 没有标准答案,以全体测评员各项得分的中位数作为参照').getCell(1)),
    ).not.toBe('');
    const about = en.getWorksheet('About')!;
    expect(text(rowOf(about, 'CASE2').getCell(3))).toBe('Panel median');
    expect(text(rowOf(about, "Krippendorff's alpha").getCell(5))).toContain('Poor agreement');
  });

  it('compares each item’s spread and each assessor’s MAD with the round before', () => {
    const ws = zh.getWorksheet('前后对比')!;
    const alpha = ws.getRow(2);
    expect([4, 5, 6].map((c) => alpha.getCell(c).value)).toEqual([0.0424, 0.0618, 0.0194]);
    const a1 = rowOf(ws, 'A1');
    // A1's spread before: CASE1 2 6 2 4 4 6 (σ 1.633), CASE2 2 5 1 3 3 6 (σ 1.700) → 1.67; after 0.94.
    expect([4, 5, 6, 7].map((c) => a1.getCell(c).value)).toEqual([1.67, 0.94, -0.73, '离散度缩小']);
    const a5 = rowOf(ws, 'a5');
    expect([3, 4, 5, 7].map((c) => text(a5.getCell(c)))).toEqual([
      '平均绝对偏差(分)',
      '0',
      '0.38',
      '更偏离参照',
    ]);
  });

  it('prints every sheet on A4 landscape, one page wide, header row frozen and repeated', () => {
    for (const wb of [zh, en])
      for (const ws of wb.worksheets) {
        expect(ws.pageSetup, ws.name).toMatchObject({
          paperSize: 9,
          orientation: 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: '1:1',
        });
        expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(ws.headerFooter.oddFooter, ws.name).toContain('&P');
      }
  });

  it('names nobody: assessors appear by id only', () => {
    const all: string[] = [];
    for (const wb of [zh, en])
      for (const ws of wb.worksheets) ws.eachRow((r) => r.eachCell((c) => all.push(text(c))));
    for (const name of Object.values(NAMES)) expect(all.join('\n')).not.toContain(name);
  });

  it('says so when only one assessor scored, and leaves what cannot be computed empty', async () => {
    const report = calibrationReport(
      RS,
      CASES,
      AFTER_SHEETS.filter((s) => s.assessor === 'a1' || s.assessor === 'KEY'),
    );
    const wb = await open(await writeCalibrationWorkbook({ ...calibrationInput('en', false), report }));
    const about = wb.getWorksheet('About')!;
    expect(rowOf(about, "Krippendorff's alpha").getCell(2).value).toBeNull();
    expect(text(rowOf(about, "Krippendorff's alpha").getCell(5))).toContain('Cannot be computed');
    expect(() =>
      rowOf(
        about,
        'Only one assessor (a1) scored: the spread of items and the agreement between assessors cannot be computed',
      ),
    ).not.toThrow();
    expect(wb.getWorksheet('Items')!.getCell('E2').value).toBeNull();
  });
});
