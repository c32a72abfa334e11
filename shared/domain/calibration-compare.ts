import type { CalibrationNote, CalibrationReport } from './calibration-types.ts';
import { difference } from './stats.ts';

/** A reported value before and after, and the change (after − before); null where either is missing. */
export interface BeforeAfter {
  before: number | null;
  after: number | null;
  change: number | null;
}

/**
 * Two calibration rounds on the same cases (before and after training) compared: did the spread
 * shrink, per item and per assessor.
 */
export interface CalibrationComparison {
  /** Items in both reports, in the order of the before report (read most differently first). */
  items: ({ code: string; verdict: 'narrower' | 'wider' | 'same' | null } & BeforeAfter)[];
  /** Assessors in both reports, by id: MAD and leniency (points), and whether they came closer to the key. */
  assessors: {
    assessor: string;
    mad: BeforeAfter;
    leniency: BeforeAfter;
    verdict: 'closer' | 'further' | 'same' | null;
  }[];
  alpha: BeforeAfter;
  notes: CalibrationNote[];
}

/** A change within this (in the reported unit) counts as no change. */
const SAME = 0.01;

/**
 * Whether a change (after − before) is a decrease, an increase, or within 0.01 of none (so 0.01
 * itself is the same); null when unknown.
 */
export function changeVerdict(change: number | null): 'down' | 'up' | 'same' | null {
  if (change === null) return null;
  return change < -SAME - 1e-9 ? 'down' : change > SAME + 1e-9 ? 'up' : 'same';
}

/**
 * Compares two calibration reports. Every change is the exact decimal difference of the two reported
 * (already rounded) values — points to hundredths, alpha to 4 decimals — so it reads consistently
 * with the values shown beside it; a change within ±0.01 is "same". Spreads are per item (points),
 * MAD and leniency per assessor (points). Notes say when the rubrics (fingerprints) or the cases differ.
 */
export function compareCalibrations(
  before: CalibrationReport,
  after: CalibrationReport,
): CalibrationComparison {
  const notes: CalibrationNote[] = [];
  if (before.ruleSet.fingerprint !== after.ruleSet.fingerprint) {
    notes.push({
      code: 'calibration.compare-rubric-differs',
      params: {
        before: `${before.ruleSet.id} v${before.ruleSet.version}`,
        after: `${after.ruleSet.id} v${after.ruleSet.version}`,
      },
    });
  }
  const codes = (r: CalibrationReport) => r.cases.map((c) => c.code).join(', ');
  if (codes(before) !== codes(after)) {
    notes.push({
      code: 'calibration.compare-cases-differ',
      params: { before: codes(before), after: codes(after) },
    });
  }
  const afterItems = new Map(after.items.map((i) => [i.code, i]));
  const items = before.items.flatMap((b) => {
    const a = afterItems.get(b.code);
    if (!a) return [];
    const ba = pair(b.spread, a.spread, 2);
    const v = changeVerdict(ba.change);
    return [{ code: b.code, ...ba, verdict: v === 'down' ? 'narrower' : v === 'up' ? 'wider' : v }] as const;
  });
  const afterAssessors = new Map(after.assessors.map((a) => [a.assessor, a]));
  const assessors = before.assessors.flatMap((b) => {
    const a = afterAssessors.get(b.assessor);
    if (!a) return [];
    const mad = pair(b.mad, a.mad, 2);
    const v = changeVerdict(mad.change);
    const verdict = v === 'down' ? 'closer' : v === 'up' ? 'further' : v;
    return [{ assessor: b.assessor, mad, leniency: pair(b.leniency, a.leniency, 2), verdict }] as const;
  });
  return { items, assessors, alpha: pair(before.overall.alpha, after.overall.alpha, 4), notes };
}

function pair(before: number | null, after: number | null, digits: number): BeforeAfter {
  return {
    before,
    after,
    change: before === null || after === null ? null : difference(after, before, digits),
  };
}
