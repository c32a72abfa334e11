import { addr } from '../domain/layout.ts';
import { formatIssue, message } from '../domain/messages.ts';
import type { Issue } from '../domain/issues.ts';
import type { RuleNode, RuleSet } from '../domain/rule-set.ts';
import { tr, type Lang } from '../domain/text.ts';
import type { CheckResult } from './check-sheet.ts';

/** An issue as JSON: where, what, and the message in the asked language. */
export function issueJson(i: Issue, lang: Lang) {
  return {
    code: i.code,
    severity: i.severity,
    sheet: i.sheet ?? null,
    cell: i.cell ?? null,
    item: i.item ?? null,
    ...(i.path ? { path: i.path } : {}),
    message: formatIssue(i, lang),
    params: i.params,
  };
}

/** A grade's label in the rule set's policy, or the code itself if the rule set has no such grade. */
export function gradeLabelOf(rs: RuleSet | undefined, code: string, lang: Lang): string {
  const g = rs && [...rs.grading.grades, rs.grading.fallback].find((x) => x.code === code);
  return g ? tr(g.label, lang) : code;
}

/** Grade reasons in words, with grade codes replaced by their labels. */
export function gradeReasonTexts(
  rs: RuleSet,
  reasons: readonly { code: string; params: Issue['params'] }[],
  lang: Lang,
): string[] {
  return reasons.map((r) => {
    const grade = typeof r.params.grade === 'string' ? gradeLabelOf(rs, r.params.grade, lang) : undefined;
    // A fact that fails the unit outright is named by its title, not its code.
    const fact = rs.grading.facts?.find((f) => f.code === r.params.fact);
    const params = { ...r.params, ...(grade === undefined ? {} : { grade }) };
    return message(r.code, fact ? { ...params, fact: `${fact.code} ${tr(fact.title, lang)}` } : params, lang);
  });
}

/** The `cepin check --json` document. */
export function checkJson(r: CheckResult, lang: Lang, extra: Record<string, unknown> = {}) {
  const rs = r.ruleSet;
  const score = r.score && rs && r.layout ? scoreJson(r, rs, lang) : null;
  return {
    valid: r.valid,
    sheet: r.meta
      ? {
          ruleSet: r.meta.ruleSet,
          ruleVersion: r.meta.ruleVersion,
          fingerprint: r.meta.fingerprint,
          phase: r.meta.phase,
          unit: r.meta.unit,
          assessor: r.meta.assessor,
          lang: r.meta.lang,
          templateVersion: r.meta.templateVersion,
          scoreSheet: r.scoreSheetName,
        }
      : null,
    score,
    issues: r.issues.map((i) => issueJson(i, lang)),
    ...extra,
  };
}

function scoreJson(r: CheckResult, rs: RuleSet, lang: Lang) {
  const s = r.score!;
  const layout = r.layout!;
  return {
    total: s.total,
    max: s.max,
    raw: s.raw,
    applicableMax: s.applicableMax,
    // A compliance checklist's share of applicable items met, the bonus added, facts that failed it.
    ...(s.share ? { share: s.share } : {}),
    ...(s.bonus > 0 ? { bonus: s.bonus } : {}),
    ...(s.failedFacts.length > 0 ? { failedFacts: s.failedFacts } : {}),
    complete: s.complete,
    pending: s.pending,
    grade: s.grade ? s.grade.code : null,
    gradeLabel: s.grade ? tr(s.grade.label, lang) : null,
    gradeReasons: s.grade ? gradeReasonTexts(rs, s.grade.reasons, lang) : [],
    passes: s.grade ? s.grade.passes : null,
    vetoed: s.vetoed,
    vetoItems: s.vetoItems,
    categories: s.categories.map((c) => ({
      code: c.code,
      title: tr(rs.byCode.get(c.code)!.title, lang),
      score: c.score,
      max: c.max,
      na: c.na,
    })),
    items: s.items.map((i) => {
      const row = layout.byCode.get(i.code)!;
      return {
        code: i.code,
        title: tr(row.node.title, lang),
        score: i.score,
        max: i.max,
        na: i.na,
        key: i.key,
        pending: i.pending,
        vetoed: i.vetoed,
        inputCells: row.inputs
          .filter((c) => c.kind !== 'problem' && c.kind !== 'suggestion')
          .map((c) => c.address),
        scoreCell: addr(row.row, layout.cols.score),
        problem: i.problem ?? null,
        suggestion: i.suggestion ?? null,
      };
    }),
  };
}

/** The resolved rubric tree as `cepin rules show --json` prints it. */
export function rulesJson(rs: RuleSet, lang: Lang) {
  const node = (n: RuleNode): Record<string, unknown> => {
    const out: Record<string, unknown> = { code: n.code, title: tr(n.title, lang), maxPoints: n.maxPoints };
    if (n.children.length === 0) {
      out.method = n.method;
      out.key = n.key;
      out.veto = n.veto ? tr(n.veto.condition, lang) : null;
      out.naAllowed = n.naAllowed;
    } else {
      if (n.naAllowed) out.naAllowed = true;
      out.children = n.children.map(node);
    }
    return out;
  };
  return {
    id: rs.id,
    version: rs.version,
    title: tr(rs.title, lang),
    fingerprint: rs.fingerprint,
    scale: rs.scale,
    base: rs.base ?? null,
    leafCount: rs.leaves.length,
    grading: rs.grading,
    categories: rs.categories.map((c) => {
      const { children, ...rest } = node(c);
      return { ...rest, items: children ?? [] };
    }),
  };
}
