import { error, type Issue } from '../domain/issues.ts';
import type { Phase } from '../domain/layout.ts';
import { RECON_META_SHEET } from '../domain/reconciliation-meta.ts';
import { checkReconciliationUpload } from '../domain/reconciliation-rules.ts';
import type { Roster } from '../domain/roster.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { readReconciliationSheet } from '../excel/reconciliation-sheet.ts';
import type { AgreedRecord, Caller, RoundRecord, SigningKey } from './ports.ts';

/** A reconciliation sheet judged: the record to store, or the issues to reject it with. */
export type ReconOutcome =
  | { record: Omit<AgreedRecord, 'uploadId' | 'receivedAt' | 'sha256'>; issues: Issue[] }
  | { record: null; issues: Issue[] };

/**
 * Reads an uploaded reconciliation sheet (合议表) and checks it against the round: metadata signed
 * with the district's key (so its round, unit, phase and flagged items are the ones cepin wrote),
 * the same round and rules, a phase with a panel (pre-check or formal) whose scoring is closed but
 * which is not closed yet, a unit of the roster, uploaded by the lead of the unit's panel for that
 * phase (or an admin); agreed scores in range with reasons, only on the flagged rows; a decision
 * with a reason on every veto disagreement. Returns null when the workbook is not one.
 */
export async function judgeReconciliation(
  bytes: Uint8Array,
  round: RoundRecord,
  roster: Roster,
  rs: RuleSet | undefined,
  caller: Caller,
  signingKey: SigningKey,
  /** The upload ids of the sheets that count now for a unit's phase (the latest per assessor). */
  currentSources: (unit: string, phase: Phase) => Promise<string[]>,
): Promise<ReconOutcome | null> {
  const read = await readReconciliationSheet(
    bytes,
    (code) => {
      const node = rs?.byCode.get(code);
      return node && node.children.length === 0 ? node.maxPoints : undefined;
    },
    await signingKey(),
    (code) => rs?.byCode.get(code)?.method?.type === 'compliance',
  );
  if (!read) return null;
  const meta = read.meta;
  if (!meta) return { record: null, issues: read.issues };
  const where = { sheet: RECON_META_SHEET };
  const title = { sheet: read.sheet, cell: 'A1' };
  const issues: Issue[] = [];
  if (meta.round !== round.round)
    issues.push(error('recon.wrong-round', title, { found: meta.round, round: round.round }));
  if (meta.fingerprint !== round.fingerprint)
    issues.push(error('upload.wrong-rules', where, { expected: round.rules, found: meta.ruleSet }));
  issues.push(...checkReconciliationUpload(meta, round.phases, roster, caller, title), ...read.issues);
  if (issues.some((i) => i.severity === 'error')) return { record: null, issues };
  // Agreed scores answer the sheets the 合议表 was made from: a sheet replaced or added since makes
  // it stale (the panel never saw the new scores), so it must be downloaded again.
  const now = [...(await currentSources(meta.unit, meta.phase))].sort().join(',');
  if (now !== meta.sources)
    return { record: null, issues: [error('recon.stale', title, { unit: meta.unit })] };
  return {
    record: {
      round: round.round,
      unit: meta.unit,
      phase: meta.phase,
      by: caller,
      agreed: [...read.agreed].map(([code, a]) => ({ code, score: a.score, reason: a.reason })),
      vetoDecisions: [...read.vetoDecisions].map(([code, d]) => ({
        code,
        verdict: d.verdict,
        reason: d.reason,
      })),
    },
    issues,
  };
}
