import { describe, expect, it } from 'vitest';
import {
  assessorConsistency,
  icc,
  krippendorffAlphaInterval,
  pairableUnits,
  twoWayAnova,
} from '../../../shared/domain/agreement.ts';

const _ = null;
/** Transposes observers × units (as the paper prints it) into data[unit][coder]. */
const byUnit = (observers: (number | null)[][]) => observers[0]!.map((_v, u) => observers.map((o) => o[u]!));

describe('Krippendorff’s alpha, interval metric', () => {
  it('reproduces the worked example of Krippendorff (2011): 4 observers, 12 units, missing values', () => {
    // "Computing Krippendorff's Alpha-Reliability", section C: values 1–5, * = missing.
    // Unit 12 has a single value, so it is not pairable; n = 40 pairable values.
    // Published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
    const data = byUnit([
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]);
    expect(krippendorffAlphaInterval(data)).toBeCloseTo(0.849, 3);
  });

  it('is 1 under perfect agreement, with or without missing values', () => {
    expect(
      krippendorffAlphaInterval([
        [3, 3, 3],
        [1, 1, 1],
        [5, 5, _],
        [_, 2, 2],
      ]),
    ).toBe(1);
  });

  it('tolerates missing values and drops units with fewer than two (hand computed)', () => {
    // Pairable values 1, 2 | 3, 3 (n = 4); the lone 5 is dropped.
    // Within units: Σ_{c≠k}(c−k)²/(m_u−1) = (1 + 1)/1 + 0 = 2.
    // Over all ordered pairs of 1, 2, 3, 3: 2 · (1 + 4 + 4 + 1 + 1 + 0) = 22.
    // alpha = 1 − (n − 1) · 2 / 22 = 1 − 6/22 = 8/11.
    const alpha = krippendorffAlphaInterval([
      [1, 2],
      [3, 3, _],
      [_, 5, _],
    ]);
    expect(alpha).toBeCloseTo(8 / 11, 12);
    expect(
      krippendorffAlphaInterval([
        [1, 2],
        [3, 3],
      ]),
    ).toBe(alpha);
  });

  it('is negative when coders disagree more than chance would have them', () => {
    // Within units: 2/1 + 2/1 = 4. Over all ordered pairs of 1, 2, 2, 1: 2 · 4 = 8.
    // alpha = 1 − (n − 1) · 4 / 8 = 1 − 3 · 4/8 = −0.5.
    expect(
      krippendorffAlphaInterval([
        [1, 2],
        [2, 1],
      ]),
    ).toBeCloseTo(-0.5, 12);
  });

  it.each([
    ['no units', []],
    [
      'no unit with two values',
      [
        [1, _],
        [_, 4],
      ],
    ],
    [
      'no variation at all',
      [
        [2, 2],
        [2, 2, _],
      ],
    ],
  ])('is null with %s', (_name, data) => {
    expect(krippendorffAlphaInterval(data)).toBeNull();
  });
});

describe('assessor consistency', () => {
  const e = (
    assessor: string,
    unit: string,
    item: string,
    max: number,
    score: number,
    consensus: number,
  ) => ({
    assessor,
    unit,
    item,
    max,
    score,
    consensus,
  });

  it('measures each assessor’s mean deviation from consensus per point, sorted by assessor', () => {
    const out = assessorConsistency([
      e('Wang', 'u01', '1.3.1', 2, 1, 1.5), // −0.25
      e('Wang', 'u02', '1.3.1', 2, 1.5, 1.5), // 0
      e('Li', 'u01', '1.3.1', 2, 2, 1.5), // +0.25
      e('Li', 'u01', '2.1.2', 3, 3, 3), // 0
      e('Chen', 'u01', '2.1.2', 3, 2.95, 3), // −0.05/3; the mean over 3 entries is −0.00556 → −0.0056
      e('Chen', 'u02', '2.1.2', 3, 3, 3),
      e('Chen', 'u03', '2.1.2', 3, 2.9, 2.9),
    ]);
    expect(out).toEqual([
      { assessor: 'Chen', sheets: 3, meanDeviation: -0.0056, leaning: 'neutral' },
      { assessor: 'Li', sheets: 1, meanDeviation: 0.125, leaning: 'lenient' },
      { assessor: 'Wang', sheets: 2, meanDeviation: -0.125, leaning: 'severe' },
    ]);
  });

  it.each([
    [0.021, 'lenient'],
    [0.02, 'neutral'],
    [-0.02, 'neutral'],
    [-0.021, 'severe'],
  ] as const)('a mean deviation of %s is %s', (dev, leaning) => {
    expect(assessorConsistency([e('A', 'u01', 'x', 1, 0.5 + dev, 0.5)])[0]).toMatchObject({ leaning });
  });

  it('judges the leaning on the unrounded mean: −0.0202 is beyond −2%, so severe (shown as −0.0202)', () => {
    // (4.899 − 5)/5 = −0.0202: rounded to 3 decimals it would read −0.020 and pass as neutral.
    expect(assessorConsistency([e('A', 'u01', 'x', 5, 4.899, 5)])[0]).toMatchObject({
      meanDeviation: -0.0202,
      leaning: 'severe',
    });
  });
});

describe('intraclass correlation (Shrout & Fleiss 1979)', () => {
  // Table 2 of Shrout & Fleiss (1979): 6 targets rated by 4 judges. Published: BMS 11.24, JMS 32.49,
  // EMS 1.02; ICC(2,1) = .29 and ICC(3,1) = .71 (to four places 0.2898 and 0.7148).
  const TABLE = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces the published mean squares and ICC(2,1) = 0.2898, ICC(3,1) = 0.7148', () => {
    const t = twoWayAnova(TABLE)!;
    expect(t.bms).toBeCloseTo(11.24, 2);
    expect(t.jms).toBeCloseTo(32.49, 2);
    expect(t.ems).toBeCloseTo(1.02, 2);
    const r = icc([t]);
    expect(r.icc21).toBeCloseTo(0.2898, 4);
    expect(r.icc31).toBeCloseTo(0.7148, 4);
  });

  it('pooling one panel changes nothing; two copies of a panel pool to the same values', () => {
    const t = twoWayAnova(TABLE)!;
    expect(icc([t, t])).toEqual(icc([t]));
  });

  it('pools panels by their variance components weighted by items (hand computed)', () => {
    // Panel A: [[1,1],[3,3]]: rows 1 and 3, no judge or residual variation → r = 2, c = 0, e = 0.
    //   BMS = 2·((1−2)² + (3−2)²)/1 = 4, JMS = 0, EMS = 0; r = (4 − 0)/2 = 2.
    // Panel B: [[1,2],[1,2]]: only judges differ → BMS = 0, JMS = 2·(0.25 + 0.25)/1 = 1, EMS = 0;
    //   r = 0, c = (1 − 0)/2 = 0.5, e = 0.
    // Weighted by 2 items each: r = 1, c = 0.25, e = 0 → ICC(2,1) = 1/1.25 = 0.8, ICC(3,1) = 1.
    const a = twoWayAnova([
      [1, 1],
      [3, 3],
    ])!;
    const b = twoWayAnova([
      [1, 2],
      [1, 2],
    ])!;
    const r = icc([a, b]);
    expect(r.icc21).toBeCloseTo(0.8, 12);
    expect(r.icc31).toBeCloseTo(1, 12);
  });

  it('is undefined without variation, and needs two targets and two judges', () => {
    expect(
      icc([
        twoWayAnova([
          [2, 2],
          [2, 2],
        ])!,
      ]),
    ).toEqual({ icc21: null, icc31: null });
    expect(twoWayAnova([[1, 2, 3]])).toBeNull();
    expect(twoWayAnova([[1], [2]])).toBeNull();
    expect(icc([])).toEqual({ icc21: null, icc31: null });
  });
});

describe('units of analysis alpha can use', () => {
  it('counts only units with at least two values', () => {
    expect(
      pairableUnits([
        [1, 2],
        [3, _, _],
        [_, _],
        [0.5, _, 1],
      ]),
    ).toBe(2);
  });
});
