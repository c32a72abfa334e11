import type ExcelJS from 'exceljs';
import type { RoundReport } from '../domain/round-report.ts';
import { difference } from '../domain/stats.ts';
import { SHEET_WORDS } from '../domain/sheet-text.ts';
import type { ROUND_SHEETS } from './round-workbook-format.ts';
import { FILL } from './report-palette.ts';
import { type Col, dataRow, headerRow } from './report-rows.ts';
import { range } from './report-sheet.ts';
import { breathe } from './stream-pause.ts';
import { roundSheet, SCORE, UNIT_NAME_WIDTH } from './round-sheets-summary-matrix.ts';
import { RW, say } from './round-workbook-words.ts';

/**
 * The round workbook's per-unit comparison sheets: 合议记录 / Reconciliation, 自评与测评 / Self vs
 * panel, 反馈意见 / Feedback and 缺交 / Missing (预检与正式 / Pre-check vs formal: round-sheets-precheck.ts).
 */

const DELTA = '+0.00;[Red]-0.00;0.00';
const VETO = { pending: RW.vetoPending, confirm: RW.vetoConfirm, overturn: RW.vetoOverturn } as const;
const byCode = (r: RoundReport) => [...r.units].sort((a, b) => a.code.localeCompare(b.code));

/** Opens a sheet with one header row, unit code and name frozen at the left. */
function table(
  wb: ExcelJS.Workbook,
  report: RoundReport,
  sheet: keyof typeof ROUND_SHEETS,
  cols: Col[],
): ExcelJS.Worksheet {
  const ws = roundSheet(wb, report, sheet, cols, { freezeRows: 1, freezeCols: 2 });
  headerRow(ws, cols);
  return ws;
}

/** Closes a one-header table: autofilter over its rows (or a "none" row), then commits. */
function close(ws: ExcelJS.Worksheet, cols: Col[], rows: number, none: string): void {
  if (rows > 0) ws.autoFilter = range(1, 1, rows + 1, cols.length);
  else dataRow(ws, cols, ['', none]);
  ws.commit();
}

const unitCols = (lang: 'zh' | 'en'): Col[] => [
  { header: say(RW.unitCode, lang), width: 10, user: true },
  { header: say(RW.unitName, lang), width: UNIT_NAME_WIDTH, wrap: true, user: true },
];

/** 合议记录 / Reconciliation: one row per item a panel discussed, with every score and the outcome. */
export async function writeReconciliation(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cols: Col[] = [
    ...unitCols(lang),
    { header: say(RW.itemCode, lang), width: 8 },
    { header: say(RW.itemTitle, lang), width: 26, wrap: true },
    { header: say(RW.reasons, lang), width: 22, wrap: true },
    { header: say(RW.assessorScores, lang), width: 30, wrap: true, user: true },
    { header: say(RW.computed, lang), width: 9, center: true, fmt: SCORE },
    { header: say(RW.agreed, lang), width: 9, center: true, fmt: SCORE },
    { header: say(RW.reconStatus, lang), width: 18, wrap: true },
    { header: say(RW.agreedReason, lang), width: 30, wrap: true, user: true },
    { header: say(RW.agreedBy, lang), width: 10, wrap: true, user: true },
  ];
  const status = {
    agreed: say(RW.statusAgreed, lang),
    'computed-stands': say(RW.statusComputed, lang),
    'not-reconciled': say(RW.statusOpen, lang),
  };
  const ws = table(wb, report, 'reconciliation', cols);
  const titles = new Map(report.items.map((i) => [i.code, i.title]));
  let rows = 0;
  for (const [n, u] of byCode(report).entries()) {
    await breathe(n);
    for (const f of u.flagged) {
      const scores = f.scores.map((s) => `${s.assessor}: ${s.score ?? '—'}`).join(lang === 'zh' ? ';' : '; ');
      dataRow(ws, cols, [
        u.code,
        u.name,
        f.code,
        titles.get(f.code) ?? '',
        f.reasons.join(lang === 'zh' ? ';' : '; '),
        scores,
        f.computed,
        f.agreed?.score ?? null,
        [status[f.status], f.veto && say(VETO[f.veto.decision], lang)].filter(Boolean).join('\n'),
        [...new Set([f.agreed?.reason, f.veto?.reason].filter(Boolean))].join('\n'),
        f.agreed?.by ?? f.veto?.by ?? '',
      ]);
      rows++;
    }
  }
  close(ws, cols, rows, say(RW.noFlags, lang));
}

/** 自评与测评 / Self vs panel: where units rated themselves above or below the panel. */
export async function writeSelfVsPanel(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cols: Col[] = [
    ...unitCols(lang),
    { header: say(RW.selfTotal, lang), width: 10, center: true, fmt: SCORE },
    { header: say(RW.panelTotal, lang), width: 10, center: true, fmt: SCORE },
    { header: say(RW.selfDelta, lang), width: 11, center: true, fmt: DELTA },
    { header: say(RW.over, lang), width: 36, wrap: true },
    { header: say(RW.under, lang), width: 36, wrap: true },
  ];
  const ws = table(wb, report, 'self', cols);
  const pair = (x: { code: string; self: number; panel: number }) =>
    lang === 'zh'
      ? `${x.code}(自评 ${x.self} / 测评 ${x.panel})`
      : `${x.code} (self ${x.self} / panel ${x.panel})`;
  const units = byCode(report);
  for (const [n, u] of units.entries()) {
    await breathe(n);
    const s = u.selfVsPanel;
    const delta = s?.totalDelta ?? (u.self && u.formal ? difference(u.self.total, u.formal.total) : null);
    dataRow(ws, cols, [
      u.code,
      u.name,
      u.self?.total ?? null,
      u.formal?.total ?? null,
      delta,
      (s?.over ?? []).map(pair).join('\n'),
      (s?.under ?? []).map(pair).join('\n'),
    ]);
  }
  close(ws, cols, units.length, say(RW.none, lang));
}

/** 反馈意见 / Feedback: every item a unit lost points on, with the problems and suggestions. */
export async function writeFeedback(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cols: Col[] = [
    ...unitCols(lang),
    { header: say(RW.itemCode, lang), width: 8 },
    { header: say(RW.itemTitle, lang), width: 24, wrap: true },
    { header: say(RW.score, lang), width: 7, center: true, fmt: SCORE },
    { header: say(RW.max, lang), width: 7, center: true, fmt: SCORE },
    { header: say(RW.lost, lang), width: 7, center: true, fmt: SCORE },
    { header: say(RW.problems, lang), width: 40, wrap: true, user: true },
    { header: say(RW.suggestions, lang), width: 40, wrap: true, user: true },
  ];
  const ws = table(wb, report, 'feedback', cols);
  // Several texts are numbered; a single one is kept exactly as the assessor wrote it.
  const list = (xs: readonly string[]) =>
    xs.length === 1 ? xs[0]! : xs.map((x, i) => `${i + 1}. ${x}`).join('\n');
  let rows = 0;
  // Every other unit is banded, so where one unit's rows end is plain on paper.
  for (const [n, u] of byCode(report).entries()) {
    await breathe(n);
    const style = { fill: n % 2 ? FILL.band : undefined };
    const losses = u.feedback.losses;
    if (losses.length === 0) {
      dataRow(ws, cols, [u.code, u.name, '', say(RW.noLosses, lang)], style);
      rows++;
    }
    for (const l of losses) {
      const values = [
        u.code,
        u.name,
        l.code,
        l.title,
        l.score,
        l.max,
        l.lost,
        list(l.problems),
        list(l.suggestions),
      ];
      dataRow(ws, cols, values, style);
      rows++;
    }
  }
  close(ws, cols, rows, say(RW.none, lang));
}

/** 缺交 / Missing: sheets still expected, by unit, phase and assessor. */
export async function writeMissing(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const cols: Col[] = [
    ...unitCols(lang),
    { header: say(RW.phase, lang), width: 16 },
    { header: say(RW.assessor, lang), width: 18, user: true },
  ];
  const ws = table(wb, report, 'missing', cols);
  const names = new Map(report.units.map((u) => [u.code, u.name]));
  const missing = [...report.missing].sort(
    (a, b) =>
      a.unit.localeCompare(b.unit) || a.phase.localeCompare(b.phase) || a.assessor.localeCompare(b.assessor),
  );
  for (const [n, m] of missing.entries()) {
    await breathe(n);
    dataRow(ws, cols, [
      m.unit,
      names.get(m.unit) ?? '',
      SHEET_WORDS.phase[m.phase][lang],
      m.assessor || say(RW.selfPhase, lang),
    ]);
  }
  close(ws, cols, missing.length, say(RW.nothingMissing, lang));
}
