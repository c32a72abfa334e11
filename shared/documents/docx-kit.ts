import {
  AlignmentType,
  BorderStyle,
  Footer,
  LevelFormat,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';

/** A4 portrait in twips (1/20 pt): 210 × 297 mm. */
export const A4 = { width: 11906, height: 16838 } as const;

/** Word's "normal" margins for Chinese documents: 2.54 cm top and bottom, 3.18 cm left and right. */
export const MARGINS = {
  top: 1440,
  bottom: 1440,
  left: 1800,
  right: 1800,
  header: 851,
  footer: 851,
} as const;

/** An A4 portrait page with those margins: a section's `properties`. */
export const A4_PAGE = { page: { size: { width: A4.width, height: A4.height }, margin: MARGINS } };

/** Width of the text block between the margins, in twips. */
export const TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right;

/** Song (宋体) for Chinese body text, Hei (黑体) for headings, Times for Latin text in both. */
export const FONTS = {
  body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: 'SimSun' },
  heading: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: 'SimHei' },
  /** Chinese titles are all Hei, digits included. */
  hei: { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: 'SimHei' },
} as const;

/** Reference of the bullet list defined by {@link BULLETS}. */
export const BULLET_REF = 'cepin-bullet';

/** A single-level bullet list indented two Chinese characters, for the document's numbering config. */
export const BULLETS = {
  reference: BULLET_REF,
  levels: [
    {
      level: 0,
      format: LevelFormat.BULLET,
      text: '•',
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 600, hanging: 300 } }, run: { font: FONTS.body } },
    },
  ],
};

/**
 * A letter's default text: body fonts at 12 pt (小四), lines at 1.25; Latin text wraps by English rules
 * (no breaks inside numbers), CJK text is Chinese.
 */
export function letterStyles(zh: boolean) {
  return {
    default: {
      document: {
        run: { font: FONTS.body, size: 24, language: { value: zh ? 'en-US' : 'en-GB', eastAsia: 'zh-CN' } },
        paragraph: { spacing: { line: 300 } },
      },
    },
  };
}

// Control characters other than tab and newline, DEL and C1 controls, bidirectional embeddings,
// overrides, isolates and marks, lone surrogates and the non-characters XML cannot carry.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** User text made safe for the document: CR LF becomes LF, unsafe characters go, tabs become spaces. */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(UNSAFE, '').replace(/\t/g, ' ');
}

/** Runs for a text, cleaned, with a line break for every newline in it. */
export function run(s: string, opts: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return cleanText(s)
    .split('\n')
    .map((line, i) => new TextRun({ ...opts, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

/** A section heading (一、… / 1. …) in Hei, kept with what follows. */
export function heading(text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: { before: 300, after: 120 },
    children: run(text, { bold: true, size: 28, font: FONTS.heading }),
  });
}

/** A body paragraph; Chinese paragraphs are justified and start indented by two characters. */
export function body(children: TextRun[], zh: boolean, extra: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    children,
    spacing: { after: 80, line: 360 },
    indent: zh ? { firstLine: 480 } : undefined,
    alignment: zh ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
    keepLines: true,
    ...extra,
  });
}

/** A bulleted paragraph. */
export function bullet(children: TextRun[]): Paragraph {
  return new Paragraph({
    children,
    numbering: { reference: BULLET_REF, level: 0 },
    spacing: { after: 60, line: 320 },
  });
}

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

/** One cell of the loss table: paragraphs of 10.5 pt text, single-spaced, with room around it. */
function cell(paragraphs: TextRun[][], width: number, header: boolean, center: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
    margins: { top: 60, bottom: 60, left: 90, right: 90 },
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9D9D9' } : undefined,
    children: paragraphs.map(
      (children) =>
        new Paragraph({
          children,
          alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { after: 0, line: 276 },
        }),
    ),
  });
}

/** Column of a bordered table: header text, width in twips, centred or not. */
export interface Column {
  header: string;
  width: number;
  center?: boolean;
}

/** A bordered fixed-layout table whose header row repeats on every page; cells hold lines of text. */
export function table(columns: Column[], rows: string[][][]): Table {
  const size = 21; // 10.5 pt, 五号
  const headerRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c) =>
      cell([run(c.header, { bold: true, size, font: FONTS.heading })], c.width, true, true),
    ),
  });
  const bodyRows = rows.map(
    (cells) =>
      new TableRow({
        cantSplit: true,
        children: columns.map((c, i) =>
          cell(
            (cells[i] ?? []).map((line) => run(line, { size, font: FONTS.body })),
            c.width,
            false,
            c.center ?? false,
          ),
        ),
      }),
  );
  return new Table({
    width: { size: columns.reduce((s, c) => s + c.width, 0), type: WidthType.DXA },
    columnWidths: columns.map((c) => c.width),
    layout: TableLayoutType.FIXED,
    borders: {
      top: LINE,
      bottom: LINE,
      left: LINE,
      right: LINE,
      insideHorizontal: LINE,
      insideVertical: LINE,
    },
    rows: [headerRow, ...bodyRows],
  });
}

/**
 * A centred grey 9 pt footer: `text`, then the page line "第 {page} 页,共 {pages} 页" given as the
 * words before, between and after the page number and the page count.
 */
export function pageFooter(text: string, [before, middle, after]: readonly [string, string, string]): Footer {
  const size = 18; // 9 pt
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          ...run(`${text}    `, { size, color: '595959' }),
          new TextRun({
            size,
            color: '595959',
            children: [before, PageNumber.CURRENT, middle, PageNumber.TOTAL_PAGES, after],
          }),
        ],
      }),
    ],
  });
}
