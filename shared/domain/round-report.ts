import type { Phase } from './layout.ts';
import type { YearOverYear } from './year-over-year.ts';

/**
 * Everything the consolidated workbook, the feedback documents and the municipal comparison show
 * about a round, as plain data with texts already in the report's language. Built by the results
 * use case from stored submissions; written by shared/excel and shared/documents.
 */
export interface RoundReport {
  district: string;
  districtName: string;
  round: string;
  lang: 'zh' | 'en';
  generatedAt: string;
  ruleSet: { id: string; version: number; fingerprint: string; title: string; scale: number };
  /** Reconciliation method used for formal results, and its note (e.g. trimmed mean fell back to mean). */
  method: string;
  categories: { code: string; title: string; max: number }[];
  /** Scored items (leaves) in rubric order. */
  items: { code: string; title: string; max: number; key: boolean; category: string }[];
  units: UnitReport[];
  assessors: AssessorConsistency[];
  /**
   * Krippendorff's alpha of formal scores across the round; `units` counts the (unit, item) pairs
   * with at least two scores (derived spot-check items and items finally N/A are left out).
   */
  agreement: { name: string; value: number | null; units: number; assessors: number; note: string };
  /** ICC(2,1) and ICC(3,1) of formal scores (Shrout & Fleiss 1979): pooled for the round, and per panel. */
  icc: {
    round: { icc21: number | null; icc31: number | null; panels: number; items: number };
    panels: {
      unit: string;
      assessors: string[];
      items: number;
      icc21: number | null;
      icc31: number | null;
    }[];
    note: string;
  };
  distribution: Distribution;
  /** Pre-check losses fixed, partly fixed, not fixed, and new losses, counted over the district. */
  rectification: RectificationTotals;
  missing: { unit: string; phase: Phase; assessor: string }[];
  sources: { unit: string; phase: Phase; assessor: string; uploadId: string; receivedAt: string }[];
}

/** A phase's outcome for one unit, reduced for reports. */
export interface PhaseSummary {
  total: number;
  complete: boolean;
  grade: string | null;
  gradeLabel: string | null;
  gradeReasons: string[];
  passes: boolean | null;
  categories: { code: string; score: number; max: number; na: boolean }[];
  items: { code: string; score: number | null; max: number; na: boolean; pending: boolean }[];
  assessors: string[];
  /** Sheets an admin uploaded after the panel's scores were visible (late sheets), with the reason. */
  late: { assessor: string; reason: string; at: string }[];
}

/** One assessed unit in the round. */
export interface UnitReport {
  code: string;
  name: string;
  self?: PhaseSummary | undefined;
  precheck?: PhaseSummary | undefined;
  formal?: PhaseSummary | undefined;
  /** Rank by formal total (1 = best); ties share a rank. */
  rank?: number | undefined;
  /** Passed the formal assessment: gets the plaque (标牌). */
  plaque: boolean;
  precheckVsFormal?: PrecheckVsFormal | undefined;
  selfVsPanel?: SelfVsPanel | undefined;
  /** The unit's formal result against its last earlier round of the district, when there is one. */
  previous?: PreviousRound | undefined;
  /** Items sent to panel discussion, with every assessor's score and any agreed score. */
  flagged: FlaggedItem[];
  feedback: FeedbackModel;
}

/** An item the panel discussed. */
export interface FlaggedItem {
  code: string;
  reasons: string[];
  scores: { assessor: string; score: number | null }[];
  computed: number | null;
  agreed?: { score: number; reason: string; by: string } | undefined;
  /**
   * Where its reconciliation stands: an agreed score was entered; the unit's 合议表 came back
   * without one for this item, so the computed score stands (no agreed score needed); or no 合议表
   * has come back for the unit yet.
   */
  status: 'agreed' | 'computed-stands' | 'not-reconciled';
  /** On a veto item the assessors split on: the panel's decision, or that it is still awaited. */
  veto?: { decision: 'confirm' | 'overturn' | 'pending'; reason: string; by: string } | undefined;
}

/** What a unit says it did about a pre-check loss, in its own rectification answer (整改回复). */
export type RectClaim = 'fixed' | 'partly' | 'not';

/**
 * What the formal assessment found of a pre-check loss: fixed (full marks now), partly (more points
 * than at the pre-check, still below full), not (no more points than at the pre-check); or `new`, an
 * item at full marks at the pre-check that lost points at the formal assessment.
 */
export type RectVerdict = 'fixed' | 'partly' | 'not' | 'new';

/** One item classified between pre-check and formal, with the unit's own claim when it made one. */
export interface RectifiedItem {
  code: string;
  pre: number | null;
  formal: number | null;
  /** The item's points at the formal assessment. */
  max: number;
  verdict: RectVerdict;
  claimed?: RectClaim | undefined;
}

/**
 * Did rectification work? Items by what happened between pre-check and formal; `items` holds the
 * same items (codes in the lists) with their scores, in the formal rubric order.
 */
export interface PrecheckVsFormal {
  fixed: string[];
  /** Pre-check losses with more points at formal, still below full marks. */
  partlyFixed: string[];
  /**
   * Pre-check losses not fixed: no more points at formal than at the pre-check. (Before
   * `partlyFixed` existed, an improved item still below full marks was counted here too.)
   */
  stillLosing: string[];
  newLosses: string[];
  items: RectifiedItem[];
  totalDelta: number;
  categoryDeltas: { code: string; delta: number }[];
}

/** Items classified across the district: over the units with both a pre-check and a formal result. */
export interface RectificationTotals {
  units: number;
  fixed: number;
  partly: number;
  not: number;
  new: number;
}

/** A unit against its last earlier round, with the grades' labels in the report's language. */
export interface PreviousRound extends YearOverYear {
  previousGradeLabel: string | null;
  gradeLabel: string | null;
}

/** Where a unit rated itself above or below the panel. */
export interface SelfVsPanel {
  totalDelta: number;
  over: { code: string; self: number; panel: number }[];
  under: { code: string; self: number; panel: number }[];
}

/** One assessor against the consensus of the panels they sat on. */
export interface AssessorConsistency {
  assessor: string;
  name: string;
  sheets: number;
  /**
   * Mean of (own score − reconciled score) / item points, over scored items; positive is lenient.
   * Rounded to 4 decimals; the leaning is judged on the unrounded mean.
   */
  meanDeviation: number;
  leaning: 'lenient' | 'severe' | 'neutral';
}

/** How formal totals are spread across the district. */
export interface Distribution {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  passRate: number | null;
  excellentRate: number | null;
  bins: { from: number; to: number; count: number }[];
}

/** Written feedback (书面反馈意见) for one unit. */
export interface FeedbackModel {
  district: string;
  round: string;
  unit: string;
  unitName: string;
  ruleSetTitle: string;
  date: string;
  total: number | null;
  gradeLabel: string | null;
  gradeReasons: string[];
  /**
   * Items at full marks, the unit's strengths. Strengths and losses partition the applicable,
   * scored items: an item near full marks (within 10%) lost points, so it is a loss (and counted in
   * `nearFull`), never both.
   */
  strengths: { code: string; title: string; score: number; max: number }[];
  /** Every item that lost points, with what the assessors found and suggested. */
  losses: {
    code: string;
    title: string;
    score: number;
    max: number;
    lost: number;
    problems: string[];
    suggestions: string[];
  }[];
  /** Losses within 10% of full marks (score ≥ 90% of the item's points). */
  nearFull: number;
  /** Points lost in all: the exact sum of the losses' `lost`. */
  lost: number;
  /**
   * A compliance checklist (every item 符合/不符合/不适用): the share of applicable items met; the
   * document then speaks of items met and not met instead of points.
   */
  share?: { met: number; applicable: number; percent: number } | undefined;
  /**
   * Pre-check losses at full marks in the formal result (items N/A or pending in either phase are
   * neither fixed nor lost), with their titles.
   */
  fixedSincePrecheck: { code: string; title: string }[];
  /** Every pre-check loss (and new loss) with its verdict and titles: the 整改核查 section. */
  rectification?: (RectifiedItem & { title: string })[] | undefined;
  /** Against the last earlier round, with titles: the 与上一轮比较 section. */
  previous?: FeedbackPrevious | undefined;
}

/** The year-over-year comparison as the feedback document shows it. */
export interface FeedbackPrevious extends PreviousRound {
  categories: { code: string; title: string; delta: number }[];
  recurringItems: { code: string; title: string }[];
}
