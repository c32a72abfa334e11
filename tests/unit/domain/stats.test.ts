import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { difference, mean, median, ratio, round2, roundHalfUp, sum } from '../../../shared/domain/stats.ts';
import { expectedMean, expectedTotal, roundDecimalString } from '../../support/decimal-oracle.ts';

describe('the one rounding rule: exact decimal, half away from zero, to the hundredth', () => {
  it.each([
    [1.005, 1.01],
    [5.925, 5.93],
    [91.625, 91.63],
    [10.075, 10.08],
    [2.675, 2.68],
    [1.004999, 1],
    [-0.005, -0.01],
    [-1.005, -1.01],
    [0.1 + 0.2, 0.3],
    [100, 100],
    [0, 0],
  ])('%s rounds to %s', (x, expected) => {
    expect(round2(x)).toBe(expected);
  });

  it('never gives negative zero', () => {
    expect(Object.is(round2(-0.001), 0)).toBe(true);
    expect(Object.is(difference(1, 1), 0)).toBe(true);
  });

  it('rounds a total exactly: 80.63 of 88 applicable points is 91.625 → 91.63 (a float gives 91.62499…)', () => {
    expect((80.63 / 88) * 100).toBeLessThan(91.625);
    expect(ratio(80.63, 88, 100)).toBe(91.63);
  });

  it('rounds differences, means and medians on their exact values', () => {
    expect(difference(140.515, 80.5)).toBe(60.02); // 60.015; a float gives 60.01499…
    expect(mean([60.11, 60.12])).toBe(60.12); // 60.115
    expect(median([60.11, 60.12, 1, 100])).toBe(60.12);
    expect(median([3, 1, 2])).toBe(2);
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(sum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(ratio(1, 0, 100)).toBe(0);
    expect(ratio(2, 3, 1, 4)).toBe(0.6667);
    expect(roundHalfUp(-0.02025, 4)).toBe(-0.0203);
  });

  it('agrees with rounding the decimal digit by digit, for any decimal of up to 12 significant digits', () => {
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 999_999 }),
      )
      .map(([neg, int, places, frac]) => {
        const f = String(frac).padStart(6, '0').slice(0, places);
        return `${neg ? '-' : ''}${int}${places > 0 ? `.${f}` : ''}`;
      });
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 4 }), (s, digits) => {
        expect(roundHalfUp(Number(s), digits)).toBe(Number(roundDecimalString(s, digits)));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every total as its exact ratio rounded half up (whole-hundredths oracle)', () => {
    const points = fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 })), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(points, fc.constantFrom(100, 1000, 10), (items, scale) => {
        const scores = items.map(([s, m]) => Math.min(s, m));
        const maxes = items.map(([, m]) => m);
        const raw = sum(scores.map((h) => h / 100));
        const applicable = sum(maxes.map((h) => h / 100));
        expect(ratio(raw, applicable, scale)).toBe(expectedTotal(scores, maxes, scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every mean of scores as its exact value rounded half up (whole-hundredths oracle)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 9 }), (xs) => {
        expect(mean(xs.map((h) => h / 100))).toBe(expectedMean(xs));
      }),
      { numRuns: 2000 },
    );
  });
});
