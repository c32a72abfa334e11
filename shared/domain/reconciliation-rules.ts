import { error, type Issue } from './issues.ts';
import type { Phase } from './layout.ts';
import type { Roster } from './roster.ts';

/**
 * Who may see and who may agree a unit's reconciliation sheet (合议表), and when. The sheet shows
 * every panel member's score on the flagged items, so it is a way round blind scoring (背对背) unless
 * it waits, like the panel's own view of the sheets, for `close-scoring`.
 */

/** The phases whose panels reconcile: self-assessment and spot-checks have no panel to agree. */
export const RECONCILABLE_PHASES = ['precheck', 'formal'] as const;
export type ReconPhase = (typeof RECONCILABLE_PHASES)[number];

export const isReconcilable = (phase: string): phase is ReconPhase =>
  (RECONCILABLE_PHASES as readonly string[]).includes(phase);

/** The caller, from the JWT. */
export interface ReconCaller {
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
}

/** True for the lead (组长) of the unit's panel for that phase: a lead on the roster who sits on that panel. */
export function isPanelLead(roster: Roster, unit: string, phase: ReconPhase, c: ReconCaller): boolean {
  if (c.role !== 'assessor') return false;
  const a = roster.assignments.find((x) => x.unit === unit);
  const panel = phase === 'precheck' ? a?.precheck : a?.formal;
  return roster.assessors.find((x) => x.id === c.ref)?.lead === true && panel?.includes(c.ref) === true;
}

/**
 * May the caller download the 合议表 of a unit and phase, the phase being in `state`? An admin at any
 * time; the lead of that unit's panel for that phase once the phase's scoring is closed
 * (`scoring-closed` or `closed`); nobody else, ever. Decided from the roster and the phase state
 * alone, before any score is read.
 */
export function maySeeReconciliation(
  roster: Roster,
  unit: string,
  phase: ReconPhase,
  state: string,
  c: ReconCaller,
): boolean {
  if (c.role === 'admin') return true;
  return (state === 'scoring-closed' || state === 'closed') && isPanelLead(roster, unit, phase, c);
}

/**
 * What refuses an uploaded 合议表 before its cells count: a phase without a panel, a phase not
 * between `close-scoring` and `close` (agreed scores only once every sheet is in and before the
 * results are final), a unit outside the roster, an uploader who is neither that panel's lead nor an
 * admin. `where` is the cell that names the sheet's phase and unit to a person (its title).
 */
export function checkReconciliationUpload(
  sheet: { phase: Phase; unit: string },
  phases: Readonly<Record<Phase, string>>,
  roster: Roster,
  caller: ReconCaller,
  where: { sheet: string; cell: string },
): Issue[] {
  const { phase, unit } = sheet;
  if (!isReconcilable(phase)) return [error('recon.phase-not-reconcilable', where, { phase })];
  const issues: Issue[] = [];
  const state = phases[phase];
  if (state !== 'scoring-closed') issues.push(error('recon.phase-state', where, { phase, state }));
  if (!roster.assignments.some((a) => a.unit === unit))
    issues.push(error('recon.unit-unknown', where, { unit }));
  else if (caller.role !== 'admin' && !isPanelLead(roster, unit, phase, caller))
    issues.push(error('recon.not-lead', where, { caller: caller.ref || caller.role }));
  return issues;
}
