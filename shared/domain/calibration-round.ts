import type { Lang } from './text.ts';
import type { Roster } from './roster.ts';

/** A reference case of a calibration round. */
export interface CaseRef {
  code: string;
  title: string;
}

/** The name the answer key's pseudo-assessor is shown with. */
export const KEY_NAME: Record<Lang, string> = { zh: '标准答案', en: 'Answer key' };

/**
 * The roster of a calibration round (校准轮次): the reference cases stand where units stand, and
 * every assessor of the roster workbook, with the answer key's pseudo-assessor `keyId`, is on the
 * formal panel of every case. Nobody is on a pre-check or spot-check panel; no unit of the district
 * is in it, so nothing of a real unit can be scored in it.
 */
export function calibrationRoster(roster: Roster, cases: readonly CaseRef[], keyId: string): Roster {
  const assessors = roster.assessors.filter((a) => a.id !== keyId);
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
