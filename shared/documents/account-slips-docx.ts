import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import { slipLines, slipWords, type AccountSlip, type AccountSlips } from '../domain/account-slips.ts';
import { A4, FONTS, MARGINS, TEXT_WIDTH, pageFooter, run } from './docx-kit.ts';

const MONO = { ascii: 'Courier New', hAnsi: 'Courier New', cs: 'Courier New', eastAsia: 'SimSun' };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '808080' } as const;
const LABEL_WIDTH = 2400;

/** One slip: its title (on a new page after the first), the labelled lines in a table, the notes. */
function slip(s: AccountSlip, all: AccountSlips, first: boolean): (Paragraph | Table)[] {
  const w = slipWords(all.lang);
  const rows = slipLines(s, all).map(
    (line) =>
      new TableRow({
        cantSplit: true,
        height: { value: line.code === 'password' ? 900 : 600, rule: 'atLeast' },
        children: [
          new TableCell({
            width: { size: LABEL_WIDTH, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: 120, right: 120 },
            children: [
              new Paragraph({ children: run(line.label, { bold: true, size: 24, font: FONTS.heading }) }),
            ],
          }),
          new TableCell({
            width: { size: TEXT_WIDTH - LABEL_WIDTH, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: 120, right: 120 },
            children: [
              new Paragraph({
                children: run(
                  line.value,
                  line.code === 'password'
                    ? { bold: true, size: 48, font: MONO }
                    : line.code === 'login'
                      ? { size: 32, font: MONO }
                      : { size: 24, font: FONTS.body },
                ),
              }),
            ],
          }),
        ],
      }),
  );
  return [
    new Paragraph({
      pageBreakBefore: !first,
      alignment: AlignmentType.CENTER,
      spacing: { before: 600, after: 600 },
      children: run(w.title, { bold: true, size: 44, font: FONTS.hei }),
    }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
      layout: TableLayoutType.FIXED,
      borders: {
        top: LINE,
        bottom: LINE,
        left: LINE,
        right: LINE,
        insideHorizontal: LINE,
        insideVertical: LINE,
      },
      rows,
    }),
    ...[w.change, w.keep].map(
      (text) =>
        new Paragraph({
          spacing: { before: 240, line: 360 },
          children: run(text, { size: 22, font: FONTS.body }),
        }),
    ),
  ];
}

/** The account slips as a .docx, ready to print or save as PDF: one A4 page per person. */
export async function accountSlipsDocx(all: AccountSlips): Promise<Uint8Array> {
  const w = slipWords(all.lang);
  const doc = new Document({
    creator: 'cepin',
    title: w.title,
    styles: { default: { document: { run: { font: FONTS.body, size: 24 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGINS } },
        footers: { default: pageFooter(w.header.replace('{district}', all.districtName), ['', ' / ', '']) },
        children: all.slips.flatMap((s, i) => slip(s, all, i === 0)),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
