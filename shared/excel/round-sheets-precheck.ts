import { signed } from '../domain/message-format.ts';
import type ExcelJS from 'exceljs';
import type {
  PreviousRound,
  RectifiedItem,
  RectVerdict,
  RoundReport,
  UnitReport,
} from '../domain/round-report.ts';
import { difference } from '../domain/stats.ts';
import { type Col, dataRow, headerRow, sectionTitle } from './report-rows.ts';
import { range } from './report-sheet.ts';
import { breathe } from './stream-pause.ts';
import { roundSheet, SCORE, UNIT_NAME_WIDTH } from './round-sheets-summary-matrix.ts';
import { RW, say } from './round-workbook-words.ts';

/**
 * 预检与正式 / Pre-check vs formal: per unit, every pre-check loss as the formal assessment found
 * it — fixed, partly fixed, not fixed — and the new losses, each with its code, title, scores and
 * the unit's own claim when it made one; then a district line with the counts; then, below, the
 * year-over-year block: each unit against its last earlier round.
 */

const DELTA = '+0.00;[Red]-0.00;0.00';
const VERDICTS: RectVerdict[] = ['fixed', 'partly', 'not', 'new'];
const CLAIM = { fixed: RW.claimFixed, partly: RW.claimPartly, not: RW.claimNot } as const;

/** "1.3.1 Title (1 → 2 of 4; unit says: fixed)" in the report's language. */
export function itemLine(i: RectifiedItem, title: string, lang: 'zh' | 'en'): string {
  const claim = i.claimed ? say(CLAIM[i.claimed], lang) : undefined;
  const scores = `${i.pre ?? '—'} → ${i.formal ?? '—'}`;
  if (lang === 'zh')
    return `${i.code} ${title}(${scores},满分 ${i.max}${claim ? `;${say(RW.unitSays, lang)}:${claim}` : ''})`;
  return `${i.code} ${title} (${scores} of ${i.max}${claim ? `; ${say(RW.unitSays, lang)}: ${claim}` : ''})`;
}

/** The comparability note of a year-over-year comparison, in words. */
export function comparabilityText(p: PreviousRound, lang: 'zh' | 'en'): string {
  const notes = p.notes.map((n) =>
    n === 'rubric-changed'
      ? say(RW.rubricChanged, lang)
      : n === 'version-changed'
        ? say(RW.versionChanged, lang)
        : say(RW.itemsUnmatched, lang).replace('{n}', String(p.unmatched)),
  );
  return (
    p.comparable && !p.notes.includes('version-changed') ? [say(RW.comparable, lang), ...notes] : notes
  ).join('\n');
}

const cols = (lang: 'zh' | 'en'): Col[] => [
  { header: say(RW.unitCode, lang), width: 10, user: true },
  { header: say(RW.unitName, lang), width: UNIT_NAME_WIDTH, wrap: true, user: true },
  { header: say(RW.precheckTotal, lang), width: 10, center: true, fmt: SCORE },
  { header: say(RW.total, lang), width: 10, center: true, fmt: SCORE },
  { header: say(RW.delta, lang), width: 9, center: true, fmt: DELTA },
  { header: say(RW.fixed, lang), width: 30, wrap: true },
  { header: say(RW.partlyFixed, lang), width: 30, wrap: true },
  { header: say(RW.notFixed, lang), width: 30, wrap: true },
  { header: say(RW.newLosses, lang), width: 30, wrap: true },
  { header: say(RW.claimDiffers, lang), width: 30, wrap: true },
];

/** Writes the sheet (see the module note). */
export async function writePrecheckVsFormal(wb: ExcelJS.Workbook, report: RoundReport): Promise<void> {
  const lang = report.lang;
  const c = cols(lang);
  const ws = roundSheet(wb, report, 'precheck', c, { freezeRows: 1, freezeCols: 2 });
  headerRow(ws, c);
  const titles = new Map(report.items.map((i) => [i.code, i.title]));
  const units = [...report.units].sort((a, b) => a.code.localeCompare(b.code));
  for (const [n, u] of units.entries()) {
    await breathe(n);
    const p = u.precheckVsFormal;
    const delta =
      p?.totalDelta ?? (u.precheck && u.formal ? difference(u.formal.total, u.precheck.total) : null);
    const lines = (v: RectVerdict) =>
      (p?.items ?? [])
        .filter((i) => i.verdict === v)
        .map((i) => itemLine(i, titles.get(i.code) ?? '', lang))
        .join('\n');
    const differs = (p?.items ?? [])
      .filter((i) => i.claimed !== undefined && i.claimed !== i.verdict)
      .map((i) => itemLine(i, titles.get(i.code) ?? '', lang))
      .join('\n');
    dataRow(ws, c, [
      u.code,
      u.name,
      u.precheck?.total ?? null,
      u.formal?.total ?? null,
      delta,
      ...VERDICTS.map(lines),
      differs,
    ]);
  }
  if (units.length > 0) ws.autoFilter = range(1, 1, units.length + 1, c.length);
  const t = report.rectification;
  dataRow(
    ws,
    c,
    [
      say(RW.districtLine, lang),
      say(RW.districtUnits, lang).replace('{n}', String(t.units)),
      null,
      null,
      null,
      t.fixed,
      t.partly,
      t.not,
      t.new,
    ],
    { bold: true, fmts: [undefined, undefined, undefined, undefined, undefined, '0', '0', '0', '0'] },
  );
  await yearOverYearBlock(ws, report, units);
  ws.commit();
}

/** The year-over-year block: one row per unit that has an earlier round. */
async function yearOverYearBlock(ws: ExcelJS.Worksheet, report: RoundReport, units: UnitReport[]) {
  const lang = report.lang;
  const c = cols(lang);
  sectionTitle(ws, say(RW.yoyTitle, lang), c.length);
  const labels = [
    RW.unitCode,
    RW.unitName,
    RW.previousTotal,
    RW.total,
    RW.totalChange,
    RW.previousRound,
    RW.gradeChange,
    RW.categoryChanges,
    RW.recurring,
    RW.comparability,
  ].map((x) => say(x, lang));
  headerRow(ws, c, { labels });
  const cats = new Map(report.categories.map((x) => [x.code, x.title]));
  const items = new Map(report.items.map((i) => [i.code, i.title]));
  const pending = say(RW.pendingGrade, lang);
  const withPrevious = units.filter((u) => u.previous);
  for (const [n, u] of withPrevious.entries()) {
    await breathe(n);
    const p = u.previous!;
    const sep = lang === 'zh' ? ':' : ': ';
    dataRow(
      ws,
      c,
      [
        u.code,
        u.name,
        p.previousTotal,
        p.total,
        p.comparable ? p.totalDelta : null,
        p.previousRound,
        p.comparable ? `${p.previousGradeLabel ?? pending} → ${p.gradeLabel ?? pending}` : '',
        p.comparable
          ? p.categoryDeltas
              .map((d) => `${d.code} ${cats.get(d.code) ?? ''}${sep}${signed(d.delta)}`)
              .join('\n')
          : '',
        p.recurring.map((code) => `${code} ${items.get(code) ?? ''}`).join('\n'),
        comparabilityText(p, lang),
      ],
      { fmts: [undefined, undefined, SCORE, SCORE, DELTA] },
    );
  }
  if (withPrevious.length === 0) dataRow(ws, c, ['', say(RW.noPrevious, lang)]);
}
