import type {
  Distribution,
  PrecheckVsFormal,
  RectClaim,
  RectificationTotals,
  RectifiedItem,
  RectVerdict,
  SelfVsPanel,
} from './round-report.ts';
import type { UnitPhaseResult } from './results.ts';
import type { ItemScore } from './scoring.ts';
import { difference, mean, median, ratio, round2 } from './stats.ts';

/** Tolerance for comparing scores kept to hundredths. */
const EPS = 1e-9;

/** Anything carrying a sheet score: a reconciled phase result, or `{ score }` of a single sheet. */
export type Scored = Pick<UnitPhaseResult, 'score'>;

/** Applicable and scored: neither N/A nor pending. */
const scored = (i: ItemScore | undefined): i is ItemScore & { score: number } =>
  !!i && !i.na && !i.pending && i.score !== null;
/** Lost points: applicable, known, and below the item's points. */
const losing = (i: ItemScore | undefined): boolean => scored(i) && i.score < i.max - EPS;
/** Full marks: applicable, known, and at the item's points. */
const full = (i: ItemScore | undefined): boolean => scored(i) && i.score >= i.max - EPS;

/**
 * Did rectification work: every pre-check loss classified at the formal assessment, and the new
 * losses, in the formal rubric order. Only items applicable and scored in both phases are compared:
 * an item N/A (or pending) in either phase was neither rectified nor newly lost — going N/A is a
 * change of scope, not of performance. A pre-check loss is fixed at full marks, partly fixed with
 * more points than at the pre-check but still below full, and not fixed with no more points than at
 * the pre-check. A compliance item scores full (符合) or nothing (不符合), so not met → met is fixed
 * and not met → not met is not fixed; it is never partly fixed. `claims` are the unit's own answers
 * per item (整改回复), carried into `items` as `claimed` so outputs can set them against the
 * verdict. Category deltas are differences of category scores (points), not of score/max ratios:
 * when N/A differs between the phases a category's applicable max differs too, and ratio deltas
 * would mix a change of scope with a change of performance. The total delta is of the N/A-rescaled
 * totals.
 */
export function precheckVsFormal(
  pre: Scored,
  formal: Scored,
  claims?: ReadonlyMap<string, RectClaim>,
): PrecheckVsFormal {
  const before = new Map(pre.score.items.map((i) => [i.code, i]));
  const lists: Record<RectVerdict, string[]> = { fixed: [], partly: [], not: [], new: [] };
  const items: RectifiedItem[] = [];
  for (const after of formal.score.items) {
    const b = before.get(after.code);
    if (!scored(b) || !scored(after)) continue;
    const verdict: RectVerdict | undefined = losing(b)
      ? full(after)
        ? 'fixed'
        : after.score > b.score + EPS
          ? 'partly'
          : 'not'
      : losing(after)
        ? 'new'
        : undefined;
    if (!verdict) continue;
    lists[verdict].push(after.code);
    const claimed = verdict === 'new' ? undefined : claims?.get(after.code);
    items.push({
      code: after.code,
      pre: b.score,
      formal: after.score,
      max: after.max,
      verdict,
      ...(claimed ? { claimed } : {}),
    });
  }
  const preCats = new Map(pre.score.categories.map((c) => [c.code, c.score]));
  return {
    fixed: lists.fixed,
    partlyFixed: lists.partly,
    stillLosing: lists.not,
    newLosses: lists.new,
    items,
    totalDelta: difference(formal.score.total, pre.score.total),
    categoryDeltas: formal.score.categories.map((c) => ({
      code: c.code,
      delta: difference(c.score, preCats.get(c.code) ?? 0),
    })),
  };
}

/** Adds up the classified items of the units compared (those with both phases). */
export function rectificationTotals(compared: readonly PrecheckVsFormal[]): RectificationTotals {
  return {
    units: compared.length,
    fixed: sumOf(compared, (c) => c.fixed.length),
    partly: sumOf(compared, (c) => c.partlyFixed.length),
    not: sumOf(compared, (c) => c.stillLosing.length),
    new: sumOf(compared, (c) => c.newLosses.length),
  };
}

const sumOf = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

/**
 * Where a unit rated itself above (over) or below (under) the panel, item by item, skipping items
 * N/A or pending on either side; totalDelta = self total − panel total. The self-assessment is one
 * sheet, so pass `{ score: scoreSheet(...) }` or a reconciled result alike.
 */
export function selfVsPanel(self: Scored, panel: Scored): SelfVsPanel {
  const mine = new Map(self.score.items.map((i) => [i.code, i]));
  const over: SelfVsPanel['over'] = [];
  const under: SelfVsPanel['under'] = [];
  for (const p of panel.score.items) {
    const s = mine.get(p.code);
    if (!s || s.na || p.na || s.pending || p.pending || s.score === null || p.score === null) continue;
    const row = { code: p.code, self: s.score, panel: p.score };
    if (s.score > p.score + EPS) over.push(row);
    else if (s.score < p.score - EPS) under.push(row);
  }
  return { totalDelta: difference(self.score.total, panel.score.total), over, under };
}

/** Lower edges of the distribution's bins: '<60' from 0, then width 5 from 60 up to 100. */
export const DISTRIBUTION_EDGES = [0, 60, 65, 70, 75, 80, 85, 90, 95, 100] as const;

/**
 * How totals spread across units. Bins are half-open [from, to) — a '<60' bin [0, 60), then
 * [60, 65) … [90, 95) — except the last, [95, 100], which also holds 100 (and anything above;
 * anything below 0 goes to the first). Rates are shares (0–1, 4 decimals) of the units whose
 * outcome is known (passes or grade not null), null when none is; mean and median are exact and
 * rounded to the hundredth by the one rule (stats.ts).
 */
export function distribution(
  totals: { total: number; grade: string | null; passes: boolean | null }[],
  excellentCode = 'excellent',
): Distribution {
  const bins = DISTRIBUTION_EDGES.slice(0, -1).map((from, i) => ({
    from,
    to: DISTRIBUTION_EDGES[i + 1]!,
    count: 0,
  }));
  for (const { total } of totals) {
    const i = bins.findIndex((b) => total < b.to);
    bins[i < 0 ? bins.length - 1 : i]!.count += 1;
  }
  const xs = totals.map((t) => t.total).sort((a, b) => a - b);
  const count = xs.length;
  const rate = (known: { ok: boolean }[]) =>
    known.length === 0 ? null : ratio(known.filter((k) => k.ok).length, known.length, 1, 4);
  return {
    count,
    mean: mean(xs),
    median: median(xs),
    min: count === 0 ? null : xs[0]!,
    max: count === 0 ? null : xs[count - 1]!,
    passRate: rate(totals.filter((t) => t.passes !== null).map((t) => ({ ok: t.passes === true }))),
    excellentRate: rate(
      totals.filter((t) => t.grade !== null).map((t) => ({ ok: t.grade === excellentCode })),
    ),
    bins,
  };
}

/** Ranks units by total, 1 = best; equal totals (to hundredths) share a rank (1, 1, 3). */
export function rankUnits(totals: { unit: string; total: number }[]): Map<string, number> {
  const sorted = [...totals].sort((a, b) => b.total - a.total);
  const ranks = new Map<string, number>();
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    const rank = prev && round2(prev.total) === round2(t.total) ? ranks.get(prev.unit)! : i + 1;
    ranks.set(t.unit, rank);
  });
  return ranks;
}
