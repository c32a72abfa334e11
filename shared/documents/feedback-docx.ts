import { createHash } from 'node:crypto';
import type { Footer, Table, TextRun } from 'docx';
import { AlignmentType, Document, Packer, Paragraph } from 'docx';
import type { FeedbackModel } from '../domain/round-report.ts';
import type { Lang } from '../domain/text.ts';
import {
  BULLETS,
  FONTS,
  TEXT_WIDTH,
  body,
  bullet,
  cleanText,
  heading,
  run,
  table,
  type Column,
  pageFooter,
  A4_PAGE,
  letterStyles,
} from './docx-kit.ts';
import { FEEDBACK_TEXT, letterDate, num } from './feedback-texts.ts';
import { previousSection, rectificationSection } from './feedback-compare.ts';

type Texts = (typeof FEEDBACK_TEXT)[Lang];

/** The written feedback (书面反馈意见) for one unit as an A4 .docx; `model.district` is the district's display name. */
export async function feedbackDocx(model: FeedbackModel, lang: Lang): Promise<Uint8Array> {
  const t = FEEDBACK_TEXT[lang];
  const zh = lang === 'zh';
  const date = letterDate(cleanText(model.date), lang);
  const bureau = t.bureau(model.district);
  const doc = new Document({
    title: cleanText(`${t.titleLine1(model.district, model.round)} ${t.titleLine2}`),
    creator: cleanText(bureau),
    subject: cleanText(`${model.unitName} (${model.unit})`),
    styles: letterStyles(zh),
    numbering: { config: [BULLETS] },
    sections: [
      {
        properties: A4_PAGE,
        footers: { default: footer(t, model) },
        children: [
          ...titleBlock(t, model, date, zh),
          ...overall(t, model, zh),
          ...strengths(t, model, zh),
          ...losses(t, model, zh),
          // A model with the classified items gets 整改核查; one without (older callers) the fixed list.
          ...(model.rectification ? rectificationSection(t, model, zh, 4) : fixed(t, model, zh)),
          ...previousSection(t, model, zh, hasRectification(model) ? 5 : 4),
          body(run(model.losses.length > 0 ? t.closing : t.closingClean), zh, { keepNext: true }),
          ...signature(bureau, date),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** An ASCII-only file name for a unit's feedback, e.g. `feedback-DC03-2024-zh.docx`. */
export function feedbackFileName(model: FeedbackModel, lang: Lang): string {
  return `feedback-${slug(model.unit, 'unit')}-${slug(model.round, 'round')}-${lang}.docx`;
}

/** Letters, digits, dots and dashes; where anything else was dropped, a short hash keeps names apart. */
function slug(s: string, fallback: string): string {
  const ascii = s
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  if (ascii === s) return ascii;
  const hash = createHash('sha256').update(s).digest('hex').slice(0, 8);
  return ascii ? `${ascii}-${hash}` : `${fallback}-${hash}`;
}

function titleBlock(t: Texts, m: FeedbackModel, date: string, zh: boolean): Paragraph[] {
  const big = { bold: true, size: 36, font: zh ? FONTS.hei : FONTS.heading }; // 18 pt, 小二
  const label = { bold: true, font: FONTS.heading, size: 22 };
  const info = (children: TextRun[]) => new Paragraph({ children, spacing: { after: 40, line: 276 } });
  const line1 = t.titleLine1(m.district, m.round);
  const centered = (children: TextRun[], after: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after, line: 400 }, children });
  return [
    // Chinese: the assessment, then 书面反馈意见, both as title; English: the title, then what it is about.
    zh
      ? centered([...run(line1, big), ...run(`\n${t.titleLine2}`, big)], 360)
      : centered(run(t.titleLine2, big), 0),
    ...(zh ? [] : [centered(run(line1, { size: 26 }), 360)]),
    info([...run(t.unit, label), ...run(m.unitName, { size: 22 }), ...run(t.code(m.unit), { size: 22 })]),
    info([...run(t.rules, label), ...run(t.rulesTitle(m.ruleSetTitle), { size: 22 })]),
    info([...run(t.date, label), ...run(date, { size: 22 })]),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
    body(run(t.intro(t.rulesTitle(m.ruleSetTitle))), zh),
  ];
}

function overall(t: Texts, m: FeedbackModel, zh: boolean): Paragraph[] {
  const result = m.share ? t.resultShare(m.share, m.gradeLabel) : t.result(m.total, m.gradeLabel);
  const out = [heading(t.overall), body(run(result, { bold: true }), zh)];
  if (m.gradeReasons.length > 0) {
    out.push(body(run(t.reasons), zh, { keepNext: true }), ...m.gradeReasons.map((r) => bullet(run(r))));
  }
  out.push(
    body(
      run(
        m.share
          ? t.countsCompliance(m.strengths.length, m.losses.length)
          : t.counts(m.strengths.length, m.losses.length, m.nearFull, m.lost),
      ),
      zh,
    ),
  );
  return out;
}

function strengths(t: Texts, m: FeedbackModel, zh: boolean): Paragraph[] {
  if (m.strengths.length === 0) return [heading(t.strengths), body(run(t.noStrengths), zh)];
  return [
    heading(t.strengths),
    body(run(m.share ? t.strengthsIntroCompliance : t.strengthsIntro), zh, { keepNext: true }),
    ...m.strengths.map((s) =>
      bullet([
        ...run(`${s.code}  `, { bold: true }),
        ...run(s.title),
        ...(m.share ? [] : run(t.score(s.score, s.max))),
      ]),
    ),
  ];
}

function losses(t: Texts, m: FeedbackModel, zh: boolean): (Paragraph | Table)[] {
  const c = m.share !== undefined; // a compliance checklist: items not met, no points
  const head = heading(c ? t.lossesCompliance : t.losses);
  if (m.losses.length === 0) return [head, body(run(c ? t.noLossesCompliance : t.noLosses), zh)];
  // Code, requirement, points lost, problem, suggestion: problem and suggestion get the room;
  // "Lost" needs a little more than 失分.
  // 不符合 is three characters: the finding column takes some of the requirement's room.
  const share = zh
    ? c
      ? [0.08, 0.23, 0.11, 0.29, 0.29]
      : [0.1, 0.24, 0.08, 0.29, 0.29]
    : [0.11, 0.22, 0.1, 0.285, 0.285];
  const widths = share.map((f) => Math.floor(TEXT_WIDTH * f));
  const columns: Column[] = (c ? t.columnsCompliance : t.columns).map((header, i) => ({
    header,
    width: widths[i]!,
    center: i === 0 || i === 2,
  }));
  const lines = (xs: string[]) => {
    const kept = xs.map((x) => cleanText(x).trim()).filter((x) => x !== '');
    if (kept.length === 0) return [t.none];
    return kept.length === 1 ? kept : kept.map((x, i) => `${t.nth(i + 1)}${x}`);
  };
  const rows = m.losses.map((l) => [
    [l.code],
    c ? [l.title] : [l.title, t.maxPoints(l.max)],
    [c ? t.notMet : num(l.lost)],
    lines(l.problems),
    lines(l.suggestions),
  ]);
  return [
    head,
    body(run(c ? t.lossesIntroCompliance : t.lossesIntro), zh, { keepNext: true }),
    table(columns, rows),
  ];
}

/** Whether section 4 is about rectification (then the comparison with the last round is 5). */
const hasRectification = (m: FeedbackModel) =>
  m.rectification ? m.rectification.length > 0 : m.fixedSincePrecheck.length > 0;

function fixed(t: Texts, m: FeedbackModel, zh: boolean): Paragraph[] {
  if (m.fixedSincePrecheck.length === 0) return [];
  return [
    heading(t.fixed),
    body(run((m.share ? t.fixedIntroCompliance : t.fixedIntro)(m.fixedSincePrecheck.length)), zh, {
      keepNext: true,
    }),
    ...m.fixedSincePrecheck.map((f) => bullet([...run(f.code, { bold: true }), ...run(`  ${f.title}`)])),
  ];
}

function signature(bureau: string, date: string): Paragraph[] {
  const right = (s: string, before: number, keepNext: boolean) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { before, line: 360 },
      keepNext,
      children: run(s),
    });
  return [right(bureau, 720, true), right(date, 0, false)];
}

function footer(t: Texts, m: FeedbackModel): Footer {
  return pageFooter(`${m.unitName} · ${t.docTitle}`, t.page);
}
