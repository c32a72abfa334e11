import { error, type Issue } from './issues.ts';
import type { Phase } from './layout.ts';
import { assessedUnits, isAssigned, type Roster } from './roster.ts';

/** The round facts an upload is judged against. */
export interface RoundFacts {
  fingerprint: string;
  rules: string;
  phases: Record<Phase, string>;
}

/** The identity a sheet claims, from its hidden metadata. */
export interface SheetIdentity {
  phase: Phase;
  unit: string;
  assessor: string;
  ruleSet: string;
  fingerprint: string;
}

/** The uploader, from the JWT. */
export interface Uploader {
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
}

/**
 * Who may upload what: the sheet must be for this round's rule set and an open phase (or, for an
 * admin's late upload, a phase whose scoring is closed), and name the uploader itself (a unit only
 * its own self-assessment, an assessor only its own sheets, for units it is assigned to). Admins may
 * upload for anyone in the roster. `where` is the cell that shows the sheet's identity to a person.
 *
 * What the messages reveal (docs/security.md, "Rejections"): an admin learns exactly what is wrong
 * with the roster; anyone else whose sheet names somebody else learns only that it is not theirs
 * (`upload.impersonation`), and an assessor's own sheet for a unit it does not assess says only
 * that (`upload.not-assigned`) — never whether that unit or another assessor exists or where
 * anybody is assigned.
 */
export function checkUploadRights(
  round: RoundFacts,
  roster: Roster,
  sheet: SheetIdentity,
  uploader: Uploader,
  where: { sheet: string; cell: string },
  opts: { late?: boolean } = {},
): Issue[] {
  const issues: Issue[] = [];
  const { phase, unit, assessor } = sheet;
  if (sheet.fingerprint !== round.fingerprint) {
    issues.push(error('upload.wrong-rules', where, { expected: round.rules, found: sheet.ruleSet }));
    return issues;
  }
  const state = round.phases[phase];
  const late = opts.late === true && uploader.role === 'admin' && state === 'scoring-closed';
  if (state !== 'open' && !late) issues.push(error('upload.phase-closed', where, { phase, state }));
  if (uploader.role === 'unit') {
    if (phase !== 'self') issues.push(error('upload.role', where, { role: uploader.role, phase }));
    else if (uploader.ref !== unit)
      issues.push(error('upload.impersonation', where, { found: unit || '—', caller: uploader.ref }));
    else if (!unitKnown(roster, phase, unit))
      issues.push(error('upload.unit-unknown', { ...where, item: undefined }, { unit: unit || '—', phase }));
    return issues;
  }
  if (uploader.role === 'assessor') {
    if (phase === 'self') issues.push(error('upload.role', where, { role: uploader.role, phase }));
    else if (uploader.ref !== assessor)
      issues.push(error('upload.impersonation', where, { found: assessor || '—', caller: uploader.ref }));
    else if (!isAssigned(roster, { phase, unit, assessor }))
      issues.push(error('upload.not-assigned', where, { assessor, unit: unit || '—', phase }));
    return issues;
  }
  // An admin: the full picture.
  const known = unitKnown(roster, phase, unit);
  if (!known)
    issues.push(error('upload.unit-unknown', { ...where, item: undefined }, { unit: unit || '—', phase }));
  if (phase === 'self') return issues;
  if (!roster.assessors.some((a) => a.id === assessor)) {
    issues.push(error('upload.assessor-unknown', where, { assessor: assessor || '—' }));
  } else if (known && !isAssigned(roster, { phase, unit, assessor })) {
    issues.push(error('upload.not-assigned', where, { assessor, unit, phase }));
  }
  return issues;
}

function unitKnown(roster: Roster, phase: Phase, unit: string): boolean {
  if (phase === 'spotcheck') return roster.assignments.some((a) => a.spotchecked.includes(unit));
  return assessedUnits(roster).some((u) => u.code === unit);
}

/**
 * The slot a rejected sheet counts against, or undefined when it names nobody's slot the uploader
 * holds: a rejection is counted (on status pages, in follow-ups) only on the uploader's own slot,
 * so a sheet naming other units or assessors leaves no trace on theirs. Admins act for anyone in
 * the roster, so their rejected sheets count on the slot they name when it exists.
 */
export function rejectionSlot(
  roster: Roster,
  sheet: Pick<SheetIdentity, 'phase' | 'unit' | 'assessor'>,
  uploader: Uploader,
): { phase: Phase; unit: string; assessor: string } | undefined {
  const { phase, unit, assessor } = sheet;
  if (uploader.role === 'unit')
    return phase === 'self' && unit === uploader.ref ? { phase, unit, assessor: '' } : undefined;
  if (uploader.role === 'assessor')
    return phase !== 'self' && assessor === uploader.ref && isAssigned(roster, { phase, unit, assessor })
      ? { phase, unit, assessor }
      : undefined;
  if (phase === 'self') return unitKnown(roster, phase, unit) ? { phase, unit, assessor: '' } : undefined;
  return isAssigned(roster, { phase, unit, assessor }) ? { phase, unit, assessor } : undefined;
}
