import {
  assessorConsistency,
  icc,
  krippendorffAlphaInterval,
  pairableUnits,
  twoWayAnova,
  type TwoWay,
} from '../domain/agreement.ts';
import type { RoundReport } from '../domain/round-report.ts';
import type { Lang } from '../domain/text.ts';
import type { RoundResults } from './round-results.ts';

/** What the assessor-consistency part of a round report says. */
export type AgreementParts = Pick<RoundReport, 'agreement' | 'icc'> & {
  consistency: ReturnType<typeof assessorConsistency>;
};

const NOTES = {
  alpha: {
    zh: '分析单元为“单位×评分项”(正式测评),得分按该项分值折算为得分率;最终判为不适用的项目、由抽查计算的项目不计入;个别测评员标为不适用的评分按缺失值处理;“单位数”为至少有两个评分、能参与计算的“单位×评分项”个数',
    en: 'units of analysis are (unit, item) pairs of the formal phase, scores as a share of the item’s points; items finally N/A and items computed from spot-checks are left out; an assessor’s N/A is a missing value; “Units” counts the pairs with at least two scores, the ones that can contribute',
  },
  icc: {
    zh: 'Shrout & Fleiss (1979) 单评分者组内相关系数:ICC(2,1) 视测评员为随机抽取,衡量绝对一致;ICC(3,1) 视本组测评员为固定,衡量相对一致。每个正式测评组(一个单位的全部测评员)一张“评分项×测评员”的完整表,得分按分值折算为得分率;最终不适用、由抽查计算的项目不计入,有测评员标为不适用或未评分的项目整项剔除(双因素方差分析需要完整数据)。全区数值按各组的方差分量以项目数加权合并(各组测评员不同,不能合成一张表)',
    en: 'Shrout & Fleiss (1979) single-rater intraclass correlations: ICC(2,1) takes assessors as a random sample (absolute agreement), ICC(3,1) takes the panel’s assessors as fixed (consistency). Each formal panel (all assessors of one unit) gives a complete items × assessors table, scores as a share of the item’s points; items finally N/A or computed from spot-checks are left out, and an item some assessor marked N/A or left blank is dropped whole (the two-way ANOVA needs complete data). The round’s values pool the panels’ variance components weighted by their items (panels have different assessors, so no single table spans them)',
  },
} as const;

/**
 * Agreement of the round's formal scores: Krippendorff's alpha over (unit, item) pairs, ICC(2,1)
 * and ICC(3,1) per panel and pooled, and each assessor's deviation from the reconciled scores.
 * Scores are shares of the item's points throughout; derived (spot-check) items and items finally
 * N/A are left out of all three, as no assessor scores them.
 */
export function agreementOf(rr: RoundResults, lang: Lang): AgreementParts {
  const assessorIds = rr.roster.assessors.map((a) => a.id);
  const derived = (code: string) => rr.rs.byCode.get(code)?.method?.type === 'spotcheck';
  const matrix: (number | null)[][] = [];
  const entries: Parameters<typeof assessorConsistency>[0] = [];
  const panels: RoundReport['icc']['panels'] = [];
  const tables: TwoWay[] = [];
  for (const u of rr.units) {
    const formal = u.formal;
    if (!formal) continue;
    const complete: number[][] = [];
    for (const item of formal.items) {
      if (item.na || item.pending || item.score === null || derived(item.code) || item.max <= 0) continue;
      const share = (id: string) => {
        const s = item.assessorScores.find((x) => x.assessor === id);
        return s && !s.na && s.score !== null ? s.score / item.max : null;
      };
      matrix.push(assessorIds.map(share));
      const row = formal.assessors.map(share);
      if (row.every((v) => v !== null)) complete.push(row as number[]);
      for (const s of item.assessorScores) {
        if (!s.na && s.score !== null)
          entries.push({
            assessor: s.assessor,
            item: item.code,
            unit: u.unit,
            max: item.max,
            score: s.score,
            consensus: item.computed ?? item.score,
          });
      }
    }
    const table = twoWayAnova(complete);
    if (table) tables.push(table);
    panels.push({
      unit: u.unit,
      assessors: formal.assessors,
      items: complete.length,
      ...(table ? icc([table]) : { icc21: null, icc31: null }),
    });
  }
  return {
    consistency: assessorConsistency(entries),
    agreement: {
      name: "Krippendorff's alpha (interval)",
      value: krippendorffAlphaInterval(matrix),
      units: pairableUnits(matrix),
      assessors: assessorIds.length,
      note: NOTES.alpha[lang],
    },
    icc: {
      round: { ...icc(tables), panels: tables.length, items: tables.reduce((s, t) => s + t.n, 0) },
      panels,
      note: NOTES.icc[lang],
    },
  };
}
