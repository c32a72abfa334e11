/**
 * An independent re-implementation of how a panel's scores of one item are combined, written from
 * the rule (README, "Reconciliation"), for tests to take expected values from instead of calling
 * `combine` in shared/domain/reconcile.ts: mean; median (mean of the middle two for an even count);
 * trimmed mean — drop one highest and one lowest — only with at least 5 scores, else the mean.
 * Scores are whole hundredths; results are rounded to the hundredth half up (decimal-oracle.ts).
 */
import { expectedMean, hundredths } from './decimal-oracle.ts';

export function expectedCombined(
  method: 'mean' | 'median' | 'trimmed-mean',
  scores: readonly number[],
): number | null {
  if (scores.length === 0) return null;
  const h = scores.map(hundredths).sort((a, b) => a - b);
  if (method === 'median') {
    const mid = Math.floor(h.length / 2);
    return h.length % 2 === 1 ? h[mid]! / 100 : expectedMean([h[mid - 1]!, h[mid]!]);
  }
  if (method === 'trimmed-mean' && h.length >= 5) return expectedMean(h.slice(1, -1));
  return expectedMean(h);
}
