/**
 * GET /rounds/{round}/results: reconciled results per unit and phase, grades with reasons, the
 * plaque list, the district's distribution and the panels' agreement (zod). See RoundReport in
 * shared/domain/round-report.ts for what each figure means.
 */
import * as z from 'zod';
import { PHASES } from './phases.ts';

const str = z.string();
const num = z.number();
const maybeNum = num.nullable();
const Phase = z.enum(PHASES);
const Item = z.object({ code: str, score: maybeNum, max: num, na: z.boolean(), pending: z.boolean() });

/** A phase's outcome for one unit. */
export const PhaseResult = z.object({
  total: num,
  complete: z.boolean(),
  grade: str.nullable(),
  gradeLabel: str.nullable(),
  gradeReasons: z.array(str),
  passes: z.boolean().nullable(),
  categories: z.array(z.object({ code: str, score: num, max: num, na: z.boolean() })),
  items: z.array(Item),
  assessors: z.array(str),
  late: z.array(z.object({ assessor: str, reason: str, at: str })).optional(),
});

const Flagged = z.object({
  code: str,
  reasons: z.array(str),
  scores: z.array(z.object({ assessor: str, score: maybeNum })),
  computed: maybeNum,
  agreed: z.object({ score: num, reason: str, by: str }).optional(),
  status: z.enum(['agreed', 'computed-stands', 'not-reconciled']),
  veto: z.object({ decision: z.enum(['confirm', 'overturn', 'pending']), reason: str, by: str }).optional(),
});

const Feedback = z.object({
  unit: str,
  unitName: str,
  total: maybeNum,
  gradeLabel: str.nullable(),
  gradeReasons: z.array(str),
  strengths: z.array(z.object({ code: str, title: str, score: num, max: num })),
  losses: z.array(z.object({ code: str, title: str, score: num, max: num, lost: num })),
  lost: num,
});

/** One assessed unit of the round. */
export const UnitResult = z.object({
  code: str,
  name: str,
  self: PhaseResult.optional(),
  precheck: PhaseResult.optional(),
  formal: PhaseResult.optional(),
  /** Rank by formal total (1 = best); ties share a rank. */
  rank: num.optional(),
  /** Passed the formal assessment: gets the plaque (标牌). */
  plaque: z.boolean(),
  /**
   * Pre-check losses at the formal assessment: fixed (full marks), partly fixed (more points, still
   * below full), still losing (not fixed: no more points), and new losses; `items` has their scores
   * and the unit's own claim where it made one.
   */
  precheckVsFormal: z
    .object({
      fixed: z.array(str),
      partlyFixed: z.array(str),
      stillLosing: z.array(str),
      newLosses: z.array(str),
      items: z.array(
        z.object({
          code: str,
          pre: maybeNum,
          formal: maybeNum,
          max: num,
          verdict: z.enum(['fixed', 'partly', 'not', 'new']),
          claimed: z.enum(['fixed', 'partly', 'not']).optional(),
        }),
      ),
      totalDelta: num,
    })
    .optional(),
  selfVsPanel: z.object({ totalDelta: num }).optional(),
  /** The unit's formal result against its last earlier round of the district. */
  previous: z
    .object({
      previousRound: str,
      comparable: z.boolean(),
      notes: z.array(z.enum(['rubric-changed', 'version-changed', 'items-unmatched'])),
      previousTotal: num,
      total: num,
      totalDelta: num,
      previousGrade: str.nullable(),
      grade: str.nullable(),
      previousGradeLabel: str.nullable(),
      gradeLabel: str.nullable(),
      categoryDeltas: z.array(z.object({ code: str, previous: num, current: num, delta: num })),
      recurring: z.array(str),
      unmatched: num,
    })
    .optional(),
  /** Items sent to panel discussion, with every assessor's score and any agreed score. */
  flagged: z.array(Flagged),
  feedback: Feedback,
});

export const Results = z.object({
  round: str,
  ruleSet: z.object({ id: str, version: num, fingerprint: str, title: str, scale: num }),
  /** The reconciliation method of formal results, in words. */
  method: str,
  plaques: z.array(
    z.object({ unit: str, name: str, total: num.optional(), grade: str.nullable().optional() }),
  ),
  units: z.array(UnitResult),
  distribution: z.object({
    count: num,
    mean: maybeNum,
    median: maybeNum,
    min: maybeNum,
    max: maybeNum,
    passRate: maybeNum,
    excellentRate: maybeNum,
    bins: z.array(z.object({ from: num, to: num, count: num })),
  }),
  /** Krippendorff's alpha of formal scores across the round. */
  agreement: z.object({ name: str, value: maybeNum, units: num, assessors: num, note: str }),
  /** ICC(2,1) and ICC(3,1) of formal scores: pooled for the round, and per panel. */
  icc: z.object({
    round: z.object({ icc21: maybeNum, icc31: maybeNum, panels: num, items: num }),
    panels: z.array(
      z.object({ unit: str, assessors: z.array(str), items: num, icc21: maybeNum, icc31: maybeNum }),
    ),
    note: str,
  }),
  /** Admins only: pre-check losses fixed, partly fixed, not fixed, and new losses, over the district. */
  rectification: z.object({ units: num, fixed: num, partly: num, not: num, new: num }).optional(),
  /** Admins only: expected sheets not received. */
  missing: z.array(z.object({ unit: str, phase: Phase, assessor: str })).optional(),
});
