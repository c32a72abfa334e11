import { describe, expect, it } from 'vitest';
import { CellReader, didYouMean, editDistance } from '../../../shared/domain/rubric-cells.ts';
import { GRADE_COLUMNS, ITEM_COLUMNS } from '../../../shared/domain/rubric-sheets.ts';
import { grid, type Typed } from '../../fixtures/rubrics/grid.ts';

/** One column A of values (row 1 a header), read as `field` of the items or grades sheet. */
function column(field: string, values: Typed[], grades = false) {
  const g = grid('细则', [['h'], ...values.map((v) => [v])]);
  return new CellReader(g, new Map([[field, 'A']]), grades ? GRADE_COLUMNS : ITEM_COLUMNS);
}

describe('cells as a person types them', () => {
  it('numbers: full-width digits, a trailing 分, text numbers, negatives', () => {
    const c = column('inputMin', ['３.５', '3分', ' 4 ', -2, '－1', 0]);
    expect([2, 3, 4, 5, 6, 7].map((r) => c.number('inputMin', r, 'x'))).toEqual([3.5, 3, 4, -2, -1, 0]);
    expect(c.issues).toEqual([]);
  });

  it('refuses a word, a negative or zero where more than 0 belongs, a fraction where a count belongs', () => {
    const c = column('points', ['三分', -1, 0, 2.5]);
    expect(c.number('points', 2, 'x')).toBeUndefined();
    expect(c.number('points', 3, 'x', 'positive')).toBeUndefined();
    expect(c.number('points', 4, 'x', 'positive')).toBeUndefined();
    expect(c.number('points', 5, 'x', 'whole')).toBeUndefined();
    expect(c.issues.map((i) => [i.code, i.cell, i.params.value, i.params.colZh])).toEqual([
      ['rubric.not-a-number', 'A2', '三分', '分值'],
      ['rubric.not-positive', 'A3', '-1', '分值'],
      ['rubric.not-positive', 'A4', '0', '分值'],
      ['rubric.not-whole', 'A5', '2.5', '分值'],
    ]);
  });

  it('ratios as 0.85 or 85%, shares as 80 or 80%', () => {
    const r = column('minCategoryRatio', [0.85, '85%', '87.5％', 85], true);
    expect([2, 3, 4, 5].map((n) => r.number('minCategoryRatio', n, 'g'))).toEqual([
      0.85,
      0.85,
      0.875,
      undefined,
    ]);
    expect(r.issues.map((i) => i.code)).toEqual(['rubric.ratio-range']);
    const s = column('minShare', [80, '80%', 101], true);
    expect([2, 3, 4].map((n) => s.number('minShare', n, 'g'))).toEqual([80, 80, undefined]);
    expect(s.issues.map((i) => i.code)).toEqual(['rubric.share-range']);
  });

  it('yes and no in every usual form; blank is not set', () => {
    const c = column('key', ['是', '否', 'Yes', 'N', '✓', 1, 0, true, 'TRUE', null, '对吧']);
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((r) => c.bool('key', r, 'x'))).toEqual([
      true,
      false,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      undefined,
      undefined,
    ]);
    expect(c.issues.map((i) => [i.code, i.cell])).toEqual([['rubric.not-a-boolean', 'A12']]);
  });

  it('formulas and error values are reported, not read', () => {
    const g = grid('细则', [['h'], ['=1+1']]);
    const c = new CellReader(g, new Map([['points', 'A']]), ITEM_COLUMNS);
    expect(c.number('points', 2, 'x')).toBeUndefined();
    expect(c.issues.map((i) => [i.code, i.params.value])).toEqual([['rubric.formula', '=1+1']]);
  });

  it('codes: full-width digits are half-width, a number typed is its text, anything else refused', () => {
    const c = column('code', ['１.２', 3, 'a b', '1.2.3']);
    expect([2, 3, 4, 5].map((r) => c.code('code', r))).toEqual(['1.2', '3', undefined, '1.2.3']);
    expect(c.issues.map((i) => i.code)).toEqual(['rubric.bad-code']);
  });
});

describe('did you mean', () => {
  it('edit distance counts characters, Chinese included', () => {
    expect(editDistance('直接打份', '直接打分')).toBe(1);
    expect(editDistance('drect', 'direct')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the near miss, and nothing when nothing is near', () => {
    const methods = ['直接打分', '逐条计分', '扣分', 'direct', 'checklist'];
    expect(didYouMean('直接打份', methods)).toBe('直接打分');
    expect(didYouMean('Checklst', methods)).toBe('checklist');
    expect(didYouMean('抽样调查', methods)).toBeUndefined();
    // Codes: 1.3 is not a typo of 1.2; 1.2.x of 1.2.3 is.
    expect(didYouMean('1.3', ['1.2'], true)).toBeUndefined();
    expect(didYouMean('1.2.4', ['1.2.3', '2'], true)).toBe('1.2.3');
  });
});
