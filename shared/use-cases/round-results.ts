import type { Phase } from '../domain/layout.ts';
import { reconcile } from '../domain/reconcile.ts';
import type {
  AgreedScore,
  AssessorSheet,
  ReconcileMethod,
  UnitPhaseResult,
  VetoDecision,
} from '../domain/results.ts';
import { assessedUnits, type Roster } from '../domain/roster.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import type { AgreedRecord, RectAnswerRecord, RoundRecord, Store, Submission } from './ports.ts';
import type { RuleSetSource } from './check-sheet.ts';
import { ApiError, notFound } from './api/errors.ts';

/** A unit's reconciled results by phase, with what they were built from. */
export interface UnitResults {
  unit: string;
  self?: UnitPhaseResult | undefined;
  precheck?: UnitPhaseResult | undefined;
  formal?: UnitPhaseResult | undefined;
  /** The spot-checked subordinates' totals folded into the spot-check derived item. */
  spotchecks: { unit: string; total: number | null }[];
  latest: Submission[];
  /** Phases whose reconciliation sheet (合议表) has come back for this unit. */
  reconciled?: Phase[] | undefined;
  /** The unit's latest answer to its rectification notice (整改回复), if any. */
  answer?: RectAnswerRecord | undefined;
}

/** A round with its roster, rule set and every unit's results. */
export interface RoundResults {
  round: RoundRecord;
  roster: Roster;
  rs: RuleSet;
  units: UnitResults[];
}

const newer = (a: { receivedAt: string; uploadId: string }, b: { receivedAt: string; uploadId: string }) =>
  a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.uploadId > b.uploadId);

/** The rectification answer that counts: the latest by arrival, then upload id. */
export function latestAnswer(answers: readonly RectAnswerRecord[]): RectAnswerRecord | undefined {
  return answers.reduce<RectAnswerRecord | undefined>((a, b) => (!a || newer(b, a) ? b : a), undefined);
}

/** The version that counts per (phase, assessor): the latest by arrival, then upload id. */
export function latestPerSlot(subs: Submission[]): Submission[] {
  const best = new Map<string, Submission>();
  for (const s of subs) {
    const k = `${s.phase}|${s.assessor}`;
    const cur = best.get(k);
    if (!cur || newer(s, cur)) best.set(k, s);
  }
  return [...best.values()];
}

/** The latest reconciliation sheet of a phase: it replaces every earlier one. */
const latestRecord = (records: AgreedRecord[], phase: Phase) =>
  records
    .filter((r) => r.phase === phase)
    .sort((a, b) => (newer(a, b) ? 1 : -1))
    .at(-1);

/** The latest agreed scores for a phase, by item. */
export function latestAgreed(records: AgreedRecord[], phase: Phase): Map<string, AgreedScore> {
  const last = latestRecord(records, phase);
  return new Map(
    (last?.agreed ?? []).map((a) => [
      a.code,
      { score: a.score, reason: a.reason, by: last!.by.ref || last!.by.role },
    ]),
  );
}

/** The panel's latest decisions on veto disagreements for a phase, by item (from the same sheet as the agreed scores). */
export function latestVetoDecisions(records: AgreedRecord[], phase: Phase): Map<string, VetoDecision> {
  const last = latestRecord(records, phase);
  return new Map(
    (last?.vetoDecisions ?? []).map((v) => [
      v.code,
      { verdict: v.verdict, reason: v.reason, by: last!.by.ref || last!.by.role },
    ]),
  );
}

/** A stored submission as reconciliation reads it. */
export function asAssessorSheet(s: Submission): AssessorSheet {
  return {
    assessor: s.assessor || s.unit,
    uploadId: s.uploadId,
    receivedAt: s.receivedAt,
    items: s.items.map((i) => ({
      code: i.code,
      score: i.score,
      na: i.na,
      vetoed: i.inputs.veto === true,
      problem: i.problem,
      suggestion: i.suggestion,
    })),
    failedFacts: s.failedFacts,
  };
}

/**
 * Reads a round and reconciles every assessed unit: self-assessment, pre-check (its two assessors)
 * and formal (the panel, with agreed scores and the spot-checked subordinates folded in). One Query
 * per unit and per spot-checked subordinate.
 */
export async function roundResults(
  roundId: string,
  deps: { store: Store; rubrics: RuleSetSource },
  /** One unit, or a set of units (e.g. those still looking for an earlier result); absent: every unit. */
  only?: string | ReadonlySet<string>,
  /** The round and roster when the caller has read them already (to decide a permission first). */
  loaded?: { round?: RoundRecord | undefined; roster?: Roster | undefined },
): Promise<RoundResults> {
  const [round, roster] = await Promise.all([
    loaded?.round ?? deps.store.getRound(roundId),
    loaded?.roster ?? deps.store.getRoster(roundId),
  ]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  // A calibration never produces results for units (its report is GET /rounds/{round}/calibration).
  if (round.kind === 'calibration') throw new ApiError(409, 'api.calibration-round', { round: roundId });
  const rs = await deps.rubrics.get(round.rules, round.ruleVersion);
  if (!rs || rs.fingerprint !== round.fingerprint)
    throw new ApiError(409, 'sheet.rules-different', {
      id: round.rules,
      version: round.ruleVersion,
      current: rs?.version ?? '?',
      fingerprint: round.fingerprint.slice(0, 12),
      currentFingerprint: rs?.fingerprint.slice(0, 12) ?? '?',
    });
  const method: ReconcileMethod = round.method ?? 'trimmed-mean';
  const units = assessedUnits(roster).filter(
    (u) => !only || (typeof only === 'string' ? u.code === only : only.has(u.code)),
  );
  const results: UnitResults[] = [];
  for (const u of units) {
    const a = roster.assignments.find((x) => x.unit === u.code);
    const records = await deps.store.unitRecords(roundId, u.code);
    const latest = latestPerSlot(records.submissions);
    const spotchecks: UnitResults['spotchecks'] = [];
    for (const sub of a?.spotchecked ?? []) {
      const sheets = latestPerSlot((await deps.store.unitRecords(roundId, sub)).submissions).filter(
        (s) => s.phase === 'spotcheck',
      );
      latest.push(...sheets);
      spotchecks.push({
        unit: sub,
        total:
          sheets.length > 0
            ? reconcile(rs, sub, 'spotcheck', sheets.map(asAssessorSheet), { method: 'mean' }).score.total
            : null,
      });
    }
    const percents = spotchecks.every((s) => s.total !== null) ? spotchecks.map((s) => s.total!) : [];
    const phase = (p: Phase, m: ReconcileMethod) => {
      const sheets = latest.filter((s) => s.phase === p && s.unit === u.code);
      if (sheets.length === 0) return undefined;
      return reconcile(rs, u.code, p, sheets.map(asAssessorSheet), {
        method: m,
        agreed: latestAgreed(records.agreed, p),
        vetoDecisions: latestVetoDecisions(records.agreed, p),
        spotcheckPercents: percents,
      });
    };
    results.push({
      unit: u.code,
      self: phase('self', 'mean'),
      precheck: phase('precheck', 'mean'),
      formal: phase('formal', method),
      spotchecks,
      latest,
      reconciled: [...new Set(records.agreed.map((r) => r.phase))],
      answer: latestAnswer(records.answers ?? []),
    });
  }
  return { round, roster, rs, units: results };
}
