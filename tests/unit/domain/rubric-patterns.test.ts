import { describe, expect, it } from 'vitest';
import { scoreSheet, type ItemInputs } from '../../../shared/domain/scoring.ts';
import { formatIssue } from '../../../shared/domain/messages.ts';
import type { RuleSet } from '../../../shared/domain/rule-set.ts';
import { compliance, direct, fail, ruleSet } from '../../support/rule-builders.ts';

/**
 * Every published rubric pattern of issue 15, each in a small rule set, scored from filled inputs;
 * every expected score and grade is worked out by hand in the comments, edges included.
 */

const score = (rs: RuleSet, inputs: Record<string, ItemInputs>) =>
  scoreSheet(rs, new Map(Object.entries(inputs)));
const itemScore = (s: ReturnType<typeof score>, code: string) => s.items.find((i) => i.code === code)!.score;

describe('compliance checklists graded by the share of applicable items met', () => {
  // Ten items 1..10, one point each. 优秀 ≥ 80%, 良好 70–80%, 合格 60–70%, 不合格 < 60%. 优秀 also needs
  // item 7 met, and item 2 together with one of 5 or 6 ("item 23 and one of 61 or 62").
  const rs = ruleSet({
    id: 'checklist',
    version: 1,
    title: '档案检查',
    scale: 10,
    grading: {
      grades: [
        {
          code: 'excellent',
          label: '优秀',
          minShare: 80,
          requires: [{ met: '7' }, { all: [{ met: '2' }, { any: [{ met: '5' }, { met: '6' }] }] }],
        },
        { code: 'good', label: '良好', minShare: 70, maxShare: 80 },
        { code: 'pass', label: '合格', minShare: 60, maxShare: 70 },
      ],
      fallback: fail,
      facts: [
        { code: 'F1', title: { zh: '未提交自查报告', en: 'No self-check submitted' } },
        { code: 'F2', title: { zh: '检查期内发生档案安全事故', en: 'An archive-safety incident' } },
      ],
    },
    categories: [
      { code: 'A', title: '制度', maxPoints: 5, children: ['1', '2', '3', '4', '5'].map(compliance) },
      { code: 'B', title: '业务', maxPoints: 5, children: ['6', '7', '8', '9', '10'].map(compliance) },
    ],
  });
  /** Answers: every item met except those listed, the N/A ones not applicable. */
  const answers = (notMet: string[], na: string[] = [], extra: Record<string, ItemInputs> = {}) => {
    const out: Record<string, ItemInputs> = {};
    for (const l of rs.leaves)
      out[l.code] = na.includes(l.code) ? { na: true } : { met: !notMet.includes(l.code) };
    return { ...out, ...extra };
  };

  it('8 of 10 met is exactly 80%: 优秀 (the edge belongs to the grade above)', () => {
    const s = score(rs, answers(['3', '4']));
    // met 8, applicable 10: 8 / 10 = 80.00% ≥ 80 → excellent; total 8 / 10 × 10 = 8.
    expect(s.share).toEqual({ met: 8, applicable: 10, percent: 80 });
    expect(s.total).toBe(8);
    expect(itemScore(s, '3')).toBe(0);
    expect(s.grade?.code).toBe('excellent');
    expect(s.grade?.reasons.at(-1)).toEqual({
      code: 'grade.reached-share',
      params: { grade: 'excellent', percent: 80, min: 80 },
    });
  });

  it('7 of 9 applicable (one 不适用) is 77.78%: 良好', () => {
    // 7 / 9 = 77.777…% → 77.78 (half up); 70 ≤ 77.78 < 80 → good. Total 7 / 9 × 10 = 7.777… → 7.78.
    const s = score(rs, answers(['3', '4'], ['10']));
    expect(s.share).toEqual({ met: 7, applicable: 9, percent: 77.78 });
    expect(s.total).toBe(7.78);
    expect(s.grade?.code).toBe('good');
  });

  it('exactly 70% is 良好 and exactly 60% is 合格; under 60% fails', () => {
    // 7 / 10 = 70 → good (good's minimum includes 70; pass's maxShare 70 excludes it).
    expect(score(rs, answers(['3', '4', '8'])).grade?.code).toBe('good');
    // 6 / 10 = 60 → pass.
    expect(score(rs, answers(['3', '4', '8', '9'])).grade?.code).toBe('pass');
    // 4 of 7 applicable: 4 / 7 = 57.142… → 57.14 < 60 → fail.
    const s = score(rs, answers(['3', '4', '8'], ['1', '9', '10']));
    expect(s.share?.percent).toBe(57.14);
    expect(s.grade?.code).toBe('fail');
    expect(s.grade?.reasons.map((r) => r.code)).toEqual([
      'grade.below-share',
      'grade.below-share',
      'grade.below-share',
    ]);
  });

  it('a key item not met caps the grade below 优秀 whatever the share', () => {
    // 9 / 10 = 90% but item 7 is not met → not excellent → good (90 ≥ 70).
    const s = score(rs, answers(['7']));
    expect(s.share?.percent).toBe(90);
    expect(s.grade?.code).toBe('good');
    expect(s.grade?.reasons[0]).toEqual({
      code: 'grade.requirement-item',
      params: { grade: 'excellent', item: '7' },
    });
  });

  it('a combination: item 2 met but neither 5 nor 6 caps the grade; either one of them is enough', () => {
    // 5 and 6 not met: 8 / 10 = 80% but "2 and (5 or 6)" fails → good.
    const s = score(rs, answers(['5', '6']));
    expect(s.grade?.code).toBe('good');
    expect(s.grade?.reasons[0]?.params).toEqual({ grade: 'excellent', rule: '2+(5/6)' });
    // Only 6 not met: 9 / 10 = 90%, 2 and 5 met → excellent.
    expect(score(rs, answers(['6'])).grade?.code).toBe('excellent');
    // 2 not met, 5 and 6 met: the combination fails again → good.
    expect(score(rs, answers(['2', '3'])).grade?.code).toBe('good');
  });

  it('a key item that does not apply does not hold the grade back', () => {
    // 7 N/A: 9 of 9 applicable met = 100% → excellent.
    const s = score(rs, answers([], ['7']));
    expect(s.share).toEqual({ met: 9, applicable: 9, percent: 100 });
    expect(s.grade?.code).toBe('excellent');
  });

  it('a fact that fails the unit outright fails it at 100%', () => {
    const s = score(rs, answers([], [], { F2: { veto: true }, F1: { veto: false } }));
    expect(s.share?.percent).toBe(100);
    expect(s.failedFacts).toEqual(['F2']);
    expect(s.grade).toMatchObject({
      code: 'fail',
      passes: false,
      reasons: [{ code: 'grade.fact', params: { fact: 'F2' } }],
    });
    for (const lang of ['zh', 'en'] as const)
      expect(
        formatIssue({ code: 'grade.fact', severity: 'error', params: { fact: 'F2' } }, lang),
      ).not.toMatch(/\{\w+\}/);
  });
});

describe('count items (每项计1分)', () => {
  const things = ['空调', '除湿机', '灭火器', '温湿度计', '防磁柜', '监控'];
  const rs = ruleSet({
    id: 'count',
    version: 1,
    title: 'count',
    scale: 7,
    grading: { grades: [{ code: 'pass', label: '合格', minTotal: 4 }], fallback: fail },
    categories: [
      {
        code: '1',
        title: '设施设备',
        maxPoints: 7,
        children: [
          { code: '1.1', title: '设备配备', maxPoints: 5, method: { type: 'count', each: 1, things } },
          { code: '1.2', title: '登记簿册', maxPoints: 2, method: { type: 'count', each: 0.5 } },
        ],
      },
    ],
  });
  const ticks = (n: number) => things.map((_t, i) => i < n);

  it.each([
    // present × 1 point, at most 5: 0 → 0, 4 → 4, 5 → 5 (the edge), 6 → min(5, 6) = 5.
    [0, 0],
    [4, 4],
    [5, 5],
    [6, 5],
  ])('%s of the 6 listed things present earn %s of 5 points', (n, pts) => {
    expect(itemScore(score(rs, { '1.1': { ticks: ticks(n) }, '1.2': { measure: 0 } }), '1.1')).toBe(pts);
  });

  it('without a list, the count entered × the points each, up to the item', () => {
    // 3 × 0.5 = 1.5; 4 × 0.5 = 2 (the edge); 7 × 0.5 = 3.5 → 2.
    const s3 = score(rs, { '1.1': { ticks: ticks(4) }, '1.2': { measure: 3 } });
    expect(itemScore(s3, '1.2')).toBe(1.5);
    // total: (4 + 1.5) / 7 × 7 = 5.5 → pass (≥ 4).
    expect(s3.total).toBe(5.5);
    expect(s3.grade?.code).toBe('pass');
    expect(itemScore(score(rs, { '1.2': { measure: 4 } }), '1.2')).toBe(2);
    expect(itemScore(score(rs, { '1.2': { measure: 7 } }), '1.2')).toBe(2);
  });
});

describe('sampling items (抽查12项,每项计2分)', () => {
  const rules = (whenShort?: string) =>
    ruleSet({
      id: 'sampling',
      version: 1,
      title: 'sampling',
      scale: 24,
      grading: { grades: [{ code: 'pass', label: '合格', minTotal: 18 }], fallback: fail },
      categories: [
        {
          code: '1',
          title: '归档质量',
          maxPoints: 24,
          children: [
            {
              code: '1.1',
              title: '抽查案卷',
              maxPoints: 24,
              method: { type: 'sampling', size: 12, each: 2, ...(whenShort ? { whenShort } : {}) },
            },
          ],
        },
      ],
    });
  /** A sample of `checked` entries of which the first `passed` passed. */
  const sample = (checked: number, passed: number): ItemInputs => ({
    ticks: Array.from({ length: checked }, (_x, i) => i < passed),
    refs: Array.from({ length: checked }, (_x, i) => `WS-2025-${i + 1}`),
  });

  it('a full sample: 2 points per entry passed', () => {
    // 10 of 12 passed: 10 × 2 = 20 → pass (≥ 18). 9 passed: 18, exactly on the line → pass.
    expect(itemScore(score(rules(), { '1.1': sample(12, 10) }), '1.1')).toBe(20);
    const edge = score(rules(), { '1.1': sample(12, 9) });
    expect(edge.total).toBe(18);
    expect(edge.grade?.code).toBe('pass');
    // 8 passed: 16 < 18 → fail.
    expect(score(rules(), { '1.1': sample(12, 8) }).grade?.code).toBe('fail');
  });

  it('a short sample is rescaled by default, or scored as it is when the rule says so', () => {
    // Only 8 files to sample, 7 passed: 24 × 7 / 8 = 21.
    expect(itemScore(score(rules(), { '1.1': sample(8, 7) }), '1.1')).toBe(21);
    // 7 sampled, 5 passed: 24 × 5 / 7 = 17.142857… → 17.14.
    expect(itemScore(score(rules(), { '1.1': sample(7, 5) }), '1.1')).toBe(17.14);
    // as-is: 7 passed × 2 = 14.
    expect(itemScore(score(rules('as-is'), { '1.1': sample(8, 7) }), '1.1')).toBe(14);
    // Nothing sampled: 0.
    expect(itemScore(score(rules(), { '1.1': {} }), '1.1')).toBe(0);
  });
});

describe('per-defect deductions with a floor per part (每类扣完为止)', () => {
  const rs = ruleSet({
    id: 'defects',
    version: 1,
    title: 'defects',
    scale: 5,
    grading: { grades: [{ code: 'pass', label: '合格', minTotal: 3 }], fallback: fail },
    categories: [
      {
        code: '1',
        title: '整理质量',
        maxPoints: 5,
        children: [
          {
            code: '1.1',
            title: '案卷整理',
            maxPoints: 5,
            method: {
              type: 'defects',
              per: 0.1,
              parts: [
                { title: '文书档案', points: 2 },
                { title: '科技档案', points: 1 },
                { title: '会计档案', points: 1 },
                { title: '照片档案', points: 1, floor: 0.5 },
              ],
            },
          },
        ],
      },
    ],
  });

  it('each part loses 0.1 per defect, never below its own floor', () => {
    // 文书 2 − 3 × 0.1 = 1.7; 科技 1 − 12 × 0.1 = −0.2 → 0 (floor 0); 会计 1 − 0 = 1;
    // 照片 1 − 9 × 0.1 = 0.1 → 0.5 (its floor). 1.7 + 0 + 1 + 0.5 = 3.2 → pass (≥ 3).
    const s = score(rs, { '1.1': { counts: [3, 12, 0, 9] } });
    expect(itemScore(s, '1.1')).toBe(3.2);
    expect(s.grade?.code).toBe('pass');
  });

  it('a part used up exactly stops at 0, and the other parts keep their points', () => {
    // 科技 1 − 10 × 0.1 = 0 exactly; 文书 2 − 11 × 0.1 = 0.9; 会计 1; 照片 1 − 5 × 0.1 = 0.5 (= floor).
    // 0.9 + 0 + 1 + 0.5 = 2.4 < 3 → fail.
    const s = score(rs, { '1.1': { counts: [11, 10, 0, 5] } });
    expect(itemScore(s, '1.1')).toBe(2.4);
    expect(s.grade?.code).toBe('fail');
  });
});

describe('rates with bands and proportional parts, explicit edge sides', () => {
  // 近三年归档率达100%得3分,95%—100%按比例(the rate × 3),95%以下不计分 — written without a gap.
  const rate = (bands: unknown[]) =>
    ruleSet({
      id: 'rates',
      version: 1,
      title: 'rates',
      scale: 3,
      grading: { grades: [{ code: 'pass', label: '合格', minTotal: 2.9 }], fallback: fail },
      categories: [
        {
          code: '1',
          title: '归档',
          maxPoints: 3,
          children: [
            {
              code: '1.1',
              title: '归档率',
              maxPoints: 3,
              method: { type: 'scale', input: { unit: 'percent', min: 0, max: 100 }, bands },
            },
          ],
        },
      ],
    });
  const byRate = rate([
    { min: 0, max: 95, points: 0 },
    { min: 95, max: 100, points: { formula: 'rate' } },
    { min: 100, max: 100, includeMax: true, points: 3 },
  ]);
  const at = (rs: RuleSet, v: number) => score(rs, { '1.1': { measure: v } });

  it.each([
    // below 95: 0. Exactly 95 is in the rate band (min included): 95% × 3 = 2.85.
    [94.99, 0],
    [95, 2.85],
    // 97% × 3 = 2.91; 99.5% × 3 = 2.985 → 2.99 (half up, exact decimal).
    [97, 2.91],
    [99.5, 2.99],
    // exactly 100 is in the last band (the rate band excludes its max): 3.
    [100, 3],
  ])('a filing rate of %s%% earns %s (rate × points)', (v, pts) => {
    expect(itemScore(at(byRate, v), '1.1')).toBe(pts);
  });

  it('grades on the total: 96.67% × 3 = 2.9001 → 2.9, exactly the pass line', () => {
    // 96.67 × 3 / 100 = 2.9001 → 2.90 ≥ 2.9 → pass; 96.6 × 3 / 100 = 2.898 → 2.9 as well (rounded once).
    expect(at(byRate, 96.67).grade?.code).toBe('pass');
    expect(at(byRate, 96.6).total).toBe(2.9);
    // 96.5 × 3 / 100 = 2.895 → 2.9 (half up) → pass; 96.4 × 3 / 100 = 2.892 → 2.89 → fail.
    expect(at(byRate, 96.5).total).toBe(2.9);
    expect(at(byRate, 96.4).grade?.code).toBe('fail');
  });

  it('edge sides written out: 95 itself in the lower band, a linear part above it', () => {
    // ≤95: 0; >95 and <100: linear from 1 at 95 to 3 at 100; ≥100: 3.
    const rs = rate([
      { min: 0, max: 95, includeMax: true, points: 0 },
      { min: 95, max: 100, includeMin: false, points: [1, 3] },
      { min: 100, points: 3 },
    ]);
    expect(itemScore(at(rs, 95), '1.1')).toBe(0);
    // 1 + (3 − 1) × (95.5 − 95) / 5 = 1 + 2 × 0.1 = 1.2
    expect(itemScore(at(rs, 95.5), '1.1')).toBe(1.2);
    // 1 + 2 × 4 / 5 = 2.6
    expect(itemScore(at(rs, 99), '1.1')).toBe(2.6);
    expect(itemScore(at(rs, 100), '1.1')).toBe(3);
  });
});

describe('per-grade thresholds, top-grade-only items, bonus items, multi-level grades', () => {
  // A (60): A1 30, A2 30. B (40): B1 20, B2 20 counting toward 优秀 only (`*`). Bonus C, cap 3: C1 2, C2 2.
  // 优秀 ≥ 90 with every item ≥ 80% of its points; 良好 ≥ 80; 合格 ≥ 60.
  const rs = ruleSet({
    id: 'grades',
    version: 1,
    title: 'grades',
    scale: 100,
    grading: {
      grades: [
        { code: 'excellent', label: '优秀', minTotal: 90, minItemRatio: 0.8 },
        { code: 'good', label: '良好', minTotal: 80 },
        { code: 'pass', label: '合格', minTotal: 60 },
      ],
      fallback: fail,
    },
    categories: [
      { code: 'A', title: 'A', maxPoints: 60, children: [direct('A1', 30), direct('A2', 30)] },
      {
        code: 'B',
        title: 'B',
        maxPoints: 40,
        children: [direct('B1', 20), direct('B2', 20, { countsFor: ['excellent'] })],
      },
      {
        code: 'C',
        title: '加分项',
        maxPoints: 4,
        bonus: { cap: 3 },
        children: [direct('C1', 2), direct('C2', 2)],
      },
    ],
  });
  const sheet = (a1: number, a2: number, b1: number, b2: number, c1 = 0, c2 = 0) =>
    score(rs, {
      A1: { score: a1 },
      A2: { score: a2 },
      B1: { score: b1 },
      B2: { score: b2 },
      C1: { score: c1 },
      C2: { score: c2 },
    });

  it('an item under its share rules out 优秀; lower grades count without the `*` item; the bonus is capped', () => {
    // (30 + 27 + 18 + 14) / 100 × 100 = 89, bonus min(3, 2 + 2) = 3 → total 92.
    const s = sheet(30, 27, 18, 14, 2, 2);
    expect(s.bonus).toBe(3);
    expect(s.total).toBe(92);
    // 优秀: 92 ≥ 90 but B2 14 / 20 = 70% < 80% → missed. 良好 without B2: (30 + 27 + 18) / 80 × 100 = 93.75,
    // + 3 = 96.75 ≥ 80 → good.
    expect(s.grade?.code).toBe('good');
    expect(s.grade?.reasons[0]).toEqual({
      code: 'grade.item-ratio',
      params: { grade: 'excellent', item: 'B2', percent: 70, min: 80 },
    });
    expect(s.grade?.reasons.at(-1)).toEqual({
      code: 'grade.reached',
      params: { grade: 'good', total: 96.75, min: 80 },
    });
  });

  it('exactly 90 with every item at exactly 80% is 优秀', () => {
    // 30 + 24 + 16 + 20 = 90 → 90 / 100 × 100 = 90 ≥ 90; A2 24/30 = 80%, B1 16/20 = 80% → excellent.
    const s = sheet(30, 24, 16, 20);
    expect(s.total).toBe(90);
    expect(s.grade?.code).toBe('excellent');
  });

  it('a `*` item scored low does not drag a lower grade down', () => {
    // total (20 + 15 + 20 + 0) / 100 × 100 = 55 < 60, but 合格 counts without B2: 55 / 80 × 100 = 68.75 ≥ 60.
    const s = sheet(20, 15, 20, 0);
    expect(s.total).toBe(55);
    expect(s.grade?.code).toBe('pass');
    expect(s.grade?.reasons.at(-1)?.params).toEqual({ grade: 'pass', total: 68.75, min: 60 });
  });

  it('a bonus category need not reach a category share: it only adds', () => {
    const rsb = ruleSet({
      id: 'bonus-share',
      version: 1,
      title: 'bonus',
      scale: 100,
      grading: {
        grades: [{ code: 'excellent', label: '优秀', minTotal: 90, minCategoryRatio: 0.85 }],
        fallback: fail,
      },
      categories: [
        { code: 'A', title: 'A', maxPoints: 100, children: [direct('A1', 50), direct('A2', 50)] },
        { code: 'C', title: '加分项', maxPoints: 2, bonus: { cap: 2 }, children: [direct('C1', 2)] },
      ],
    });
    // 45 + 45 = 90 → 90, bonus 0 (C at 0% of its points) → still excellent; + 1.5 bonus → 91.5.
    expect(score(rsb, { A1: { score: 45 }, A2: { score: 45 }, C1: { score: 0 } }).grade?.code).toBe(
      'excellent',
    );
    expect(score(rsb, { A1: { score: 45 }, A2: { score: 45 }, C1: { score: 1.5 } }).total).toBe(91.5);
  });

  it('multi-level grades with a minimum that excludes its edge: exactly 90 is 二级, not 一级', () => {
    const levels = ruleSet({
      id: 'levels',
      version: 1,
      title: 'levels',
      scale: 100,
      grading: {
        grades: [
          { code: 'first', label: { zh: '一级', en: 'Level 1' }, minTotal: 90, includeMin: false },
          {
            code: 'second',
            label: { zh: '二级', en: 'Level 2' },
            minTotal: 75,
            maxTotal: 90,
            includeMax: true,
          },
          { code: 'third', label: { zh: '三级', en: 'Level 3' }, minTotal: 60, maxTotal: 75 },
        ],
        fallback: { code: 'none', label: '未定级' },
      },
      categories: [{ code: 'A', title: 'A', maxPoints: 100, children: [direct('A1', 50), direct('A2', 50)] }],
    });
    const t = (a: number, b: number) => score(levels, { A1: { score: a }, A2: { score: b } }).grade?.code;
    // 45 + 45 = 90: not > 90 → second (75 ≤ 90). 45.5 + 45 = 90.5 > 90 → first.
    expect(t(45, 45)).toBe('second');
    expect(t(45.5, 45)).toBe('first');
    // exactly 75 → second; 74.5 → third; exactly 60 → third; 59.5 → none.
    expect(t(37.5, 37.5)).toBe('second');
    expect(t(37, 37.5)).toBe('third');
    expect(t(30, 30)).toBe('third');
    expect(t(30, 29.5)).toBe('none');
  });
});
