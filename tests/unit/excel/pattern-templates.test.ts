import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SHEET_NAMES, type Layout } from '../../../shared/domain/layout.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { checkSheet } from '../../../shared/use-cases/check-sheet.ts';
import { makeSample, makeTemplate } from '../../../shared/use-cases/make-template.ts';
import { fixedNow, shippedRules } from '../../support/rules.ts';
import { patternRules } from '../../support/rule-builders.ts';

/**
 * Templates grow where a rubric asks for it: compliance items as a 符合/不符合/不适用 list, sampling
 * items with a column per sampled entry, counts per thing or per part, and the 核查方式 / 见证材料编号
 * columns for items that define them. Filled sheets check back to the scores worked out by hand.
 */

const rs = patternRules();
const rules = { get: (id: string): RuleSet | undefined => (id === rs.id ? rs : undefined) };
const load = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
};
const cellOf = (layout: Layout, code: string, kind: string, index = 0) =>
  layout.byCode.get(code)!.inputs.find((i) => i.kind === kind && (i.index ?? 0) === index)!.address;

/** A sheet filled with exactly these values (by item, kind and index), nothing else. */
const filled = (lang: 'zh' | 'en', values: [string, string, number, string | number][]) =>
  makeSample(
    rs,
    { phase: 'formal', lang, unit: 'U01', assessor: 'A01', now: fixedNow, seed: 1 },
    (v, layout) => {
      v.clear();
      for (const [code, kind, index, value] of values) v.set(cellOf(layout, code, kind, index), value);
    },
  );

/** The sheet of the by-hand example: see the test. */
const example: [string, string, number, string | number][] = [
  ['1.1', 'met', 0, '符合'],
  ['1.1', 'evidence', 0, 'JZ-2026-07'],
  ['1.2', 'met', 0, '不符合'],
  ['1.2', 'problem', 0, '无专职人员'],
  ...[0, 1, 2, 3].map((k): [string, string, number, string] => ['1.3', 'tick', k, '是']),
  ['1.3', 'tick', 4, '否'],
  ['1.4', 'measure', 0, 3],
  ...Array.from({ length: 8 }, (_x, k): [string, string, number, string] => [
    '1.5',
    'sample',
    k,
    k < 7 ? '是' : '否',
  ]),
  ['1.6', 'count', 0, 4],
  ['1.6', 'count', 1, 20],
];

describe('templates for the new patterns', () => {
  it('show a 符合/不符合/不适用 list, a column per sampled entry, 核查方式 and 见证材料编号', async () => {
    const made = await makeTemplate(rs, {
      phase: 'formal',
      lang: 'zh',
      unit: 'U01',
      assessor: 'A01',
      now: fixedNow,
    });
    const ws = (await load(made.bytes)).getWorksheet(SHEET_NAMES.scores.zh)!;
    const c = made.layout.cols;
    expect(ws.getCell(made.layout.headerRow, c.verify!).value).toBe('核查方式');
    expect(ws.getCell(made.layout.headerRow, c.evidence!).value).toBe('见证材料编号');
    expect(ws.getCell(made.layout.byCode.get('1.1')!.row, c.verify!).value).toBe('查阅文件');
    const met = ws.getCell(cellOf(made.layout, '1.1', 'met'));
    expect(met.dataValidation).toMatchObject({ type: 'list', formulae: ['"符合,不符合"'] });
    expect(ws.getCell(cellOf(made.layout, '1.2', 'met')).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"符合,不符合,不适用"'],
    });
    const samples = made.layout.byCode.get('1.5')!.inputs.filter((i) => i.kind === 'sample');
    expect(samples).toHaveLength(12);
    for (const s of samples) expect(ws.getCell(s.address).dataValidation?.type).toBe('list');
    // only items that define their evidence get a reference cell
    expect(made.layout.byCode.get('1.2')!.inputs.some((i) => i.kind === 'evidence')).toBe(false);
    for (const row of made.layout.rows) {
      if (row.node.method) expect(ws.getCell(row.row, c.score).value).toHaveProperty('formula');
    }
  });

  it('explains how to fill in each kind of item the rule set has, and only those', async () => {
    const text = async (r: RuleSet) => {
      const made = await makeTemplate(r, { phase: 'formal', lang: 'zh', now: fixedNow });
      const ws = (await load(made.bytes)).getWorksheet(SHEET_NAMES.instructions.zh)!;
      return ws.getColumn(1).values.join('\n');
    };
    const t = await text(rs);
    for (const s of [
      '11. 符合性检查项',
      '12. 计数项',
      '13. 抽查项',
      '14. 分类扣分项',
      '15. “见证材料编号”列',
    ])
      expect(t).toContain(s);
    expect(t).not.toContain('直接判定不合格的情形');
    expect(await text(shippedRules.require('national-checklist-sample'))).toContain(
      '13. 表格下方“直接判定不合格的情形”',
    );
    expect(await text(shippedRules.require('municipal-sample'))).not.toContain('11.');
  });

  it('a filled sheet checks back to the scores worked out by hand', async () => {
    const r = await checkSheet((await filled('zh', example)).bytes, { rules, fileName: 'f.xlsx' });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const score = (code: string) => r.score!.items.find((i) => i.code === code)!.score;
    // 1.1 符合: 2. 1.2 不符合: 0. 1.3: 4 things present × 1 = 4. 1.4: 3 × 0.5 = 1.5.
    // 1.5: 8 sampled (short of 12), 7 passed: 24 × 7 / 8 = 21. 1.6: 文书 3 − 0.4 = 2.6; 科技 2 − 2 = 0 → floor 0.5.
    expect([score('1.1'), score('1.2'), score('1.3'), score('1.4'), score('1.5'), score('1.6')]).toEqual([
      2, 0, 4, 1.5, 21, 3.1,
    ]);
    // 2 + 0 + 4 + 1.5 + 21 + 3.1 = 31.6 of 40 → good (≥ 30).
    expect(r.score!.total).toBe(31.6);
    expect(r.score!.grade?.code).toBe('good');
    expect(r.inputs!.get('1.1')?.evidenceRef).toBe('JZ-2026-07');
    expect(r.inputs!.get('1.5')?.ticks?.filter((t) => t !== undefined)).toHaveLength(8);
  });

  it('不适用 on a compliance item leaves it out of the total', async () => {
    const values = example.map((v): [string, string, number, string | number] =>
      v[0] === '1.2' && v[1] === 'met'
        ? ([...v.slice(0, 3), '不适用'] as [string, string, number, string])
        : v,
    );
    const r = await checkSheet((await filled('zh', values)).bytes, { rules, fileName: 'f.xlsx' });
    // 31.6 raw of 38 applicable: 31.6 / 38 × 40 = 33.263… → 33.26.
    expect(r.score!.items.find((i) => i.code === '1.2')?.na).toBe(true);
    expect(r.score!.total).toBe(33.26);
  });

  it('不适用 on a compliance item that may not be N/A is refused at its cell', async () => {
    const values = example.map((v): [string, string, number, string | number] =>
      v[0] === '1.1' && v[1] === 'met' ? ['1.1', 'met', 0, 'N/A'] : v,
    );
    const made = await filled('zh', values);
    const r = await checkSheet(made.bytes, { rules, fileName: 'f.xlsx' });
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.cell])).toEqual([
      ['input.na-not-allowed', cellOf(made.layout, '1.1', 'met')],
    ]);
  });

  it('names the cell of every bad answer', async () => {
    const layout = (await makeTemplate(rs, { phase: 'formal', lang: 'en', now: fixedNow })).layout;
    const bad: [string, string, number, string | number][] = [
      ['1.1', 'met', 0, 'maybe'],
      ['1.4', 'measure', 0, 2.5],
      ['1.6', 'count', 0, 1.5],
      ['1.6', 'count', 1, 0],
    ];
    const r = await checkSheet((await filled('en', bad)).bytes, { rules, fileName: 'f.xlsx' });
    expect(r.valid).toBe(false);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.cell])).toEqual([
      ['input.not-a-compliance', cellOf(layout, '1.1', 'met')],
      ['input.compliance-missing', cellOf(layout, '1.2', 'met')],
      ['input.not-whole', cellOf(layout, '1.4', 'measure')],
      ['input.sample-missing', cellOf(layout, '1.5', 'sample')],
      ['input.not-whole', cellOf(layout, '1.6', 'count')],
    ]);
  });

  it('a sample sheet of the patterns checks as valid in both languages', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const made = await makeSample(rs, {
        phase: 'formal',
        lang,
        unit: 'U01',
        assessor: 'A01',
        now: fixedNow,
        seed: 5,
      });
      const r = await checkSheet(made.bytes, { rules, fileName: 's.xlsx' });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.valid).toBe(true);
    }
  });
});
