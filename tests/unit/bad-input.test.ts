import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleSetFiles } from '../../shared/adapters/rule-set-files.ts';
import { formatIssue, MESSAGES } from '../../shared/domain/messages.ts';
import type { ItemInputs } from '../../shared/domain/scoring.ts';
import { checkSheet, type CheckResult } from '../../shared/use-cases/check-sheet.ts';

/**
 * The bad-input corpus: real files in tests/fixtures/bad/, written once by
 * tests/fixtures/make-bad-fixtures.ts and committed. Each row says what checking the file must give.
 */
const BAD = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/bad');
const SCORES = '评分表';
const META = '_cepin';

interface Case {
  file: string;
  /** The behaviour, as the test's name. */
  does: string;
  valid: boolean;
  /** Issue codes that must be present; no error outside this list may be. */
  codes: string[];
  /** Where the issue of the first code must be: sheet, and for one-cell cases its cell and item. */
  sheet?: string;
  cell?: string;
  item?: string;
  /** A value the check must have read from the sheet. */
  reads?: { item: string; field: keyof ItemInputs; value: unknown };
  /** Parameters the issue of the first code must carry. */
  params?: Record<string, unknown>;
  /** The check must answer within this many milliseconds. */
  withinMs?: number;
}

const CASES: Case[] = [
  // ---- not a workbook at all ----
  {
    file: 'not-an-xlsx.xlsx',
    does: 'refuses random binary bytes as not a workbook',
    valid: false,
    codes: ['file.not-xlsx'],
    sheet: 'not-an-xlsx.xlsx',
  },
  {
    file: 'empty-file.xlsx',
    does: 'refuses an empty upload',
    valid: false,
    codes: ['file.empty'],
    sheet: 'empty-file.xlsx',
  },
  {
    file: 'csv-renamed.xlsx',
    does: 'recognises a UTF-8 CSV renamed to .xlsx and asks for the template',
    valid: false,
    codes: ['file.text'],
    sheet: 'csv-renamed.xlsx',
  },
  {
    file: 'gbk-csv-renamed.xlsx',
    does: 'recognises a GBK-encoded CSV renamed to .xlsx',
    valid: false,
    codes: ['file.text'],
    sheet: 'gbk-csv-renamed.xlsx',
  },
  {
    file: 'xls-renamed.xlsx',
    does: 'asks for an old .xls workbook to be saved as .xlsx',
    valid: false,
    codes: ['file.xls'],
    sheet: 'xls-renamed.xlsx',
  },
  {
    file: 'xlsm-renamed.xlsx',
    does: 'refuses a macro-enabled workbook renamed to .xlsx',
    valid: false,
    codes: ['file.xlsm'],
    sheet: 'xlsm-renamed.xlsx',
  },
  {
    file: 'docx-renamed.xlsx',
    does: 'refuses a zip that holds no workbook (a renamed .docx)',
    valid: false,
    codes: ['file.not-xlsx'],
    sheet: 'docx-renamed.xlsx',
  },
  {
    file: 'truncated-zip.xlsx',
    does: 'reports a truncated upload as a damaged workbook',
    valid: false,
    codes: ['file.corrupt'],
    sheet: 'truncated-zip.xlsx',
  },
  {
    file: 'zip-bomb.xlsx',
    does: 'refuses a zip bomb before decompressing it',
    valid: false,
    codes: ['file.zip-bomb'],
    sheet: 'zip-bomb.xlsx',
  },
  {
    file: 'zip-bomb-understated.xlsx',
    does: 'refuses a zip bomb whose headers understate its size without inflating it all',
    valid: false,
    codes: ['file.zip-bomb'],
    sheet: 'zip-bomb-understated.xlsx',
  },
  {
    file: 'too-many-entries.xlsx',
    does: 'refuses a zip with thousands of parts',
    valid: false,
    codes: ['file.too-many-entries'],
    sheet: 'too-many-entries.xlsx',
  },

  // ---- workbooks that are not (or no longer) a cepin template ----
  {
    file: 'not-a-template.xlsx',
    does: 'refuses a workbook that was not made from a cepin template',
    valid: false,
    codes: ['sheet.not-template'],
    sheet: 'not-a-template.xlsx',
  },
  {
    file: 'meta-sheet-removed.xlsx',
    does: 'refuses a template whose hidden metadata sheet was deleted',
    valid: false,
    codes: ['sheet.not-template'],
    sheet: 'meta-sheet-removed.xlsx',
  },
  {
    file: 'meta-edited-unit.xlsx',
    does: 'detects an edited unit in the hidden metadata by its checksum',
    valid: false,
    codes: ['sheet.meta-edited'],
    sheet: META,
  },
  {
    file: 'meta-checksum-edited.xlsx',
    does: 'detects an edited metadata checksum',
    valid: false,
    codes: ['sheet.meta-edited'],
    sheet: META,
  },
  {
    file: 'other-rule-set.xlsx',
    does: 'rejects a template made from a rule set it does not know',
    valid: false,
    codes: ['sheet.rules-unknown'],
    sheet: META,
  },
  {
    file: 'rules-different.xlsx',
    does: 'rejects a template made from different rules under the same version',
    valid: false,
    codes: ['sheet.rules-different'],
    sheet: META,
  },
  {
    file: 'template-version-99.xlsx',
    does: 'rejects a template of an unsupported format version',
    valid: false,
    codes: ['sheet.template-version'],
    sheet: META,
  },
  {
    file: 'empty-template.xlsx',
    does: 'rejects a template with nothing filled in',
    valid: false,
    codes: ['sheet.empty'],
    sheet: SCORES,
  },
  {
    file: 'resaved-unchanged.xlsx',
    does: 'accepts a filled sheet that was opened and saved again unchanged',
    valid: true,
    codes: [],
  },

  // ---- typed values ----
  {
    file: 'score-out-of-range.xlsx',
    does: 'rejects a score outside 0..max and names the cell',
    valid: false,
    codes: ['input.out-of-range'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'score-not-half-step.xlsx',
    does: 'rejects a score off the half-point step and names the cell',
    valid: false,
    codes: ['input.step'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'negative-score.xlsx',
    does: 'rejects a negative score and names the cell',
    valid: false,
    codes: ['input.out-of-range'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'text-in-score.xlsx',
    does: 'rejects a word where a score belongs and names the cell',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'zero-width-space.xlsx',
    does: 'reads a pasted score with an invisible zero-width space as the number it shows',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'score', value: 2 },
  },
  {
    file: 'full-width-digit.xlsx',
    does: 'accepts a full-width digit as the score',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'score', value: 2 },
  },
  {
    file: 'unit-suffix.xlsx',
    does: 'accepts a score with a unit suffix and warns how it was read',
    valid: true,
    codes: ['input.unit-stripped'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
    reads: { item: '1.3.1', field: 'score', value: 1.5 },
  },
  {
    file: 'full-marks-word.xlsx',
    does: 'reads 满分 as full marks and warns how it was read',
    valid: true,
    codes: ['input.full-marks'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
    reads: { item: '1.3.1', field: 'score', value: 2 },
  },
  {
    file: 'ambiguous-number.xlsx',
    does: 'rejects a range like "1-2" rather than guess a score',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'decimal-comma.xlsx',
    does: 'rejects a decimal comma like "1,5" rather than guess a score',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'percent-typed.xlsx',
    does: 'reads 97% typed into a percent-formatted cell as 97',
    valid: true,
    codes: [],
    reads: { item: '2.1.1', field: 'measure', value: 97 },
  },
  {
    file: 'percent-as-text.xlsx',
    does: 'accepts "97%" typed as text and warns how it was read',
    valid: true,
    codes: ['input.unit-stripped'],
    sheet: SCORES,
    cell: 'E23',
    item: '2.1.1',
    reads: { item: '2.1.1', field: 'measure', value: 97 },
  },
  {
    file: 'date-in-score.xlsx',
    does: 'rejects a date where a score belongs and names the cell',
    valid: false,
    codes: ['input.date'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'formula-in-input.xlsx',
    does: 'rejects a formula in an input cell and names the cell',
    valid: false,
    codes: ['input.formula'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'error-value.xlsx',
    does: 'rejects an error value in an input cell and names the cell',
    valid: false,
    codes: ['input.error-value'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'rich-text-score.xlsx',
    does: 'reads a score stored as rich text runs',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'score', value: 1.5 },
  },
  {
    file: 'tick-invalid.xlsx',
    does: 'rejects a checklist answer other than yes or no and names the cell',
    valid: false,
    codes: ['input.not-a-choice'],
    sheet: SCORES,
    cell: 'G6',
    item: '1.1.1',
  },
  {
    file: 'count-fractional.xlsx',
    does: 'rejects a fractional deduction count and names the cell',
    valid: false,
    codes: ['input.not-whole'],
    sheet: SCORES,
    cell: 'F8',
    item: '1.1.3',
  },
  {
    file: 'count-over-max.xlsx',
    does: 'rejects a deduction count above its limit and names the cell',
    valid: false,
    codes: ['input.out-of-range'],
    sheet: SCORES,
    cell: 'F7',
    item: '1.1.2',
  },
  {
    file: 'veto-blank.xlsx',
    does: 'requires the veto condition to be answered and names the cell',
    valid: false,
    codes: ['input.veto-missing'],
    sheet: SCORES,
    cell: 'M38',
    item: '2.4.2',
  },
  {
    file: 'key-item-blank.xlsx',
    does: 'requires a key item to be scored and names the cell',
    valid: false,
    codes: ['input.key-missing'],
    sheet: SCORES,
    cell: 'E11',
    item: '1.2.2',
  },
  {
    file: 'control-chars-in-note.xlsx',
    does: 'accepts a problem note with control and bidi characters and removes them',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'problem', value: '记录不完整,部分年度缺失' },
  },
  {
    file: 'long-note.xlsx',
    does: 'keeps the first 1,000 characters of a 100,000-character note and warns',
    valid: true,
    codes: ['input.note-truncated'],
  },
  {
    file: 'en-template-zh-answers.xlsx',
    does: 'accepts Chinese 是/否 answers on an English template',
    valid: true,
    codes: [],
    reads: { item: '1.1.1', field: 'ticks', value: [true, false] },
  },

  // ---- the sheet's structure ----
  {
    file: 'rows-inserted.xlsx',
    does: 'rejects a sheet with an inserted row and names the first displaced row',
    valid: false,
    codes: ['sheet.row-mismatch'],
    sheet: SCORES,
    cell: 'A8',
    item: '1.1.3',
  },
  {
    file: 'row-deleted.xlsx',
    does: 'rejects a sheet with a deleted row and names the first displaced row',
    valid: false,
    codes: ['sheet.row-mismatch'],
    sheet: SCORES,
    cell: 'A8',
    item: '1.1.3',
  },
  {
    file: 'rows-swapped.xlsx',
    does: 'rejects a sheet with two item rows swapped and names the first one',
    valid: false,
    codes: ['sheet.row-mismatch'],
    sheet: SCORES,
    cell: 'A13',
    item: '1.3.1',
  },
  {
    file: 'sheet-renamed.xlsx',
    does: 'reads a renamed score sheet and warns about the name',
    valid: true,
    codes: ['sheet.renamed'],
    sheet: 'Sheet1',
  },
  {
    file: 'score-sheet-deleted.xlsx',
    does: 'rejects a workbook whose score sheet was deleted',
    valid: false,
    codes: ['sheet.missing'],
    sheet: SCORES,
  },
  {
    file: 'points-typed-over.xlsx',
    does: 'rejects a changed points cell and names it',
    valid: false,
    codes: ['sheet.cell-changed'],
    sheet: SCORES,
    cell: 'C13',
    item: '1.3.1',
  },
  {
    file: 'formula-typed-over.xlsx',
    does: 'rejects a score formula typed over with a number and names the cell',
    valid: false,
    codes: ['sheet.formula-overwritten'],
    sheet: SCORES,
    cell: 'N13',
    item: '1.3.1',
  },
  {
    file: 'title-edited.xlsx',
    does: 'accepts an edited item title with a warning naming the cell',
    valid: true,
    codes: ['sheet.cell-changed'],
    sheet: SCORES,
    cell: 'B13',
    item: '1.3.1',
  },
  {
    file: 'merged-input.xlsx',
    does: 'rejects merged input cells and names the swallowed cell',
    valid: false,
    codes: ['sheet.merged'],
    sheet: SCORES,
    cell: 'G6',
    item: '1.1.1',
  },
  {
    file: 'extra-rows-after-total.xlsx',
    does: 'ignores text below the totals with a warning naming the cell',
    valid: true,
    codes: ['sheet.extra-rows'],
    sheet: SCORES,
    cell: 'B62',
  },

  // ---- hostile packages, foreign producers, extreme sizes ----
  {
    file: 'xlsm-with-macro.xlsm',
    does: 'refuses a real macro-enabled workbook (VBA part and macro content type)',
    valid: false,
    codes: ['file.xlsm'],
    sheet: 'xlsm-with-macro.xlsm',
  },
  {
    file: 'xlsm-macro-part-renamed.xlsx',
    does: 'refuses a macro-enabled workbook whose VBA part is stored under another name',
    valid: false,
    codes: ['file.xlsm'],
    sheet: 'xlsm-macro-part-renamed.xlsx',
  },
  {
    file: 'external-link.xlsx',
    does: 'rejects an input cell that reads from a linked workbook and names the cell',
    valid: false,
    codes: ['input.formula'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
    params: { value: '=[1]Sheet1!A1' },
  },
  {
    file: 'rows-50000-after-total.xlsx',
    does: 'answers a sheet with 50,000 pasted rows below the total in bounded time, with a warning',
    valid: true,
    codes: ['sheet.extra-rows'],
    sheet: SCORES,
    cell: 'A61',
    withinMs: 20_000,
  },
  {
    file: 'libreoffice-resaved.xlsx',
    does: 'accepts a filled sheet opened and saved again by LibreOffice Calc',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'score', value: 1 },
  },
  {
    file: 'long-text-in-score.xlsx',
    does: 'rejects 100,000 characters of text in a score cell, quoting only the start',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
    withinMs: 10_000,
  },
  {
    file: 'meta-unit-bidi-control.xlsx',
    does: 'refuses a unit on the hidden sheet that holds bidi overrides and control characters',
    valid: false,
    codes: ['sheet.meta-edited'],
    sheet: META,
  },
  {
    file: 'formula-in-tick.xlsx',
    does: 'rejects a formula typed into a checklist cell and names the cell',
    valid: false,
    codes: ['input.formula'],
    sheet: SCORES,
    cell: 'G6',
    item: '1.1.1',
  },
  {
    file: 'date-in-count.xlsx',
    does: 'rejects a date typed into a deduction count and names the cell',
    valid: false,
    codes: ['input.date'],
    sheet: SCORES,
    cell: 'F8',
    item: '1.1.3',
  },
  {
    file: 'date1904-date-in-score.xlsx',
    does: 'reports a date in a 1904-date-system workbook as that date, not as a number',
    valid: false,
    codes: ['input.date'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
    params: { value: '2025-03-02' },
  },
  {
    file: 'nan-in-score.xlsx',
    does: 'rejects a number cell holding NaN and names the cell',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'infinity-in-measure.xlsx',
    does: 'rejects a number cell holding Infinity as not a number and names the cell',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E23',
    item: '2.1.1',
  },
  {
    file: 'boolean-in-score.xlsx',
    does: 'rejects TRUE where a score belongs and names the cell',
    valid: false,
    codes: ['input.not-a-number'],
    sheet: SCORES,
    cell: 'E13',
    item: '1.3.1',
  },
  {
    file: 'stored-zip.xlsx',
    does: 'accepts a workbook whose zip entries are stored uncompressed',
    valid: true,
    codes: [],
    reads: { item: '1.3.1', field: 'score', value: 1 },
  },
  {
    file: 'zip-traversal-entry.xlsx',
    does: 'refuses a zip with an entry named ../../evil.xml as a damaged workbook',
    valid: false,
    codes: ['file.corrupt'],
    sheet: 'zip-traversal-entry.xlsx',
  },
  {
    file: 'zip-duplicate-entry.xlsx',
    does: 'refuses a zip holding the score sheet twice under one name as a damaged workbook',
    valid: false,
    codes: ['file.corrupt'],
    sheet: 'zip-duplicate-entry.xlsx',
  },
];

const rules = new RuleSetFiles();
const check = (file: string): Promise<CheckResult> =>
  checkSheet(readFileSync(join(BAD, file)), { rules, fileName: file });

async function expectOutcome(c: Case): Promise<void> {
  const started = performance.now();
  const pending = check(c.file);
  await expect(pending, 'checkSheet must not throw').resolves.toBeDefined();
  const result = await pending;
  if (c.withinMs !== undefined) expect(performance.now() - started).toBeLessThan(c.withinMs);
  const codes = result.issues.map((i) => i.code);

  expect(result.valid).toBe(c.valid);
  for (const code of c.codes) expect(codes).toContain(code);
  const errors = result.issues.filter((i) => i.severity === 'error').map((i) => i.code);
  for (const code of errors) expect(c.codes).toContain(code);

  if (c.sheet !== undefined) {
    const where = Object.fromEntries(
      Object.entries({ sheet: c.sheet, cell: c.cell, item: c.item }).filter(([, v]) => v !== undefined),
    );
    expect(result.issues.filter((i) => i.code === c.codes[0])).toContainEqual(expect.objectContaining(where));
  }
  if (c.params) {
    expect(result.issues.find((i) => i.code === c.codes[0])?.params).toMatchObject(c.params);
  }
  if (c.reads) {
    expect(result.inputs?.get(c.reads.item)?.[c.reads.field]).toEqual(c.reads.value);
  }

  for (const issue of result.issues) {
    expect(Object.keys(MESSAGES)).toContain(issue.code);
    expect(issue.sheet).toBeTruthy();
    for (const lang of ['zh', 'en'] as const) {
      const text = formatIssue(issue, lang);
      expect(text.trim(), `${issue.code} in ${lang}`).not.toBe('');
      expect(text, `${issue.code} in ${lang}`).not.toContain('{');
    }
  }
}

const working = CASES;
const named = (cases: Case[]) => cases.map((c) => [`${c.does} (${c.file})`, c] as const);

describe('checking bad input files', () => {
  it.each(named(working))('%s', (_name, c) => expectOutcome(c));

  it('reports 50,000 pasted rows below the total with one warning, not one per row', async () => {
    const result = await check('rows-50000-after-total.xlsx');
    expect(result.issues.filter((i) => i.code === 'sheet.extra-rows').length).toBeLessThanOrEqual(10);
  });

  it('has a table row for every fixture file and a fixture file for every row', () => {
    const files = readdirSync(BAD).sort();
    expect(CASES.map((c) => c.file).sort()).toEqual(files);
    expect(new Set(CASES.map((c) => c.file)).size).toBe(CASES.length);
  });

  it('checks the whole corpus one file after another and returns a result for each', async () => {
    const results: CheckResult[] = [];
    for (const c of working) results.push(await check(c.file));
    expect(results).toHaveLength(working.length);
    expect(results.map((r) => r.valid)).toEqual(working.map((c) => c.valid));
  });
});
