/**
 * The parts of a sheet's score: each leaf's outcome and each category's subtotal. Computed in
 * scoring.ts, read by grading.ts (which scoring.ts calls), reconciliation and comparisons.
 */

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
