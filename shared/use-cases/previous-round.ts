import type { UnitPhaseResult } from '../domain/results.ts';
import type { FeedbackPrevious, PreviousRound } from '../domain/round-report.ts';
import { tr, type Lang } from '../domain/text.ts';
import { yearOverYear } from '../domain/year-over-year.ts';
import { ApiError } from './api/errors.ts';
import type { RuleSetSource } from './check-sheet.ts';
import type { RoundRecord, Store } from './ports.ts';
import { roundResults, type RoundResults } from './round-results.ts';

/** A unit's formal result in an earlier round, with the rubric that scored it. */
export interface PreviousResult {
  round: string;
  rules: string;
  ruleVersion: number;
  result: UnitPhaseResult;
}

/**
 * The earlier formal result of each of `units`: from the most recent other assessment round of the
 * district (calibrations left out) created before `current` whose formal phase has a result for
 * the unit. Rounds are tried newest first, each computed at most once and only for the units still
 * without an earlier result; the search stops once every unit has one. An earlier round whose
 * results cannot be computed (its rubric version is gone, its roster missing) is passed over.
 * `formalClosed`: only rounds whose formal phase is closed (what a unit may see of them).
 */
export async function previousResults(
  current: RoundRecord,
  units: readonly string[],
  deps: { store: Store; rubrics: RuleSetSource },
  o: { formalClosed?: boolean } = {},
): Promise<Map<string, PreviousResult>> {
  const found = new Map<string, PreviousResult>();
  const waiting = new Set(units);
  if (waiting.size === 0) return found;
  const earlier = (await deps.store.listRounds())
    .filter(
      (r) =>
        r.round !== current.round &&
        r.kind !== 'calibration' &&
        r.createdAt < current.createdAt &&
        (!o.formalClosed || r.phases.formal === 'closed'),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.round.localeCompare(a.round));
  for (const r of earlier) {
    if (waiting.size === 0) break;
    let rr: RoundResults;
    try {
      rr = await roundResults(r.round, deps, new Set(waiting), { round: r });
    } catch (e) {
      if (e instanceof ApiError) continue;
      throw e;
    }
    for (const u of rr.units) {
      if (!u.formal || !waiting.has(u.unit)) continue;
      found.set(u.unit, { round: r.round, rules: r.rules, ruleVersion: r.ruleVersion, result: u.formal });
      waiting.delete(u.unit);
    }
  }
  return found;
}

/** A unit's formal result in this round against its earlier one, grades labelled in `lang`. */
export function previousRoundOf(
  prev: PreviousResult,
  cur: { round: RoundRecord; formal: UnitPhaseResult },
  lang: Lang,
): PreviousRound {
  const yoy = yearOverYear(
    { round: prev.round, ruleSet: prev.rules, ruleVersion: prev.ruleVersion, result: prev.result },
    {
      round: cur.round.round,
      ruleSet: cur.round.rules,
      ruleVersion: cur.round.ruleVersion,
      result: cur.formal,
    },
  );
  const label = (r: UnitPhaseResult) => (r.score.grade ? tr(r.score.grade.label, lang) : null);
  return { ...yoy, previousGradeLabel: label(prev.result), gradeLabel: label(cur.formal) };
}

/** The comparison as the feedback document shows it: category and item titles of this round's rubric. */
export function feedbackPrevious(
  p: PreviousRound,
  titles: { categories: ReadonlyMap<string, string>; items: ReadonlyMap<string, string> },
): FeedbackPrevious {
  return {
    ...p,
    categories: p.categoryDeltas.map((c) => ({
      code: c.code,
      title: titles.categories.get(c.code) ?? '',
      delta: c.delta,
    })),
    recurringItems: p.recurring.map((code) => ({ code, title: titles.items.get(code) ?? '' })),
  };
}
