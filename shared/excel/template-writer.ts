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
import { MAX_NOTE } from '../domain/read-inputs.ts';
import { formulaFor, type FormulaWords } from './score-formulas.ts';
import { writeInstructions } from './instructions-sheet.ts';
import { a4FitToWidth } from './print.ts';

/** What a template is for. */
export interface TemplateRequest {
  phase: Phase;
  unit?: string | undefined;
  assessor?: string | undefined;
  lang: Lang;
  /** ISO timestamp written into the metadata; passed in so output is reproducible. */
  generatedAt: string;
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
  for (const [col, width] of Object.entries(widths)) ws.getColumn(Number(col)).width = width;
  ws.getColumn(c.applicable).hidden = true;

  ws.mergeCells(layout.titleRow, 1, layout.titleRow, c.suggestion);
  const title = ws.getCell(layout.titleRow, 1);
  title.value = `${tr(rs.title, lang)} · ${w.phase[meta.phase][lang]}${lang === 'zh' ? '' : ' '}${w.scoreSheetTitle[lang]}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(layout.titleRow).height = 26;
  ws.mergeCells(layout.infoRow, 1, layout.infoRow, c.suggestion);
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

  const words: FormulaWords = { yes: w.yes[lang] };
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
    printArea: `A1:${colLetter(c.suggestion)}${layout.totalRow + 1}`,
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
  for (let col = 1; col <= c.applicable; col++) {
    const cell = r.getCell(col);
    cell.border = thin;
    cell.alignment = {
      vertical: 'middle',
      wrapText: col === c.title || col === c.method || col >= c.problem,
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

function validationFor(
  row: LayoutRow,
  kind: string,
  index: number | undefined,
  words: FormulaWords,
  lang: Lang,
): ExcelJS.DataValidation {
  const node = row.node;
  const m = node.method;
  const zh = lang === 'zh';
  const base = {
    allowBlank: true,
    showErrorMessage: true,
    showInputMessage: false,
    errorStyle: 'stop' as const,
    errorTitle: 'cepin',
  };
  const choice = `"${words.yes},${SHEET_WORDS.no[lang]}"`;
  if (kind === 'tick' || kind === 'na' || kind === 'veto') {
    return { ...base, type: 'list', formulae: [choice], error: zh ? '请选择“是”或“否”' : 'Choose Yes or No' };
  }
  if (kind === 'count' && m?.type === 'deduction') {
    const max = m.deductions[index ?? 0]?.maxCount ?? 9999;
    return {
      ...base,
      type: 'whole',
      operator: 'between',
      formulae: [0, max],
      error: zh ? `请填写 0–${max} 的整数` : `Enter a whole number 0–${max}`,
    };
  }
  if (kind === 'measure' && m?.type === 'scale') {
    const max = m.input.max ?? 1e9;
    return {
      ...base,
      type: m.input.unit === 'count' ? 'whole' : 'decimal',
      operator: 'between',
      formulae: [m.input.min, max],
      error: zh ? `请填写 ${m.input.min}–${max} 的数值` : `Enter a number ${m.input.min}–${max}`,
    };
  }
  if (kind === 'score') {
    const step = m?.type === 'direct' ? m.step : 0.5;
    const a = `${colLetter(row.inputs.find((i) => i.kind === 'score')?.col ?? 5)}${row.row}`;
    return {
      ...base,
      type: 'custom',
      formulae: [`AND(ISNUMBER(${a}),${a}>=0,${a}<=${node.maxPoints},MOD(ROUND(${a}/${step},6),1)=0)`],
      error: zh
        ? `请填写 0–${node.maxPoints} 的分数,步长 ${step}`
        : `Enter a score 0–${node.maxPoints} in steps of ${step}`,
    };
  }
  return {
    ...base,
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [MAX_NOTE],
    error: zh ? `不超过 ${MAX_NOTE} 字` : `At most ${MAX_NOTE} characters`,
  };
}

function writeTotals(ws: ExcelJS.Worksheet, rs: RuleSet, layout: Layout, lang: Lang): void {
  const c = layout.cols;
  const catRows = layout.rows.filter((r) => r.node.depth === 0).map((r) => r.row);
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
  scaled.getCell(c.score).value = { formula: `IF(${app}>0,ROUND(${raw}/${app}*${rs.scale},2),0)` };
  for (const r of [total, scaled]) {
    r.font = { bold: true };
    for (let col = 1; col <= c.suggestion; col++) {
      r.getCell(col).border = thin;
      r.getCell(col).fill = solid(FILL.category);
    }
    r.getCell(c.score).numFmt = '0.##';
  }
}
