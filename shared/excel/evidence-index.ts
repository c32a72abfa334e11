import ExcelJS from 'exceljs';
import { chinaTime, humanSize, PACKAGE_WORDS } from '../domain/evidence-package.ts';
import type { Lang } from '../domain/text.ts';
import { toBytes } from './fill-workbook.ts';
import { a4FitToWidth } from './print.ts';

/**
 * The index workbook of a unit's evidence package (索引.xlsx / index.xlsx): one row per scored item
 * in rubric order — code, title, points, how many files, each file's path in the zip, its size and
 * when it was uploaded — items without evidence included and marked, so that an assessor sees what
 * is missing; the unit's own files first, a total last. From plain lists (the round's rubric as
 * `GET /rounds/{round}/rubric` gives it, the unit's evidence list and the planned zip paths), so
 * the CLI and a server route can both build it.
 */

/** A node of the round's rubric (only scored items, `leaf`, get a row). */
export interface IndexNode {
  code: string;
  title: string;
  maxPoints: number;
  leaf: boolean;
}

/** An evidence file of the unit. */
export interface IndexFile {
  id: string;
  item: string | null;
  size: number;
  uploadedAt: string;
}

export interface EvidenceIndexInput {
  lang: Lang;
  round: string;
  unit: string;
  nodes: readonly IndexNode[];
  files: readonly IndexFile[];
  /** Each file's path in the zip, by id. */
  paths: ReadonlyMap<string, string>;
}

const WORDS = {
  zh: {
    sheet: '索引',
    title: (unit: string, round: string) => `佐证材料索引 · 单位 ${unit} · 测评 ${round}`,
    summary: (files: number, items: number, missing: number) =>
      `共 ${files} 份材料;${items} 个测评指标中 ${missing} 个没有材料(标红)`,
    head: ['编号', '测评指标', '分值', '材料数', '文件(包内路径)', '大小', '上传时间(北京时间)'],
    none: '无',
    total: '合计',
    page: '&C第 &P 页,共 &N 页',
  },
  en: {
    sheet: 'Index',
    title: (unit: string, round: string) => `Evidence index · unit ${unit} · round ${round}`,
    summary: (files: number, items: number, missing: number) =>
      `${files} files; ${missing} of ${items} scored items have none (in red)`,
    head: ['Code', 'Item', 'Points', 'Files', 'File (path in the zip)', 'Size', 'Uploaded (China time)'],
    none: 'none',
    total: 'Total',
    page: '&CPage &P of &N',
  },
} as const;

const WIDTHS = [10, 40, 7, 7, 60, 10, 18];
const MISSING = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4E4' } } as const;
const HEAD = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } } as const;

/** Builds the index workbook (.xlsx bytes). */
export async function evidenceIndexWorkbook(input: EvidenceIndexInput): Promise<Uint8Array> {
  const w = WORDS[input.lang];
  const leaves = input.nodes.filter((n) => n.leaf);
  const known = new Set(leaves.map((n) => n.code));
  const filesOf = (item: string | null) => input.files.filter((f) => f.item === item);
  const unknown = [
    ...new Set(input.files.flatMap((f) => (f.item !== null && !known.has(f.item) ? [f.item] : []))),
  ];
  // Empty cells stay empty (null), never an empty string.
  const rows: { code: string | null; title: string | null; points: number | null; item: string | null }[] = [
    { code: null, title: PACKAGE_WORDS[input.lang].unitFiles, points: null, item: null },
    ...leaves.map((n) => ({ code: n.code, title: n.title, points: n.maxPoints, item: n.code })),
    ...unknown.map((code) => ({ code, title: null, points: null, item: code })),
  ];
  const lines = (xs: string[]) => (xs.length ? xs.join('\n') : null);
  const missing = leaves.filter((n) => filesOf(n.code).length === 0).length;

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(w.sheet, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'A4' }],
    pageSetup: a4FitToWidth('landscape', {
      printTitlesRow: '3:3',
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    }),
    headerFooter: { oddFooter: w.page },
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  ws.addRow([w.title(input.unit, input.round)]).getCell(1).font = { bold: true, size: 14 };
  ws.addRow([w.summary(input.files.length, leaves.length, missing)]);
  const head = ws.addRow([...w.head]);
  head.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEAD;
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const r of rows) {
    const files = filesOf(r.item);
    const row = ws.addRow([
      r.code,
      r.title,
      r.points,
      files.length,
      files.length ? files.map((f) => input.paths.get(f.id) ?? f.id).join('\n') : w.none,
      lines(files.map((f) => humanSize(f.size))),
      lines(files.map((f) => chinaTime(f.uploadedAt))),
    ]);
    row.eachCell({ includeEmpty: true }, (c) => (c.alignment = { vertical: 'top', wrapText: true }));
    if (files.length === 0 && r.item !== null) for (const c of [4, 5]) row.getCell(c).fill = MISSING;
    const titleLines = Math.ceil((r.title ?? '').length / (input.lang === 'zh' ? 20 : 40));
    row.height = 15 * Math.max(1, files.length, titleLines) + 3;
  }
  const bytes = input.files.reduce((n, f) => n + f.size, 0);
  const total = ws.addRow([w.total, null, null, input.files.length, null, humanSize(bytes), null]);
  total.font = { bold: true };
  ws.autoFilter = { from: 'A3', to: 'G3' };
  return toBytes(wb);
}
