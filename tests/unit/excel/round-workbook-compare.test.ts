import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { roundWorkbookBytes } from '../../../shared/excel/round-workbook.ts';
import { municipal } from '../../support/rules.ts';
import { twoRoundsReport } from '../../support/two-rounds.ts';

/**
 * 预检与正式 / Pre-check vs formal of the round workbook: every pre-check loss by verdict with code,
 * title, scores and the unit's claim, the district line, and the year-over-year block. Figures are
 * those worked in tests/support/two-rounds.ts; titles are the municipal rubric's.
 */

const sheetOf = async (lang: 'zh' | 'en', previousRubric?: { id: string; version: number }) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await roundWorkbookBytes(twoRoundsReport(lang, previousRubric))) as unknown as ArrayBuffer,
  );
  return wb.getWorksheet(lang === 'zh' ? '预检与正式' : 'Pre-check vs formal')!;
};
const text = (ws: ExcelJS.Worksheet, addr: string) => ws.getCell(addr).value;

describe('the pre-check vs formal sheet (zh)', async () => {
  const ws = await sheetOf('zh');

  it('heads the four verdicts and the claims that differ', () => {
    expect(['F1', 'G1', 'H1', 'I1', 'J1'].map((a) => text(ws, a))).toEqual([
      '已整改项目',
      '部分整改项目',
      '未整改项目',
      '新增失分项目',
      '单位自述与核查不一致',
    ]);
  });

  it('lists U01’s items by verdict, with code, title, pre-check → formal score, points and claim', () => {
    expect(['A2', 'C2', 'D2', 'E2'].map((a) => text(ws, a))).toEqual(['U01', 96, 97, 1]);
    expect(text(ws, 'F2')).toBe('1.3.1 配备专职档案人员且相对稳定(1 → 2,满分 2;单位自述:已整改)');
    expect(text(ws, 'G2')).toBe('2.1.2 次年6月底前完成上年度归档(1 → 2,满分 3;单位自述:已整改)');
    expect(text(ws, 'H2')).toBe('2.2.2 会计、基建等专门档案整理规范(2 → 2,满分 3)');
    expect(text(ws, 'I2')).toBe('3.1.1 利用登记完整(3 → 2,满分 3)');
    // U01 says 2.1.2 is fixed; the formal assessment found it partly fixed.
    expect(text(ws, 'J2')).toBe('2.1.2 次年6月底前完成上年度归档(1 → 2,满分 3;单位自述:已整改)');
    expect(text(ws, 'A3')).toBe('U02');
  });

  it('adds a district line with the counts over the units with both phases', () => {
    expect(['A4', 'B4', 'F4', 'G4', 'H4', 'I4'].map((a) => text(ws, a))).toEqual([
      '全区合计',
      '1 个单位预检与正式均有结果',
      1,
      1,
      1,
      1,
    ]);
    expect(ws.autoFilter).toBe('A1:J3');
  });

  it('compares U01 with its last round below, in its own block', () => {
    expect(text(ws, 'A6')).toBe('与上一轮比较');
    expect(['A7', 'C7', 'D7', 'E7', 'F7', 'G7', 'H7', 'I7', 'J7'].map((a) => text(ws, a))).toEqual([
      '单位代码',
      '上一轮总分',
      '正式总分',
      '总分变化',
      '上一轮',
      '等级变化',
      '类别得分变化',
      '两轮均失分项目',
      '可比性',
    ]);
    expect(['A8', 'C8', 'D8', 'E8', 'F8', 'G8'].map((a) => text(ws, a))).toEqual([
      'U01',
      90,
      97,
      7,
      '2025',
      '合格 → 优秀',
    ]);
    // Several lines: written as rich text, read back as its plain text.
    expect(ws.getCell('H8').text).toBe(
      '1 档案工作保障:+1\n2 基础业务:+2\n3 信息开发利用:+4\n4 下属单位管理:0',
    );
    expect(text(ws, 'I8')).toBe('2.2.2 会计、基建等专门档案整理规范');
    expect(text(ws, 'J8')).toBe('可比');
    // U02 has no earlier round: not listed.
    expect(text(ws, 'A9')).toBeNull();
  });
});

describe('the pre-check vs formal sheet (en), last round on another rubric or version', () => {
  it('leaves the changes out and says why when the rubric differs, still listing recurring items', async () => {
    const ws = await sheetOf('en', { id: 'dongcheng-sample', version: 1 });
    expect(text(ws, 'F2')).toBe(
      '1.3.1 Full-time archivists, reasonably stable (1 → 2 of 2; unit says: fixed)',
    );
    expect(['A4', 'B4'].map((a) => text(ws, a))).toEqual([
      'District',
      'Units with both pre-check and formal: 1',
    ]);
    expect(text(ws, 'A6')).toBe('Compared with the last round');
    expect(['C8', 'D8', 'E8', 'G8', 'H8'].map((a) => text(ws, a))).toEqual([90, 97, null, null, null]);
    expect(text(ws, 'I8')).toBe('2.2.2 Accounting, construction and other special records properly arranged');
    expect(text(ws, 'J8')).toBe(
      'Different rubrics: totals, grades and categories are not comparable; items losing points in both rounds are matched by code',
    );
  });

  it('notes another version of the same rubric', async () => {
    const rs = municipal();
    const ws = await sheetOf('zh', { id: rs.id, version: rs.version + 1 });
    expect(text(ws, 'E8')).toBe(7);
    expect(text(ws, 'J8')).toBe('同一细则的不同版本,按项目编号对应比较');
  });
});
