import type { Paragraph, Table } from 'docx';
import type { FeedbackModel, RectVerdict } from '../domain/round-report.ts';
import type { Lang } from '../domain/text.ts';
import { TEXT_WIDTH, body, bullet, heading, run, table, type Column } from './docx-kit.ts';
import type { FEEDBACK_TEXT } from './feedback-texts.ts';
import { num } from './feedback-texts.ts';

/**
 * The feedback document's comparing sections: 整改核查 / Rectification checked (every pre-check
 * loss as the formal assessment found it, and the new losses) and 与上一轮比较 / Compared with the
 * last round (only when the unit has an earlier round). Each takes its section number.
 */

type Texts = (typeof FEEDBACK_TEXT)[Lang];

const count = (m: FeedbackModel, v: RectVerdict) =>
  (m.rectification ?? []).filter((i) => i.verdict === v).length;

/** 整改核查: a table of item, pre-check → formal score, verdict, and the unit's claim where it differs. */
export function rectificationSection(
  t: Texts,
  m: FeedbackModel,
  zh: boolean,
  n: number,
): (Paragraph | Table)[] {
  const rows = m.rectification ?? [];
  if (rows.length === 0) return [];
  const c = m.share !== undefined; // a compliance checklist: met / not met, no points
  const counts = {
    fixed: count(m, 'fixed'),
    partly: count(m, 'partly'),
    not: count(m, 'not'),
    new: count(m, 'new'),
  };
  const widths = [0.1, 0.42, 0.24, 0.24].map((f) => Math.floor(TEXT_WIDTH * f));
  const columns: Column[] = t.rectColumns.map((header, i) => ({
    header,
    width: widths[i]!,
    center: i !== 1,
  }));
  const score = (x: number | null, max: number) =>
    x === null ? t.none : c ? (x >= max ? t.met : t.notMet) : num(x);
  const cells = rows.map((i) => [
    [i.code],
    [i.title],
    [
      c
        ? `${score(i.pre, i.max)} → ${score(i.formal, i.max)}`
        : t.rectScores(score(i.pre, i.max), score(i.formal, i.max), num(i.max)),
    ],
    [
      t.verdict[i.verdict],
      ...(i.claimed !== undefined && i.claimed !== i.verdict ? [t.claim(t.claimWords[i.claimed])] : []),
    ],
  ]);
  return [
    heading(t.section(n, t.rectTitle)),
    body(run((c ? t.rectIntroCompliance : t.rectIntro)(counts)), zh, { keepNext: true }),
    table(columns, cells),
  ];
}

/** 与上一轮比较: total and grade change, category changes, recurring problems, and when not comparable. */
export function previousSection(t: Texts, m: FeedbackModel, zh: boolean, n: number): Paragraph[] {
  const p = m.previous;
  if (!p) return [];
  const c = m.share !== undefined;
  const out: Paragraph[] = [heading(t.section(n, t.prevTitle))];
  if (!p.comparable) out.push(body(run(t.prevRubric(p.previousRound)), zh));
  else if (c) out.push(body(run(t.prevGrades(p.previousRound, p.previousGradeLabel, p.gradeLabel)), zh));
  else
    out.push(
      body(
        run(
          `${t.prevTotals(p.previousRound, p.previousTotal, p.total, p.totalDelta)}${t.prevGradesOnly(p.previousGradeLabel, p.gradeLabel)}`,
        ),
        zh,
      ),
    );
  const notes = [
    ...(p.notes.includes('version-changed') ? [t.prevVersion] : []),
    ...(p.notes.includes('items-unmatched') ? [t.prevUnmatched(p.unmatched)] : []),
  ];
  if (notes.length > 0) out.push(body(run(notes.join(zh ? '' : ' ')), zh));
  if (p.comparable && !c && p.categories.length > 0)
    out.push(
      body(run(t.prevCategories), zh, { keepNext: true }),
      ...p.categories.map((x) =>
        bullet([...run(x.code, { bold: true }), ...run(`  ${x.title}${t.prevCategory(x.delta)}`)]),
      ),
    );
  if (p.recurringItems.length === 0) out.push(body(run(t.noRecurring), zh));
  else
    out.push(
      body(run((c ? t.recurringIntroCompliance : t.recurringIntro)(p.recurringItems.length)), zh, {
        keepNext: true,
      }),
      ...p.recurringItems.map((r) => bullet([...run(r.code, { bold: true }), ...run(`  ${r.title}`)])),
    );
  return out;
}
