import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { feedbackDocx } from '../../shared/documents/feedback-docx.ts';
import { error } from '../../shared/domain/issues.ts';
import { SHEET_NAMES } from '../../shared/domain/layout.ts';
import type { FeedbackModel } from '../../shared/domain/round-report.ts';
import { annotateWorkbook } from '../../shared/excel/annotate.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildReconciliationSheet } from '../../shared/excel/reconciliation-sheet.ts';
import { buildRosterTemplate } from '../../shared/excel/roster-workbook.ts';
import { writeRoundWorkbook } from '../../shared/excel/round-workbook.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { makeReport } from '../support/round-report.ts';
import { fixedNow, municipal, shippedRules } from '../support/rules.ts';

/**
 * Text people type (problems, suggestions, names) goes back out in workbooks and documents. It must
 * stay text: never a formula, never markup, never a broken XML part. Accepted changes on the way
 * out, and only these: a leading apostrophe on text a spreadsheet would take for a formula
 * (annotate.ts `safeText`), and control characters that XML cannot hold removed.
 */
const RISKY = {
  formula: '=1+1',
  phone: '+86 10',
  minus: '-3',
  at: '@SUM(A1)',
  hyperlink: '=HYPERLINK("http://x","x")',
  control: 'ctl\u0001\u0007\u001f-end',
  markup: '<b>"q"</b> & \'s\' &amp; ]]> <!-- x -->',
  long: '长'.repeat(10_000),
} as const;
type Risky = keyof typeof RISKY;
const KEYS = Object.keys(RISKY) as Risky[];

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const clean = (s: string) => s.replace(XML_INVALID, '');
/** What a text may read back as. */
const accepted = (s: string) => [s, `'${s}`, clean(s), `'${clean(s)}`];

/** The text a cell shows, whatever exceljs made of it. */
function cellText(v: ExcelJS.CellValue): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
  }
  return undefined;
}

interface Cell {
  sheet: string;
  address: string;
  formula: string | undefined;
  text: string | undefined;
  note: string | undefined;
}

async function cellsOf(bytes: Uint8Array): Promise<Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const out: Cell[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value;
        const formula =
          v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)
            ? String(
                (v as ExcelJS.CellFormulaValue).formula ??
                  (v as ExcelJS.CellSharedFormulaValue).sharedFormula,
              )
            : undefined;
        const note =
          typeof c.note === 'string'
            ? c.note
            : c.note
              ? c.note.texts?.map((t) => t.text).join('')
              : undefined;
        out.push({ sheet: ws.name, address: c.address, formula, text: cellText(v), note });
      }),
    );
  }
  return out;
}

/** Every XML part parses, and none holds a character XML 1.0 forbids. */
async function expectWellFormed(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir || !/\.(xml|rels)$/.test(name)) continue;
    const xml = await file.async('string');
    parts.set(name, xml);
    expect(xml.match(XML_INVALID) ?? [], `raw control characters in ${name}`).toEqual([]);
    const parser = new SaxesParser({ xmlns: false });
    let problem: string | undefined;
    parser.on('error', (e) => {
      problem ??= e.message;
    });
    parser.write(xml).close();
    expect(problem, `${name} is well-formed`).toBeUndefined();
  }
  return parts;
}

/** No cell is a formula built from user text; where the text landed it is text. */
function expectNoInjectedFormula(cells: Cell[]): void {
  const payloads = ['1+1', 'SUM(A1)', 'HYPERLINK("http://x","x")', '86 10'];
  const injected = cells.filter(
    (c) => c.formula !== undefined && payloads.some((p) => c.formula!.includes(p)),
  );
  expect(injected).toEqual([]);
}

/** Cells (or notes) holding a risky text exactly, as text; returns how it came back. */
function findExact(cells: Cell[], key: Risky, where: (c: Cell) => boolean = () => true): Cell[] {
  const ok = accepted(RISKY[key]);
  return cells.filter((c) => where(c) && c.text !== undefined && ok.includes(c.text));
}

/** Cells whose text or note contains a risky text (as part of a longer message). */
function findWithin(cells: Cell[], key: Risky, variant: (s: string) => string = (s) => s): Cell[] {
  const needle = variant(clean(RISKY[key]));
  return cells.filter((c) => (c.text ?? '').includes(needle) || (c.note ?? '').includes(needle));
}

/**
 * The round workbook is written without shared strings, so exceljs's streaming writer stores text
 * as `t="str"` cells; it escapes them correctly (Excel shows `&amp;` typed by a user as `&amp;`),
 * but exceljs's reader decodes such cells' entities a second time, so `&amp;` reads back as `&`.
 */
const decodedTwice = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('user text in generated workbooks and documents', () => {
  it('stays text in the annotated rejection workbook (problems, suggestions, issue messages, notes)', async () => {
    const rs = municipal();
    const placed = new Map<string, Risky>();
    const made = await makeSample(
      rs,
      { phase: 'formal', unit: 'U01', assessor: 'A01', lang: 'zh', now: fixedNow, seed: 3 },
      (values, layout) => {
        const notes = layout.rows.flatMap((r) =>
          r.inputs.filter((i) => i.kind === 'problem' || i.kind === 'suggestion'),
        );
        KEYS.forEach((k, n) => {
          for (const cell of [notes[2 * n]!, notes[2 * n + 1]!]) {
            values.set(cell.address, RISKY[k]);
            placed.set(cell.address, k);
          }
        });
      },
    );
    const checked = await checkSheet(made.bytes, { rules: shippedRules, fileName: 'x.xlsx' });
    const sheet = SHEET_NAMES.scores.zh;
    // Messages that echo what was typed, as a refused value would.
    const echoes = KEYS.map((k, n) =>
      error('input.not-a-number', { sheet, cell: `E${5 + n}`, item: `1.${n}` }, { value: RISKY[k] }),
    );
    const bytes = await annotateWorkbook(made.bytes, [...checked.issues, ...echoes], 'zh');

    await expectWellFormed(bytes);
    const cells = await cellsOf(bytes);
    expectNoInjectedFormula(cells);
    for (const [address, k] of placed) {
      const cell = cells.find((c) => c.sheet === sheet && c.address === address);
      expect(cell?.formula, `${k} at ${address}`).toBeUndefined();
      expect(accepted(RISKY[k]), `${k} at ${address} reads back`).toContain(cell?.text);
    }
    for (const k of KEYS) {
      const within = findWithin(cells, k);
      expect(within.length, `${k} appears in the issue list and notes`).toBeGreaterThan(0);
      expect(within.filter((c) => c.formula !== undefined)).toEqual([]);
    }
  });

  it('stays text in the roster workbook (unit and assessor names)', async () => {
    const roster = {
      units: KEYS.map((k, n) => ({ code: `U${n + 1}`, name: RISKY[k] })),
      assessors: KEYS.map((k, n) => ({ id: `A${n + 1}`, name: RISKY[k], lead: n === 0 })),
      assignments: [],
    };
    const bytes = await toBytes(buildRosterTemplate('zh', roster, fixedNow()));
    await expectWellFormed(bytes);
    const cells = await cellsOf(bytes);
    expectNoInjectedFormula(cells);
    for (const k of KEYS) {
      const found = findExact(cells, k);
      expect(found.length, `${k} reads back as a name twice (unit and assessor)`).toBeGreaterThanOrEqual(2);
      expect(found.filter((c) => c.formula !== undefined)).toEqual([]);
    }
  });

  it('stays text in the consolidated round workbook', async () => {
    const report = makeReport(3);
    KEYS.forEach((k, n) => {
      const unit = report.units[n % report.units.length]!;
      const loss = unit.feedback!.losses[Math.floor(n / report.units.length)];
      if (loss) {
        loss.problems = [RISKY[k]];
        loss.suggestions = [RISKY[k]];
      }
    });
    report.units[0]!.name = RISKY.formula;
    report.units[1]!.name = RISKY.hyperlink;
    report.units[2]!.name = RISKY.markup;
    report.assessors[0]!.name = RISKY.at;
    report.assessors[1]!.name = RISKY.control;
    report.units[0]!.flagged[0]!.reasons = [RISKY.minus];
    report.units[0]!.flagged[0]!.agreed = { score: 5, reason: RISKY.phone, by: RISKY.long };
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await writeRoundWorkbook(report, sink);
    const bytes = new Uint8Array(Buffer.concat(chunks));

    await expectWellFormed(bytes);
    const cells = await cellsOf(bytes);
    expectNoInjectedFormula(cells);
    for (const k of KEYS) {
      const within = findWithin(cells, k, decodedTwice);
      expect(within.length, `${k} appears in the round workbook`).toBeGreaterThan(0);
      expect(within.filter((c) => c.formula !== undefined)).toEqual([]);
    }
    // Names are whole cells somewhere (the unit list), as text.
    for (const k of ['formula', 'hyperlink'] as const) {
      expect(findExact(cells, k).length, `${k} as a whole cell`).toBeGreaterThan(0);
    }
    expect(cells.filter((c) => c.text === decodedTwice(RISKY.markup)).length).toBeGreaterThan(0);
    const bytesXml = await JSZip.loadAsync(bytes);
    const summary = await bytesXml.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(summary, 'written escaped once, as Excel reads it').toContain('&amp;amp;');
  });

  it('stays text in the reconciliation sheet', async () => {
    const rs = municipal();
    const rows = KEYS.map((k, n) => ({
      code: rs.leaves[n]!.code,
      title: RISKY[k],
      max: rs.leaves[n]!.maxPoints,
      reasons: RISKY[k],
      scores: [1, null, 2],
      computed: 1.5,
    }));
    const bytes = await buildReconciliationSheet(
      {
        round: '2026',
        unit: 'U01',
        phase: 'formal',
        ruleSet: rs.id,
        fingerprint: rs.fingerprint,
        lang: 'zh',
        generatedAt: fixedNow().toISOString(),
        sources: [],
      },
      ['A01', '@A02', '=A03'],
      rows,
      new Uint8Array(32).fill(7),
    );
    await expectWellFormed(bytes);
    const cells = await cellsOf(bytes);
    expectNoInjectedFormula(cells);
    for (const k of KEYS) {
      const found = findExact(cells, k);
      expect(found.length, `${k} reads back as title and reason`).toBeGreaterThanOrEqual(2);
      expect(found.filter((c) => c.formula !== undefined)).toEqual([]);
    }
    for (const id of ['@A02', '=A03']) {
      const header = cells.filter((c) => c.text !== undefined && accepted(id).includes(c.text));
      expect(header.length, `assessor ${id} in the header`).toBeGreaterThan(0);
      expect(header.filter((c) => c.formula !== undefined)).toEqual([]);
    }
  });

  it('is escaped, and stays text, in the feedback document', async () => {
    const model: FeedbackModel = {
      district: '东城区',
      round: '2026',
      unit: 'DC03',
      unitName: RISKY.markup,
      ruleSetTitle: RISKY.formula,
      date: '2026-06-30',
      total: 82.5,
      gradeLabel: '合格',
      gradeReasons: [RISKY.at],
      strengths: [{ code: '1.1.1', title: RISKY.hyperlink, score: 2, max: 2 }],
      losses: KEYS.map((k, n) => ({
        code: `2.${n + 1}`,
        title: RISKY[k],
        score: 1,
        max: 2,
        lost: 1,
        problems: [RISKY[k]],
        suggestions: [RISKY[k]],
      })),
      nearFull: 0,
      lost: KEYS.length,
      fixedSincePrecheck: [],
    };
    const bytes = await feedbackDocx(model, 'zh');
    const parts = await expectWellFormed(bytes);
    const xml = parts.get('word/document.xml')!;
    expect(xml).toContain('&lt;b&gt;');
    expect(xml).toContain('&amp;amp;');
    expect(xml).not.toContain('<b>');
    // The text of the runs, as Word reads it, holds every risky text (control characters dropped).
    const texts: string[] = [];
    const parser = new SaxesParser();
    let inText = false;
    parser.on('opentag', (t) => (inText = t.name === 'w:t'));
    parser.on('closetag', () => (inText = false));
    parser.on('text', (t) => {
      if (inText) texts.push(t);
    });
    parser.write(xml).close();
    const all = texts.join('\n');
    for (const k of KEYS) expect(all, k).toContain(clean(RISKY[k]));
    // Field codes are how a formula would get into a Word document.
    expect(xml).not.toMatch(/<w:(instrText|fldSimple)[^>]*>[^<]*(HYPERLINK|SUM)/);
  });
});
