import type { ItemScore } from './item-scores.ts';
import type { Requirement } from './rule-set-schema.ts';
import { leavesOf, type RuleSet } from './rule-set.ts';
import { ratio, sum } from './stats.ts';

/**
 * The figures a grade is judged on, computed from item scores: the total (N/A rescaled, bonus
 * added up to its cap) and the share of applicable compliance items met. With `grade`, only the
 * items that count toward that grade (`countsFor`) take part.
 */

/** The share of applicable compliance items met (符合), in percent rounded by the one rule. */
export interface Share {
  met: number;
  applicable: number;
  percent: number;
}

const countsToward = (countsFor: readonly string[] | undefined, grade: string | undefined) =>
  grade === undefined || countsFor === undefined || countsFor.includes(grade);

/** An item is met when it earns full marks (符合), or does not apply (it cannot hold a grade back). */
export const isMet = (i: ItemScore): boolean => i.na || (i.score !== null && i.score >= i.max);

/** The total on the rule set's scale: the non-bonus items rescaled for N/A, plus the capped bonus. */
export function totalOf(
  rs: RuleSet,
  items: readonly ItemScore[],
  grade?: string,
): { total: number; raw: number; applicableMax: number; bonus: number } {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const raw: number[] = [];
  const max: number[] = [];
  const bonus: number[] = [];
  for (const cat of rs.categories) {
    const scored = leavesOf(cat)
      .filter((l) => countsToward(l.countsFor, grade))
      .map((l) => byCode.get(l.code))
      .filter((i): i is ItemScore => i !== undefined && !i.na);
    const points = sum(scored.map((i) => i.score ?? 0));
    if (cat.bonus) bonus.push(Math.min(cat.bonus.cap, points));
    else {
      raw.push(points);
      max.push(sum(scored.map((i) => i.max)));
    }
  }
  const r = sum(raw);
  const applicableMax = sum(max);
  const base = applicableMax > 0 ? ratio(r, applicableMax, rs.scale) : 0;
  const b = sum(bonus);
  return { total: b > 0 ? sum([base, b]) : base, raw: r, applicableMax, bonus: b };
}

/** The share of applicable compliance items met; null when the rule set has no compliance items. */
export function shareOf(rs: RuleSet, items: readonly ItemScore[], grade?: string): Share | null {
  const compliance = new Set(
    rs.leaves
      .filter((l) => l.method?.type === 'compliance' && countsToward(l.countsFor, grade))
      .map((l) => l.code),
  );
  if (compliance.size === 0) return null;
  const applicable = items.filter((i) => compliance.has(i.code) && !i.na);
  const met = applicable.filter(isMet).length;
  return { met, applicable: applicable.length, percent: ratio(met, applicable.length, 100) };
}

/** Whether the items hold a grade's requirement. */
export function holds(req: Requirement, met: (code: string) => boolean): boolean {
  if ('met' in req) return met(req.met);
  if ('all' in req) return req.all.every((r) => holds(r, met));
  return req.any.some((r) => holds(r, met));
}

/** A requirement in neutral notation for messages: `+` is "and", `/` is "or": "23+(61/62)". */
export function requirementText(req: Requirement, nested = false): string {
  if ('met' in req) return req.met;
  const parts = 'all' in req ? req.all : req.any;
  if (parts.length === 1) return requirementText(parts[0]!, nested);
  const s = parts.map((r) => requirementText(r, true)).join('all' in req ? '+' : '/');
  return nested ? `(${s})` : s;
}

/** True when some item of the rule set counts only toward some grades. */
export const hasGradeOnlyItems = (rs: RuleSet): boolean => rs.leaves.some((l) => l.countsFor !== undefined);
