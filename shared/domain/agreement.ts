/** Sum of squared deviations from the mean, and the count. */
function sumSquares(values: readonly number[]): { n: number; ss: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return { n, ss: values.reduce((s, v) => s + (v - mean) ** 2, 0) };
}

/**
 * Krippendorff's alpha with the interval metric δ²(c,k) = (c − k)², for data[unit][coder] with
 * null for a missing value. Null when no unit has two values, or when no values differ at all.
 *
 * Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
 * Communication, University of Pennsylvania. In the coincidence-matrix form, with m_u the number
 * of values in unit u (units with m_u < 2 are not pairable and dropped) and n = Σ_u m_u:
 *
 *   alpha = 1 − D_o / D_e
 *         = 1 − (n − 1) · Σ_u [ Σ_{c≠k in u} (c − k)² / (m_u − 1) ] / Σ_{c≠k over all} (c − k)²
 *
 * where c≠k runs over ordered pairs of distinct values (positions, not magnitudes). Since the sum
 * of (c − k)² over ordered pairs of m values equals 2·m·SS (SS = sum of squared deviations from
 * their mean), this is computed as 1 − (n − 1) · Σ_u (m_u·SS_u / (m_u − 1)) / (n·SS).
 */
export function krippendorffAlphaInterval(data: (number | null)[][]): number | null {
  const units = data
    .map((row) => row.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))
    .filter((vs) => vs.length >= 2);
  if (units.length === 0) return null;
  const all = sumSquares(units.flat());
  if (all.ss === 0) return null;
  const within = units.reduce((s, vs) => {
    const u = sumSquares(vs);
    return s + (u.n * u.ss) / (u.n - 1);
  }, 0);
  return 1 - ((all.n - 1) * within) / (all.n * all.ss);
}

/** One assessor's score on one item of one unit, with the reconciled (consensus) score. */
export interface ConsistencyEntry {
  assessor: string;
  item: string;
  unit: string;
  max: number;
  score: number;
  consensus: number;
}

/** Leaning threshold: a mean deviation beyond ±2% of item points counts as lenient or severe. */
export const LEANING_THRESHOLD = 0.02;

/**
 * Each assessor against the consensus: mean of (score − consensus) / item points over their
 * entries (items worth 0 points are skipped), rounded to 3 decimals; the leaning is judged on the
 * rounded value, so what a report shows agrees with its label. Sorted by assessor.
 */
export function assessorConsistency(
  entries: ConsistencyEntry[],
): { assessor: string; sheets: number; meanDeviation: number; leaning: 'lenient' | 'severe' | 'neutral' }[] {
  const by = new Map<string, { units: Set<string>; sum: number; count: number }>();
  for (const e of entries) {
    const a = by.get(e.assessor) ?? { units: new Set<string>(), sum: 0, count: 0 };
    by.set(e.assessor, a);
    a.units.add(e.unit);
    if (e.max > 0) {
      a.sum += (e.score - e.consensus) / e.max;
      a.count += 1;
    }
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([assessor, a]) => {
      const raw = a.count > 0 ? a.sum / a.count : 0;
      const meanDeviation = Math.round(raw * 1000) / 1000 || 0;
      const leaning =
        meanDeviation > LEANING_THRESHOLD
          ? 'lenient'
          : meanDeviation < -LEANING_THRESHOLD
            ? 'severe'
            : 'neutral';
      return { assessor, sheets: a.units.size, meanDeviation, leaning };
    });
}
