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
}

/** A score the panel agreed on for an item (合议), overriding the computed one. */
export interface AgreedScore {
  score: number;
  reason: string;
  by: string;
}

/** Why an item goes to panel discussion. */
export type FlagReason = 'spread' | 'key-disagreement' | 'veto-disagreement';

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
  vetoed: boolean;
  assessorScores: { assessor: string; score: number | null; na: boolean }[];
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
