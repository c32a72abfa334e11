import type { RuleSet } from './rule-set.ts';
import type { IssueParams } from './issues.ts';
import type { ItemScore, NodeScore } from './scoring.ts';
import type { Text } from './rule-set-schema.ts';

/** One reason a result did not reach a better grade (or reached the one it has). */
export interface GradeReason {
  code: 'grade.veto' | 'grade.below-total' | 'grade.key-not-full' | 'grade.category-ratio' | 'grade.reached';
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
 * fails the unit. Reasons list every condition missed on the way down, so feedback can say why.
 */
export function gradeResult(rs: RuleSet, r: Gradable): GradeOutcome {
  const fallback = rs.grading.fallback;
  if (r.vetoItems.length > 0) {
    return {
      code: fallback.code,
      label: fallback.label,
      passes: false,
      reasons: r.vetoItems.map((item) => ({ code: 'grade.veto', params: { item } })),
    };
  }
  const reasons: GradeReason[] = [];
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
              percent: Math.round((c.score / c.max) * 1000) / 10,
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
