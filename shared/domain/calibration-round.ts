import type { Lang } from './text.ts';
import type { Roster } from './roster.ts';

/** A reference case of a calibration round. */
export interface CaseRef {
  code: string;
  title: string;
}

/** How a unit's archive staff are named among a calibration's assessors. */
export const STAFF_SUFFIX: Record<Lang, string> = { zh: '(档案人员)', en: ' (archive staff)' };

/**
 * Who a caller acts as in a round: in a two-way calibration (`withUnits`), a unit's archive staff
 * score the cases as the assessor whose id is the unit's code; everyone else as themselves.
 */
export function actingAs<C extends { role: string; ref: string }>(
  round: { kind?: string | undefined; withUnits?: boolean | undefined } | undefined,
  roster: Roster | undefined,
  caller: C,
): C {
  if (round?.kind !== 'calibration' || round.withUnits !== true || caller.role !== 'unit') return caller;
  return roster?.assessors.some((a) => a.id === caller.ref) ? { ...caller, role: 'assessor' } : caller;
}

/** Case codes that would stand for a real unit of the roster: refused, so no real unit's sheet fits a case. */
export function clashingCases(roster: Roster, cases: readonly CaseRef[]): string[] {
  const units = new Set(roster.units.map((u) => u.code.toUpperCase()));
  const ids = new Set(roster.assessors.map((a) => a.id.toUpperCase()));
  return cases.map((c) => c.code).filter((c) => units.has(c.toUpperCase()) || ids.has(c.toUpperCase()));
}

/** The name the answer key's pseudo-assessor is shown with. */
export const KEY_NAME: Record<Lang, string> = { zh: '标准答案', en: 'Answer key' };

/**
 * The roster of a calibration round (校准轮次): the reference cases stand where units stand, and
 * every assessor of the roster workbook, with the answer key's pseudo-assessor `keyId`, is on the
 * formal panel of every case. Nobody is on a pre-check or spot-check panel; no unit of the district
 * is in it, so nothing of a real unit can be scored in it.
 */
export function calibrationRoster(
  roster: Roster,
  cases: readonly CaseRef[],
  keyId: string,
  opts: { withUnits?: boolean; staffSuffix?: string } = {},
): Roster {
  // Two-way training: each assessed unit's archive staff score the cases too, as the unit's code.
  const staff = opts.withUnits
    ? roster.units
        .filter((u) => !u.parent)
        .map((u) => ({ id: u.code, name: `${u.name}${opts.staffSuffix ?? STAFF_SUFFIX.zh}`, lead: false }))
    : [];
  // No unit of the district is in a calibration, so home units (回避) mean nothing there.
  const people = roster.assessors.map(({ home: _home, ...a }) => a);
  const assessors = [...people, ...staff].filter((a) => a.id !== keyId);
  const panel = [...assessors.map((a) => a.id), keyId];
  return {
    units: cases.map((c) => ({ code: c.code, name: c.title })),
    assessors: [...assessors, { id: keyId, name: KEY_NAME.zh, lead: false }],
    assignments: cases.map((c) => ({
      unit: c.code,
      precheck: [],
      formal: panel,
      spotchecked: [],
      spotcheckers: [],
    })),
  };
}
