import type { Band, Method } from './rule-set-schema.ts';
import { leavesOf, type RuleNode, type RuleSet } from './rule-set.ts';
import { ratio, round2, sum } from './stats.ts';
import { gradeResult, type GradeOutcome } from './grading.ts';

/** What a person entered for one rubric node, already parsed into plain values. */
export interface ItemInputs {
  score?: number | undefined;
  measure?: number | undefined;
  ticks?: (boolean | undefined)[] | undefined;
  counts?: (number | undefined)[] | undefined;
  na?: boolean | undefined;
  veto?: boolean | undefined;
  problem?: string | undefined;
  suggestion?: string | undefined;
}

/** Inputs of a whole sheet by node code (N/A may sit on a category or group). */
export type SheetInputs = ReadonlyMap<string, ItemInputs>;

/** Extra data a sheet's score may need from elsewhere. */
export interface ScoreContext {
  /** Percentages (0-100) of the spot-checked subordinates, for spot-check derived items. */
  spotcheckPercents?: readonly number[] | undefined;
}

/** One leaf's outcome. */
export interface ItemScore {
  code: string;
  score: number | null;
  max: number;
  na: boolean;
  /** Spot-check derived and not computable from this sheet alone. */
  pending: boolean;
  key: boolean;
  /** The veto applies to the result (a sheet's yes; reconciled: unanimous yes or confirmed by the panel). */
  vetoed: boolean;
  /** Reconciled only: assessors split on the veto and the panel has not decided; the grade waits. */
  vetoPending?: boolean | undefined;
  /** Reconciled only: the panel's decision on a veto disagreement, with its reason. */
  vetoDecision?: { verdict: 'confirm' | 'overturn'; reason: string } | undefined;
  problem?: string | undefined;
  suggestion?: string | undefined;
}

/** A category's (or group's) subtotal over its applicable leaves. */
export interface NodeScore {
  code: string;
  score: number;
  /** Applicable points: the node's points less N/A leaves. */
  max: number;
  na: boolean;
}

/** A whole sheet's score, on the rule set's scale after N/A rescaling. */
export interface SheetScore {
  total: number;
  raw: number;
  applicableMax: number;
  max: number;
  complete: boolean;
  pending: string[];
  vetoed: boolean;
  vetoItems: string[];
  /** Veto disagreements awaiting the panel's decision: the result is incomplete and ungraded until decided. */
  vetoPending: string[];
  grade: GradeOutcome | null;
  categories: NodeScore[];
  groups: NodeScore[];
  items: ItemScore[];
}

/** Points a scale item earns for a measured value. */
export function scalePoints(bands: readonly Band[], value: number): number {
  const band =
    bands.find(
      (b, i) => value >= b.min && (b.max === undefined || value < b.max || i === bands.length - 1),
    ) ?? (value < (bands[0]?.min ?? 0) ? bands[0] : bands[bands.length - 1]);
  if (!band) return 0;
  if (!Array.isArray(band.points)) return band.points;
  const [from, to] = band.points;
  const span = (band.max ?? band.min) - band.min;
  const t = span === 0 ? 1 : Math.min(1, Math.max(0, (value - band.min) / span));
  return from + (to - from) * t;
}

/** Points a leaf earns from its inputs (no N/A or pending handling). */
export function methodPoints(
  method: Method,
  max: number,
  input: ItemInputs,
  ctx: ScoreContext,
): number | null {
  switch (method.type) {
    case 'direct':
      return Math.min(max, Math.max(0, input.score ?? 0));
    case 'checklist':
      return Math.min(
        max,
        method.clauses.reduce((s, c, i) => s + (input.ticks?.[i] ? c.points : 0), 0),
      );
    case 'deduction': {
      const lost = method.deductions.reduce((s, d, i) => s + (input.counts?.[i] ?? 0) * d.points, 0);
      return Math.max(0, max - lost); // 扣完为止: never below zero
    }
    case 'scale':
      return input.measure === undefined ? 0 : Math.min(max, scalePoints(method.bands, input.measure));
    case 'spotcheck': {
      const p = ctx.spotcheckPercents;
      if (!p || p.length < method.sheets) return null;
      const mean = p.reduce((s, x) => s + x, 0) / p.length;
      return (max * Math.min(100, Math.max(0, mean))) / 100;
    }
  }
}

/** Scores a sheet from its inputs: item scores, subtotals, N/A rescaling, veto and grade. */
export function scoreSheet(rs: RuleSet, inputs: SheetInputs, ctx: ScoreContext = {}): SheetScore {
  const naCodes = new Set<string>();
  for (const node of rs.nodes) {
    if (inputs.get(node.code)?.na || (node.parent && naCodes.has(node.parent))) naCodes.add(node.code);
  }
  const items: ItemScore[] = rs.leaves.map((leaf) => {
    const input = inputs.get(leaf.code) ?? {};
    const na = naCodes.has(leaf.code);
    const pts = na || !leaf.method ? 0 : methodPoints(leaf.method, leaf.maxPoints, input, ctx);
    return {
      code: leaf.code,
      score: na ? 0 : pts === null ? null : round2(pts),
      max: leaf.maxPoints,
      na,
      pending: !na && pts === null,
      key: leaf.key,
      vetoed: !na && input.veto === true,
      problem: input.problem,
      suggestion: input.suggestion,
    };
  });
  return aggregateItems(rs, items);
}

/**
 * Adds up item scores (from one sheet, or reconciled from several): category and group subtotals
 * over applicable items, the total rescaled for N/A, pending items, veto and grade.
 */
export function aggregateItems(rs: RuleSet, items: ItemScore[]): SheetScore {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const subtotal = (node: RuleNode): NodeScore => {
    const leaves = leavesOf(node).map((l) => byCode.get(l.code)!);
    const applicable = leaves.filter((l) => !l.na);
    return {
      code: node.code,
      score: sum(applicable.map((l) => l.score ?? 0)),
      max: sum(applicable.map((l) => l.max)),
      na: applicable.length === 0,
    };
  };
  const categories = rs.categories.map(subtotal);
  const groups = rs.nodes.filter((n) => n.depth > 0 && n.children.length > 0).map(subtotal);
  // Exact decimal sums and ratio, rounded once to the hundredth (stats.ts): 80.63 / 88 × 100 → 91.63.
  const raw = sum(categories.map((c) => c.score));
  const applicableMax = sum(categories.map((c) => c.max));
  const total = applicableMax > 0 ? ratio(raw, applicableMax, rs.scale) : 0;
  const pending = items.filter((i) => i.pending).map((i) => i.code);
  const vetoItems = items.filter((i) => i.vetoed).map((i) => i.code);
  // A veto the panel has still to confirm or overturn holds the grade back, as a missing score does.
  const vetoPending = items.filter((i) => i.vetoPending === true).map((i) => i.code);
  const base = { total, raw, applicableMax, max: rs.scale, categories, groups, items, pending, vetoItems };
  const complete = pending.length === 0 && vetoPending.length === 0;
  return {
    ...base,
    vetoPending,
    complete,
    vetoed: vetoItems.length > 0,
    grade: complete ? gradeResult(rs, base) : null,
  };
}
