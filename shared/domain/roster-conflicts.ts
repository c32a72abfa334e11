import { error, type Issue } from './issues.ts';
import type { Roster, RosterWhere } from './roster.ts';
import { didYouMean } from './rubric-cells.ts';

/** How the unit an assessor would assess stands to the assessor's home unit. */
export type Tie = 'own' | 'subordinate' | 'superior';

/**
 * How unit `other` is tied to unit `home` along the roster's parent links: the same unit, one below
 * it (at any depth) or one above it (at any depth); undefined for units in different lines, siblings
 * included. A circle of parents ends the walk.
 */
export function tieOf(
  parents: ReadonlyMap<string, string | undefined>,
  home: string,
  other: string,
): Tie | undefined {
  if (home === other) return 'own';
  const above = (from: string, target: string) => {
    const seen = new Set([from]);
    for (let u = parents.get(from); u !== undefined && !seen.has(u); u = parents.get(u)) {
      if (u === target) return true;
      seen.add(u);
    }
    return false;
  };
  if (above(other, home)) return 'subordinate';
  if (above(home, other)) return 'superior';
  return undefined;
}

/**
 * Conflicts of interest (回避): an assessor whose home unit is H may not assess — pre-check, formal
 * panel, or spot-check — H itself, a unit below H (any depth), or a unit above H (any depth): the
 * rule runs both ways, so a subordinate's staff do not judge their own superior either. Each
 * conflict is an error at the Assignments cell where the assessor's id is written (a spot-checker
 * left to default is the first pre-check assessor: that cell), once per cell and assessor. A home
 * unit that is not in the unit list is an error at its Assessors cell, with the nearest code.
 * Unknown assessor ids are left to `validateRoster`.
 */
export function rosterConflicts(r: Roster, where: RosterWhere): Issue[] {
  const issues: Issue[] = [];
  const parents = new Map(r.units.map((u) => [u.code, u.parent]));
  const homes = new Map<string, string>();
  r.assessors.forEach((a, i) => {
    if (a.home === undefined || a.home === '') return;
    if (parents.has(a.home)) {
      homes.set(a.id, a.home);
      return;
    }
    const at = { ...where('assessor', i, 'home'), item: a.id };
    const suggestion = didYouMean(a.home, [...parents.keys()], true);
    if (suggestion) issues.push(error('roster.home-unknown-suggest', at, { value: a.home, suggestion }));
    else issues.push(error('roster.home-unknown', at, { value: a.home }));
  });
  r.assignments.forEach((a, i) => {
    // Who assesses which units, by the cell their id is written in.
    const checkers = a.spotcheckers.length > 0 ? a.spotcheckers : a.precheck.slice(0, 1);
    const duties: { field: string; ids: string[]; units: string[] }[] = [
      { field: 'precheck', ids: a.precheck, units: [a.unit] },
      { field: 'formal', ids: a.formal, units: [a.unit] },
      {
        field: a.spotcheckers.length > 0 ? 'spotcheckers' : 'precheck',
        ids: checkers,
        units: a.spotchecked,
      },
    ];
    const reported = new Set<string>();
    for (const { field, ids, units } of duties) {
      for (const id of ids) {
        const home = homes.get(id);
        if (home === undefined || reported.has(`${field}|${id}`)) continue;
        for (const unit of units) {
          const tie = tieOf(parents, home, unit);
          if (tie === undefined) continue;
          reported.add(`${field}|${id}`);
          issues.push(
            error(
              `roster.conflict-${tie}`,
              { ...where('assignment', i, field), item: a.unit },
              { assessor: id, home, unit },
            ),
          );
          break;
        }
      }
    }
  });
  return issues;
}
