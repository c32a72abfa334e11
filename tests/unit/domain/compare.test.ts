import { describe, expect, it } from 'vitest';
import { distribution, precheckVsFormal, rankUnits, selfVsPanel } from '../../../shared/domain/compare.ts';
import type { Phase } from '../../../shared/domain/layout.ts';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import type { AssessorSheet } from '../../../shared/domain/results.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { municipal } from '../../support/rules.ts';

type Edit = Partial<Omit<AssessorSheet['items'][number], 'code'>>;

/** A phase result from `assessors` identical sheets: full marks except the edits; null: no spot-checks. */
function result(
  rs: RuleSet,
  phase: Phase,
  edits: Record<string, Edit>,
  percents: number[] | null = [100, 100],
  assessors = 2,
) {
  const sheets: AssessorSheet[] = Array.from({ length: assessors }, (_, i) => ({
    assessor: `a${i}`,
    uploadId: `up${i}`,
    receivedAt: '2026-03-01T09:00:00Z',
    items: rs.leaves.map((l) => ({ code: l.code, score: l.maxPoints, na: false, ...edits[l.code] })),
  }));
  return reconcile(rs, 'u01', phase, sheets, { method: 'mean', spotcheckPercents: percents ?? undefined });
}

describe('pre-check against formal', () => {
  const rs = municipal();
  const pre = result(rs, 'precheck', { '1.3.1': { score: 1 }, '2.1.2': { score: 2 }, '2.2.3': { score: 1 } });
  const formal = result(
    rs,
    'formal',
    { '2.1.2': { score: 2.5 }, '2.2.3': { na: true, score: null }, '3.1.1': { score: 2 } },
    null,
    4,
  );
  const cmp = precheckVsFormal(pre, formal);

  it('sorts items into fixed (full at formal), partly fixed, still losing and newly losing', () => {
    expect(cmp.fixed).toEqual(['1.3.1']);
    // 2.1.2 (3 points) went from 2 at the pre-check to 2.5 at formal: more points, still below full.
    // It was "still losing" before partly fixed existed; now it is partly fixed, and still losing
    // holds only the pre-check losses with no more points at formal (none here).
    expect(cmp.partlyFixed).toEqual(['2.1.2']);
    expect(cmp.stillLosing).toEqual([]);
    expect(cmp.newLosses).toEqual(['3.1.1']);
  });

  it('counts an item N/A in either phase as neither rectified nor a new loss', () => {
    // 2.2.3 lost a point at the pre-check and is N/A at the formal assessment: not rectified.
    expect([...cmp.fixed, ...cmp.partlyFixed, ...cmp.stillLosing, ...cmp.newLosses]).not.toContain('2.2.3');
    // 1.1.1 is N/A at the pre-check and loses a point at the formal assessment: not a new loss.
    const preNa = result(rs, 'precheck', { '1.1.1': { na: true, score: null } });
    const lossAfter = result(rs, 'formal', { '1.1.1': { score: 1 } });
    expect(precheckVsFormal(preNa, lossAfter)).toMatchObject({
      fixed: [],
      partlyFixed: [],
      stillLosing: [],
      newLosses: [],
      items: [],
    });
  });

  it('leaves pending items out of every list', () => {
    expect(formal.score.pending).toEqual(['4.3']);
    expect([...cmp.fixed, ...cmp.partlyFixed, ...cmp.stillLosing, ...cmp.newLosses]).not.toContain('4.3');
  });

  it('gives the total delta of the rescaled totals and category deltas in points', () => {
    const complete = result(rs, 'formal', {
      '2.1.2': { score: 2.5 },
      '2.2.3': { na: true },
      '3.1.1': { score: 2 },
    });
    expect(pre.score.total).toBe(97);
    expect(complete.score.total).toBe(98.47); // 96.5 of 98 applicable points
    const c = precheckVsFormal(pre, complete);
    expect(c.totalDelta).toBe(1.47);
    // Category 2 lost 0.5 points though its ratio rose (43/45 → 42.5/43): scores, not ratios.
    expect(c.categoryDeltas).toEqual([
      { code: '1', delta: 1 },
      { code: '2', delta: -0.5 },
      { code: '3', delta: -1 },
      { code: '4', delta: 0 },
    ]);
  });
});

describe('self-assessment against the panel', () => {
  const rs = municipal();
  const panel = result(rs, 'formal', { '1.3.1': { score: 1 }, '3.1.1': { score: 3 }, '2.2.3': { score: 0 } });
  const self = result(
    rs,
    'self',
    { '1.3.1': { score: 2 }, '3.1.1': { score: 2.5 }, '2.2.3': { na: true } },
    [100, 100],
    1,
  );

  it('lists items rated above and below the panel, skipping N/A', () => {
    const cmp = selfVsPanel(self, panel);
    expect(cmp.over).toEqual([{ code: '1.3.1', self: 2, panel: 1 }]);
    expect(cmp.under).toEqual([{ code: '3.1.1', self: 2.5, panel: 3 }]);
    expect(cmp.totalDelta).toBe(2.49); // 97.5 of 98 applicable points → 99.49, against 97
  });

  it('skips pending items', () => {
    const pending = result(rs, 'self', { '4.3': { score: 0 } }, null, 1);
    const full = result(rs, 'formal', {});
    expect(pending.score.pending).toEqual(['4.3']);
    expect(selfVsPanel(pending, full).under).toEqual([]);
  });
});

describe('distribution of totals', () => {
  const t = (total: number, grade: string | null, passes: boolean | null) => ({ total, grade, passes });
  const d = distribution([
    t(95, 'excellent', true),
    t(85, 'pass', true),
    t(72.5, 'fail', false),
    t(100, 'excellent', true),
    t(59.9, 'fail', false),
    t(88, null, null),
  ]);

  it('summarises totals, with rates over the units whose outcome is known', () => {
    expect(d).toMatchObject({ count: 6, mean: 83.4, median: 86.5, min: 59.9, max: 100 });
    expect(d.passRate).toBe(0.6);
    expect(d.excellentRate).toBe(0.4);
  });

  it('rounds the mean and median half up on their exact values', () => {
    // (60.11 + 60.12) / 2 = 60.115 exactly → 60.12; in binary floating point it is 60.114999…
    expect(distribution([t(60.11, null, null), t(60.12, null, null)])).toMatchObject({
      mean: 60.12,
      median: 60.12,
    });
    // 1.005 × 3 / 3 = 1.005 → 1.01
    expect(distribution([t(1.005, null, null), t(1.005, null, null), t(1.005, null, null)]).mean).toBe(1.01);
  });

  it('bins by 5 from 60 to 100 (the last bin holds 100) after a <60 bin', () => {
    expect(d.bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 60, 1],
      [60, 65, 0],
      [65, 70, 0],
      [70, 75, 1],
      [75, 80, 0],
      [80, 85, 0],
      [85, 90, 2],
      [90, 95, 0],
      [95, 100, 2],
    ]);
  });

  it.each([
    [59.99, 0],
    [60, 60],
    [64.99, 60],
    [90, 90],
    [100, 95],
  ])('a total of %s falls in the bin from %s', (total, from) => {
    const bin = distribution([t(total, null, null)]).bins.find((b) => b.count === 1);
    expect(bin?.from).toBe(from);
  });

  it('is empty but well formed without units', () => {
    const e = distribution([]);
    expect(e).toMatchObject({ count: 0, mean: null, median: null, min: null, max: null, passRate: null });
    expect(e.bins.every((b) => b.count === 0)).toBe(true);
  });

  it('takes the excellent grade code from the rule set', () => {
    expect(distribution([t(92, 'A', true), t(81, 'B', true)], 'A').excellentRate).toBe(0.5);
  });
});

describe('ranking', () => {
  it.each([
    [
      [90, 90, 85],
      [1, 1, 3],
    ],
    [
      [90, 95, 90, 80],
      [2, 1, 2, 4],
    ],
    [[70], [1]],
  ])('totals %j rank %j (competition ranking)', (totals, ranks) => {
    const units = totals.map((total, i) => ({ unit: `u${i}`, total }));
    const r = rankUnits(units);
    expect(units.map((u) => r.get(u.unit))).toEqual(ranks);
  });
});
