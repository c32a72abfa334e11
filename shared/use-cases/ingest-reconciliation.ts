import { error, type Issue } from '../domain/issues.ts';
import type { Roster } from '../domain/roster.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { readReconciliationSheet } from '../excel/reconciliation-sheet.ts';
import type { AgreedRecord, Caller, RoundRecord } from './ports.ts';

/** A reconciliation sheet judged: the record to store, or the issues to reject it with. */
export type ReconOutcome =
  | { record: Omit<AgreedRecord, 'uploadId' | 'receivedAt' | 'sha256'>; issues: Issue[] }
  | { record: null; issues: Issue[] };

/**
 * Reads an uploaded reconciliation sheet (合议表) and checks it against the round: the same round
 * and rules, a unit of the roster, uploaded by the lead of the unit's panel for that phase (or an
 * admin), agreed scores in range with reasons. Returns null when the workbook is not one.
 */
export async function judgeReconciliation(
  bytes: Uint8Array,
  round: RoundRecord,
  roster: Roster,
  rs: RuleSet | undefined,
  caller: Caller,
): Promise<ReconOutcome | null> {
  const read = await readReconciliationSheet(bytes, (code) => rs?.byCode.get(code)?.maxPoints);
  if (!read) return null;
  const issues = [...read.issues];
  const meta = read.meta;
  if (!meta) return { record: null, issues };
  const where = { sheet: '_cepin_hy' };
  if (meta.round !== round.round)
    issues.push(error('recon.wrong-round', where, { found: meta.round, round: round.round }));
  if (meta.fingerprint !== round.fingerprint)
    issues.push(error('upload.wrong-rules', where, { expected: round.rules, found: meta.ruleSet }));
  const assignment = roster.assignments.find((a) => a.unit === meta.unit);
  if (!assignment) issues.push(error('recon.unit-unknown', where, { unit: meta.unit }));
  if (caller.role !== 'admin') {
    const panel = meta.phase === 'precheck' ? assignment?.precheck : assignment?.formal;
    const lead = roster.assessors.find((a) => a.id === caller.ref)?.lead === true;
    if (caller.role !== 'assessor' || !lead || !panel?.includes(caller.ref))
      issues.push(error('recon.not-lead', where, { caller: caller.ref || caller.role }));
  }
  if (issues.some((i) => i.severity === 'error')) return { record: null, issues };
  return {
    record: {
      round: round.round,
      unit: meta.unit,
      phase: meta.phase,
      by: caller,
      agreed: [...read.agreed].map(([code, a]) => ({ code, score: a.score, reason: a.reason })),
    },
    issues,
  };
}
