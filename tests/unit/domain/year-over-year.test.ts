import { describe, expect, it } from 'vitest';
import type { ItemScore, NodeScore } from '../../../shared/domain/item-scores.ts';
import { yearOverYear, type YoyRound } from '../../../shared/domain/year-over-year.ts';

/** An item: [code, score, max], or N/A / pending. */
const item = (code: string, score: number | null, max: number, o: Partial<ItemScore> = {}): ItemScore => ({
  code,
  score,
  max,
  na: false,
  pending: false,
  key: false,
  vetoed: false,
  ...o,
});
const cat = (code: string, score: number, max: number, na = false): NodeScore => ({ code, score, max, na });

function round(
  id: string,
  ruleSet: string,
  ruleVersion: number,
  total: number,
  grade: string | null,
  categories: NodeScore[],
  items: ItemScore[],
): YoyRound {
  return {
    round: id,
    ruleSet,
    ruleVersion,
    result: { score: { total, grade: grade ? { code: grade } : null, categories, items } },
  };
}

describe('year over year, same rubric and version', () => {
  const prev = round(
    '2025',
    'dc',
    3,
    80.3,
    'pass',
    [cat('1', 20, 25), cat('2', 40.3, 45), cat('3', 20, 30)],
    [
      item('1.1', 1, 2), // losing both years: recurring
      item('1.2', 2, 3), // losing last year only
      item('2.1', 3, 3), // full last year, losing now: not recurring
      item('2.2', null, 2, { na: true }), // N/A last year, losing now: not recurring
      item('3.1', 1, 3), // losing last year, pending now: not recurring
    ],
  );
  const cur = round(
    '2026',
    'dc',
    3,
    90.1,
    'excellent',
    [cat('1', 23.5, 25), cat('2', 43, 45), cat('3', 23.6, 30)],
    [
      item('1.1', 1.5, 2),
      item('1.2', 3, 3),
      item('2.1', 2, 3),
      item('2.2', 1, 2),
      item('3.1', null, 3, { pending: true }),
    ],
  );
  const y = yearOverYear(prev, cur);

  it('is comparable with no notes, and gives the total change by the rounding rule', () => {
    expect(y).toMatchObject({ previousRound: '2025', comparable: true, notes: [], unmatched: 0 });
    // 90.1 − 80.3 = 9.8 exactly (in floating point it is 9.799999999999997).
    expect(y.totalDelta).toBe(9.8);
    expect([y.previousTotal, y.total]).toEqual([80.3, 90.1]);
    expect([y.previousGrade, y.grade]).toEqual(['pass', 'excellent']);
  });

  it('gives each category’s change in points', () => {
    expect(y.categoryDeltas).toEqual([
      { code: '1', previous: 20, current: 23.5, delta: 3.5 },
      { code: '2', previous: 40.3, current: 43, delta: 2.7 },
      { code: '3', previous: 20, current: 23.6, delta: 3.6 },
    ]);
  });

  it('lists as recurring only the items losing points, applicable and scored, in both rounds', () => {
    expect(y.recurring).toEqual(['1.1']);
  });
});

describe('year over year across rubric versions and rubrics', () => {
  const prevItems = [item('1.1', 1, 2), item('1.2', 1, 2), item('9.9', 0, 1)];
  const curItems = [item('1.1', 1, 2), item('1.2', 2, 2), item('1.3', 0, 2)];
  const prevCats = [cat('1', 10, 20), cat('9', 0, 1)];
  const curCats = [cat('1', 12, 20), cat('2', 5, 10, true)];

  it('another version of the same rubric is comparable, noted version-changed; codes in one round only are counted', () => {
    const y = yearOverYear(
      round('2025', 'dc', 2, 85, 'pass', prevCats, prevItems),
      round('2026', 'dc', 3, 86.5, 'pass', curCats, curItems),
    );
    expect(y.comparable).toBe(true);
    // 9.9 only last year, 1.3 only this year.
    expect(y.notes).toEqual(['version-changed', 'items-unmatched']);
    expect(y.unmatched).toBe(2);
    expect(y.totalDelta).toBe(1.5);
    // Only category 1 is in both (9 only last year, 2 only this year and N/A).
    expect(y.categoryDeltas).toEqual([{ code: '1', previous: 10, current: 12, delta: 2 }]);
    expect(y.recurring).toEqual(['1.1']);
  });

  it('another rubric is not comparable, but the items losing in both are still matched by code', () => {
    const y = yearOverYear(
      round('2025', 'municipal', 1, 70, 'fail', prevCats, prevItems),
      round('2026', 'dc', 1, 86.5, null, curCats, curItems),
    );
    expect(y.comparable).toBe(false);
    expect(y.notes).toEqual(['rubric-changed', 'items-unmatched']);
    expect(y.recurring).toEqual(['1.1']);
    expect(y.unmatched).toBe(2);
    expect([y.previousGrade, y.grade]).toEqual(['fail', null]);
  });

  it('the same items under another rubric: not comparable, nothing unmatched', () => {
    const y = yearOverYear(
      round('2025', 'municipal', 1, 70, 'fail', curCats, curItems),
      round('2026', 'dc', 1, 70, 'fail', curCats, curItems),
    );
    expect(y).toMatchObject({ comparable: false, notes: ['rubric-changed'], unmatched: 0, totalDelta: 0 });
  });

  it('a category N/A in either round has no change', () => {
    const y = yearOverYear(
      round('2025', 'dc', 1, 80, 'pass', [cat('1', 0, 0, true), cat('2', 8, 10)], []),
      round('2026', 'dc', 1, 80, 'pass', [cat('1', 10, 20), cat('2', 9, 10)], []),
    );
    expect(y.categoryDeltas).toEqual([{ code: '2', previous: 8, current: 9, delta: 1 }]);
  });
});
