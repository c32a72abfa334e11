import { expectedSlots, type Roster } from './roster.ts';

/**
 * Who may read a unit's rectification notice (整改通知书) and its answer, and when it is issued
 * (docs/security.md, "Rectification"). The notice carries the pre-check panel's scores, so it
 * follows the pre-check's visibility: only an admin sees it before the pre-check is closed.
 */

/** Who asks: a role and the unit code or assessor id it acts as. */
export interface RectCaller {
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
}

/** What the rules need of a round. */
export interface RectRound {
  kind?: 'assessment' | 'calibration' | undefined;
  phases: { precheck: string; formal: string };
  rectification?: { deadline: string } | undefined;
}

/** Issued: the pre-check is closed and an admin has set the deadline. */
export function rectificationIssued(round: RectRound): boolean {
  return round.phases.precheck === 'closed' && !!round.rectification?.deadline;
}

/** The assessors who verify a unit's rectification: its pre-check pair and its formal panel. */
export function verifiersOf(roster: Roster, unit: string): Set<string> {
  return new Set(
    expectedSlots(roster)
      .filter((s) => s.unit === unit && (s.phase === 'precheck' || s.phase === 'formal'))
      .map((s) => s.assessor),
  );
}

/**
 * May this caller read the unit's notice and answer at all (before asking whether it is issued):
 * an admin; the unit itself; the assessors of its pre-check pair or formal panel. Nobody else.
 */
export function mayReadRectification(caller: RectCaller, roster: Roster, unit: string): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'unit') return caller.ref === unit;
  return verifiersOf(roster, unit).has(caller.ref);
}
