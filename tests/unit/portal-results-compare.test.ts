import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguage, makeI18n } from '../../web/src/i18n.ts';
import { previousLine, rectCounts, rectDistrict } from '../../web/src/results-compare-words.ts';
import type { UnitResult } from '../../web/src/types.ts';

/** The portal's words for rectification checked and the last round (results tab, a unit's own page). */

type Pvf = NonNullable<UnitResult['precheckVsFormal']>;
type Previous = NonNullable<UnitResult['previous']>;

const pvf: Pvf = {
  fixed: ['1.3.1'],
  partlyFixed: ['2.1.2', '2.2.1'],
  stillLosing: ['2.2.2'],
  newLosses: [],
  items: [],
  totalDelta: 1,
};
const previous: Previous = {
  previousRound: '2025',
  comparable: true,
  notes: [],
  previousTotal: 90,
  total: 97,
  totalDelta: 7,
  previousGrade: 'pass',
  grade: 'excellent',
  previousGradeLabel: '合格',
  gradeLabel: '优秀',
  categoryDeltas: [],
  recurring: ['2.2.2'],
  unmatched: 0,
};

describe('the portal’s rectification and year-over-year words', () => {
  let zh = makeI18n('zh').t;
  let en = makeI18n('en').t;
  // The English words are fetched on demand, as the page does when its language is switched.
  beforeAll(async () => {
    await loadLanguage('en');
    zh = makeI18n('zh').t;
    en = makeI18n('en').t;
  });

  it('counts the four classes of a unit', () => {
    expect(rectCounts(pvf, zh)).toBe('已整改 1 · 部分整改 2 · 未整改 1 · 新增失分 0');
    expect(rectCounts(pvf, en)).toBe('1 fixed · 2 partly · 1 not fixed · 0 new losses');
    expect(rectCounts(undefined, zh)).toBe('—');
  });

  it('gives the district line only when some unit had both phases', () => {
    expect(rectDistrict({ units: 2, fixed: 3, partly: 1, not: 2, new: 1 }, zh)).toBe(
      '全区整改核查(2 个单位):已整改 3 项,部分整改 1 项,未整改 2 项,新增失分 1 项',
    );
    expect(rectDistrict({ units: 0, fixed: 0, partly: 0, not: 0, new: 0 }, zh)).toBeUndefined();
    expect(rectDistrict(undefined, zh)).toBeUndefined();
  });

  it('says the change since the last round, or that the rounds are not comparable', () => {
    expect(previousLine(previous, zh)).toBe('与上一轮(2025)相比:总分 90 → 97(+7),等级 合格 → 优秀');
    expect(previousLine({ ...previous, notes: ['version-changed'] }, en)).toBe(
      'Against 2025: total 90 → 97 (+7), grade 合格 → 优秀 (another version of the rubric, compared by item code)',
    );
    expect(previousLine({ ...previous, comparable: false, notes: ['rubric-changed'] }, zh)).toBe(
      '上一轮(2025)使用的细则不同,分数不可直接比较',
    );
    expect(previousLine(undefined, zh)).toBe('—');
  });
});
