import { describe, expect, it } from 'vitest';
import { scalePoints, scoreSheet, type ItemInputs } from '../../../shared/domain/scoring.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { dongcheng, municipal } from '../../support/rules.ts';

/** Full marks on every leaf, veto conditions answered no: the inputs of a perfect unit. */
function perfect(rs: RuleSet): Map<string, ItemInputs> {
  const m = new Map<string, ItemInputs>();
  for (const l of rs.leaves) {
    const meth = l.method!;
    const i: ItemInputs = { veto: l.veto ? false : undefined };
    if (meth.type === 'direct') i.score = l.maxPoints;
    if (meth.type === 'checklist') i.ticks = meth.clauses.map(() => true);
    if (meth.type === 'deduction') i.counts = meth.deductions.map(() => 0);
    if (meth.type === 'scale') i.measure = meth.bands[meth.bands.length - 1]!.min;
    m.set(l.code, i);
  }
  return m;
}

const with_ = (rs: RuleSet, edits: Record<string, ItemInputs>) => {
  const m = perfect(rs);
  for (const [code, e] of Object.entries(edits)) m.set(code, { ...m.get(code), ...e });
  return m;
};
const spot = { spotcheckPercents: [100, 100] };
const item = (s: ReturnType<typeof scoreSheet>, code: string) => s.items.find((i) => i.code === code)!;

describe('scoring methods', () => {
  it('direct: the entered score counts', () => {
    const s = scoreSheet(municipal(), with_(municipal(), { '1.3.1': { score: 1.5 } }), spot);
    expect(item(s, '1.3.1').score).toBe(1.5);
    expect(s.total).toBe(99.5);
  });

  it('checklist: the sum of the clauses met', () => {
    const s = scoreSheet(
      municipal(),
      with_(municipal(), { '1.2.1': { ticks: [true, false, true, false, true, true] } }),
      spot,
    );
    expect(item(s, '1.2.1').score).toBe(2);
  });

  it('deduction: points per finding, never below zero (扣完为止)', () => {
    const rs = municipal();
    expect(item(scoreSheet(rs, with_(rs, { '1.1.3': { counts: [3] } }), spot), '1.1.3').score).toBe(0.5);
    expect(item(scoreSheet(rs, with_(rs, { '1.1.3': { counts: [9] } }), spot), '1.1.3').score).toBe(0);
  });

  it.each([
    [100, 6],
    [99, 5.94],
    [96, 5.76],
    [95, 5.7],
    [94.9, 0],
    [0, 0],
  ])('scale: a filing rate of %s%% earns %s of 6 points', (rate, pts) => {
    const m = municipal().byCode.get('2.1.1')!.method;
    if (m?.type !== 'scale') throw new Error('2.1.1 is a scale item');
    expect(Math.round(scalePoints(m.bands, rate) * 100) / 100).toBe(pts);
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [7, 3],
  ])('scale: %s cases of effective use earn %s points', (count, pts) => {
    const rs = municipal();
    expect(item(scoreSheet(rs, with_(rs, { '3.1.2': { measure: count } }), spot), '3.1.2').score).toBe(pts);
  });

  it('scale: catalogue coverage falls linearly from 3 at 95% to 0 at 50%', () => {
    const rs = municipal();
    expect(item(scoreSheet(rs, with_(rs, { '3.3.1': { measure: 72.5 } }), spot), '3.3.1').score).toBe(1.5);
  });

  it('spot-check derived: the mean of the subordinates’ percentages times the points', () => {
    const rs = municipal();
    const s = scoreSheet(rs, perfect(rs), { spotcheckPercents: [90, 80] });
    expect(item(s, '4.3').score).toBe(2.55);
  });

  it('spot-check derived: missing spot-checks leave the item pending and the grade open, never a silent zero', () => {
    const rs = municipal();
    const s = scoreSheet(rs, perfect(rs));
    expect(item(s, '4.3')).toMatchObject({ score: null, pending: true });
    expect(s.complete).toBe(false);
    expect(s.pending).toEqual(['4.3']);
    expect(s.grade).toBeNull();
  });
});

describe('not applicable (不适用)', () => {
  it('leaves N/A items out and rescales the total to 100', () => {
    const rs = municipal();
    const s = scoreSheet(rs, with_(rs, { '2.2.3': { na: true }, '1.3.1': { score: 0 } }), spot);
    expect(item(s, '2.2.3').na).toBe(true);
    expect(s.applicableMax).toBe(98);
    expect(s.raw).toBe(96);
    expect(s.total).toBe(97.96);
  });

  it('a category marked N/A takes all its items with it', () => {
    const rs = municipal();
    const inputs = with_(rs, { '1.3.1': { score: 0 } });
    inputs.set('4', { na: true });
    const s = scoreSheet(rs, inputs);
    expect(s.items.filter((i) => i.na).map((i) => i.code)).toEqual(['4.1', '4.2', '4.3']);
    expect(s.complete).toBe(true);
    expect(s.applicableMax).toBe(90);
    expect(s.total).toBe(97.78);
    expect(s.categories.find((c) => c.code === '4')).toMatchObject({ na: true, max: 0 });
  });
});

describe('grades', () => {
  it('a perfect unit is excellent', () => {
    const s = scoreSheet(municipal(), perfect(municipal()), spot);
    expect(s.grade?.code).toBe('excellent');
  });

  it('a key item short of full marks blocks excellent whatever the total', () => {
    const rs = municipal();
    const s = scoreSheet(rs, with_(rs, { '1.4.1': { score: 2.5 } }), spot);
    expect(s.total).toBe(99.5);
    expect(s.grade?.code).toBe('pass');
    expect(s.grade?.reasons.map((r) => r.code)).toContain('grade.key-not-full');
  });

  it('a category under 85% of its points blocks excellent', () => {
    const rs = municipal();
    const s = scoreSheet(
      rs,
      with_(rs, { '3.1.1': { score: 0 }, '3.2.1': { ticks: [false, true, true] } }),
      spot,
    );
    expect(s.total).toBe(95);
    expect(s.grade?.code).toBe('pass');
    expect(s.grade?.reasons.find((r) => r.code === 'grade.category-ratio')?.params.category).toBe('3');
  });

  it('a veto condition fails the unit whatever its total', () => {
    const rs = municipal();
    const s = scoreSheet(rs, with_(rs, { '2.5.3': { veto: true } }), spot);
    expect(s.total).toBe(100);
    expect(s.vetoed).toBe(true);
    expect(s.grade).toMatchObject({
      code: 'fail',
      passes: false,
      reasons: [{ code: 'grade.veto', params: { item: '2.5.3' } }],
    });
  });

  it('below 80 fails, at 80 passes', () => {
    const rs = municipal();
    const losing = (n: number) =>
      with_(rs, { '2.1.1': { measure: 0 }, '2.2.1': { counts: [10] }, '2.1.2': { score: 3 - n } });
    expect(scoreSheet(rs, losing(0), { spotcheckPercents: [0, 0] }).total).toBe(86);
    expect(scoreSheet(rs, losing(0), { spotcheckPercents: [0, 0] }).grade?.code).toBe('pass');
    const s = scoreSheet(
      rs,
      with_(rs, {
        '2.1.1': { measure: 0 },
        '2.2.1': { counts: [10] },
        '2.1.2': { score: 0 },
        '2.3.3': { score: 0 },
        '3.1.1': { score: 0 },
      }),
      { spotcheckPercents: [100, 100] },
    );
    expect(s.total).toBe(80);
    expect(s.grade?.code).toBe('pass');
    const f = scoreSheet(
      rs,
      with_(rs, {
        '2.1.1': { measure: 0 },
        '2.2.1': { counts: [10] },
        '2.1.2': { score: 0 },
        '2.3.3': { score: 0 },
        '3.1.1': { score: 0 },
        '1.3.3': { score: 0.5 },
      }),
      { spotcheckPercents: [100, 100] },
    );
    expect(f.total).toBe(79.5);
    expect(f.grade?.code).toBe('fail');
  });
});

describe('the Dongcheng overlay', () => {
  it('scores the split parts and adds them up under the parent', () => {
    const rs = dongcheng();
    const s = scoreSheet(rs, with_(rs, { '2.1.1b': { measure: 97 }, '2.2.1a': { counts: [2] } }), spot);
    expect(item(s, '2.1.1b').score).toBe(1.94);
    expect(item(s, '2.2.1a').score).toBe(0.5);
    expect(s.groups.find((g) => g.code === '2.1.1')).toMatchObject({ score: 5.94, max: 6 });
    expect(s.groups.find((g) => g.code === '2.2.1')).toMatchObject({ score: 4, max: 5 });
    expect(s.total).toBe(98.94);
  });
});
