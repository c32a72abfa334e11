import ExcelJS from 'exceljs';
import {
  addr,
  colLetter,
  layoutFor,
  SHEET_NAMES,
  TEMPLATE_VERSION,
  type Layout,
  type LayoutRow,
  type Phase,
} from '../domain/layout.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { circled, describeMethod, SHEET_WORDS } from '../domain/sheet-text.ts';
import { META_FIELDS, metaChecksum, type SheetMeta } from '../domain/sheet-meta.ts';
import { tr, type Lang } from '../domain/text.ts';
import { validationFor } from './template-validation.ts';
import { formulaFor, type FormulaWords } from './score-formulas.ts';
import { writeInstructions } from './instructions-sheet.ts';
import { a4FitToWidth } from './print.ts';
import { RECT_CHECK_SHEET, writeRectCheckSheet, type RectCheck } from './rectification-check-sheet.ts';

/** What a template is for. */
export interface TemplateRequest {
  phase: Phase;
  unit?: string | undefined;
  assessor?: string | undefined;
  lang: Lang;
  /** ISO timestamp written into the metadata; passed in so output is reproducible. */
  generatedAt: string;
  /** A formal template's read-only 整改核查 sheet: the unit's notice and answer (once issued). */
  rectification?: RectCheck | undefined;
}

const FILL = {
  category: 'FFD9E2F3',
  group: 'FFEDF2FA',
  input: 'FFFFF9DB',
  computed: 'FFF2F2F2',
  header: 'FF1F4E79',
  loss: 'FFF8CBAD',
} as const;

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};

/** Builds the score template workbook for a rule set, phase and language. */
export function buildTemplate(
  rs: RuleSet,
  req: TemplateRequest,
): { workbook: ExcelJS.Workbook; layout: Layout; meta: SheetMeta } {
  const layout = layoutFor(rs, req.phase);
  const meta: SheetMeta = {
    templateVersion: TEMPLATE_VERSION,
    ruleSet: rs.id,
    ruleVersion: rs.version,
    fingerprint: rs.fingerprint,
    phase: req.phase,
    unit: req.unit ?? '',
    assessor: req.assessor ?? '',
    lang: req.lang,
    generatedAt: req.generatedAt,
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cepin';
  wb.created = new Date(req.generatedAt);
  wb.calcProperties.fullCalcOnLoad = true;
  writeInstructions(wb.addWorksheet(SHEET_NAMES.instructions[req.lang]), rs, meta);
  writeScoreSheet(wb.addWorksheet(SHEET_NAMES.scores[req.lang]), rs, layout, meta);
  if (req.rectification)
    writeRectCheckSheet(wb.addWorksheet(RECT_CHECK_SHEET[req.lang]), req.rectification, req.lang);
  const metaSheet = wb.addWorksheet(SHEET_NAMES.meta, { state: 'veryHidden' });
  for (const k of META_FIELDS) metaSheet.addRow([k, String(meta[k])]);
  metaSheet.addRow(['checksum', metaChecksum(meta)]);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' },
  ];
  return { workbook: wb, layout, meta };
}

function writeScoreSheet(ws: ExcelJS.Worksheet, rs: RuleSet, layout: Layout, meta: SheetMeta): void {
  const lang = meta.lang;
  const w = SHEET_WORDS;
  const c = layout.cols;
  ws.properties.defaultRowHeight = 18;
  const widths: Record<number, number> = {
    [c.code]: 8,
    [c.title]: 36,
    [c.points]: 6,
    [c.method]: 42,
    [c.value]: 10,
  };
  for (let i = 0; i < layout.slots; i++) widths[c.slot0 + i] = 6;
  Object.assign(widths, {
    [c.na]: 7,
    [c.veto]: 8,
    [c.score]: 8,
    [c.problem]: 30,
    [c.suggestion]: 30,
    [c.applicable]: 8,
  });
  if (c.verify !== undefined) widths[c.verify] = 24;
  if (c.evidence !== undefined) widths[c.evidence] = 14;
  for (const [col, width] of Object.entries(widths)) ws.getColumn(Number(col)).width = width;
  ws.getColumn(c.applicable).hidden = true;

  const last = c.evidence ?? c.suggestion; // the last visible column
  ws.mergeCells(layout.titleRow, 1, layout.titleRow, last);
  const title = ws.getCell(layout.titleRow, 1);
  title.value = `${tr(rs.title, lang)} · ${w.phase[meta.phase][lang]}${lang === 'zh' ? '' : ' '}${w.scoreSheetTitle[lang]}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(layout.titleRow).height = 26;
  ws.mergeCells(layout.infoRow, 1, layout.infoRow, last);
  const sep = lang === 'zh' ? ':' : ': ';
  ws.getCell(layout.infoRow, 1).value = [
    `${w.unit[lang]}${sep}${meta.unit || '________'}`,
    `${w.assessor[lang]}${sep}${meta.assessor || '________'}`,
    `${w.ruleSet[lang]}${sep}${rs.id} v${rs.version} (${rs.fingerprint.slice(0, 12)})`,
  ].join('    ');

  const headerCells: Record<number, string> = {
    [c.code]: w.headers.code[lang],
    [c.title]: w.headers.title[lang],
    [c.points]: w.headers.points[lang],
    [c.method]: w.headers.method[lang],
    [c.value]: w.headers.value[lang],
    [c.na]: w.headers.na[lang],
    [c.veto]: w.headers.veto[lang],
    [c.score]: w.headers.score[lang],
    [c.problem]: w.headers.problem[lang],
    [c.suggestion]: w.headers.suggestion[lang],
    [c.applicable]: w.headers.applicable[lang],
  };
  if (c.verify !== undefined) headerCells[c.verify] = w.headers.verify[lang];
  if (c.evidence !== undefined) headerCells[c.evidence] = w.headers.evidence[lang];
  for (let i = 0; i < layout.slots; i++) headerCells[c.slot0 + i] = circled(i);
  const header = ws.getRow(layout.headerRow);
  for (const [col, text] of Object.entries(headerCells)) {
    const cell = header.getCell(Number(col));
    cell.value = text;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = solid(FILL.header);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
  }
  header.height = 30;

  const words: FormulaWords = {
    yes: w.yes[lang],
    met: w.compliance.met[lang],
    notApplicable: w.compliance.na[lang],
  };
  for (const row of layout.rows) writeNodeRow(ws, rs, layout, row, words, lang);
  writeTotals(ws, rs, layout, lang);

  ws.addConditionalFormatting({
    ref: `${colLetter(c.score)}${layout.firstRow}:${colLetter(c.score)}${layout.totalRow - 1}`,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [
          `AND(ISNUMBER($${colLetter(c.score)}${layout.firstRow}),$${colLetter(c.score)}${layout.firstRow}<$${colLetter(c.applicable)}${layout.firstRow})`,
        ],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: FILL.loss } } },
      },
    ],
  });
  ws.views = [
    { state: 'frozen', xSplit: 2, ySplit: layout.headerRow, activeCell: addr(layout.firstRow, c.value) },
  ];
  ws.pageSetup = a4FitToWidth('landscape', {
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: `${layout.headerRow}:${layout.headerRow}`,
    printArea: `A1:${colLetter(last)}${layout.lastRow}`,
  });
  ws.headerFooter.oddFooter = lang === 'zh' ? '&C第 &P 页,共 &N 页' : '&CPage &P of &N';
  void ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: false,
  });
}

function writeNodeRow(
  ws: ExcelJS.Worksheet,
  rs: RuleSet,
  layout: Layout,
  row: LayoutRow,
  words: FormulaWords,
  lang: Lang,
): void {
  const c = layout.cols;
  const node = row.node;
  const r = ws.getRow(row.row);
  const isLeaf = node.children.length === 0;
  const indent = '  '.repeat(node.depth);
  r.getCell(c.code).value = node.code;
  r.getCell(c.title).value = `${indent}${node.key ? '★' : ''}${tr(node.title, lang)}`;
  r.getCell(c.points).value = node.maxPoints;
  r.getCell(c.method).value = isLeaf || node.naAllowed || node.guidance ? describeMethod(node, lang) : null;
  if (c.verify !== undefined && node.verify) r.getCell(c.verify).value = tr(node.verify, lang);
  for (let col = 1; col <= c.applicable; col++) {
    const cell = r.getCell(col);
    cell.border = thin;
    cell.alignment = {
      vertical: 'middle',
      wrapText: col === c.title || col === c.method || col === c.verify || col >= c.problem,
    };
    if (!isLeaf) cell.fill = solid(node.depth === 0 ? FILL.category : FILL.group);
  }
  r.getCell(c.points).alignment = { horizontal: 'center', vertical: 'middle' };
  if (!isLeaf) r.font = { bold: true };
  const f = formulaFor(layout, row, words);
  r.getCell(c.score).value =
    f.score !== null
      ? { formula: f.score }
      : layout.phase === 'spotcheck'
        ? SHEET_WORDS.headers.na[lang]
        : SHEET_WORDS.derived[lang];
  r.getCell(c.applicable).value = { formula: f.applicable };
  r.getCell(c.score).fill = solid(FILL.computed);
  r.getCell(c.score).numFmt = '0.##';
  for (const input of row.inputs) {
    const cell = ws.getCell(input.address);
    cell.protection = { locked: false };
    cell.fill = solid(FILL.input);
    cell.dataValidation = validationFor(row, input.kind, input.index, words, lang);
  }
  const lines = Math.max(
    1,
    Math.ceil(tr(node.title, lang).length / (lang === 'zh' ? 17 : 34)),
    Math.ceil(describeMethod(node, lang).length / (lang === 'zh' ? 20 : 40)),
  );
  r.height = Math.min(120, 16 * lines + 4);
}

function writeTotals(ws: ExcelJS.Worksheet, rs: RuleSet, layout: Layout, lang: Lang): void {
  const c = layout.cols;
  // Bonus categories (加分项) stay out of the scale and are added after it, each up to its cap.
  const cats = layout.rows.filter((r) => r.node.depth === 0);
  const catRows = cats.filter((r) => !r.node.bonus).map((r) => r.row);
  const bonus = cats
    .filter((r) => r.node.bonus)
    .map((r) => `+MIN(${r.node.bonus!.cap},N(${addr(r.row, c.score)}))`)
    .join('');
  const sumOf = (col: number) => `SUM(${catRows.map((r) => addr(r, col)).join(',')})`;
  const total = ws.getRow(layout.totalRow);
  total.getCell(c.title).value = SHEET_WORDS.rawTotal[lang];
  total.getCell(c.points).value = rs.scale;
  total.getCell(c.score).value = { formula: sumOf(c.score) };
  total.getCell(c.applicable).value = { formula: sumOf(c.applicable) };
  const scaled = ws.getRow(layout.totalRow + 1);
  scaled.getCell(c.title).value = SHEET_WORDS.scaledTotal[lang];
  scaled.getCell(c.points).value = rs.scale;
  const raw = addr(layout.totalRow, c.score);
  const app = addr(layout.totalRow, c.applicable);
  scaled.getCell(c.score).value = {
    formula: `IF(${app}>0,ROUND(${raw}/${app}*${rs.scale},2),0)${bonus}`,
  };
  for (const r of [total, scaled]) {
    r.font = { bold: true };
    for (let col = 1; col <= (c.evidence ?? c.suggestion); col++) {
      r.getCell(col).border = thin;
      r.getCell(col).fill = solid(FILL.category);
    }
    r.getCell(c.score).numFmt = '0.##';
  }
  writeFacts(ws, layout, lang);
}

/** The facts that fail the unit outright, each answered yes or no, under a heading below the totals. */
function writeFacts(ws: ExcelJS.Worksheet, layout: Layout, lang: Lang): void {
  if (layout.facts.length === 0) return;
  const c = layout.cols;
  const heading = ws.getRow(layout.totalRow + 2);
  heading.getCell(c.title).value = SHEET_WORDS.facts[lang];
  heading.font = { bold: true };
  const words = { yes: SHEET_WORDS.yes[lang], met: '', notApplicable: '' };
  for (const fact of layout.facts) {
    const r = ws.getRow(fact.row);
    r.getCell(c.code).value = fact.code;
    r.getCell(c.title).value = tr(fact.title, lang);
    r.getCell(c.title).alignment = { vertical: 'middle', wrapText: true };
    for (let col = 1; col <= (c.evidence ?? c.suggestion); col++) r.getCell(col).border = thin;
    const cell = ws.getCell(fact.input.address);
    cell.protection = { locked: false };
    cell.fill = solid(FILL.input);
    cell.dataValidation = validationFor(
      { row: fact.row, node: { code: fact.code } as never, inputs: [fact.input], derived: false },
      'veto',
      undefined,
      words,
      lang,
    );
  }
}
