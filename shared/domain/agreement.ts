import { roundHalfUp } from './stats.ts';

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

/** Below this, a difference from the threshold is binary floating-point noise, not a deviation. */
const NOISE = 1e-9;

/**
 * Each assessor against the consensus: mean of (score − consensus) / item points over their
 * entries (items worth 0 points are skipped). The leaning is judged on the unrounded mean —
 * lenient above +2%, severe below −2% (so −0.0202 is severe) — and the mean is then rounded to 4
 * decimals (a percentage with two decimals, −2.02%) for reports. Sorted by assessor.
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
      const leaning =
        raw > LEANING_THRESHOLD + NOISE ? 'lenient' : raw < -LEANING_THRESHOLD - NOISE ? 'severe' : 'neutral';
      const meanDeviation = roundHalfUp(raw, 4) || 0;
      return { assessor, sheets: a.units.size, meanDeviation, leaning };
    });
}

/** Units of analysis Krippendorff's alpha can use: those with at least two values (pairable). */
export function pairableUnits(data: (number | null)[][]): number {
  return data.filter((row) => row.filter((v) => typeof v === 'number' && Number.isFinite(v)).length >= 2)
    .length;
}

/**
 * The two-way ANOVA of a complete targets × judges table (Shrout & Fleiss 1979, table 2): n
 * targets, k judges, and the variance components their mean squares estimate — targets
 * r = (BMS − EMS)/k, judges c = (JMS − EMS)/n, residual e = EMS.
 */
export interface TwoWay {
  n: number;
  k: number;
  bms: number;
  jms: number;
  ems: number;
}

/** The mean squares of a complete table data[target][judge]; null under 2 targets or 2 judges. */
export function twoWayAnova(data: readonly (readonly number[])[]): TwoWay | null {
  const n = data.length;
  const k = data[0]?.length ?? 0;
  if (n < 2 || k < 2 || data.some((row) => row.length !== k)) return null;
  const grand = data.flat().reduce((s, v) => s + v, 0) / (n * k);
  const rowMeans = data.map((row) => row.reduce((s, v) => s + v, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => data.reduce((s, row) => s + row[j]!, 0) / n);
  const bss = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const jss = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const tss = data.flat().reduce((s, v) => s + (v - grand) ** 2, 0);
  const ess = Math.max(0, tss - bss - jss);
  return { n, k, bms: bss / (n - 1), jms: jss / (k - 1), ems: ess / ((n - 1) * (k - 1)) };
}

/** ICC(2,1) and ICC(3,1); null where undefined (no variation at all). */
export interface Icc {
  icc21: number | null;
  icc31: number | null;
}

/**
 * Intraclass correlations of single ratings (Shrout, P. E. & Fleiss, J. L. (1979). Intraclass
 * correlations: uses in assessing rater reliability. Psychological Bulletin 86(2), 420–428):
 *
 *   ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)   judges a random sample: absolute agreement
 *   ICC(3,1) = (BMS − EMS) / (BMS + (k − 1)·EMS)                     these judges fixed: consistency
 *
 * Written with the variance components r, c, e of `TwoWay` these are r/(r + c + e) and r/(r + e).
 * Several panels (which share no common set of judges, so no single ANOVA spans them) are pooled
 * by averaging each component over the panels weighted by their targets; one panel gives its own
 * values. Null when the denominator is not positive (every value equal).
 */
export function icc(tables: readonly TwoWay[]): Icc {
  const weight = tables.reduce((s, t) => s + t.n, 0);
  if (weight === 0) return { icc21: null, icc31: null };
  const pooled = (f: (t: TwoWay) => number) => tables.reduce((s, t) => s + t.n * f(t), 0) / weight;
  const r = pooled((t) => (t.bms - t.ems) / t.k);
  const c = pooled((t) => (t.jms - t.ems) / t.n);
  const e = pooled((t) => t.ems);
  const ratio = (den: number) => (den > 1e-12 ? r / den : null);
  return { icc21: ratio(r + c + e), icc31: ratio(r + e) };
}
