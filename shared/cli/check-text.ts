import { formatIssue, message } from '../domain/messages.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import { difference } from '../domain/stats.ts';
import { tr, type Lang } from '../domain/text.ts';
import type { CheckResult } from '../use-cases/check-sheet.ts';
import { gradeReasonTexts } from '../use-cases/present.ts';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
/** Display width: CJK characters take two columns in a terminal. */
const width = (s: string) =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );

/** The human-readable report of `cepin check`. */
export function checkText(file: string, r: CheckResult, lang: Lang): string {
  const m = (code: string, p: Record<string, string | number> = {}) => message(code, p, lang);
  const lines: string[] = [`${r.valid ? m('cli.valid') : m('cli.invalid')}  ${file}`];
  if (r.meta) {
    lines.push(
      m('cli.sheet-line', {
        ruleSet: r.meta.ruleSet,
        version: r.meta.ruleVersion,
        fingerprint: r.meta.fingerprint.slice(0, 12),
        phase: SHEET_WORDS.phase[r.meta.phase][lang],
        unit: r.meta.unit || '—',
        assessor: r.meta.assessor || '—',
      }),
    );
  }
  const s = r.score;
  const rs = r.ruleSet;
  if (s && rs) {
    lines.push('', m('cli.total', { total: s.total, max: s.max, raw: s.raw, applicable: s.applicableMax }));
    if (s.grade) {
      lines.push(m('cli.grade', { grade: tr(s.grade.label, lang) }));
      for (const reason of gradeReasonTexts(rs, s.grade.reasons, lang)) lines.push(`  · ${reason}`);
    } else lines.push(m('cli.grade-pending'));
    lines.push('', m('cli.categories'));
    for (const c of s.categories) {
      const title = `${c.code} ${tr(rs.byCode.get(c.code)!.title, lang)}`;
      lines.push(`  ${pad(title, 34)} ${c.na ? m('cli.na') : `${c.score} / ${c.max}`}`);
    }
    const losses = s.items.filter((i) => !i.na && i.score !== null && i.score < i.max);
    lines.push('', `${m('cli.losses')} (${losses.length})`);
    for (const i of losses) {
      const node = rs.byCode.get(i.code)!;
      lines.push(`  ${pad(i.code, 7)} −${difference(i.max, i.score ?? 0)}  ${tr(node.title, lang)}`);
      if (i.problem) lines.push(`          ${i.problem}`);
    }
  }
  if (r.issues.length > 0) {
    lines.push('', m('cli.issues', { count: r.issues.length }));
    for (const i of r.issues) lines.push(`  ${i.severity === 'error' ? '✘' : '!'} ${formatIssue(i, lang)}`);
  }
  return lines.join('\n');
}
