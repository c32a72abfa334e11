import { signed } from '../../shared/domain/message-format.ts';
import type { I18n } from './i18n.ts';
import type { Results, UnitResult } from './types.ts';

/**
 * The results' comparisons in words: pre-check losses as the formal assessment found them (fixed,
 * partly fixed, not fixed, new losses) and the change since the unit's last earlier round.
 */

type Pvf = NonNullable<UnitResult['precheckVsFormal']>;
type Previous = NonNullable<UnitResult['previous']>;

/** "Fixed 2 · partly 1 · not fixed 0 · new losses 1" for one unit. */
export const rectCounts = (p: Pvf | undefined, t: I18n['t']): string =>
  p
    ? t('portal.rect-counts', {
        fixed: p.fixed.length,
        partly: p.partlyFixed.length,
        not: p.stillLosing.length,
        new: p.newLosses.length,
      })
    : '—';

/** The district's line: items classified over the units with both phases. */
export const rectDistrict = (r: Results['rectification'], t: I18n['t']): string | undefined =>
  r && r.units > 0 ? t('portal.rect-district', { ...r }) : undefined;

/** The year-over-year line: total and grade change, or why the rounds are not comparable. */
export function previousLine(p: Previous | undefined, t: I18n['t']): string {
  if (!p) return '—';
  if (!p.comparable) return t('portal.previous-other-rubric', { round: p.previousRound });
  const pending = t('portal.results-pending');
  const line = t('portal.previous-line', {
    round: p.previousRound,
    before: p.previousTotal,
    now: p.total,
    delta: signed(p.totalDelta),
    gradeBefore: p.previousGradeLabel ?? pending,
    grade: p.gradeLabel ?? pending,
  });
  return p.notes.includes('version-changed') ? `${line} ${t('portal.previous-version')}` : line;
}

/** A unit's own view: the four classes with their items, the change since the last round, recurring items. */
