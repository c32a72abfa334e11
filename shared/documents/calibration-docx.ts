import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Packer,
  Paragraph,
  type Table,
  type TextRun,
} from 'docx';
import type { CalibrationReport, ItemCalibration } from '../domain/calibration.ts';
import { message } from '../domain/messages.ts';
import { tr, type Lang } from '../domain/text.ts';
import {
  alphaBand,
  byDistance,
  coefficient,
  keyLabel,
  pct,
  pts,
  say,
  signedPts,
} from '../excel/calibration-workbook-words.ts';
import { textWidth } from '../excel/report-text.ts';
import type { CalibrationDocInput } from '../use-cases/api/calibration.ts';
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
  A4_PAGE,
  letterStyles,
} from './docx-kit.ts';
import { compared, footer } from './calibration-docx-compare.ts';
import { letterDate } from './feedback-texts.ts';

/** Items and assessors the document lists at most. */
const TOP = 5;
/** Reasons quoted per item at most, and their width (a Chinese character counts two): about two lines each. */
const QUOTES = 2;
const QUOTE_WIDTH = 60;

/**
 * The calibration report as a short A4 .docx for the training session (2–3 pages): what was done,
 * the overall agreement in one sentence and what it means, the items read most differently with a
 * few of the reasons people wrote, the assessors furthest from the key — by id only, with a
 * footnote that individual figures are for the admin — and, with a comparison, whether the spread
 * shrank. Every figure and the method are in the workbook; this is what the trainer talks from.
 */
export async function calibrationDocx(input: CalibrationDocInput): Promise<Uint8Array> {
  const { lang, report, round } = input;
  const zh = lang === 'zh';
  const title = say('calibration.title', lang);
  const line1 = `${input.districtName} · ${round.round}`;
  const doc = new Document({
    title: cleanText(`${line1} ${title}`),
    creator: 'cepin',
    styles: letterStyles(zh),
    numbering: { config: [BULLETS] },
    sections: [
      {
        properties: A4_PAGE,
        footers: { default: footer(`${round.round} · ${title}`, lang) },
        children: [
          ...titleBlock(line1, title, input, zh),
          ...done(input, zh),
          ...agreement(report, lang, zh),
          ...items(input, zh),
          ...assessors(report, lang, zh),
          ...compared(input, zh),
          body(run(say('calibration.doc-see-workbook', lang), { italics: true, color: '595959' }), zh),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function titleBlock(line1: string, title: string, input: CalibrationDocInput, zh: boolean): Paragraph[] {
  const { lang, rs, report } = input;
  const big = { bold: true, size: 36, font: zh ? FONTS.hei : FONTS.heading }; // 18 pt, 小二
  const label = { bold: true, font: FONTS.heading, size: 22 };
  const info = (children: TextRun[]) => new Paragraph({ children, spacing: { after: 40, line: 276 } });
  const rubric = `${tr(rs.title, lang)} (${report.ruleSet.id} v${report.ruleSet.version}, ${report.ruleSet.fingerprint.slice(0, 12)})`;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 360, line: 400 },
      children: [...run(line1, big), ...run(`\n${title}`, big)],
    }),
    info([...run(say('calibration.doc-rubric', lang), label), ...run(rubric, { size: 22 })]),
    info([
      ...run(say('calibration.doc-date', lang), label),
      ...run(letterDate(input.now.toISOString(), lang), { size: 22 }),
    ]),
  ];
}

/** 一、What was done: the cases, the assessors, each case's key; the report's notes besides the median key. */
function done(input: CalibrationDocInput, zh: boolean): Paragraph[] {
  const { report, lang } = input;
  const keys = report.cases
    .map((c) =>
      say('calibration.doc-case-key', lang, { case: c.code, title: c.title, key: keyLabel(c.key, lang) }),
    )
    .join(zh ? ';' : '; ');
  const notes = report.notes.filter((n) => n.code !== 'calibration.median-key');
  return [
    heading(say('calibration.doc-s1', lang)),
    body(
      run(
        say('calibration.doc-done', lang, {
          cases: report.cases.length,
          assessors: report.overall.assessors,
          keys: keys || say('calibration.none', lang),
        }),
      ),
      zh,
    ),
    ...notes.map((n) => bullet(run(message(n.code, n.params, lang)))),
  ];
}

/** 二、The overall agreement in one sentence: alpha and ICC(2,1), and what the alpha means. */
function agreement(report: CalibrationReport, lang: Lang, zh: boolean): Paragraph[] {
  const o = report.overall;
  const sentence =
    o.alpha === null
      ? say('calibration.doc-agreement-undefined', lang)
      : say('calibration.doc-agreement', lang, {
          alpha: coefficient(o.alpha, lang),
          icc: o.icc21 === null ? '—' : coefficient(o.icc21, lang),
          band: alphaBand(o.alpha, lang),
        });
  return [heading(say('calibration.doc-s2', lang)), body(run(sentence, { bold: true }), zh)];
}

/** A column header broken before its parenthesis: 宽严度 / (占分值), Spread / (points). */
const stack = (s: string) => s.replace(/\s*\(/, '\n(');

/** A reason as quoted: one line, cut to QUOTE_WIDTH (30 Chinese characters, 60 Latin ones). */
function quote(text: string): string {
  const one = cleanText(text).replace(/\s+/g, ' ').trim();
  if (textWidth(one) <= QUOTE_WIDTH) return one;
  let cut = '';
  for (const ch of one) {
    if (textWidth(cut + ch) > QUOTE_WIDTH - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}

/** The lines of an item's reasons cell: the key's reason, then a few different reasons of the assessors, unattributed. */
function reasonLines(i: ItemCalibration, lang: Lang): string[] {
  const key = i.keyReasons[0];
  const theirs = [...new Set(i.reasons.map((r) => quote(r.text)))].filter((t) => t !== '').slice(0, QUOTES);
  return [
    ...(key ? [say('calibration.doc-key-says', lang, { text: quote(key.text) })] : []),
    ...theirs.map((t) => `“${t}”`),
  ];
}

/** 三、The items read most differently: up to TOP whose scores spread at all, with the reasons quoted. */
function items(input: CalibrationDocInput, zh: boolean): (Paragraph | Table)[] {
  const { report, lang, titles } = input;
  const top = report.items.filter((i) => i.spread !== null && i.spread > 0).slice(0, TOP);
  const head = heading(say('calibration.doc-s3', lang));
  if (top.length === 0) return [head, body(run(say('calibration.doc-items-none', lang)), zh)];
  const share = [0.09, 0.16, 0.13, 0.16, 0.46];
  const headers = ['col-code', 'col-title', 'col-spread', 'col-matched'] as const;
  const columns = [
    ...headers.map((h) => say(`calibration.${h}`, lang)),
    say('calibration.doc-col-reasons', lang),
  ].map((header, n) => ({
    header: stack(header),
    width: Math.floor(TEXT_WIDTH * share[n]!),
    center: n === 0 || n === 2 || n === 3,
  }));
  const rows = top.map((i) => [
    [i.code],
    [titles[i.code] ?? ''],
    [pts(i.spread!, true), ...(i.spreadShare === null ? [] : [pct(i.spreadShare)])],
    [i.matched === null ? '—' : pct(i.matched)],
    reasonLines(i, lang),
  ]);
  return [
    head,
    body(run(say('calibration.doc-items-intro', lang, { n: top.length })), zh, { keepNext: true }),
    table(columns, rows),
  ];
}

/** 四、The assessors furthest from the key, by id only, with the footnote on who sees what. */
function assessors(report: CalibrationReport, lang: Lang, zh: boolean): (Paragraph | Table)[] {
  const top = byDistance(report.assessors)
    .filter((a) => a.items > 0)
    .slice(0, TOP);
  const head = heading(say('calibration.doc-s4', lang));
  if (top.length === 0) return [head, body(run(say('calibration.doc-assessors-none', lang)), zh)];
  const headers = [
    'col-assessor',
    'col-leniency',
    'col-leniency-share',
    'col-mad',
    'col-mad-share',
    'col-judgements',
  ] as const;
  const share = [0.16, 0.14, 0.16, 0.19, 0.19, 0.16];
  const columns = headers.map((h, n) => ({
    header: stack(say(`calibration.${h}`, lang)),
    width: Math.floor(TEXT_WIDTH * share[n]!),
    center: true,
  }));
  const or = (x: number | null, f: (x: number) => string) => (x === null ? '—' : f(x));
  const rows = top.map((a) => [
    [a.assessor],
    [or(a.leniency, (x) => signedPts(x, true))],
    [or(a.leniencyShare, (x) => pct(x, true))],
    [or(a.mad, (x) => pts(x, true))],
    [or(a.madShare, (x) => pct(x))],
    [String(a.judgements.length)],
  ]);
  const footnote = new FootnoteReferenceRun({
    children: [new Paragraph({ children: run(say('calibration.doc-footnote', lang), { size: 18 }) })],
  });
  const intro = new Paragraph({
    children: [...run(say('calibration.doc-assessors-intro', lang, { n: top.length })), footnote],
    spacing: { after: 80, line: 360 },
    indent: zh ? { firstLine: 480 } : undefined,
    alignment: zh ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
    keepNext: true,
  });
  return [head, intro, table(columns, rows)];
}
