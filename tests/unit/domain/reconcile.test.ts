import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import type { AssessorSheet, ReconcileOptions } from '../../../shared/domain/results.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { dongcheng, municipal } from '../../support/rules.ts';

type Entry = AssessorSheet['items'][number];
type Edit = Partial<Omit<Entry, 'code'>>;

/** An assessor's sheet: full marks everywhere, veto conditions answered no, spot-check items blank. */
function sheet(rs: RuleSet, assessor: string, edits: Record<string, Edit> = {}): AssessorSheet {
  const items: Entry[] = rs.leaves.map((l) => ({
    code: l.code,
    score: l.method?.type === 'spotcheck' ? null : l.maxPoints,
    na: false,
    vetoed: l.veto ? false : undefined,
    ...edits[l.code],
  }));
  for (const [code, e] of Object.entries(edits)) {
    if (!rs.leaves.some((l) => l.code === code)) items.push({ code, score: null, na: false, ...e });
  }
  return { assessor, uploadId: `up-${assessor}`, receivedAt: `2026-03-0${assessor.length}T09:00:00Z`, items };
}

/** Given out of order on purpose: results list assessors sorted. */
const FIVE = ['Wang', 'Li', 'Zhang', 'Chen', 'Liu'];
const SORTED = ['Chen', 'Li', 'Liu', 'Wang', 'Zhang'];
const spot = { spotcheckPercents: [100, 100] };

/** One item edited per assessor (edits[i] for FIVE[i]); every other item at full marks. */
function panel(rs: RuleSet, code: string, edits: Edit[], opts: Partial<ReconcileOptions> = {}) {
  const sheets = edits.map((e, i) => sheet(rs, FIVE[i]!, { [code]: e }));
  const result = reconcile(rs, 'u01', 'formal', sheets, { method: 'mean', ...spot, ...opts });
  return { result, item: result.items.find((i) => i.code === code)! };
}
const scores = (...xs: number[]): Edit[] => xs.map((score) => ({ score }));

describe('combining the assessors’ scores', () => {
  it.each([
    ['mean', [3, 2.5, 1, 3, 0.5], 2],
    ['median', [3, 2.5, 1, 3, 0.5], 2.5],
    ['median', [3, 2.5, 1, 3], 2.75],
    ['trimmed-mean', [3, 2.5, 1, 3, 0.5], 2.17],
  ] as const)('%s of %j is %s', (method, xs, expected) => {
    const { result, item } = panel(municipal(), '2.1.2', scores(...xs), { method });
    expect(item.computed).toBe(expected);
    expect(item.score).toBe(expected);
    expect(result.method).toBe(method);
    expect(result.methodNote).toBeUndefined();
  });

  it('trimmed mean with 4 assessors falls back to the mean and says so', () => {
    const { result, item } = panel(municipal(), '2.1.2', scores(3, 2.5, 1, 3), { method: 'trimmed-mean' });
    expect(result.method).toBe('mean');
    expect(result.methodNote).toEqual({ code: 'recon.trimmed-fallback', params: { min: 5, n: 4 } });
    expect(item.computed).toBe(2.38);
  });

  it('trimmed mean falls back to the mean on an item some assessors marked N/A, and names it', () => {
    const edits = [{ na: true }, { score: 2 }, { score: 1 }, { score: 0 }, { score: 2 }];
    const { result, item } = panel(municipal(), '2.2.3', edits, { method: 'trimmed-mean' });
    expect(result.method).toBe('trimmed-mean');
    expect(result.methodNote).toEqual({
      code: 'recon.trimmed-item-fallback',
      params: { min: 5, items: '2.2.3' },
    });
    expect(item.computed).toBe(1.25);
  });

  it('an applicable item nobody scored is pending, not zero', () => {
    const { result, item } = panel(
      municipal(),
      '1.3.1',
      FIVE.map(() => ({ score: null })),
    );
    expect(item).toMatchObject({ score: null, computed: null, pending: true });
    expect(result.score.grade).toBeNull();
  });
});

describe('flags for panel discussion (合议)', () => {
  it.each([
    [[3, 3, 3, 3, 2.4], undefined, []],
    [[3, 3, 3, 3, 2.3], undefined, ['spread']],
    [[3, 3, 3, 3, 2.4], 0.1, ['spread']],
  ] as const)('a spread of %j on 3 points (threshold %s) flags %j', (xs, spreadThreshold, reasons) => {
    const { item } = panel(municipal(), '2.1.2', scores(...xs), { spreadThreshold });
    expect(item.flagReasons).toEqual(reasons);
    expect(item.flagged).toBe(reasons.length > 0);
  });

  it('any disagreement on a key item is flagged, however small', () => {
    expect(panel(municipal(), '1.2.2', scores(2, 2, 2, 2, 1.9)).item.flagReasons).toEqual([
      'key-disagreement',
    ]);
  });

  it('any disagreement on the score of an item with a veto is flagged, not as a veto disagreement when nobody answered yes', () => {
    expect(panel(municipal(), '2.5.3', scores(2, 2, 2, 2, 1.9)).item.flagReasons).toEqual([
      'veto-item-disagreement',
    ]);
  });

  // Never a head count: a minority's veto is not dropped, a majority's not applied, until the panel
  // decides (tests/unit/domain/veto-reconciliation.test.ts).
  it.each([1, 2, 3, 4])('%s of 5 answering the veto condition yes: flagged, pending, no grade', (yes) => {
    const edits = FIVE.map((_, i) => ({ vetoed: i < yes }));
    const { result, item } = panel(municipal(), '2.5.3', edits);
    expect(item.flagReasons).toEqual(['veto-disagreement']);
    expect(item).toMatchObject({ vetoed: false, vetoPending: true, vetoYes: yes });
    expect(result.score).toMatchObject({
      vetoed: false,
      vetoPending: ['2.5.3'],
      complete: false,
      grade: null,
    });
  });

  it('5 of 5 answering the veto condition yes: the veto applies without discussion', () => {
    const { result, item } = panel(
      municipal(),
      '2.5.3',
      FIVE.map(() => ({ vetoed: true })),
    );
    expect(item).toMatchObject({ flagged: false, vetoed: true, vetoPending: false });
    expect(result.score.grade?.code).toBe('fail');
  });

  it.each([
    [2, false, 100],
    [3, true, 98],
  ])(
    '%s of 5 marking N/A, the rest scoring alike: flagged as an N/A split (not a spread), N/A %s, applicable points %s',
    (naCount, na, applicableMax) => {
      const edits = FIVE.map((_, i) => (i < naCount ? { na: true, score: null } : { score: 2 }));
      const { result, item } = panel(municipal(), '2.2.3', edits);
      expect(item.flagReasons).toEqual(['na-disagreement']);
      expect(item.na).toBe(na);
      expect(item.score).toBe(na ? 0 : 2);
      expect(result.score.applicableMax).toBe(applicableMax);
      expect(item.assessorScores.filter((s) => s.na)).toHaveLength(naCount);
    },
  );

  it('N/A on a category in a sheet covers its items', () => {
    const sheets = FIVE.map((a, i) => sheet(municipal(), a, i < 3 ? { '4': { na: true } } : {}));
    const r = reconcile(municipal(), 'u01', 'formal', sheets, { method: 'mean' });
    expect(r.items.filter((i) => i.na).map((i) => i.code)).toEqual(['4.1', '4.2', '4.3']);
    expect(r.score.categories.find((c) => c.code === '4')).toMatchObject({ na: true, max: 0 });
  });

  it('a unanimous panel flags nothing and a perfect unit is excellent', () => {
    const r = reconcile(
      municipal(),
      'u01',
      'formal',
      FIVE.map((a) => sheet(municipal(), a)),
      { method: 'median', ...spot },
    );
    expect(r.items.filter((i) => i.flagged)).toEqual([]);
    expect(r.score).toMatchObject({ total: 100, complete: true, vetoed: false });
    expect(r.score.grade?.code).toBe('excellent');
  });
});

describe('agreed scores', () => {
  it('override the final score while computed keeps the method’s value, and the flags stay', () => {
    const agreed = new Map([['2.1.2', { score: 2.5, reason: '现场复核', by: 'Chen' }]]);
    const { result, item } = panel(municipal(), '2.1.2', scores(3, 2.5, 1, 3, 0.5), { agreed });
    expect(item).toMatchObject({ score: 2.5, computed: 2, flagged: true, flagReasons: ['spread'] });
    expect(item.agreed).toEqual(agreed.get('2.1.2'));
    expect(result.score.total).toBe(99.5);
  });
});

describe('spot-check derived items', () => {
  it.each([
    [[90, 80], 2.55, false],
    [[90], null, true],
    [undefined, null, true],
  ])('with percentages %j the item scores %s (pending %s), whatever the sheets say', (p, score, pending) => {
    const { result, item } = panel(municipal(), '4.3', scores(3, 3, 0, 0, 0), { spotcheckPercents: p });
    expect(item).toMatchObject({ score, computed: score, pending, flagged: false });
    expect(result.score.complete).toBe(!pending);
    expect(result.score.pending).toEqual(pending ? ['4.3'] : []);
    if (pending) expect(result.score.grade).toBeNull();
  });
});

describe('the reconciled result', () => {
  it('adds up like a sheet: categories sum to the total and grades follow the rule set', () => {
    const rs = municipal();
    const sheets = FIVE.map((a, i) =>
      sheet(rs, a, { '1.4.1': { score: 2 + (i % 2) }, '3.1.1': { score: 1 } }),
    );
    const r = reconcile(rs, 'u01', 'formal', sheets, { method: 'median', ...spot });
    // By hand: 1.4.1 (3 points) median of 2, 3, 2, 3, 2 = 2; 3.1.1 (3 points) 1; the rest full.
    // Categories 25, 45, 20, 10 → 24, 45, 18, 10; raw 97 of 100 → 97.
    expect(r.score.categories.map((c) => [c.code, c.score, c.max])).toEqual([
      ['1', 24, 25],
      ['2', 45, 45],
      ['3', 18, 20],
      ['4', 10, 10],
    ]);
    expect([r.score.raw, r.score.applicableMax, r.score.total]).toEqual([97, 100, 97]);
    expect(r.score.grade?.code).toBe('pass');
    expect(r.score.grade?.reasons.map((x) => x.code)).toContain('grade.key-not-full');
  });

  it('reconciles the Dongcheng split items and adds them up under their parent', () => {
    const rs = dongcheng();
    const { result } = panel(rs, '2.1.1b', scores(2, 1.9, 1.8, 2, 1.5), { method: 'median' });
    expect(result.score.groups.find((g) => g.code === '2.1.1')).toMatchObject({ score: 5.9, max: 6 });
    expect(result.score.total).toBe(99.9);
  });

  it('lists assessors and sources sorted, and distinct texts in assessor order', () => {
    const texts = [
      { problem: 'p2' },
      { problem: 'p1', suggestion: 's1' },
      { problem: '  ' },
      { problem: 'p1 ' },
      {},
    ];
    const { result, item } = panel(municipal(), '1.3.1', texts);
    expect(result.assessors).toEqual(SORTED);
    expect(result.sources.map((s) => s.assessor)).toEqual(SORTED);
    expect(result.sources[0]).toEqual({
      assessor: 'Chen',
      uploadId: 'up-Chen',
      receivedAt: '2026-03-04T09:00:00Z',
    });
    expect(item.assessorScores.map((s) => s.assessor)).toEqual(SORTED);
    expect(item.problems).toEqual(['p1', 'p2']);
    expect(item.suggestions).toEqual(['s1']);
    expect(result).toMatchObject({ unit: 'u01', phase: 'formal' });
  });
});
