import type { Band, Method } from './rule-set-schema.ts';
import { leavesOf, type RuleNode, type RuleSet } from './rule-set.ts';
import { difference, ratio, round2, sum } from './stats.ts';
import { gradeResult, type GradeOutcome } from './grading.ts';
import type { ItemScore, NodeScore } from './item-scores.ts';
import { shareOf, totalOf, type Share } from './measures.ts';

export type { ItemScore, NodeScore } from './item-scores.ts';

/** What a person entered for one rubric node, already parsed into plain values. */
export interface ItemInputs {
  score?: number | undefined;
  measure?: number | undefined;
  ticks?: (boolean | undefined)[] | undefined;
  counts?: (number | undefined)[] | undefined;
  /** A compliance item's answer: 符合 (true) or 不符合 (false); 不适用 is `na`. */
  met?: boolean | undefined;
  /** A sampling item's sampled entries' references (档号...), kept with the passes in `ticks`. */
  refs?: (string | undefined)[] | undefined;
  /** The evidence reference (见证材料编号) of an item that defines its evidence. */
  evidenceRef?: string | undefined;
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
  /** Points of bonus categories (加分项) added to the total, after their caps. */
  bonus: number;
  /** The share of applicable compliance items met; null without compliance items. */
  share: Share | null;
  /** The rule set's facts that fail the unit outright which hold for this result. */
  failedFacts: string[];
  /** Veto disagreements awaiting the panel's decision: the result is incomplete and ungraded until decided. */
  vetoPending: string[];
  grade: GradeOutcome | null;
  categories: NodeScore[];
  groups: NodeScore[];
  items: ItemScore[];
}

/** Whether a value falls in band `i` of `n`, by the band's explicit (or default) edge sides. */
export function inBand(b: Band, i: number, n: number, value: number): boolean {
  const low = (b.includeMin ?? true) ? value >= b.min : value > b.min;
  const high = b.max === undefined || ((b.includeMax ?? i === n - 1) ? value <= b.max : value < b.max);
  return low && high;
}

/** Points a scale item earns for a measured value (`max`: the item's points, for rate formulas). */
export function scalePoints(bands: readonly Band[], value: number, max = 0): number {
  const band =
    bands.find((b, i) => inBand(b, i, bands.length, value)) ??
    (value < (bands[0]?.min ?? 0) ? bands[0] : bands[bands.length - 1]);
  if (!band) return 0;
  const p = band.points;
  if (typeof p === 'number') return p;
  if (p === 'proportional') return 0; // never scored: rule validation rejects it
  if (!Array.isArray(p)) return ratio(value, 100, p.of ?? max); // the rate × points, rounded once
  const [from, to] = p;
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
      return input.measure === undefined ? 0 : Math.min(max, scalePoints(method.bands, input.measure, max));
    case 'compliance':
      return input.met === true ? max : 0;
    case 'count': {
      const n = method.things ? (input.ticks ?? []).filter((t) => t === true).length : (input.measure ?? 0);
      return Math.min(max, method.each * Math.max(0, n));
    }
    case 'sampling': {
      const sample = (input.ticks ?? []).slice(0, method.size);
      const checked = sample.filter((t) => t !== undefined).length;
      const passed = sample.filter((t) => t === true).length;
      if (checked === 0) return 0;
      if (checked < method.size && method.whenShort === 'rescale') return ratio(passed, checked, max);
      return Math.min(max, method.each * passed);
    }
    case 'defects':
      // 每类扣完为止: each part loses `per` a defect, never below its floor.
      return sum(
        method.parts.map((part, i) =>
          Math.max(part.floor, difference(part.points, method.per * Math.max(0, input.counts?.[i] ?? 0))),
        ),
      );
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
  const facts = (rs.grading.facts ?? []).filter((f) => inputs.get(f.code)?.veto === true).map((f) => f.code);
  return aggregateItems(rs, items, facts);
}

/**
 * Adds up item scores (from one sheet, or reconciled from several): category and group subtotals
 * over applicable items, the total rescaled for N/A, pending items, veto and grade.
 */
export function aggregateItems(rs: RuleSet, items: ItemScore[], failedFacts: string[] = []): SheetScore {
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
  // Exact decimal sums and ratio, rounded once to the hundredth (stats.ts): 80.63 / 88 × 100 → 91.63;
  // bonus categories (加分项) outside the scale, added after, up to their caps.
  const { total, raw, applicableMax, bonus } = totalOf(rs, items);
  const share = shareOf(rs, items);
  const pending = items.filter((i) => i.pending).map((i) => i.code);
  const vetoItems = items.filter((i) => i.vetoed).map((i) => i.code);
  // A veto the panel has still to confirm or overturn holds the grade back, as a missing score does.
  const vetoPending = items.filter((i) => i.vetoPending === true).map((i) => i.code);
  const base = {
    total,
    raw,
    applicableMax,
    bonus,
    share,
    failedFacts,
    max: rs.scale,
    categories,
    groups,
    items,
    pending,
    vetoItems,
  };
  const complete = pending.length === 0 && vetoPending.length === 0;
  return {
    ...base,
    vetoPending,
    complete,
    vetoed: vetoItems.length > 0,
    grade: complete ? gradeResult(rs, base) : null,
  };
}
