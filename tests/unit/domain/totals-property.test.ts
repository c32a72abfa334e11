import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import type { AssessorSheet } from '../../../shared/domain/results.ts';
import { leavesOf, type RuleSet } from '../../../shared/domain/rule-set.ts';
import {
  aggregateItems,
  scoreSheet,
  type ItemInputs,
  type SheetScore,
} from '../../../shared/domain/scoring.ts';
import { expectedTotal, hundredths } from '../../support/decimal-oracle.ts';
import { dongcheng, municipal } from '../../support/rules.ts';

/** Random inputs of one leaf, as a person could type them (N/A one time in eight). */
function leafInputs(rs: RuleSet, code: string): fc.Arbitrary<ItemInputs> {
  const leaf = rs.byCode.get(code)!;
  const m = leaf.method!;
  const na = fc.constant<ItemInputs>({ na: true });
  let scored: fc.Arbitrary<ItemInputs>;
  switch (m.type) {
    case 'direct': {
      const steps = Math.round(leaf.maxPoints / m.step);
      scored = fc
        .integer({ min: 0, max: steps })
        .map((k) => ({ score: (k * Math.round(m.step * 100)) / 100 }));
      break;
    }
    case 'checklist':
      scored = fc
        .array(fc.boolean(), { minLength: m.clauses.length, maxLength: m.clauses.length })
        .map((ticks) => ({
          ticks,
        }));
      break;
    case 'deduction':
      scored = fc
        .array(fc.integer({ min: 0, max: 4 }), {
          minLength: m.deductions.length,
          maxLength: m.deductions.length,
        })
        .map((counts) => ({ counts }));
      break;
    case 'scale':
      scored = fc.integer({ min: 0, max: 1000 }).map((t) => ({ measure: t / 10 }));
      break;
    default:
      scored = fc.constant({});
  }
  return fc.oneof({ arbitrary: na, weight: 1 }, { arbitrary: scored, weight: 7 });
}

function sheetInputs(rs: RuleSet): fc.Arbitrary<Map<string, ItemInputs>> {
  return fc
    .tuple(...rs.leaves.map((l) => leafInputs(rs, l.code)))
    .map((xs) => new Map(rs.leaves.map((l, i) => [l.code, xs[i]!])));
}

const percents = fc.array(
  fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100),
  { minLength: 2, maxLength: 2 },
);

/** Checks a score against the rule: items in hundredths, subtotals their sums, the total their exact ratio. */
function addsUp(rs: RuleSet, s: SheetScore): void {
  expect(s.pending).toEqual([]);
  const byCode = new Map(s.items.map((i) => [i.code, i]));
  for (const i of s.items) if (i.score !== null) hundredths(i.score); // throws unless whole hundredths
  for (const c of s.categories) {
    const node = rs.byCode.get(c.code)!;
    const applicable = leavesOf(node)
      .map((l) => byCode.get(l.code)!)
      .filter((i) => !i.na);
    expect(hundredths(c.score)).toBe(applicable.reduce((t, i) => t + hundredths(i.score ?? 0), 0));
    expect(hundredths(c.max)).toBe(applicable.reduce((t, i) => t + hundredths(i.max), 0));
  }
  const applicable = s.items.filter((i) => !i.na);
  const partsH = applicable.map((i) => hundredths(i.score ?? 0));
  const wholesH = applicable.map((i) => hundredths(i.max));
  expect(hundredths(s.raw)).toBe(partsH.reduce((t, x) => t + x, 0));
  expect(hundredths(s.applicableMax)).toBe(wholesH.reduce((t, x) => t + x, 0));
  expect(s.total).toBe(expectedTotal(partsH, wholesH, rs.scale));
}

describe('every total equals its items under the one rounding rule', () => {
  for (const [name, rules] of [
    ['municipal', municipal],
    ['dongcheng', dongcheng],
  ] as const) {
    const rs = rules();

    it(`a single sheet (${name})`, () => {
      fc.assert(
        fc.property(sheetInputs(rs), percents, (inputs, p) => {
          addsUp(rs, scoreSheet(rs, inputs, { spotcheckPercents: p }));
        }),
        { numRuns: 300 },
      );
    });

    it(`a panel's reconciled result, by each method (${name})`, () => {
      const method = fc.constantFrom('mean' as const, 'median' as const, 'trimmed-mean' as const);
      fc.assert(
        fc.property(
          fc.array(sheetInputs(rs), { minLength: 2, maxLength: 5 }),
          percents,
          method,
          (sheets, p, m) => {
            const assessorSheets: AssessorSheet[] = sheets.map((inputs, k) => {
              const s = scoreSheet(rs, inputs, { spotcheckPercents: p });
              return {
                assessor: `A0${k + 1}`,
                uploadId: `u${k}`,
                receivedAt: '2026-06-01T00:00:00Z',
                items: s.items.map((i) => ({ code: i.code, score: i.score, na: i.na })),
              };
            });
            const r = reconcile(rs, 'U01', 'formal', assessorSheets, { method: m, spotcheckPercents: p });
            addsUp(rs, r.score);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('80.63 raw points of 88 applicable is 91.63 (91.625 rounded half up), not 91.62', () => {
    const rs = municipal();
    // N/A leaves worth 12 points, so 88 apply; then 7.37 points lost across the applicable leaves.
    let naLeft = 12;
    let lossLeft = 737; // hundredths
    const items = rs.leaves.map((l) => {
      const na = naLeft >= l.maxPoints && naLeft > 0;
      if (na) naLeft -= l.maxPoints;
      const lost = na ? 0 : Math.min(lossLeft, Math.round(l.maxPoints * 100));
      lossLeft -= lost;
      const score = na ? 0 : (Math.round(l.maxPoints * 100) - lost) / 100;
      return { code: l.code, score, max: l.maxPoints, na, pending: false, key: false, vetoed: false };
    });
    expect([naLeft, lossLeft]).toEqual([0, 0]);
    const s = aggregateItems(rs, items);
    expect([s.raw, s.applicableMax, s.total]).toEqual([80.63, 88, 91.63]);
  });
});
