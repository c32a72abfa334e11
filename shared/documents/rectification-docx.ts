import type { Table, TextRun } from 'docx';
import { AlignmentType, Document, Packer, Paragraph } from 'docx';
import type { NoticeItem, RectificationNotice } from '../domain/rectification.ts';
import {
  BULLETS,
  FONTS,
  TEXT_WIDTH,
  body,
  bullet,
  cleanText,
  heading,
  pageFooter,
  run,
  table,
  type Column,
  A4_PAGE,
  letterStyles,
} from './docx-kit.ts';
import { letterDate } from './feedback-texts.ts';
import { RECT_DOC_TEXT } from './rectification-texts.ts';

type Texts = (typeof RECT_DOC_TEXT)['zh' | 'en'];

/**
 * The rectification notice (整改通知书) of one unit as an A4 .docx in the notice's language: who it
 * is for, what the pre-check found (a table of the items with problems and suggestions), the
 * deadline and how to answer (the workbook's three columns, uploaded in the portal or with
 * `cepin upload`), with page numbers in the footer.
 */
export async function rectificationDocx(notice: RectificationNotice): Promise<Uint8Array> {
  const lang = notice.lang;
  const t = RECT_DOC_TEXT[lang];
  const zh = lang === 'zh';
  const deadline = letterDate(cleanText(notice.deadline), lang);
  const doc = new Document({
    title: cleanText(`${t.title} ${notice.unitName}`),
    subject: cleanText(`${notice.unitName} (${notice.unit})`),
    styles: letterStyles(zh),
    numbering: { config: [BULLETS] },
    sections: [
      {
        properties: A4_PAGE,
        footers: { default: pageFooter(`${notice.unitName} · ${t.title}`, t.page) },
        children: [
          ...titleBlock(t, notice, deadline, zh),
          ...findings(t, notice, zh),
          ...(notice.items.length === 0
            ? []
            : [
                heading(t.s2),
                body(run(t.deadlineText(deadline), { bold: true }), zh),
                heading(t.s3),
                body(run(t.howIntro), zh, { keepNext: true }),
                ...t.howColumns.map((line) => bullet(run(line))),
                body(run(t.howClosing), zh),
              ]),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function titleBlock(t: Texts, n: RectificationNotice, deadline: string, zh: boolean): Paragraph[] {
  const big = { bold: true, size: 36, font: zh ? FONTS.hei : FONTS.heading }; // 18 pt, 小二
  const label = { bold: true, font: FONTS.heading, size: 22 };
  const info = (children: TextRun[]) => new Paragraph({ children, spacing: { after: 40, line: 276 } });
  const centered = (children: TextRun[], after: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after, line: 400 }, children });
  return [
    centered(run(t.subtitle(n.round), { size: 26 }), 0),
    centered(run(t.title, big), 360),
    info([...run(t.unit, label), ...run(n.unitName, { size: 22 }), ...run(t.code(n.unit), { size: 22 })]),
    info([...run(t.rules, label), ...run(t.rulesLine(n.ruleSet, n.ruleVersion), { size: 22 })]),
    info([
      ...run(t.issued, label),
      ...run(letterDate(cleanText(n.issuedAt), zh ? 'zh' : 'en'), { size: 22 }),
    ]),
    info([...run(t.deadline, label), ...run(deadline, { size: 22, bold: true })]),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
    new Paragraph({ spacing: { after: 80, line: 360 }, children: run(t.addressee(n.unitName)) }),
  ];
}

function findings(t: Texts, n: RectificationNotice, zh: boolean): (Paragraph | Table)[] {
  if (n.items.length === 0) return [body(run(t.nothing), zh)];
  const notMet = n.items.filter((i) => i.compliance && i.met === false).length;
  const vetoed = n.items.filter((i) => i.vetoed).length;
  // Code, requirement, score, problem, suggestion: problem and suggestion get the room.
  const share = [0.1, 0.2, 0.14, 0.28, 0.28];
  const columns: Column[] = t.columns.map((header, i) => ({
    header,
    width: Math.floor(TEXT_WIDTH * share[i]!),
    center: i === 0 || i === 2,
  }));
  return [
    body(run(t.found(n.items.length, notMet, vetoed)), zh),
    heading(t.s1),
    table(
      columns,
      n.items.map((i) => row(t, i)),
    ),
  ];
}

/** One table row: code, requirement, score (or 不符合), problem, suggestion; a veto is said under the score. */
function row(t: Texts, i: NoticeItem): string[][] {
  const text = (s: string) => (cleanText(s).trim() === '' ? t.none : s);
  const score = i.compliance && i.met === false ? t.notMet : t.scoreOf(i.score, i.max);
  return [
    [i.code],
    [i.title],
    i.vetoed ? [score, t.vetoed] : [score],
    [text(i.problem)],
    [text(i.suggestion)],
  ];
}
