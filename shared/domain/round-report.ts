import type { Phase } from './layout.ts';

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
  /** Agreement of formal scores across the round. */
  agreement: { name: string; value: number | null; units: number; assessors: number; note: string };
  distribution: Distribution;
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
}

/** Did rectification work? Items by what happened between pre-check and formal. */
export interface PrecheckVsFormal {
  fixed: string[];
  stillLosing: string[];
  newLosses: string[];
  totalDelta: number;
  categoryDeltas: { code: string; delta: number }[];
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
  /** Mean of (own score − reconciled score) / item points, over scored items; positive is lenient. */
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
  /** Items at full marks (or within 10% of them), the unit's strengths. */
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
  /** Pre-check items fixed by rectification, when there was a pre-check. */
  fixedSincePrecheck: string[];
}
