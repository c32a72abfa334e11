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
 * Who may upload what: the sheet must be for this round's rule set and an open phase, name a unit
 * and assessor of the roster with that assignment, and name the uploader itself (a unit only its own
 * self-assessment, an assessor only its own sheets). Admins may upload for anyone in the roster.
 * `where` is the cell that shows the sheet's identity to a person.
 */
export function checkUploadRights(
  round: RoundFacts,
  roster: Roster,
  sheet: SheetIdentity,
  uploader: Uploader,
  where: { sheet: string; cell: string },
): Issue[] {
  const issues: Issue[] = [];
  const { phase, unit, assessor } = sheet;
  if (sheet.fingerprint !== round.fingerprint) {
    issues.push(error('upload.wrong-rules', where, { expected: round.rules, found: sheet.ruleSet }));
    return issues;
  }
  if (round.phases[phase] !== 'open')
    issues.push(error('upload.phase-closed', where, { phase, state: round.phases[phase] }));
  const assessed = new Set(assessedUnits(roster).map((u) => u.code));
  const spotchecked = new Set(roster.assignments.flatMap((a) => a.spotchecked));
  const unitKnown = phase === 'spotcheck' ? spotchecked.has(unit) : assessed.has(unit);
  if (!unitKnown)
    issues.push(error('upload.unit-unknown', { ...where, item: undefined }, { unit: unit || '—', phase }));
  if (phase === 'self') {
    if (uploader.role === 'assessor')
      issues.push(error('upload.role', where, { role: uploader.role, phase }));
    if (uploader.role === 'unit' && uploader.ref !== unit) {
      issues.push(error('upload.impersonation', where, { found: unit || '—', caller: uploader.ref }));
    }
    return issues;
  }
  if (uploader.role === 'unit') {
    issues.push(error('upload.role', where, { role: uploader.role, phase }));
    return issues;
  }
  if (!roster.assessors.some((a) => a.id === assessor)) {
    issues.push(error('upload.assessor-unknown', where, { assessor: assessor || '—' }));
  } else if (unitKnown && !isAssigned(roster, { phase, unit, assessor })) {
    issues.push(error('upload.not-assigned', where, { assessor, unit, phase }));
  }
  if (uploader.role === 'assessor' && uploader.ref !== assessor) {
    issues.push(error('upload.impersonation', where, { found: assessor || '—', caller: uploader.ref }));
  }
  return issues;
}
