import type { RuleSet } from './rule-set.ts';
import type { IssueParams } from './issues.ts';
import type { ItemScore, NodeScore } from './scoring.ts';
import { ratio } from './stats.ts';
import type { Text } from './rule-set-schema.ts';

/** One reason a result did not reach a better grade (or reached the one it has). */
export interface GradeReason {
  code:
    | 'grade.veto'
    | 'grade.veto-confirmed'
    | 'grade.veto-overturned'
    | 'grade.below-total'
    | 'grade.key-not-full'
    | 'grade.category-ratio'
    | 'grade.reached';
  params: IssueParams;
}

/** The grade a result earned, and why. */
export interface GradeOutcome {
  code: string;
  label: Text;
  passes: boolean;
  reasons: GradeReason[];
}

interface Gradable {
  total: number;
  categories: NodeScore[];
  items: ItemScore[];
  vetoItems: string[];
}

/**
 * Grades a result: the first grade of the policy whose conditions all hold, unless a veto item
 * fails the unit (the rule set's fallback grade, whatever the total). Reasons list every condition
 * missed on the way down, so feedback can say why; a veto the panel confirmed or overturned is
 * named with the panel's reason.
 */
export function gradeResult(rs: RuleSet, r: Gradable): GradeOutcome {
  const fallback = rs.grading.fallback;
  const decisionOf = (code: string) => r.items.find((i) => i.code === code)?.vetoDecision;
  if (r.vetoItems.length > 0) {
    return {
      code: fallback.code,
      label: fallback.label,
      passes: false,
      reasons: r.vetoItems.map((item): GradeReason => {
        const d = decisionOf(item);
        return d?.verdict === 'confirm'
          ? { code: 'grade.veto-confirmed', params: { item, reason: d.reason } }
          : { code: 'grade.veto', params: { item } };
      }),
    };
  }
  const reasons: GradeReason[] = r.items
    .filter((i) => i.vetoDecision?.verdict === 'overturn')
    .map((i) => ({
      code: 'grade.veto-overturned',
      params: { item: i.code, reason: i.vetoDecision!.reason },
    }));
  for (const g of rs.grading.grades) {
    const missed: GradeReason[] = [];
    if (r.total < g.minTotal) {
      missed.push({ code: 'grade.below-total', params: { grade: g.code, total: r.total, min: g.minTotal } });
    }
    if (g.minCategoryRatio !== undefined) {
      for (const c of r.categories) {
        if (!c.na && c.max > 0 && c.score / c.max < g.minCategoryRatio - 1e-9) {
          missed.push({
            code: 'grade.category-ratio',
            params: {
              grade: g.code,
              category: c.code,
              percent: ratio(c.score, c.max, 100, 1),
              min: g.minCategoryRatio * 100,
            },
          });
        }
      }
    }
    if (g.keyItemsFull) {
      for (const i of r.items) {
        if (i.key && !i.na && (i.score ?? 0) < i.max) {
          missed.push({
            code: 'grade.key-not-full',
            params: { grade: g.code, item: i.code, score: i.score ?? 0, max: i.max },
          });
        }
      }
    }
    if (missed.length === 0) {
      reasons.push({ code: 'grade.reached', params: { grade: g.code, total: r.total, min: g.minTotal } });
      return { code: g.code, label: g.label, passes: g.passes, reasons };
    }
    reasons.push(...missed);
  }
  return { code: fallback.code, label: fallback.label, passes: false, reasons };
}
