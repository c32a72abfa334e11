import { leavesOf, type RuleSet } from './rule-set.ts';
import type { IssueParams } from './issues.ts';
import type { ItemScore, NodeScore } from './item-scores.ts';
import { ratio } from './stats.ts';
import type { Text } from './rule-set-schema.ts';
import {
  hasGradeOnlyItems,
  holds,
  isMet,
  requirementText,
  shareOf,
  totalOf,
  type Share,
} from './measures.ts';

/** One reason a result did not reach a better grade (or reached the one it has). */
export interface GradeReason {
  code:
    | 'grade.veto'
    | 'grade.veto-confirmed'
    | 'grade.veto-overturned'
    | 'grade.below-total'
    | 'grade.key-not-full'
    | 'grade.category-ratio'
    | 'grade.item-ratio'
    | 'grade.below-share'
    | 'grade.requirement'
    | 'grade.requirement-item'
    | 'grade.fact'
    | 'grade.reached'
    | 'grade.reached-share';
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
  share?: Share | null | undefined;
  failedFacts?: readonly string[] | undefined;
}

/** Below a grade's minimum: under it, or exactly on it when the grade excludes its minimum. */
const below = (value: number, min: number, includeMin: boolean | undefined) =>
  includeMin === false ? value <= min : value < min;

/**
 * Grades a result: the first grade of the policy whose conditions all hold (total, share of
 * compliance items met, every item or category at a share of its points, key items full, required
 * items met), unless a veto item or a fact that fails the unit outright gives the rule set's
 * fallback grade, whatever the total. Items counting only toward some grades (`countsFor`) take part
 * only in those grades' figures; bonus categories add to the total but need not reach any share.
 * Reasons list every condition missed on the way down, so feedback can say why; a veto the panel
 * confirmed or overturned is named with the panel's reason.
 */
export function gradeResult(rs: RuleSet, r: Gradable): GradeOutcome {
  const fallback = rs.grading.fallback;
  const decisionOf = (code: string) => r.items.find((i) => i.code === code)?.vetoDecision;
  const facts = r.failedFacts ?? [];
  if (r.vetoItems.length > 0 || facts.length > 0) {
    return {
      code: fallback.code,
      label: fallback.label,
      passes: false,
      reasons: [
        ...facts.map((fact): GradeReason => ({ code: 'grade.fact', params: { fact } })),
        ...r.vetoItems.map((item): GradeReason => {
          const d = decisionOf(item);
          return d?.verdict === 'confirm'
            ? { code: 'grade.veto-confirmed', params: { item, reason: d.reason } }
            : { code: 'grade.veto', params: { item } };
        }),
      ],
    };
  }
  const byGrade = hasGradeOnlyItems(rs);
  const inBonus = new Set(
    rs.categories.filter((c) => c.bonus).flatMap((c) => [c.code, ...leavesOf(c).map((l) => l.code)]),
  );
  const byCode = new Map(r.items.map((i) => [i.code, i]));
  const met = (code: string) => {
    const i = byCode.get(code);
    return i !== undefined && isMet(i);
  };
  const reasons: GradeReason[] = r.items
    .filter((i) => i.vetoDecision?.verdict === 'overturn')
    .map((i) => ({
      code: 'grade.veto-overturned',
      params: { item: i.code, reason: i.vetoDecision!.reason },
    }));
  for (const g of rs.grading.grades) {
    const missed: GradeReason[] = [];
    // Items marked for some grades only (`countsFor`) take part only in those grades' figures.
    const counts = (code: string) => {
      const cf = rs.byCode.get(code)?.countsFor;
      return cf === undefined || cf.includes(g.code);
    };
    const total = byGrade ? totalOf(rs, r.items, g.code).total : r.total;
    const share = byGrade ? shareOf(rs, r.items, g.code) : r.share;
    if (below(total, g.minTotal, g.includeMin)) {
      missed.push({ code: 'grade.below-total', params: { grade: g.code, total, min: g.minTotal } });
    }
    if (g.minShare !== undefined && below(share?.percent ?? 0, g.minShare, g.includeMin)) {
      missed.push({
        code: 'grade.below-share',
        params: { grade: g.code, percent: share?.percent ?? 0, min: g.minShare },
      });
    }
    if (g.minItemRatio !== undefined) {
      for (const i of r.items) {
        if (i.na || inBonus.has(i.code) || !counts(i.code) || i.max <= 0) continue;
        if ((i.score ?? 0) / i.max < g.minItemRatio - 1e-9) {
          missed.push({
            code: 'grade.item-ratio',
            params: {
              grade: g.code,
              item: i.code,
              percent: ratio(i.score ?? 0, i.max, 100, 1),
              min: g.minItemRatio * 100,
            },
          });
        }
      }
    }
    for (const req of g.requires ?? []) {
      if (holds(req, met)) continue;
      // One named item reads plainly; a combination needs the legend of its signs.
      missed.push(
        'met' in req
          ? { code: 'grade.requirement-item', params: { grade: g.code, item: req.met } }
          : { code: 'grade.requirement', params: { grade: g.code, rule: requirementText(req) } },
      );
    }
    if (g.minCategoryRatio !== undefined) {
      for (const c of r.categories) {
        if (!c.na && !inBonus.has(c.code) && c.max > 0 && c.score / c.max < g.minCategoryRatio - 1e-9) {
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
      reasons.push(
        g.minShare !== undefined
          ? {
              code: 'grade.reached-share',
              params: { grade: g.code, percent: share?.percent ?? 0, min: g.minShare },
            }
          : { code: 'grade.reached', params: { grade: g.code, total, min: g.minTotal } },
      );
      return { code: g.code, label: g.label, passes: g.passes, reasons };
    }
    reasons.push(...missed);
  }
  return { code: fallback.code, label: fallback.label, passes: false, reasons };
}
