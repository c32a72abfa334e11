import { error, warning, type Issue } from './issues.ts';
import type { Phase } from './layout.ts';

/** An agency in the district; subordinates name their parent unit. */
export interface RosterUnit {
  code: string;
  name: string;
  parent?: string | undefined;
  /** The unit's archive staff (档案员) who signs in for it, and how to reach them (all optional). */
  archivist?: string | undefined;
  /** The sign-in name (登录名) of the unit's person in the people directory. */
  login?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** An assessor (测评员); panel leads (组长) upload the reconciliation sheet. */
export interface RosterAssessor {
  id: string;
  name: string;
  lead: boolean;
  /** The unit the assessor works in (所在单位), for conflicts of interest; none for outside staff. */
  home?: string | undefined;
  /** The assessor's sign-in name (登录名) in the people directory, phone and e-mail (all optional). */
  login?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** Who assesses a unit in each phase, and which two subordinates are spot-checked by whom. */
export interface RosterAssignment {
  unit: string;
  precheck: string[];
  formal: string[];
  spotchecked: string[];
  spotcheckers: string[];
}

/** The round's roster, as read from the roster workbook. */
export interface Roster {
  units: RosterUnit[];
  assessors: RosterAssessor[];
  assignments: RosterAssignment[];
}

/** Where a roster value came from, so problems can name the sheet and cell. */
export type RosterWhere = (
  kind: 'unit' | 'assessor' | 'assignment',
  index: number,
  field: string,
) => { sheet: string; cell: string };

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/**
 * Checks a roster for consistency, collecting every problem: unique codes, parents that exist,
 * assignments that name known assessors, two pre-check assessors, at least two formal assessors
 * (back-to-back scoring needs more than one), spot-checked units that are the unit's subordinates.
 */
export function validateRoster(r: Roster, where: RosterWhere): Issue[] {
  const issues: Issue[] = [];
  const units = new Map<string, number>();
  r.units.forEach((u, i) => {
    if (!CODE.test(u.code))
      issues.push(error('roster.bad-code', where('unit', i, 'code'), { value: u.code }));
    if (units.has(u.code))
      issues.push(error('roster.duplicate', where('unit', i, 'code'), { value: u.code }));
    units.set(u.code, i);
    if (!u.name) issues.push(error('roster.missing', { ...where('unit', i, 'name'), item: u.code }, {}));
  });
  r.units.forEach((u, i) => {
    if (u.parent !== undefined && !units.has(u.parent)) {
      issues.push(
        error('roster.unknown-unit', { ...where('unit', i, 'parent'), item: u.code }, { value: u.parent }),
      );
    }
    if (u.parent === u.code)
      issues.push(
        error('roster.self-parent', { ...where('unit', i, 'parent'), item: u.code }, { value: u.code }),
      );
  });
  const assessors = new Set<string>();
  r.assessors.forEach((a, i) => {
    if (!CODE.test(a.id)) issues.push(error('roster.bad-code', where('assessor', i, 'id'), { value: a.id }));
    if (assessors.has(a.id))
      issues.push(error('roster.duplicate', where('assessor', i, 'id'), { value: a.id }));
    assessors.add(a.id);
  });
  const assigned = new Set<string>();
  r.assignments.forEach((a, i) => {
    const at = (field: string) => ({ ...where('assignment', i, field), item: a.unit });
    if (!units.has(a.unit)) issues.push(error('roster.unknown-unit', at('unit'), { value: a.unit }));
    if (assigned.has(a.unit)) issues.push(error('roster.duplicate', at('unit'), { value: a.unit }));
    assigned.add(a.unit);
    for (const field of ['precheck', 'formal', 'spotcheckers'] as const) {
      for (const id of a[field])
        if (!assessors.has(id)) issues.push(error('roster.unknown-assessor', at(field), { value: id }));
    }
    if (a.precheck.length !== 2)
      issues.push(warning('roster.precheck-count', at('precheck'), { count: a.precheck.length }));
    if (a.formal.length < 2)
      issues.push(error('roster.formal-count', at('formal'), { count: a.formal.length }));
    const subs = new Set(r.units.filter((u) => u.parent === a.unit).map((u) => u.code));
    for (const s of a.spotchecked) {
      if (!subs.has(s))
        issues.push(error('roster.not-subordinate', at('spotchecked'), { value: s, unit: a.unit }));
    }
    if (subs.size >= 2 && a.spotchecked.length !== 2) {
      issues.push(warning('roster.spotcheck-count', at('spotchecked'), { count: a.spotchecked.length }));
    }
    if (a.spotchecked.length > 0 && a.spotcheckers.length === 0 && a.precheck.length === 0) {
      issues.push(error('roster.no-spotchecker', at('spotcheckers'), {}));
    }
  });
  r.units.forEach((u, i) => {
    if (u.parent === undefined && !assigned.has(u.code))
      issues.push(warning('roster.unassigned', { ...where('unit', i, 'code'), item: u.code }, {}));
  });
  return issues;
}

/** The units assessed in the round: those without a parent. */
export function assessedUnits(r: Roster): RosterUnit[] {
  return r.units.filter((u) => u.parent === undefined);
}

/** One expected sheet of a round: a unit's self-assessment, or one assessor's sheet for a phase. */
export interface Slot {
  phase: Phase;
  unit: string;
  /** Empty for self-assessments. */
  assessor: string;
}

/** Every sheet a round expects, in a stable order: per unit, self, pre-check, spot-checks, formal. */
export function expectedSlots(r: Roster): Slot[] {
  const byUnit = new Map(r.assignments.map((a) => [a.unit, a]));
  return assessedUnits(r).flatMap((u) => {
    const a = byUnit.get(u.code);
    const slots: Slot[] = [{ phase: 'self', unit: u.code, assessor: '' }];
    if (!a) return slots;
    for (const id of a.precheck) slots.push({ phase: 'precheck', unit: u.code, assessor: id });
    const checkers = a.spotcheckers.length > 0 ? a.spotcheckers : a.precheck.slice(0, 1);
    for (const s of a.spotchecked)
      for (const id of checkers) slots.push({ phase: 'spotcheck', unit: s, assessor: id });
    for (const id of a.formal) slots.push({ phase: 'formal', unit: u.code, assessor: id });
    return slots;
  });
}

/** Whether an assessor may submit a sheet for this phase and unit under the roster. */
export function isAssigned(r: Roster, slot: Slot): boolean {
  return expectedSlots(r).some(
    (s) => s.phase === slot.phase && s.unit === slot.unit && s.assessor === slot.assessor,
  );
}
