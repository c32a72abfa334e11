import { assessorConsistency, krippendorffAlphaInterval } from '../domain/agreement.ts';
import { distribution, precheckVsFormal, rankUnits, selfVsPanel } from '../domain/compare.ts';
import { expectedSlots } from '../domain/roster.ts';
import type { UnitPhaseResult } from '../domain/results.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import type { FeedbackModel, PhaseSummary, RoundReport, UnitReport } from '../domain/round-report.ts';
import { tr, type Lang } from '../domain/text.ts';
import { message } from '../domain/messages.ts';
import { gradeReasonTexts } from './present.ts';
import type { RoundResults, UnitResults } from './round-results.ts';

const FLAG_WORDS = {
  spread: { zh: '分差超过 20%', en: 'spread over 20%' },
  'key-disagreement': { zh: '关键项评分不一致', en: 'key item disagreement' },
  'veto-disagreement': { zh: '否决项判断不一致', en: 'veto disagreement' },
} as const;

/** Reduces a phase result to what reports show. */
export function phaseSummary(r: UnitPhaseResult, rr: RoundResults, lang: Lang): PhaseSummary {
  const s = r.score;
  return {
    total: s.total,
    complete: s.complete,
    grade: s.grade?.code ?? null,
    gradeLabel: s.grade ? tr(s.grade.label, lang) : null,
    gradeReasons: s.grade ? gradeReasonTexts(rr.rs, s.grade.reasons, lang) : [],
    passes: s.grade ? s.grade.passes : null,
    categories: s.categories.map((c) => ({ code: c.code, score: c.score, max: c.max, na: c.na })),
    items: r.items.map((i) => ({ code: i.code, score: i.score, max: i.max, na: i.na, pending: i.pending })),
    assessors: r.assessors,
  };
}

function feedbackOf(
  u: UnitResults,
  name: string,
  rr: RoundResults,
  lang: Lang,
  fixed: string[],
  date: string,
  district: string,
): FeedbackModel {
  const result = u.formal ?? u.precheck;
  const title = (code: string) => tr(rr.rs.byCode.get(code)!.title, lang);
  const items = (result?.items ?? []).filter((i) => !i.na && !i.pending && i.score !== null);
  return {
    district,
    round: rr.round.round,
    unit: u.unit,
    unitName: name,
    ruleSetTitle: tr(rr.rs.title, lang),
    date,
    total: result ? result.score.total : null,
    gradeLabel: result?.score.grade ? tr(result.score.grade.label, lang) : null,
    gradeReasons: result?.score.grade ? gradeReasonTexts(rr.rs, result.score.grade.reasons, lang) : [],
    strengths: items
      .filter((i) => i.score! >= i.max * 0.9)
      .map((i) => ({ code: i.code, title: title(i.code), score: i.score!, max: i.max })),
    losses: items
      .filter((i) => i.score! < i.max)
      .map((i) => ({
        code: i.code,
        title: title(i.code),
        score: i.score!,
        max: i.max,
        lost: Math.round((i.max - i.score!) * 100) / 100,
        problems: i.problems,
        suggestions: i.suggestions,
      })),
    fixedSincePrecheck: fixed,
  };
}

const METHOD_WORDS = {
  mean: { zh: '算术平均', en: 'mean' },
  median: { zh: '中位数', en: 'median' },
  'trimmed-mean': { zh: '去掉一个最高分和一个最低分后平均', en: 'trimmed mean (drop highest and lowest)' },
} as const;

/** The round's reconciliation method in words, with any fallback the results needed. */
function methodText(rr: RoundResults, lang: Lang): string {
  const asked = METHOD_WORDS[rr.round.method ?? 'trimmed-mean'][lang];
  const notes = [
    ...new Set(
      rr.units
        .map((u) => u.formal?.methodNote)
        .filter((n) => n !== undefined)
        .map((n) => message(n.code, n.params, lang)),
    ),
  ];
  return notes.length > 0
    ? `${asked}${lang === 'zh' ? '(' : ' ('}${notes.join(lang === 'zh' ? ';' : '; ')}${lang === 'zh' ? ')' : ')'}`
    : asked;
}

/** Builds the round report (consolidated workbook, feedback, comparisons) from reconciled results. */
/** The rubric as reports show it: categories and scored items with their titles in one language. */
export function rubricOf(rs: RuleSet, lang: Lang): Pick<RoundReport, 'categories' | 'items'> {
  return {
    categories: rs.categories.map((c) => ({ code: c.code, title: tr(c.title, lang), max: c.maxPoints })),
    items: rs.leaves.map((l) => ({
      code: l.code,
      title: tr(l.title, lang),
      max: l.maxPoints,
      key: l.key,
      category: l.code.split('.')[0]!,
    })),
  };
}

export function buildRoundReport(
  rr: RoundResults,
  o: { lang: Lang; district: string; districtName: string; now: Date },
): RoundReport {
  const { lang, now } = o;
  const names = new Map(rr.roster.units.map((u) => [u.code, u.name]));
  const formalTotals = rr.units
    .filter((u) => u.formal)
    .map((u) => ({ unit: u.unit, total: u.formal!.score.total }));
  const ranks = rankUnits(formalTotals);
  const date = now.toISOString().slice(0, 10);
  const units: UnitReport[] = rr.units.map((u) => {
    const pvf = u.precheck && u.formal ? precheckVsFormal(u.precheck, u.formal) : undefined;
    return {
      code: u.unit,
      name: names.get(u.unit) ?? u.unit,
      self: u.self && phaseSummary(u.self, rr, lang),
      precheck: u.precheck && phaseSummary(u.precheck, rr, lang),
      formal: u.formal && phaseSummary(u.formal, rr, lang),
      rank: ranks.get(u.unit),
      plaque: u.formal?.score.grade?.passes === true,
      precheckVsFormal: pvf,
      selfVsPanel: u.self && u.formal ? selfVsPanel(u.self, u.formal) : undefined,
      flagged: (u.formal?.items ?? [])
        .filter((i) => i.flagged)
        .map((i) => ({
          code: i.code,
          reasons: i.flagReasons.map((r) => FLAG_WORDS[r][lang]),
          scores: i.assessorScores.map((a) => ({ assessor: a.assessor, score: a.score })),
          computed: i.computed,
          agreed: i.agreed,
        })),
      feedback: feedbackOf(u, names.get(u.unit) ?? u.unit, rr, lang, pvf?.fixed ?? [], date, o.districtName),
    };
  });
  // Agreement: each (unit, item) is a unit of analysis; assessors are coders; scores as a share of points.
  const assessorIds = rr.roster.assessors.map((a) => a.id);
  const matrix: (number | null)[][] = [];
  const entries: Parameters<typeof assessorConsistency>[0] = [];
  for (const u of rr.units) {
    for (const item of u.formal?.items ?? []) {
      if (item.na || item.pending || item.score === null) continue;
      const row = assessorIds.map((id) => {
        const s = item.assessorScores.find((x) => x.assessor === id);
        return s && !s.na && s.score !== null ? s.score / item.max : null;
      });
      matrix.push(row);
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
  }
  const accepted = new Set(
    rr.units.flatMap((u) => u.latest.map((s) => `${s.phase}|${s.unit}|${s.assessor}`)),
  );
  const assessorNames = new Map(rr.roster.assessors.map((a) => [a.id, a.name]));
  return {
    district: o.district,
    districtName: o.districtName,
    round: rr.round.round,
    lang,
    generatedAt: now.toISOString(),
    ruleSet: {
      id: rr.rs.id,
      version: rr.rs.version,
      fingerprint: rr.rs.fingerprint,
      title: tr(rr.rs.title, lang),
      scale: rr.rs.scale,
    },
    method: methodText(rr, lang),
    ...rubricOf(rr.rs, lang),
    units,
    assessors: assessorConsistency(entries).map((a) => ({
      ...a,
      name: assessorNames.get(a.assessor) ?? a.assessor,
    })),
    agreement: {
      name: "Krippendorff's alpha (interval)",
      value: krippendorffAlphaInterval(matrix),
      units: matrix.length,
      assessors: assessorIds.length,
      note:
        lang === 'zh'
          ? '以“单位×评分项”为分析单元,得分按分值归一化'
          : 'units of analysis are (unit, item) pairs; scores as a share of the item’s points',
    },
    distribution: distribution(
      units
        .filter((u) => u.formal)
        .map((u) => ({ total: u.formal!.total, grade: u.formal!.grade, passes: u.formal!.passes })),
    ),
    missing: expectedSlots(rr.roster)
      .filter((s) => !accepted.has(`${s.phase}|${s.unit}|${s.assessor}`))
      .map((s) => ({ unit: s.unit, phase: s.phase, assessor: s.assessor })),
    sources: rr.units.flatMap((u) =>
      u.latest.map((s) => ({
        unit: s.unit,
        phase: s.phase,
        assessor: s.assessor,
        uploadId: s.uploadId,
        receivedAt: s.receivedAt,
      })),
    ),
  };
}
