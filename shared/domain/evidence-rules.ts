import { expectedSlots, type Roster } from './roster.ts';

/**
 * Who may attach, list and download a unit's evidence files (佐证材料), docs/security.md
 * "Evidence files". Evidence holds no score, so blind scoring does not narrow it: the assessors
 * assigned to the unit in any phase see all of it, in every phase state.
 */

/** Who asks: a role and the unit code or assessor id it acts as. */
export interface EvidenceCaller {
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
}

/** Attaching: an admin for any unit, a unit for itself; assessors never. */
export function mayAttachEvidence(caller: EvidenceCaller, unit: string): boolean {
  if (caller.role === 'admin') return true;
  return caller.role === 'unit' && caller.ref === unit;
}

/**
 * The assessors assigned to a unit in any phase: its pre-check pair, its formal panel, and the
 * spot-checkers of a spot-checked subordinate. In a calibration round every assessor of the round
 * is on each case's formal panel, so every one of them is.
 */
export function assessorsOf(roster: Roster, unit: string): Set<string> {
  return new Set(
    expectedSlots(roster)
      .filter((s) => s.unit === unit && s.assessor !== '')
      .map((s) => s.assessor),
  );
}

/** Listing and downloading: an admin, the unit itself, the assessors assigned to it; nobody else. */
export function mayReadEvidence(caller: EvidenceCaller, roster: Roster, unit: string): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'unit') return caller.ref === unit;
  return assessorsOf(roster, unit).has(caller.ref);
}
