import type { ItemScore, NodeScore } from './item-scores.ts';
import type { SheetScore } from './scoring.ts';
import { difference } from './stats.ts';

/**
 * A unit's formal result against its result in an earlier round of the district (year over year).
 * Items and categories are matched by code, whatever rubric or rubric version each round used:
 * - same rubric, same version: comparable;
 * - same rubric, another version: comparable, noted `version-changed`;
 * - another rubric: not comparable (`rubric-changed`) — totals and categories may mean different
 *   things — but the items losing points in both rounds are still listed by code;
 * - item codes present in only one of the two results: counted in `unmatched`, noted
 *   `items-unmatched`.
 * Pure: no I/O.
 */

/** One round's formal result for the unit, with the rubric that scored it. */
export interface YoyRound {
  round: string;
  ruleSet: string;
  ruleVersion: number;
  result: { score: Pick<SheetScore, 'total' | 'categories' | 'items'> & { grade: { code: string } | null } };
}

/** Why a comparison needs care. */
export type YoyNote = 'rubric-changed' | 'version-changed' | 'items-unmatched';

/** The change from the earlier round to this one. */
export interface YearOverYear {
  previousRound: string;
  /** False when the rounds used different rubrics: totals and categories are then not comparable. */
  comparable: boolean;
  notes: YoyNote[];
  previousTotal: number;
  total: number;
  /** total − previousTotal, by the one rounding rule. */
  totalDelta: number;
  /** Grade codes (null: no grade yet). */
  previousGrade: string | null;
  grade: string | null;
  /** Categories of both results, applicable in both, in this round's order: current − previous points. */
  categoryDeltas: { code: string; previous: number; current: number; delta: number }[];
  /** Items losing points in both rounds (applicable and scored in both), in this round's order. */
  recurring: string[];
  /** Item codes found in only one of the two results. */
  unmatched: number;
}

/** Tolerance for comparing scores kept to hundredths. */
const EPS = 1e-9;

/** Applicable, scored and below the item's points. */
const losing = (i: ItemScore | undefined): boolean =>
  !!i && !i.na && !i.pending && i.score !== null && i.score < i.max - EPS;

const applicable = (c: NodeScore | undefined): c is NodeScore => !!c && !c.na;

/** Compares a unit's formal result in an earlier round (`prev`) with this round's (`cur`). */
export function yearOverYear(prev: YoyRound, cur: YoyRound): YearOverYear {
  const p = prev.result.score;
  const c = cur.result.score;
  const before = new Map(p.items.map((i) => [i.code, i]));
  const now = new Set(c.items.map((i) => i.code));
  const unmatched =
    c.items.filter((i) => !before.has(i.code)).length + p.items.filter((i) => !now.has(i.code)).length;
  const sameRubric = prev.ruleSet === cur.ruleSet;
  const notes: YoyNote[] = [];
  if (!sameRubric) notes.push('rubric-changed');
  else if (prev.ruleVersion !== cur.ruleVersion) notes.push('version-changed');
  if (unmatched > 0) notes.push('items-unmatched');
  const preCats = new Map(p.categories.map((x) => [x.code, x]));
  return {
    previousRound: prev.round,
    comparable: sameRubric,
    notes,
    previousTotal: p.total,
    total: c.total,
    totalDelta: difference(c.total, p.total),
    previousGrade: p.grade?.code ?? null,
    grade: c.grade?.code ?? null,
    categoryDeltas: c.categories
      .filter((x) => applicable(x) && applicable(preCats.get(x.code)))
      .map((x) => {
        const previous = preCats.get(x.code)!.score;
        return { code: x.code, previous, current: x.score, delta: difference(x.score, previous) };
      }),
    recurring: c.items.filter((i) => losing(i) && losing(before.get(i.code))).map((i) => i.code),
    unmatched,
  };
}
