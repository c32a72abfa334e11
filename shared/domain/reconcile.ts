import type { Phase } from './layout.ts';
import { message } from './messages.ts';
import type { Lang } from './text.ts';
import type { RuleNode, RuleSet } from './rule-set.ts';
import { aggregateItems, methodPoints, type ItemScore } from './scoring.ts';
import { round2 } from './stats.ts';
import {
  TRIMMED_MEAN_MIN_ASSESSORS,
  type AssessorSheet,
  type FlagReason,
  type MethodNote,
  type ReconcileMethod,
  type ReconcileOptions,
  type ReconciledItem,
  type UnitPhaseResult,
} from './results.ts';

/** Default share of an item's points beyond which the assessors' spread sends it to the panel. */
export const DEFAULT_SPREAD_THRESHOLD = 0.2;

/** Why an item went to panel discussion, in words (catalogue entries `flag.*`). */
export function flagReasonText(reason: FlagReason, lang: Lang): string {
  return message(`flag.${reason}`, { percent: DEFAULT_SPREAD_THRESHOLD * 100 }, lang);
}

/** Tolerance for comparing scores kept to hundredths. */
const EPS = 1e-9;

/** Combines scores with a method; null when there are none. Trimmed mean needs the caller's count check. */
export function combine(method: ReconcileMethod, scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (method === 'mean') return round2(mean(sorted));
  if (method === 'trimmed-mean') return round2(mean(sorted.slice(1, -1)));
  const mid = Math.floor(sorted.length / 2);
  return round2(sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Distinct non-empty texts, trimmed, in first-seen order. */
function distinct(texts: (string | undefined)[]): string[] {
  return [...new Set(texts.map((t) => t?.trim() ?? '').filter((t) => t !== ''))];
}

/**
 * Reconciles a unit's back-to-back sheets (背对背) item by item (合议): each leaf's scores are
 * combined by the method, items the panel should discuss are flagged, agreed scores override the
 * computed ones, and the items are added up by the rule set (`aggregateItems`).
 *
 * Choices beyond the brief, documented here:
 * - N/A on a category or group in a sheet covers the leaves below it, as in `scoreSheet`.
 * - An item is N/A when more than half of all assessors mark it so; its score is then 0 (excluded
 *   from totals) while `computed` still shows the method over the minority's scores for the panel.
 * - An agreed score is the panel's decision that the item applies: it clears N/A and pending.
 * - An applicable item nobody scored is pending (score null), never a silent zero.
 * - With trimmed mean, an item with fewer than TRIMMED_MEAN_MIN_ASSESSORS scores (some assessors
 *   marked it N/A) falls back to the mean; `methodNote` names those items.
 * - Vetoes (一票否决) are never decided by a head count. When every assessor answers the condition
 *   yes, the veto applies. When some do and others do not (no, or N/A), the item is flagged
 *   `veto-disagreement` and the panel must confirm or overturn it with a reason on the 合议表:
 *   confirmed, it fails the unit whatever its total; overturned, it does not. Until the panel
 *   decides, the veto is pending: the result is incomplete and has no grade (`vetoPending`), as when
 *   a score is missing — a grade shown then would either drop one assessor's veto without notice or
 *   fail the unit on a minority's word before the panel has met.
 * - A compliance item (符合/不符合) is met when more than half of the assessors who judged it found it
 *   met, else not met (a tie too); any disagreement goes to the panel (its spread is the item's
 *   points).
 * - A fact of the rule set that fails the unit outright (grading.facts: no self-check submitted, an
 *   archive-safety incident...) applies when every assessor recorded it; recorded by only some, it
 *   does not apply (the 合议表 has no decision for facts yet).
 */
export function reconcile(
  rs: RuleSet,
  unit: string,
  phase: Phase,
  sheets: AssessorSheet[],
  opts: ReconcileOptions,
): UnitPhaseResult {
  const ordered = [...sheets].sort((a, b) =>
    a.assessor < b.assessor ? -1 : a.assessor > b.assessor ? 1 : 0,
  );
  const n = ordered.length;
  const threshold = opts.spreadThreshold ?? DEFAULT_SPREAD_THRESHOLD;
  const trimmedWanted = opts.method === 'trimmed-mean';
  const method: ReconcileMethod = trimmedWanted && n < TRIMMED_MEAN_MIN_ASSESSORS ? 'mean' : opts.method;
  const itemFallbacks: string[] = [];
  const byCode = ordered.map((s) => new Map(s.items.map((i) => [i.code, i])));
  const naIn = (entries: Map<string, AssessorSheet['items'][number]>, leaf: RuleNode): boolean => {
    for (
      let node: RuleNode | undefined = leaf;
      node;
      node = node.parent ? rs.byCode.get(node.parent) : undefined
    ) {
      if (entries.get(node.code)?.na) return true;
    }
    return false;
  };

  const items: ReconciledItem[] = rs.leaves.map((leaf) => {
    const entries = ordered.map((s, i) => ({
      assessor: s.assessor,
      entry: byCode[i]!.get(leaf.code),
      na: naIn(byCode[i]!, leaf),
    }));
    const naCount = entries.filter((e) => e.na).length;
    const na = naCount > n / 2;
    const scores = entries
      .filter((e) => !e.na && typeof e.entry?.score === 'number')
      .map((e) => e.entry!.score!);
    const vetoYes = entries.filter((e) => !e.na && e.entry?.vetoed === true).length;

    const reasons = new Set<FlagReason>();
    if (naCount > 0 && naCount < n) reasons.add('na-disagreement');
    const spotcheck = leaf.method?.type === 'spotcheck';
    let computed: number | null;
    if (spotcheck) {
      const pts = methodPoints(
        leaf.method!,
        leaf.maxPoints,
        {},
        { spotcheckPercents: opts.spotcheckPercents },
      );
      computed = pts === null ? null : round2(pts);
    } else {
      let m = method;
      if (m === 'trimmed-mean' && scores.length < TRIMMED_MEAN_MIN_ASSESSORS) {
        m = 'mean';
        if (scores.length > 0) itemFallbacks.push(leaf.code);
      }
      computed =
        leaf.method?.type === 'compliance' && scores.length > 0
          ? // 符合 / 不符合 is a judgement, not a measure: met when most assessors found it met (a tie
            // is not met until the panel agrees), never a fraction of a point.
            scores.filter((x) => x >= leaf.maxPoints - EPS).length * 2 > scores.length
            ? leaf.maxPoints
            : 0
          : combine(m, scores);
      const range = scores.length > 0 ? Math.max(...scores) - Math.min(...scores) : 0;
      if (range > threshold * leaf.maxPoints + EPS) reasons.add('spread');
      if (range > EPS && leaf.key) reasons.add('key-disagreement');
      if (range > EPS && leaf.veto) reasons.add('veto-item-disagreement');
    }
    // A veto split: some assessors answered the condition yes, others no or N/A. The panel decides it.
    const vetoSplit = vetoYes > 0 && vetoYes < n;
    if (vetoSplit) reasons.add('veto-disagreement');
    const vetoDecision = vetoSplit ? opts.vetoDecisions?.get(leaf.code) : undefined;

    const agreed = opts.agreed?.get(leaf.code);
    const finalNa = na && !agreed;
    const score = agreed ? agreed.score : finalNa ? 0 : computed;
    return {
      code: leaf.code,
      max: leaf.maxPoints,
      score,
      computed,
      na: finalNa,
      pending: !finalNa && score === null,
      key: leaf.key,
      vetoed: vetoSplit ? vetoDecision?.verdict === 'confirm' : vetoYes > 0,
      vetoYes,
      vetoPending: vetoSplit && !vetoDecision,
      vetoDecision,
      assessorScores: entries.map((e) => ({
        assessor: e.assessor,
        score: e.na ? null : (e.entry?.score ?? null),
        na: e.na,
        veto: !e.na && e.entry?.vetoed === true,
      })),
      flagged: reasons.size > 0,
      flagReasons: [...reasons],
      agreed,
      problems: distinct(entries.map((e) => e.entry?.problem)),
      suggestions: distinct(entries.map((e) => e.entry?.suggestion)),
    };
  });

  const methodNote: MethodNote | undefined =
    trimmedWanted && method === 'mean'
      ? { code: 'recon.trimmed-fallback', params: { min: TRIMMED_MEAN_MIN_ASSESSORS, n } }
      : itemFallbacks.length > 0
        ? {
            code: 'recon.trimmed-item-fallback',
            params: { min: TRIMMED_MEAN_MIN_ASSESSORS, items: itemFallbacks.join(', ') },
          }
        : undefined;
  return {
    unit,
    phase,
    method,
    methodNote,
    assessors: ordered.map((s) => s.assessor),
    items,
    // A fact that fails the unit outright applies when every assessor recorded it.
    score: aggregateItems(
      rs,
      items as ItemScore[],
      (rs.grading.facts ?? [])
        .map((f) => f.code)
        .filter((f) => n > 0 && ordered.every((s) => s.failedFacts?.includes(f))),
    ),
    sources: ordered.map((s) => ({ assessor: s.assessor, uploadId: s.uploadId, receivedAt: s.receivedAt })),
  };
}
