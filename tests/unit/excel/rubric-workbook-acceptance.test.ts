import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../shared/domain/messages.ts';
import { resolveRuleSet } from '../../../shared/domain/rule-set.ts';
import {
  readRubricWorkbook,
  resolveRubric,
  writeRubricWorkbook,
} from '../../../shared/excel/rubric-workbook.ts';
import { editWorkbook, setCells, shippedFile } from '../../fixtures/rubrics/rubric-files.ts';

/**
 * Issue 16's acceptance scenario: a bureau officer exports the municipal rubric, changes one item's
 * points and splits another item into two parts without fixing the sums, is told exactly which cells
 * are wrong, fixes them, and gets a rubric with a new fingerprint.
 *
 * The export writes the tree depth first from row 2 of 细则, columns A 编号, B 上级编号, C 名称,
 * D 名称(英文), E 分值, F 评分方法, G 单位分值. municipal-sample's first rows: 2 "1", 3 "1.1",
 * 4 "1.1.1", 5 "1.1.2", 6 "1.1.3", 7 "1.2" (5 points), 8 "1.2.1" (3), 9 "1.2.2" (2, direct),
 * 10 "1.3" (5), 11 "1.3.1" (2, direct, step 0.5), 12 "1.3.2" (2), 13 "1.3.3" (1, direct).
 */
describe('exporting, editing in a spreadsheet and re-importing the municipal rubric', () => {
  const original = () => {
    const r = resolveRuleSet(shippedFile('municipal-sample'), shippedFile);
    if (!r.ok) throw new Error('municipal-sample does not resolve');
    return r.ruleSet;
  };

  /** 1.2.2 from 2 to 2.5 points; 1.3.1 split into 1.3.1a (1) and 1.3.1b (1.5), rows inserted under it. */
  const edited = async () =>
    editWorkbook(await writeRubricWorkbook(shippedFile('municipal-sample') as never, 'zh'), (wb) => {
      const ws = wb.getWorksheet('细则')!;
      ws.getCell('E9').value = 2.5;
      // 1.3.1 becomes a parent: its method goes, its parts come in on the rows below it.
      ws.getCell('F11').value = null;
      ws.getCell('G11').value = null;
      ws.insertRow(12, ['1.3.1a', '1.3.1', '档案工作制度', null, 1, '直接打分']);
      ws.insertRow(13, ['1.3.1b', '1.3.1', '档案工作档案', null, 1.5, '直接打分']);
    });

  it('names the exact cells whose parts do not add up, in Chinese and English', async () => {
    const read = await readRubricWorkbook(await edited(), '细则.xlsx');
    expect(read.ok).toBe(false);
    // 1.2: 3 + 2.5 = 5.5, not its 5 points (E7); 1.3.1: 1 + 1.5 = 2.5, not its 2 points (E11).
    expect(read.issues.map((i) => [i.code, i.sheet, i.cell, i.item, i.params.sum, i.params.max])).toEqual([
      ['rules.sum-mismatch', '细则', 'E7', '1.2', 5.5, 5],
      ['rules.sum-mismatch', '细则', 'E11', '1.3.1', 2.5, 2],
    ]);
    expect(formatIssue(read.issues[0]!, 'zh')).toBe(
      '工作表“细则”,单元格 E7,项目 1.2:1.2 下级分值合计 5.5,与其分值 5 不一致。请调整各部分分值使合计为 5,或把分值改为 5.5',
    );
    expect(formatIssue(read.issues[1]!, 'en')).toBe(
      'Sheet “细则”, cell E11, item 1.3.1: The parts of 1.3.1 add up to 2.5, not its 2 points. Make the parts add up to 2, or write 2.5 as its points',
    );
  });

  it('once fixed, resolves to a rule set with the split and a new fingerprint', async () => {
    const fixed = await editWorkbook(await edited(), (wb) =>
      // 1.3.1b down to 1; 1.2 up to 5.5 and 1.3 down to 4.5 by taking 0.5 from 1.3.3 (row 15 now).
      setCells(wb, '细则', { E13: 1, E7: 5.5, E10: 4.5, E15: 0.5 }),
    );
    const read = await readRubricWorkbook(fixed, '细则.xlsx');
    expect(read.ok ? read.issues : read.issues.map((i) => formatIssue(i, 'zh'))).toEqual([]);
    if (!read.ok) return;
    const r = resolveRubric(read, shippedFile);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rs = r.ruleSet;
    expect(rs.fingerprint).not.toBe(original().fingerprint);
    expect(rs.byCode.get('1.3.1')!.children.map((c) => [c.code, c.maxPoints])).toEqual([
      ['1.3.1a', 1],
      ['1.3.1b', 1],
    ]);
    expect(rs.byCode.get('1.3.1')!.method).toBeUndefined();
    expect([rs.byCode.get('1.2.2')!.maxPoints, rs.byCode.get('1.2')!.maxPoints]).toEqual([2.5, 5.5]);
    expect(rs.leaves.length).toBe(original().leaves.length + 1);
  });
});
