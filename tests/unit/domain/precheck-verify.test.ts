import { describe, expect, it } from 'vitest';
import { precheckVsFormal, rectificationTotals } from '../../../shared/domain/compare.ts';
import type { Phase } from '../../../shared/domain/layout.ts';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import type { AssessorSheet } from '../../../shared/domain/results.ts';
import type { PrecheckVsFormal, RectClaim } from '../../../shared/domain/round-report.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { municipal, shippedRules } from '../../support/rules.ts';

/**
 * Rectification checked: every pre-check loss is fixed, partly fixed or not fixed at the formal
 * assessment, or an item is a new loss; N/A or pending in either phase is none of these.
 */

type Edit = Partial<Omit<AssessorSheet['items'][number], 'code'>>;

/** A phase result from two identical sheets: full marks except the edits; null percents: 4.3 pending. */
function result(
  rs: RuleSet,
  phase: Phase,
  edits: Record<string, Edit>,
  percents: number[] | null = [100, 100],
) {
  const sheets: AssessorSheet[] = ['a1', 'a2'].map((assessor) => ({
    assessor,
    uploadId: `up-${assessor}`,
    receivedAt: '2026-03-01T09:00:00Z',
    items: rs.leaves.map((l) => ({ code: l.code, score: l.maxPoints, na: false, ...edits[l.code] })),
  }));
  return reconcile(rs, 'u01', phase, sheets, { method: 'mean', spotcheckPercents: percents ?? undefined });
}

describe('classifying pre-check losses at the formal assessment (municipal rules)', () => {
  const rs = municipal();
  // Points: 1.3.1 = 2, 2.1.2 = 3, 2.2.2 = 3, 2.2.4 = 2, 3.1.1 = 3, 2.2.3 = 2, 1.1.1 = 2.
  const pre = result(rs, 'precheck', {
    '1.3.1': { score: 1 }, // → 2 of 2: fixed
    '2.1.2': { score: 1 }, // → 2 of 3: partly (more points, still below full)
    '2.2.2': { score: 2 }, // → 2 of 3: not fixed (no more points)
    '2.2.4': { score: 1.5 }, // → 1 of 2: not fixed (fewer points)
    '2.2.3': { score: 1 }, // → N/A: none
    '1.1.1': { na: true, score: null }, // N/A → 1 of 2: none
  });
  const formal = result(
    rs,
    'formal',
    {
      '2.1.2': { score: 2 },
      '2.2.2': { score: 2 },
      '2.2.4': { score: 1 },
      '3.1.1': { score: 2 }, // full at the pre-check: a new loss
      '2.2.3': { na: true, score: null },
      '1.1.1': { score: 1 },
    },
    null, // 4.3 pending at formal: none
  );
  const claims = new Map<string, RectClaim>([
    ['1.3.1', 'fixed'],
    ['2.1.2', 'fixed'],
    ['2.2.2', 'not'],
    ['2.2.3', 'fixed'],
    ['3.1.1', 'fixed'],
  ]);
  const cmp = precheckVsFormal(pre, formal, claims);

  it('sorts pre-check losses into fixed, partly fixed and not fixed, and finds the new losses', () => {
    expect(cmp.fixed).toEqual(['1.3.1']);
    expect(cmp.partlyFixed).toEqual(['2.1.2']);
    expect(cmp.stillLosing).toEqual(['2.2.2', '2.2.4']);
    expect(cmp.newLosses).toEqual(['3.1.1']);
  });

  it('lists every classified item with both scores and its points, in rubric order', () => {
    expect(cmp.items.map(({ claimed: _c, ...i }) => i)).toEqual([
      { code: '1.3.1', pre: 1, formal: 2, max: 2, verdict: 'fixed' },
      { code: '2.1.2', pre: 1, formal: 2, max: 3, verdict: 'partly' },
      { code: '2.2.2', pre: 2, formal: 2, max: 3, verdict: 'not' },
      { code: '2.2.4', pre: 1.5, formal: 1, max: 2, verdict: 'not' },
      { code: '3.1.1', pre: 3, formal: 2, max: 3, verdict: 'new' },
    ]);
  });

  it('leaves out items N/A or pending in either phase, whatever the unit claims of them', () => {
    const codes = cmp.items.map((i) => i.code);
    for (const code of ['2.2.3', '1.1.1', '4.3']) expect(codes).not.toContain(code);
  });

  it('carries the unit’s own claim per pre-check loss, so "says fixed, found partly" shows', () => {
    expect(cmp.items.map((i) => [i.code, i.claimed])).toEqual([
      ['1.3.1', 'fixed'],
      ['2.1.2', 'fixed'], // claimed fixed, formal found partly fixed
      ['2.2.2', 'not'],
      ['2.2.4', undefined], // no claim made
      ['3.1.1', undefined], // a new loss was not in the notice: no claim is carried
    ]);
    expect(Object.hasOwn(cmp.items[3]!, 'claimed')).toBe(false);
  });

  it('works without claims: no item has one', () => {
    expect(precheckVsFormal(pre, formal).items.every((i) => i.claimed === undefined)).toBe(true);
  });
});

describe('classifying a compliance checklist (met / not met)', () => {
  const rs = shippedRules.require('national-checklist-sample');
  const [a, b, c] = rs.leaves.map((l) => l.code);
  const points = (code: string) => rs.byCode.get(code)!.maxPoints;

  it('not met → met is fixed, not met → not met is not fixed, met → not met is new; never partly', () => {
    const pre = result(rs, 'precheck', { [a!]: { score: 0 }, [b!]: { score: 0 } });
    const formal = result(rs, 'formal', { [b!]: { score: 0 }, [c!]: { score: 0 } });
    const cmp = precheckVsFormal(pre, formal);
    expect(cmp.fixed).toEqual([a]);
    expect(cmp.partlyFixed).toEqual([]);
    expect(cmp.stillLosing).toEqual([b]);
    expect(cmp.newLosses).toEqual([c]);
    expect(cmp.items).toEqual([
      { code: a, pre: 0, formal: points(a!), max: points(a!), verdict: 'fixed' },
      { code: b, pre: 0, formal: 0, max: points(b!), verdict: 'not' },
      { code: c, pre: points(c!), formal: 0, max: points(c!), verdict: 'new' },
    ]);
  });

  it('a split panel with no majority for met stays not met: not fixed', () => {
    const pre = result(rs, 'precheck', { [a!]: { score: 0 } });
    const sheets: AssessorSheet[] = ['a1', 'a2'].map((assessor, i) => ({
      assessor,
      uploadId: `up-${assessor}`,
      receivedAt: '2026-06-01T09:00:00Z',
      items: rs.leaves.map((l) => ({
        code: l.code,
        score: l.code === a && i === 0 ? 0 : l.maxPoints,
        na: false,
      })),
    }));
    const formal = reconcile(rs, 'u01', 'formal', sheets, { method: 'mean' });
    expect(precheckVsFormal(pre, formal)).toMatchObject({ fixed: [], partlyFixed: [], stillLosing: [a] });
  });
});

describe('rectification totals over the district', () => {
  const pvf = (fixed: number, partly: number, not: number, fresh: number): PrecheckVsFormal => {
    const codes = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    return {
      fixed: codes(fixed, 'f'),
      partlyFixed: codes(partly, 'p'),
      stillLosing: codes(not, 'n'),
      newLosses: codes(fresh, 'x'),
      items: [],
      totalDelta: 0,
      categoryDeltas: [],
    };
  };

  it('adds up the items of every unit compared, and counts the units', () => {
    expect(rectificationTotals([pvf(2, 1, 0, 1), pvf(0, 0, 3, 0), pvf(1, 2, 1, 0)])).toEqual({
      units: 3,
      fixed: 3,
      partly: 3,
      not: 4,
      new: 1,
    });
  });

  it('is all zeros without units', () => {
    expect(rectificationTotals([])).toEqual({ units: 0, fixed: 0, partly: 0, not: 0, new: 0 });
  });
});
