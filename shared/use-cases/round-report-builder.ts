import {
  distribution,
  precheckVsFormal,
  rankUnits,
  rectificationTotals,
  selfVsPanel,
} from '../domain/compare.ts';
import { flagReasonText } from '../domain/reconcile.ts';
import { expectedSlots } from '../domain/roster.ts';
import { TRIMMED_MEAN_MIN_ASSESSORS, type ReconciledItem, type UnitPhaseResult } from '../domain/results.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import type {
  FeedbackModel,
  PhaseSummary,
  PrecheckVsFormal,
  PreviousRound,
  RectClaim,
  RoundReport,
  UnitReport,
} from '../domain/round-report.ts';
import { difference, sum } from '../domain/stats.ts';
import { tr, type Lang } from '../domain/text.ts';
import { message } from '../domain/messages.ts';
import { gradeReasonTexts } from './present.ts';
import { feedbackPrevious, previousRoundOf, type PreviousResult } from './previous-round.ts';
import { agreementOf } from './round-agreement.ts';
import type { RoundResults, UnitResults } from './round-results.ts';

/** Tolerance for comparing scores kept to hundredths. */
const EPS = 1e-9;

/** Reduces a phase result to what reports show. */
export function phaseSummary(r: UnitPhaseResult, rr: RoundResults, lang: Lang): PhaseSummary {
  const s = r.score;
  const late = (rr.units.find((x) => x.unit === r.unit)?.latest ?? [])
    .filter((x) => x.phase === r.phase && x.late && r.sources.some((src) => src.uploadId === x.uploadId))
    .map((x) => ({ assessor: x.assessor, reason: x.late!.reason, at: x.receivedAt }));
  const lateReasons = late.map((l) =>
    message('grade.late-sheet', { who: l.assessor, reason: l.reason }, lang),
  );
  return {
    total: s.total,
    complete: s.complete,
    grade: s.grade?.code ?? null,
    gradeLabel: s.grade ? tr(s.grade.label, lang) : null,
    gradeReasons: [...(s.grade ? gradeReasonTexts(rr.rs, s.grade.reasons, lang) : []), ...lateReasons],
    passes: s.grade ? s.grade.passes : null,
    categories: s.categories.map((c) => ({ code: c.code, score: c.score, max: c.max, na: c.na })),
    items: r.items.map((i) => ({ code: i.code, score: i.score, max: i.max, na: i.na, pending: i.pending })),
    assessors: r.assessors,
    late,
  };
}

/**
 * The written feedback's model. Strengths are the applicable, scored items at full marks; losses
 * every one below full marks (with what was lost, exactly): the two partition those items, so a
 * near-full item (≥ 90%) is a loss, counted in `nearFull`, and never a strength as well.
 */
function feedbackOf(
  u: UnitResults,
  name: string,
  rr: RoundResults,
  lang: Lang,
  compared: { pvf?: PrecheckVsFormal | undefined; previous?: PreviousRound | undefined },
  date: string,
  district: string,
): FeedbackModel {
  const { pvf, previous } = compared;
  const result = u.formal ?? u.precheck;
  const title = (code: string) => tr(rr.rs.byCode.get(code)!.title, lang);
  const items = (result?.items ?? []).filter(
    (i): i is ReconciledItem & { score: number } => !i.na && !i.pending && i.score !== null,
  );
  const lossItems = items.filter((i) => i.score < i.max - EPS);
  const losses = lossItems.map((i) => ({
    code: i.code,
    title: title(i.code),
    score: i.score,
    max: i.max,
    lost: difference(i.max, i.score),
    problems: i.problems,
    suggestions: i.suggestions,
  }));
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
      .filter((i) => i.score >= i.max - EPS)
      .map((i) => ({ code: i.code, title: title(i.code), score: i.score, max: i.max })),
    losses,
    nearFull: lossItems.filter((i) => i.score >= i.max * 0.9 - EPS).length,
    lost: sum(losses.map((l) => l.lost)),
    share: rr.rs.leaves.every((l) => l.method?.type === 'compliance')
      ? (result?.score.share ?? undefined)
      : undefined,
    fixedSincePrecheck: (pvf?.fixed ?? []).map((code) => ({ code, title: title(code) })),
    rectification: pvf?.items.map((i) => ({ ...i, title: title(i.code) })),
    previous:
      previous &&
      feedbackPrevious(previous, {
        categories: new Map(rr.rs.categories.map((c) => [c.code, tr(c.title, lang)])),
        items: new Map(rr.rs.leaves.map((l) => [l.code, tr(l.title, lang)])),
      }),
  };
}

const METHOD_WORDS = {
  mean: { zh: '算术平均', en: 'mean' },
  median: { zh: '中位数', en: 'median' },
  'trimmed-mean': { zh: '去掉一个最高分和一个最低分后平均', en: 'trimmed mean (drop highest and lowest)' },
} as const;

/**
 * The round's reconciliation method in words, said for the whole round: how many units used it,
 * which fell back to the mean (too few assessors) and which items did.
 */
function methodText(rr: RoundResults, lang: Lang): string {
  const asked = rr.round.method ?? 'trimmed-mean';
  const words = METHOD_WORDS[asked][lang];
  const formal = rr.units.filter((u) => u.formal);
  const notes: string[] = [];
  if (asked === 'trimmed-mean') {
    const min = TRIMMED_MEAN_MIN_ASSESSORS;
    const fellBack = formal.filter((u) => u.formal!.method !== 'trimmed-mean').map((u) => u.unit);
    const trimmed = formal.length - fellBack.length;
    if (trimmed > 0) notes.push(message('recon.round-trimmed', { count: trimmed, min }, lang));
    if (fellBack.length > 0)
      notes.push(
        message(
          'recon.round-fallback',
          { count: fellBack.length, min, units: fellBack.join(lang === 'zh' ? '、' : ', ') },
          lang,
        ),
      );
    const items = formal
      .filter((u) => u.formal!.methodNote?.code === 'recon.trimmed-item-fallback')
      .map((u) => `${u.unit} ${u.formal!.methodNote!.params.items}`);
    if (items.length > 0)
      notes.push(
        message('recon.round-item-fallback', { min, items: items.join(lang === 'zh' ? ';' : '; ') }, lang),
      );
  }
  if (notes.length === 0) return words;
  return lang === 'zh' ? `${words}(${notes.join(';')})` : `${words} (${notes.join('; ')})`;
}

/** Builds the round report (consolidated workbook, feedback, comparisons) from reconciled results. */
/** The rubric as reports show it: categories and scored items with their titles in one language. */
/** The category (top-level node) an item sits in, from the tree: codes need not share a prefix. */
function categoryOf(rs: RuleSet, code: string): string {
  let node = rs.byCode.get(code);
  while (node?.parent !== undefined) node = rs.byCode.get(node.parent);
  return node?.code ?? code.split('.')[0]!;
}

export function rubricOf(rs: RuleSet, lang: Lang): Pick<RoundReport, 'categories' | 'items'> {
  return {
    categories: rs.categories.map((c) => ({ code: c.code, title: tr(c.title, lang), max: c.maxPoints })),
    items: rs.leaves.map((l) => ({
      code: l.code,
      title: tr(l.title, lang),
      max: l.maxPoints,
      key: l.key,
      category: categoryOf(rs, l.code),
    })),
  };
}

/** What buildRoundReport needs besides the round's results. */
export interface ReportOptions {
  lang: Lang;
  district: string;
  districtName: string;
  now: Date;
  /** Per unit, its own rectification answer per item (整改回复), set against the formal verdicts. */
  claims?: ReadonlyMap<string, ReadonlyMap<string, RectClaim>> | undefined;
  /** Per unit, its formal result in its last earlier round (previous-round.ts), for year over year. */
  previous?: ReadonlyMap<string, PreviousResult> | undefined;
}

export function buildRoundReport(rr: RoundResults, o: ReportOptions): RoundReport {
  const { lang, now } = o;
  const names = new Map(rr.roster.units.map((u) => [u.code, u.name]));
  const formalTotals = rr.units
    .filter((u) => u.formal)
    .map((u) => ({ unit: u.unit, total: u.formal!.score.total }));
  const ranks = rankUnits(formalTotals);
  const date = now.toISOString().slice(0, 10);
  const units: UnitReport[] = rr.units.map((u) => {
    const pvf =
      u.precheck && u.formal ? precheckVsFormal(u.precheck, u.formal, o.claims?.get(u.unit)) : undefined;
    const before = u.formal && o.previous?.get(u.unit);
    const previous = before
      ? previousRoundOf(before, { round: rr.round, formal: u.formal! }, lang)
      : undefined;
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
      previous,
      flagged: (u.formal?.items ?? [])
        .filter((i) => i.flagged)
        .map((i) => ({
          code: i.code,
          reasons: i.flagReasons.map((r) => flagReasonText(r, lang)),
          scores: i.assessorScores.map((a) => ({ assessor: a.assessor, score: a.score })),
          computed: i.computed,
          agreed: i.agreed,
          status: i.agreed
            ? ('agreed' as const)
            : u.reconciled?.includes('formal')
              ? ('computed-stands' as const)
              : ('not-reconciled' as const),
          veto: i.vetoDecision
            ? { decision: i.vetoDecision.verdict, reason: i.vetoDecision.reason, by: i.vetoDecision.by }
            : i.vetoPending
              ? { decision: 'pending' as const, reason: '', by: '' }
              : undefined,
        })),
      feedback: feedbackOf(u, names.get(u.unit) ?? u.unit, rr, lang, { pvf, previous }, date, o.districtName),
    };
  });
  const agreement = agreementOf(rr, lang);
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
    assessors: agreement.consistency.map((a) => ({
      ...a,
      name: assessorNames.get(a.assessor) ?? a.assessor,
    })),
    agreement: agreement.agreement,
    icc: agreement.icc,
    distribution: distribution(
      units
        .filter((u) => u.formal)
        .map((u) => ({ total: u.formal!.total, grade: u.formal!.grade, passes: u.formal!.passes })),
    ),
    rectification: rectificationTotals(
      units.flatMap((u) => (u.precheckVsFormal ? [u.precheckVsFormal] : [])),
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
