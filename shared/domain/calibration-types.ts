import type { IssueParams } from './issues.ts';
import type { ItemInputs } from './scoring.ts';

/**
 * The data of a calibration round (校准): every assessor scores the same reference cases blind,
 * and the report shows who reads the rubric differently and which items are read differently.
 * Types only (and the adapter from a stored submission); the computations are in calibration.ts.
 */

/** A reference case of a calibration round: its code (the round's "unit", e.g. `CASE1`) and title. */
export interface CalibrationCase {
  code: string;
  title: string;
}

/** One scored leaf of a calibration sheet, as the sheet was read and scored. */
export interface CalibrationItem {
  /** The rubric leaf's code. */
  code: string;
  /** Points given; null when not scored (blank, or pending on another sheet). */
  score: number | null;
  /** The item's points, as on the sheet (the report uses the rubric's, which are the same). */
  max: number;
  /** Judged not applicable (不适用). */
  na: boolean;
  /** A veto item's answer: the veto condition holds (一票否决); absent or false: it does not. */
  veto?: boolean | undefined;
  /** A compliance item's answer: 符合 (true) or 不符合 (false); absent when not answered or N/A. */
  met?: boolean | undefined;
  /** The reason the assessor wrote (扣分原因 / 存在问题). */
  reason?: string | undefined;
}

/**
 * One accepted sheet of a calibration round: an assessor's (or the answer key's) scoring of one
 * case. The caller passes only the latest sheet per (case, assessor).
 */
export interface CalibrationSheet {
  /** The assessor id; the answer key's sheets carry the pseudo-assessor id (default `KEY`). */
  assessor: string;
  /** The case code. */
  case: string;
  /** The sheet total, on the rubric's scale after N/A rescaling. */
  total: number;
  vetoed: boolean;
  items: CalibrationItem[];
}

/** What `fromSubmission` reads of a stored submission (structurally a `Submission` of ports.ts). */
export interface SubmissionLike {
  assessor: string;
  unit: string;
  total: number;
  vetoed: boolean;
  items: readonly {
    code: string;
    inputs: ItemInputs;
    score: number | null;
    max: number;
    na: boolean;
    pending: boolean;
    problem?: string | undefined;
  }[];
}

/**
 * A calibration sheet from an accepted submission: the unit is the case; a pending item counts as
 * not scored; the reason is the item's problem (扣分原因); veto and 符合/不符合 come from the inputs.
 */
export function fromSubmission(s: SubmissionLike): CalibrationSheet {
  return {
    assessor: s.assessor,
    case: s.unit,
    total: s.total,
    vetoed: s.vetoed,
    items: s.items.map((i) => {
      const reason = (i.problem ?? i.inputs.problem)?.trim();
      return {
        code: i.code,
        score: i.pending ? null : i.score,
        max: i.max,
        na: i.na,
        veto: i.inputs.veto,
        met: i.na ? undefined : i.inputs.met,
        reason: reason ? reason : undefined,
      };
    }),
  };
}

/** Codes of the report's notes (messages.ts, block `calibration.*`). */
export type CalibrationNoteCode =
  | 'calibration.no-assessors'
  | 'calibration.one-assessor'
  | 'calibration.median-key'
  | 'calibration.case-unscored'
  | 'calibration.unknown-case'
  | 'calibration.duplicate-sheet'
  | 'calibration.agreement-undefined'
  | 'calibration.compare-rubric-differs'
  | 'calibration.compare-cases-differ';

/** A note on a report, as data: a message code and its parameters (no prose). */
export interface CalibrationNote {
  code: CalibrationNoteCode;
  params: IssueParams;
}

/**
 * The answer key of one item of a case. From a key sheet: its answers. From the panel median: the
 * median score of the assessors who scored the item, and for N/A, veto and 符合 the answer of a
 * strict majority (null on a tie). Null where there is no answer to compare with.
 */
export interface KeyItem {
  code: string;
  score: number | null;
  na: boolean | null;
  veto: boolean | null;
  met: boolean | null;
  /** The key sheet's reason (a median key has none). */
  reason?: string | undefined;
}

/** A case of the report: where its key comes from, and the key. */
export interface CaseCalibration {
  code: string;
  title: string;
  /** `sheet`: an answer key was uploaded; `median`: the panel median; `none`: neither (nobody scored). */
  key: 'sheet' | 'median' | 'none';
  /** Assessor sheets (the key's not counted). */
  sheets: number;
  /** The key's total: the key sheet's, or the median of the assessors' totals. */
  total: number | null;
  /** The key per analysed item, in rubric order. */
  items: KeyItem[];
}

/** How far one score is from the key's. */
export interface ItemDeviation {
  case: string;
  code: string;
  theirs: number;
  key: number;
  /** theirs − key, in points. */
  deviation: number;
}

/** A judgement (veto, N/A, 符合) answered differently from the key. */
export interface JudgementDifference {
  kind: 'veto' | 'na' | 'met';
  case: string;
  code: string;
  theirs: boolean;
  key: boolean;
}

/** One assessor against the key. Null measures: no item could be compared. */
export interface AssessorCalibration {
  assessor: string;
  /** Cases scored. */
  sheets: number;
  /** Items compared: scored by both the assessor and the key, over all their cases. */
  items: number;
  /** Mean of (theirs − key) in points: positive is lenient, negative severe. */
  leniency: number | null;
  /** Mean of (theirs − key) / item points, a fraction (0.0125 = 1.25% of the item's points). */
  leniencyShare: number | null;
  /** Mean of |theirs − key| in points. */
  mad: number | null;
  /** Mean of |theirs − key| / item points, a fraction. */
  madShare: number | null;
  /** Per case scored: their total, the key's, and the difference (null without a key total). */
  cases: { case: string; total: number; key: number | null; deviation: number | null }[];
  /** Up to 3 items furthest from the key (largest |deviation| first; none that match). */
  furthest: ItemDeviation[];
  judgements: JudgementDifference[];
}

/** The spread of one item on one case. */
export interface ItemCaseSpread {
  case: string;
  /** Assessors who scored it. */
  scores: number;
  /** Population standard deviation of their scores; null under two scores. */
  sd: number | null;
  low: number | null;
  high: number | null;
  /** high − low; null under two scores. */
  range: number | null;
}

/** One rubric leaf across the assessors. */
export interface ItemCalibration {
  code: string;
  /** The category (top-level node) it belongs to. */
  category: string;
  max: number;
  /** Mean over cases (with two scores or more) of the per-case standard deviation, in points. */
  spread: number | null;
  /** spread / item points, a fraction: what items are ordered by. */
  spreadShare: number | null;
  /** The widest per-case range (high − low), in points. */
  range: number | null;
  cases: ItemCaseSpread[];
  /** Share of sheets (scored by both assessor and key) whose score equals the key's within 0.001. */
  matched: number | null;
  /** How many sheets `matched` is out of. */
  compared: number;
  /** The reasons the assessors wrote, by case then assessor. */
  reasons: { assessor: string; case: string; text: string }[];
  /** The key sheets' reasons. */
  keyReasons: { case: string; text: string }[];
}

/** Agreement over all calibration sheets. */
export interface CalibrationOverall {
  assessors: number;
  cases: number;
  /** Krippendorff's alpha (interval) over (case, item) units, coders the assessors, scores as shares. */
  alpha: number | null;
  /** (case, item) units with at least two scores. */
  alphaUnits: number;
  /** ICC(2,1) (absolute agreement, assessors a random sample): the one to read. */
  icc21: number | null;
  /** ICC(3,1) (consistency, these assessors fixed). */
  icc31: number | null;
  /** (case, item) rows every assessor scored: the ICC's targets. */
  iccItems: number;
}

/** The calibration report. */
export interface CalibrationReport {
  ruleSet: { id: string; version: number; fingerprint: string };
  keyAssessor: string;
  cases: CaseCalibration[];
  /** Every assessor but the key, by id. */
  assessors: AssessorCalibration[];
  /** The analysed leaves, the items read most differently first. */
  items: ItemCalibration[];
  overall: CalibrationOverall;
  notes: CalibrationNote[];
}
