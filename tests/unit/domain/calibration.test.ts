import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icc, krippendorffAlphaInterval, twoWayAnova } from '../../../shared/domain/agreement.ts';
import {
  calibrationReport,
  changeVerdict,
  compareCalibrations,
  fromSubmission,
  type CalibrationItem,
  type CalibrationReport,
  type CalibrationSheet,
} from '../../../shared/domain/calibration.ts';
import { MESSAGES } from '../../../shared/domain/messages.ts';
import { resolveRuleSet, type RuleSet } from '../../../shared/domain/rule-set.ts';
import { roundHalfUp } from '../../../shared/domain/stats.ts';

const noBase = () => {
  throw new Error('no base');
};
function resolve(raw: unknown): RuleSet {
  const r = resolveRuleSet(raw, noBase);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.ruleSet;
}
const grading = {
  grades: [{ code: 'pass', label: '合格', minTotal: 10 }],
  fallback: { code: 'fail', label: '不合格' },
};

/**
 * A tiny rubric, 18 points: A1 direct (6), A2 deduction (4, one point per finding), B1 compliance
 * (2: 符合 earns 2, 不符合 0; N/A allowed), B2 direct (6) with a veto condition.
 */
const RS = resolve({
  id: 'calibration-test',
  version: 1,
  title: '校准测试细则',
  scale: 18,
  grading,
  categories: [
    {
      code: 'A',
      title: '基础业务',
      maxPoints: 10,
      children: [
        { code: 'A1', title: '制度建设', maxPoints: 6, method: { type: 'direct', step: 0.5 } },
        {
          code: 'A2',
          title: '整理归档',
          maxPoints: 4,
          method: { type: 'deduction', deductions: [{ title: '每发现一处不规范', points: 1 }] },
        },
      ],
    },
    {
      code: 'B',
      title: '安全保管',
      maxPoints: 8,
      children: [
        { code: 'B1', title: '制度上墙', maxPoints: 2, naAllowed: true, method: { type: 'compliance' } },
        {
          code: 'B2',
          title: '库房安全',
          maxPoints: 6,
          veto: { condition: '发生档案安全事故' },
          method: { type: 'direct', step: 0.5 },
        },
      ],
    },
  ],
});

/** A B1 answer: 2 (符合), 0 (不符合) or 'na'. */
type B1 = 2 | 0 | 'na';
/** One sheet from the scores of A1, A2, B1, B2. */
function sheet(
  assessor: string,
  c: string,
  total: number,
  [a1, a2, b1, b2]: [number, number, B1, number],
  extra: { veto?: boolean; reasons?: Record<string, string> } = {},
): CalibrationSheet {
  const item = (code: string, score: number | null, max: number, more: Partial<CalibrationItem> = {}) => ({
    code,
    score,
    max,
    na: false,
    reason: extra.reasons?.[code],
    ...more,
  });
  return {
    assessor,
    case: c,
    total,
    vetoed: extra.veto ?? false,
    items: [
      item('A1', a1, 6),
      item('A2', a2, 4),
      b1 === 'na' ? item('B1', null, 2, { na: true }) : item('B1', b1, 2, { met: b1 === 2 }),
      item('B2', b2, 6, { veto: extra.veto ?? false }),
    ],
  };
}

const CASES = [
  { code: 'CASE1', title: '某局 2025 年档案工作' },
  { code: 'CASE2', title: '某中心 2025 年档案工作' },
];

/*
 * The scores, A1 A2 B1 B2 (B1: 2 符合, 0 不符合, na 不适用); totals are the sums (no N/A), and for
 * a8 on CASE2 the N/A-rescaled 10 / 16 × 18 = 11.25. a3 answers the veto of B2 "yes" on both cases.
 *
 *   CASE1  key   4  3  2  5   total 14 (the KEY sheet)
 *          a1    4  3  2  5         14
 *          a2    5  3  2  6         16
 *          a3    3  3  2  5         13  veto
 *          a4    4  2  0  5         11
 *          a5    4  4  2  4         14
 *          a6    6  3  2  5         16
 *          a7    2  3  2  5         12
 *          a8    4  3  2  5         14
 *   CASE2  (no key)
 *          a1    3  2  0  4          9
 *          a2    4  3  2  5         14
 *          a3    2  2  0  4          8  veto
 *          a4    3  1  0  3          7
 *          a5    4  2  0  3          9
 *          a6    5  2  2  5         14
 *          a7    2  2  0  4          8
 *          a8    4  2 na  4      11.25
 *
 * CASE2's median key: A1 sorted 2 2 3 3 | 4 4 4 5 → (3 + 4)/2 = 3.5; A2 1 2 2 2 | 2 2 2 3 → 2;
 * B1 over the 7 who scored it, 0 0 0 [0] 0 2 2 → 0, and 符合 2 vs 不符合 5 → key 不符合; N/A 1 of 8 →
 * not N/A; B2 3 3 4 4 | 4 4 5 5 → 4, veto "yes" 1 of 8 → no. Total 7 8 8 9 | 9 11.25 14 14 → 9.
 */
const TABLE: [
  string,
  string,
  number,
  [number, number, B1, number],
  { veto?: boolean; reasons?: Record<string, string> }?,
][] = [
  ['KEY', 'CASE1', 14, [4, 3, 2, 5], { reasons: { B1: '制度齐全并上墙' } }],
  ['a1', 'CASE1', 14, [4, 3, 2, 5]],
  ['a2', 'CASE1', 16, [5, 3, 2, 6]],
  ['a3', 'CASE1', 13, [3, 3, 2, 5], { veto: true }],
  ['a4', 'CASE1', 11, [4, 2, 0, 5], { reasons: { B1: '未见制度上墙', A2: '一处案卷未编页号' } }],
  ['a5', 'CASE1', 14, [4, 4, 2, 4]],
  ['a6', 'CASE1', 16, [6, 3, 2, 5]],
  ['a7', 'CASE1', 12, [2, 3, 2, 5]],
  ['a8', 'CASE1', 14, [4, 3, 2, 5]],
  ['a1', 'CASE2', 9, [3, 2, 0, 4]],
  ['a2', 'CASE2', 14, [4, 3, 2, 5], { reasons: { B1: '已上墙' } }],
  ['a3', 'CASE2', 8, [2, 2, 0, 4], { veto: true }],
  ['a4', 'CASE2', 7, [3, 1, 0, 3]],
  ['a5', 'CASE2', 9, [4, 2, 0, 3]],
  ['a6', 'CASE2', 14, [5, 2, 2, 5]],
  ['a7', 'CASE2', 8, [2, 2, 0, 4]],
  ['a8', 'CASE2', 11.25, [4, 2, 'na', 4]],
];
const SHEETS = TABLE.map(([a, c, t, s, x]) => sheet(a, c, t, s, x));
const report = calibrationReport(RS, CASES, SHEETS);
const assessor = (r: CalibrationReport, id: string) => r.assessors.find((a) => a.assessor === id)!;
const item = (r: CalibrationReport, code: string) => r.items.find((i) => i.code === code)!;

/** Every number anywhere in a value (to check none is NaN or infinite). */
function numbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(numbers);
  if (v && typeof v === 'object') return Object.values(v).flatMap(numbers);
  return [];
}

describe('calibration report: 8 assessors on 2 cases, one with a key and one without (worked by hand)', () => {
  it('takes case 1’s key from the KEY sheet and case 2’s from the panel median, and says so', () => {
    expect(report.cases.map((c) => [c.code, c.key, c.sheets, c.total])).toEqual([
      ['CASE1', 'sheet', 8, 14],
      ['CASE2', 'median', 8, 9],
    ]);
    expect(report.cases[0]!.items).toEqual([
      { code: 'A1', score: 4, na: false, veto: null, met: null },
      { code: 'A2', score: 3, na: false, veto: null, met: null },
      { code: 'B1', score: 2, na: false, veto: null, met: true, reason: '制度齐全并上墙' },
      { code: 'B2', score: 5, na: false, veto: false, met: null },
    ]);
    expect(report.cases[1]!.items).toEqual([
      { code: 'A1', score: 3.5, na: false, veto: null, met: null },
      { code: 'A2', score: 2, na: false, veto: null, met: null },
      { code: 'B1', score: 0, na: false, veto: null, met: false },
      { code: 'B2', score: 4, na: false, veto: false, met: null },
    ]);
    expect(report.notes).toEqual([{ code: 'calibration.median-key', params: { case: 'CASE2' } }]);
    expect(report.keyAssessor).toBe('KEY');
    expect(report.assessors.map((a) => a.assessor)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
  });

  it('gives each assessor’s leniency and mean absolute deviation, in points and as a share of the item', () => {
    // Deviations theirs − key, CASE1 (key 4 3 2 5) then CASE2 (key 3.5 2 0 4), A1 A2 B1 B2:
    //   a1  0 0 0 0 | −0.5 0 0 0      Σ −0.5 over 8 → −0.0625 → −0.06; Σ|d| 0.5 → 0.06
    //       shares: −0.5/6 = −1/12, /8 = −1/96 = −0.010416… → −0.0104; |·| 0.0104
    //   a2  1 0 0 1 | 0.5 1 2 1        Σ 6.5 /8 = 0.8125 → 0.81 (all ≥ 0, so MAD too)
    //       shares: 1/6 + 1/6 + 1/12 + 1/4 + 2/2 + 1/6 = 22/12; /8 = 0.229166… → 0.2292
    //   a3  −1 0 0 0 | −1.5 0 0 0      Σ −2.5 /8 = −0.3125 → −0.31; MAD 0.31
    //       shares: −1/6 − 1.5/6 = −5/12; /8 = −0.052083… → −0.0521
    //   a4  0 −1 −2 0 | −0.5 −1 0 −1   Σ −5.5 /8 = −0.6875 → −0.69; MAD 0.69
    //       shares: −1/4 − 1 − 1/12 − 1/4 − 1/6 = −21/12; /8 = −0.21875 → −0.2188
    //   a5  0 1 0 −1 | 0.5 0 0 −1      Σ −0.5 /8 = −0.0625 → −0.06; Σ|d| 3.5 /8 = 0.4375 → 0.44
    //       shares: 1/4 − 1/6 + 1/12 − 1/6 = 0 → 0 (lenient on A2, severe on B2: nets out);
    //       |·| 8/12 /8 = 1/12 = 0.08333… → 0.0833
    //   a6  2 0 0 0 | 1.5 0 2 1        Σ 6.5 /8 → 0.81; MAD 0.81
    //       shares: 2/6 + 1.5/6 + 1 + 1/6 = 21/12; /8 = 0.21875 → 0.2188
    //   a7  −2 0 0 0 | −1.5 0 0 0      Σ −3.5 /8 = −0.4375 → −0.44; MAD 0.44
    //       shares: −3.5/6 /8 = −0.072916… → −0.0729
    //   a8  0 0 0 0 | 0.5 0 na 0       7 compared: Σ 0.5 /7 = 0.0714… → 0.07; MAD 0.07
    //       shares: (0.5/6)/7 = 1/84 = 0.011904… → 0.0119
    const rows = report.assessors.map((a) => [
      a.assessor,
      a.sheets,
      a.items,
      a.leniency,
      a.mad,
      a.leniencyShare,
      a.madShare,
    ]);
    expect(rows).toEqual([
      ['a1', 2, 8, -0.06, 0.06, -0.0104, 0.0104],
      ['a2', 2, 8, 0.81, 0.81, 0.2292, 0.2292],
      ['a3', 2, 8, -0.31, 0.31, -0.0521, 0.0521],
      ['a4', 2, 8, -0.69, 0.69, -0.2188, 0.2188],
      ['a5', 2, 8, -0.06, 0.44, 0, 0.0833],
      ['a6', 2, 8, 0.81, 0.81, 0.2188, 0.2188],
      ['a7', 2, 8, -0.44, 0.44, -0.0729, 0.0729],
      ['a8', 2, 7, 0.07, 0.07, 0.0119, 0.0119],
    ]);
  });

  it('gives each assessor’s total deviation per case against the key total (case 2: the median total 9)', () => {
    const totals = report.assessors.map((a) => [
      a.assessor,
      a.cases.map((c) => [c.total, c.key, c.deviation]),
    ]);
    expect(totals).toEqual([
      [
        'a1',
        [
          [14, 14, 0],
          [9, 9, 0],
        ],
      ],
      [
        'a2',
        [
          [16, 14, 2],
          [14, 9, 5],
        ],
      ],
      [
        'a3',
        [
          [13, 14, -1],
          [8, 9, -1],
        ],
      ],
      [
        'a4',
        [
          [11, 14, -3],
          [7, 9, -2],
        ],
      ],
      [
        'a5',
        [
          [14, 14, 0],
          [9, 9, 0],
        ],
      ],
      [
        'a6',
        [
          [16, 14, 2],
          [14, 9, 5],
        ],
      ],
      [
        'a7',
        [
          [12, 14, -2],
          [8, 9, -1],
        ],
      ],
      [
        'a8',
        [
          [14, 14, 0],
          [11.25, 9, 2.25],
        ],
      ],
    ]);
  });

  it('lists the 3 items furthest off, largest first, ties in case then rubric order, none that match', () => {
    const far = (id: string) =>
      assessor(report, id).furthest.map((d) => [d.case, d.code, d.theirs, d.key, d.deviation]);
    expect(far('a1')).toEqual([['CASE2', 'A1', 3, 3.5, -0.5]]);
    expect(far('a2')).toEqual([
      ['CASE2', 'B1', 2, 0, 2],
      ['CASE1', 'A1', 5, 4, 1],
      ['CASE1', 'B2', 6, 5, 1],
    ]);
    // a4: |−2| on CASE1 B1, then three at |1| (CASE1 A2, CASE2 A2, CASE2 B2): the first two.
    expect(far('a4')).toEqual([
      ['CASE1', 'B1', 0, 2, -2],
      ['CASE1', 'A2', 2, 3, -1],
      ['CASE2', 'A2', 1, 2, -1],
    ]);
    expect(far('a6')).toEqual([
      ['CASE1', 'A1', 6, 4, 2],
      ['CASE2', 'B1', 2, 0, 2],
      ['CASE2', 'A1', 5, 3.5, 1.5],
    ]);
    expect(far('a8')).toEqual([['CASE2', 'A1', 4, 3.5, 0.5]]);
  });

  it('lists the veto, N/A and 符合/不符合 judgements that differ from the key', () => {
    const judged = Object.fromEntries(
      report.assessors.map((a) => [
        a.assessor,
        a.judgements.map((j) => [j.kind, j.case, j.code, j.theirs, j.key]),
      ]),
    );
    expect(judged).toEqual({
      a1: [],
      a2: [['met', 'CASE2', 'B1', true, false]],
      a3: [
        ['veto', 'CASE1', 'B2', true, false],
        ['veto', 'CASE2', 'B2', true, false],
      ],
      a4: [['met', 'CASE1', 'B1', false, true]],
      a5: [],
      a6: [['met', 'CASE2', 'B1', true, false]],
      a7: [],
      a8: [['na', 'CASE2', 'B1', true, false]],
    });
  });

  it('gives each item’s spread (mean per-case population SD), range and share matching the key', () => {
    // A1  CASE1 4 5 3 4 4 6 2 4: mean 4, Σ(x−4)² = 1+1+4+4 = 10, σ = √(10/8) = 1.11803; range 6−2 = 4
    //     CASE2 3 4 2 3 4 5 2 4: mean 27/8 = 3.375, Σx² = 99, SS = 99 − 27²/8 = 7.875,
    //           σ = √(7.875/8) = √0.984375 = 0.99216; range 5−2 = 3
    //     spread (1.11803 + 0.99216)/2 = 1.05510 → 1.06; /6 = 0.175849 → 0.1758; widest range 4
    //     matched: CASE1 key 4 — a1 a4 a5 a8; CASE2 key 3.5 — none: 4/16 = 0.25
    // A2  CASE1 3 3 3 2 4 3 3 3: mean 3, SS 2, σ = √0.25 = 0.5; CASE2 2 3 2 1 2 2 2 2: mean 2, SS 2, σ 0.5
    //     spread 0.5; /4 = 0.125; range 2 in both; matched 6 (key 3) + 6 (key 2) of 16 = 0.75
    // B1  CASE1 2 2 2 0 2 2 2 2: mean 1.75, SS 7·0.25² + 1.75² = 3.5, σ = √0.4375 = 0.66144
    //     CASE2 (a8 N/A) 0 2 0 0 0 2 0: mean 4/7, Σx² 8, SS 8 − 16/7 = 40/7, σ = √(40/49) = 0.90351
    //     spread (0.66144 + 0.90351)/2 = 0.78247 → 0.78; /2 = 0.391237 → 0.3912; range 2
    //     matched: CASE1 key 2 — 7 of 8; CASE2 key 0 — a1 a3 a4 a5 a7, 5 of 7: 12/15 = 0.8
    // B2  CASE1 5 6 5 5 4 5 5 5: mean 5, SS 2, σ 0.5; CASE2 4 5 4 3 3 5 4 4: mean 4, SS 4, σ = √0.5 = 0.70711
    //     spread 0.60355 → 0.6; /6 = 0.100592 → 0.1006; range 2
    //     matched: CASE1 key 5 — a1 a3 a4 a6 a7 a8 (6); CASE2 key 4 — a1 a3 a7 a8 (4): 10/16 = 0.625
    // Ordered by spread share: B1 0.3912, A1 0.1758, A2 0.125, B2 0.1006.
    const rows = report.items.map((i) => [
      i.code,
      i.category,
      i.spread,
      i.spreadShare,
      i.range,
      i.matched,
      i.compared,
    ]);
    expect(rows).toEqual([
      ['B1', 'B', 0.78, 0.3912, 2, 0.8, 15],
      ['A1', 'A', 1.06, 0.1758, 4, 0.25, 16],
      ['A2', 'A', 0.5, 0.125, 2, 0.75, 16],
      ['B2', 'B', 0.6, 0.1006, 2, 0.625, 16],
    ]);
    expect(item(report, 'A1').cases).toEqual([
      { case: 'CASE1', scores: 8, sd: 1.12, low: 2, high: 6, range: 4 },
      { case: 'CASE2', scores: 8, sd: 0.99, low: 2, high: 5, range: 3 },
    ]);
    expect(item(report, 'B1').cases).toEqual([
      { case: 'CASE1', scores: 8, sd: 0.66, low: 0, high: 2, range: 2 },
      { case: 'CASE2', scores: 7, sd: 0.9, low: 0, high: 2, range: 2 },
    ]);
  });

  it('collects the reasons people wrote per item, and the key’s', () => {
    expect(item(report, 'B1').reasons).toEqual([
      { assessor: 'a4', case: 'CASE1', text: '未见制度上墙' },
      { assessor: 'a2', case: 'CASE2', text: '已上墙' },
    ]);
    expect(item(report, 'B1').keyReasons).toEqual([{ case: 'CASE1', text: '制度齐全并上墙' }]);
    expect(item(report, 'A2').reasons).toEqual([{ assessor: 'a4', case: 'CASE1', text: '一处案卷未编页号' }]);
    expect(item(report, 'A1').reasons).toEqual([]);
  });

  it('computes alpha over (case, item) units and ICC over the rows every assessor scored, as shares', () => {
    // The same scores as shares of the item's points, (case, item) × a1…a8; a8's N/A is missing.
    const max = [6, 4, 2, 6];
    const rows = TABLE.filter(([a]) => a !== 'KEY').map(([, c, , s]) => ({ c, s }));
    const matrix: (number | null)[][] = [];
    for (const c of ['CASE1', 'CASE2'])
      for (let k = 0; k < 4; k++) {
        matrix.push(
          rows.filter((r) => r.c === c).map((r) => (r.s[k] === 'na' ? null : (r.s[k] as number) / max[k]!)),
        );
      }
    const complete = matrix.filter((r): r is number[] => r.every((v) => v !== null));
    expect(complete).toHaveLength(7); // all but CASE2 B1
    const coefficients = icc([twoWayAnova(complete)!]);
    expect(report.overall).toEqual({
      assessors: 8,
      cases: 2,
      alpha: roundHalfUp(krippendorffAlphaInterval(matrix)!, 4),
      alphaUnits: 8,
      icc21: roundHalfUp(coefficients.icc21!, 4),
      icc31: roundHalfUp(coefficients.icc31!, 4),
      iccItems: 7,
    });
    // The same values from the pair-sum definition D_o/D_e over all ordered pairs, and an ANOVA of
    // the 7 × 8 table, computed outside cepin: alpha 0.290305, ICC(2,1) 0.295245, ICC(3,1) 0.364391.
    expect([report.overall.alpha, report.overall.icc21, report.overall.icc31]).toEqual([
      0.2903, 0.2952, 0.3644,
    ]);
    expect(numbers(report).every(Number.isFinite)).toBe(true);
  });
});

/** Two 10-point direct items in one category: the smallest rubric for 2 × 3 examples. */
const PAIR = resolve({
  id: 'calibration-pair',
  version: 1,
  title: '两项细则',
  scale: 20,
  grading,
  categories: [
    {
      code: 'P',
      title: '两项',
      maxPoints: 20,
      children: [
        { code: 'X1', title: '甲', maxPoints: 10, method: { type: 'direct', step: 0.5 } },
        { code: 'X2', title: '乙', maxPoints: 10, method: { type: 'direct', step: 0.5 } },
      ],
    },
  ],
});
const ONE_CASE = [{ code: 'CASE1', title: '案例一' }];
const pairSheet = (assessor: string, x1: number, x2: number): CalibrationSheet => ({
  assessor,
  case: 'CASE1',
  total: x1 + x2,
  vetoed: false,
  items: [
    { code: 'X1', score: x1, max: 10, na: false },
    { code: 'X2', score: x2, max: 10, na: false },
  ],
});
const KEY = pairSheet('KEY', 4, 8);
const BEFORE = [KEY, pairSheet('p1', 2, 6), pairSheet('p2', 4, 8), pairSheet('p3', 6, 10)];
const AFTER = [KEY, pairSheet('p1', 4, 4), pairSheet('p2', 4, 8), pairSheet('p3', 5, 10)];

describe('calibration agreement on a 2 × 3 example (hand computed)', () => {
  it('gives Krippendorff’s alpha 0.5, ICC(2,1) 2/3 and ICC(3,1) 1', () => {
    // Units X1: 2 4 6, X2: 6 8 10 (alpha and ICC do not change when every item is worth 10 and the
    // scores are divided by 10). n = 6 pairable values.
    // alpha = 1 − (n − 1)·Σ_u m_u·SS_u/(m_u − 1) / (n·SS):
    //   SS_u = 4 + 0 + 4 = 8 in both units, so Σ_u 3·8/2 = 24; all six 2 4 6 6 8 10: mean 6,
    //   SS = 16 + 4 + 0 + 0 + 4 + 16 = 40; alpha = 1 − 5·24/(6·40) = 1 − 120/240 = 0.5.
    // ICC, the 2 × 3 table: grand mean 6, row means 4 and 8: BSS = 3·(4 + 4) = 24, BMS = 24;
    //   column means 4 6 8: JSS = 2·(4 + 0 + 4) = 16, JMS = 8; TSS = 40, so ESS = 0, EMS = 0.
    //   ICC(2,1) = (BMS − EMS)/(BMS + 2·EMS + 3·(JMS − EMS)/2) = 24/(24 + 12) = 2/3 → 0.6667
    //   ICC(3,1) = (BMS − EMS)/(BMS + 2·EMS) = 1: the assessors are consistent, not in agreement.
    const r = calibrationReport(PAIR, ONE_CASE, BEFORE.slice(1));
    expect(r.overall).toEqual({
      assessors: 3,
      cases: 1,
      alpha: 0.5,
      alphaUnits: 2,
      icc21: 0.6667,
      icc31: 1,
      iccItems: 2,
    });
    // Spread of 2 4 6: σ = √(8/3) = 1.63299 → 1.63.
    expect(r.items.map((i) => [i.code, i.spread, i.range])).toEqual([
      ['X1', 1.63, 4],
      ['X2', 1.63, 4],
    ]);
  });
});

describe('calibration reports that cannot compute everything', () => {
  it('with one assessor says so, gives the deviations from the key, and no spread or agreement (no NaN)', () => {
    const one = SHEETS.filter((s) => s.case === 'CASE1' && ['KEY', 'a2'].includes(s.assessor));
    const r = calibrationReport(RS, CASES.slice(0, 1), one);
    expect(r.notes).toEqual([{ code: 'calibration.one-assessor', params: { assessor: 'a2' } }]);
    // a2 on CASE1: deviations 1 0 0 1 → leniency 2/4 = 0.5, MAD 0.5.
    expect([assessor(r, 'a2').leniency, assessor(r, 'a2').mad]).toEqual([0.5, 0.5]);
    for (const i of r.items) {
      expect([i.spread, i.spreadShare, i.range]).toEqual([null, null, null]);
      expect(i.cases[0]!.sd).toBeNull();
    }
    expect(item(r, 'A1').matched).toBe(0); // 5 against the key's 4
    expect(item(r, 'A2').matched).toBe(1);
    expect(r.overall).toEqual({
      assessors: 1,
      cases: 1,
      alpha: null,
      alphaUnits: 0,
      icc21: null,
      icc31: null,
      iccItems: 0,
    });
    expect(numbers(r).every(Number.isFinite)).toBe(true);
  });

  it('with nobody scoring a case notes it, with no key for it (none) and its key sheet kept when there is one', () => {
    const cases = [...CASES, { code: 'CASE3', title: '无人评分' }, { code: 'CASE4', title: '只有答案' }];
    const sheets = [...SHEETS, sheet('KEY', 'CASE4', 18, [6, 4, 2, 6])];
    const r = calibrationReport(RS, cases, sheets);
    expect(r.notes).toEqual([
      { code: 'calibration.median-key', params: { case: 'CASE2' } },
      { code: 'calibration.case-unscored', params: { case: 'CASE3' } },
      { code: 'calibration.case-unscored', params: { case: 'CASE4' } },
    ]);
    const c3 = r.cases.find((c) => c.code === 'CASE3')!;
    expect([c3.key, c3.sheets, c3.total]).toEqual(['none', 0, null]);
    expect(c3.items.every((k) => k.score === null && k.na === null)).toBe(true);
    expect(r.cases.find((c) => c.code === 'CASE4')!.key).toBe('sheet');
    // The unscored cases change nothing else: spreads, deviations and agreement are as before.
    expect(r.items.map((i) => [i.code, i.spread, i.matched])).toEqual(
      report.items.map((i) => [i.code, i.spread, i.matched]),
    );
    expect(item(r, 'A1').cases.slice(2)).toEqual([
      { case: 'CASE3', scores: 0, sd: null, low: null, high: null, range: null },
      { case: 'CASE4', scores: 0, sd: null, low: null, high: null, range: null },
    ]);
    expect(r.assessors).toEqual(report.assessors);
    expect(r.overall).toEqual({ ...report.overall, cases: 4 });
    expect(numbers(r).every(Number.isFinite)).toBe(true);
  });

  it('with no sheets at all says no assessor scored, and reports nulls', () => {
    const r = calibrationReport(RS, CASES, []);
    expect(r.notes.map((n) => n.code)).toEqual([
      'calibration.no-assessors',
      'calibration.case-unscored',
      'calibration.case-unscored',
    ]);
    expect(r.assessors).toEqual([]);
    expect(r.items.every((i) => i.spread === null && i.matched === null && i.compared === 0)).toBe(true);
    expect(numbers(r).every(Number.isFinite)).toBe(true);
  });

  it('leaves out sheets of cases not in the calibration, and counts the last of two sheets per assessor', () => {
    const stray = sheet('a1', 'UNIT9', 18, [6, 4, 2, 6]);
    const first = sheet('a1', 'CASE1', 18, [6, 4, 2, 6]);
    const r = calibrationReport(RS, CASES, [stray, first, ...SHEETS]);
    expect(r.notes).toEqual([
      { code: 'calibration.unknown-case', params: { case: 'UNIT9', assessor: 'a1' } },
      { code: 'calibration.duplicate-sheet', params: { case: 'CASE1', assessor: 'a1' } },
      { code: 'calibration.median-key', params: { case: 'CASE2' } },
    ]);
    expect(r.assessors).toEqual(report.assessors);
  });

  it('says when everyone agrees exactly, so no alpha can be computed', () => {
    const same = [pairSheet('p1', 5, 5), pairSheet('p2', 5, 5)];
    const r = calibrationReport(PAIR, ONE_CASE, same);
    expect(r.overall.alpha).toBeNull();
    expect(r.notes).toEqual([
      { code: 'calibration.median-key', params: { case: 'CASE1' } },
      { code: 'calibration.agreement-undefined', params: { measure: "Krippendorff's alpha" } },
      { code: 'calibration.agreement-undefined', params: { measure: 'ICC' } },
    ]);
    expect(r.items.map((i) => [i.spread, i.matched])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('has every note code in the message catalogue in both languages', () => {
    const codes = [
      'calibration.no-assessors',
      'calibration.one-assessor',
      'calibration.median-key',
      'calibration.case-unscored',
      'calibration.unknown-case',
      'calibration.duplicate-sheet',
      'calibration.agreement-undefined',
      'calibration.compare-rubric-differs',
      'calibration.compare-cases-differ',
    ];
    const catalogue = MESSAGES as Record<string, { zh: string; en: string }>;
    for (const code of codes) {
      expect(catalogue[code]?.zh, code).toBeTruthy();
      expect(catalogue[code]?.en, code).toBeTruthy();
    }
  });
});

describe('calibration before and after training', () => {
  const before = calibrationReport(PAIR, ONE_CASE, BEFORE);
  const after = calibrationReport(PAIR, ONE_CASE, AFTER);

  it('compares each item’s spread, each assessor’s MAD and leniency, and alpha (hand computed)', () => {
    // Before: X1 2 4 6, X2 6 8 10: σ = √(8/3) = 1.63 each; alpha 0.5 (above).
    // After:  X1 4 4 5: mean 13/3, SS = 1/9 + 1/9 + 4/9 = 2/3, σ = √(2/9) = 0.4714 → 0.47
    //         X2 4 8 10: mean 22/3, SS = (100 + 4 + 64)/9 = 56/3, σ = √(56/9) = 2.4944 → 2.49
    //   X1 0.47 − 1.63 = −1.16: narrower; X2 2.49 − 1.63 = +0.86: wider.
    // Key X1 4, X2 8. Before: p1 −2 −2 (leniency −2, MAD 2), p2 0 0, p3 +2 +2 (2, 2).
    //   After: p1 0 −4 (leniency −2, MAD 2: the same), p2 0 0 (same), p3 +1 +2 (1.5, 1.5: closer by 0.5).
    // Alpha after: X1 m·SS/(m − 1) = 3·(2/3)/2 = 1, X2 3·(56/3)/2 = 28, Σ 29; all six 4 4 5 4 8 10:
    //   Σ 35, Σx² 237, SS = 237 − 35²/6 = 197/6; alpha = 1 − 5·29/(6·197/6) = 52/197 = 0.26396 → 0.264.
    //   Change 0.264 − 0.5 = −0.236.
    const c = compareCalibrations(before, after);
    expect(c.items).toEqual([
      { code: 'X1', before: 1.63, after: 0.47, change: -1.16, verdict: 'narrower' },
      { code: 'X2', before: 1.63, after: 2.49, change: 0.86, verdict: 'wider' },
    ]);
    expect(c.assessors).toEqual([
      {
        assessor: 'p1',
        mad: { before: 2, after: 2, change: 0 },
        leniency: { before: -2, after: -2, change: 0 },
        verdict: 'same',
      },
      {
        assessor: 'p2',
        mad: { before: 0, after: 0, change: 0 },
        leniency: { before: 0, after: 0, change: 0 },
        verdict: 'same',
      },
      {
        assessor: 'p3',
        mad: { before: 2, after: 1.5, change: -0.5 },
        leniency: { before: 2, after: 1.5, change: -0.5 },
        verdict: 'closer',
      },
    ]);
    expect(c.alpha).toEqual({ before: 0.5, after: 0.264, change: -0.236 });
    expect(c.notes).toEqual([]);
  });

  it('compares only the assessors present in both rounds', () => {
    const c = compareCalibrations(before, calibrationReport(PAIR, ONE_CASE, AFTER.slice(0, 3)));
    expect(c.assessors.map((a) => a.assessor)).toEqual(['p1', 'p2']);
  });

  it('calls a change within 0.01 the same', () => {
    expect(compareCalibrations(before, before).items.map((i) => [i.change, i.verdict])).toEqual([
      [0, 'same'],
      [0, 'same'],
    ]);
    expect([0.01, -0.01, 0.02, -0.02, null].map(changeVerdict)).toEqual(['same', 'same', 'up', 'down', null]);
  });

  it('notes when the two rounds used different rubrics or cases', () => {
    const c = compareCalibrations(report, before);
    expect(c.notes).toEqual([
      {
        code: 'calibration.compare-rubric-differs',
        params: { before: 'calibration-test v1', after: 'calibration-pair v1' },
      },
      { code: 'calibration.compare-cases-differ', params: { before: 'CASE1, CASE2', after: 'CASE1' } },
    ]);
    expect(c.items).toEqual([]);
  });
});

describe('fromSubmission', () => {
  it('reads case, totals and each item’s score, N/A, veto, 符合 and reason from a submission', () => {
    const s = fromSubmission({
      assessor: 'a1',
      unit: 'CASE1',
      total: 12.5,
      vetoed: true,
      items: [
        {
          code: 'A1',
          inputs: { score: 4, problem: '  缺少年度计划 ' },
          score: 4,
          max: 6,
          na: false,
          pending: false,
        },
        { code: 'B1', inputs: { na: true, met: true }, score: null, max: 2, na: true, pending: false },
        {
          code: 'B2',
          inputs: { score: 5, veto: true },
          score: 5,
          max: 6,
          na: false,
          pending: false,
          problem: '漏水',
        },
        { code: 'S1', inputs: {}, score: 0, max: 2, na: false, pending: true },
      ],
    });
    expect(s).toEqual({
      assessor: 'a1',
      case: 'CASE1',
      total: 12.5,
      vetoed: true,
      items: [
        { code: 'A1', score: 4, max: 6, na: false, veto: undefined, met: undefined, reason: '缺少年度计划' },
        { code: 'B1', score: null, max: 2, na: true, veto: undefined, met: undefined, reason: undefined },
        { code: 'B2', score: 5, max: 6, na: false, veto: true, met: undefined, reason: '漏水' },
        { code: 'S1', score: null, max: 2, na: false, veto: undefined, met: undefined, reason: undefined },
      ],
    });
  });
});

describe('calibration report properties', () => {
  const a1 = fc.integer({ min: 0, max: 12 }).map((k) => k / 2);
  const a2 = fc.integer({ min: 0, max: 4 });
  const b1 = fc.constantFrom<B1>(2, 0, 'na');
  const b2 = fc.integer({ min: 0, max: 12 }).map((k) => k / 2);
  const scores = fc.tuple(a1, a2, b1, b2);
  const row = fc.record({ s: scores, veto: fc.boolean() });

  it('MAD ≥ |leniency| for every assessor, matched shares in [0, 1], nothing NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, row), { minLength: 1, maxLength: 8 }),
        fc.option(scores, { nil: undefined }),
        (panel, key) => {
          const sheets = panel.flatMap(([x, y], k) => [
            sheet(`a${k}`, 'CASE1', 9, x.s, { veto: x.veto }),
            sheet(`a${k}`, 'CASE2', 9, y.s, { veto: y.veto }),
          ]);
          if (key) sheets.push(sheet('KEY', 'CASE1', 9, key));
          const r = calibrationReport(RS, CASES, sheets);
          for (const a of r.assessors) {
            expect(a.mad === null).toBe(a.leniency === null);
            if (a.mad !== null) expect(a.mad).toBeGreaterThanOrEqual(Math.abs(a.leniency!));
            if (a.madShare !== null) expect(a.madShare).toBeGreaterThanOrEqual(Math.abs(a.leniencyShare!));
          }
          for (const i of r.items) {
            if (i.matched !== null) {
              expect(i.matched).toBeGreaterThanOrEqual(0);
              expect(i.matched).toBeLessThanOrEqual(1);
            }
          }
          expect(numbers(r).every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('spread is 0 and everyone matches the median key when all assessors score alike', () => {
    fc.assert(
      fc.property(scores, scores, fc.integer({ min: 2, max: 8 }), (x, y, n) => {
        const sheets = Array.from({ length: n }, (_v, k) => [
          sheet(`a${k}`, 'CASE1', 9, x),
          sheet(`a${k}`, 'CASE2', 9, y),
        ]).flat();
        const r = calibrationReport(RS, CASES, sheets);
        for (const i of r.items) {
          if (i.compared === 0) continue; // N/A on both cases
          expect(i.spread).toBe(0);
          expect(i.range).toBe(0);
          expect(i.matched).toBe(1);
        }
        for (const a of r.assessors) expect([a.leniency, a.mad, a.judgements]).toEqual([0, 0, []]);
      }),
      { numRuns: 100 },
    );
  });
});
