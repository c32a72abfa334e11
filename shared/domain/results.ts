import type { Phase } from './layout.ts';
import type { SheetScore } from './scoring.ts';

/** How independent scores of one item are combined. */
export type ReconcileMethod = 'mean' | 'median' | 'trimmed-mean';

/** The trimmed mean drops one highest and one lowest score; it needs at least this many assessors. */
export const TRIMMED_MEAN_MIN_ASSESSORS = 5;

/** Why a method other than the asked one was used, as a catalogue message. */
export interface MethodNote {
  code: 'recon.trimmed-fallback' | 'recon.trimmed-item-fallback';
  params: { min: number; n?: number; items?: string };
}

/** One assessor's sheet as reconciliation needs it (a stored submission, reduced). */
export interface AssessorSheet {
  assessor: string;
  uploadId: string;
  receivedAt: string;
  items: {
    code: string;
    score: number | null;
    na: boolean;
    vetoed?: boolean | undefined;
    problem?: string | undefined;
    suggestion?: string | undefined;
  }[];
  /** The rule set's facts that fail the unit outright which this assessor recorded. */
  failedFacts?: string[] | undefined;
}

/** A score the panel agreed on for an item (合议), overriding the computed one. */
export interface AgreedScore {
  score: number;
  reason: string;
  by: string;
}

/** The panel's decision on a veto item its assessors disagree on (否决项合议): confirm (确认) or overturn (推翻). */
export type VetoVerdict = 'confirm' | 'overturn';

/** A veto decision with the panel's reason, from the reconciliation sheet. */
export interface VetoDecision {
  verdict: VetoVerdict;
  reason: string;
  by: string;
}

/**
 * Why an item goes to panel discussion: scores spread beyond the threshold; any score difference on
 * a key item, or on an item with a veto condition; assessors split on the veto condition (some 是);
 * assessors split on whether the item applies (some N/A, some scored).
 */
export type FlagReason =
  'spread' | 'key-disagreement' | 'veto-item-disagreement' | 'veto-disagreement' | 'na-disagreement';

/** One item after reconciliation: every assessor's score, the computed and the final score. */
export interface ReconciledItem {
  code: string;
  max: number;
  /** Final: the agreed score if any, else the computed one; null while pending. */
  score: number | null;
  /** The method over the assessors' scores. */
  computed: number | null;
  na: boolean;
  pending: boolean;
  key: boolean;
  /** The veto applies: every assessor answered its condition yes, or the panel confirmed it. */
  vetoed: boolean;
  /** How many assessors answered the veto condition yes. */
  vetoYes: number;
  /** Assessors disagree on the veto and the panel has not decided yet: the grade waits. */
  vetoPending: boolean;
  /** The panel's decision on a veto disagreement, once made. */
  vetoDecision?: VetoDecision | undefined;
  /** Each assessor's score, N/A and answer to the veto condition (yes = true). */
  assessorScores: { assessor: string; score: number | null; na: boolean; veto: boolean }[];
  flagged: boolean;
  flagReasons: FlagReason[];
  agreed?: AgreedScore | undefined;
  /** Distinct problem and suggestion texts the assessors wrote, in assessor order. */
  problems: string[];
  suggestions: string[];
}

/** Options of reconciliation, from the rule set or the round. */
export interface ReconcileOptions {
  method: ReconcileMethod;
  /** Flag when max − min exceeds this share of the item's points. @default 0.2 */
  spreadThreshold?: number | undefined;
  agreed?: ReadonlyMap<string, AgreedScore> | undefined;
  /** The panel's decisions on veto disagreements, by item. */
  vetoDecisions?: ReadonlyMap<string, VetoDecision> | undefined;
  /** Spot-checked subordinates' totals (0–100), for spot-check derived items. */
  spotcheckPercents?: readonly number[] | undefined;
}

/** A unit's result for one phase, combined from its assessors' sheets. */
export interface UnitPhaseResult {
  unit: string;
  phase: Phase;
  /** The method actually used (trimmed mean falls back to mean with too few assessors). */
  method: ReconcileMethod;
  methodNote?: MethodNote | undefined;
  assessors: string[];
  items: ReconciledItem[];
  score: SheetScore;
  sources: { assessor: string; uploadId: string; receivedAt: string }[];
}
