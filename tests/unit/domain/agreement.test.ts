import { describe, expect, it } from 'vitest';
import { assessorConsistency, krippendorffAlphaInterval } from '../../../shared/domain/agreement.ts';

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
      e('Chen', 'u01', '2.1.2', 3, 2.95, 3), // −0.05/3; the mean over 3 entries is −0.0056
      e('Chen', 'u02', '2.1.2', 3, 3, 3),
      e('Chen', 'u03', '2.1.2', 3, 2.9, 2.9),
    ]);
    expect(out).toEqual([
      { assessor: 'Chen', sheets: 3, meanDeviation: -0.006, leaning: 'neutral' },
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
});
