import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { RuleSetFiles } from '../../shared/adapters/rule-set-files.ts';
import { formatIssue, MESSAGES } from '../../shared/domain/messages.ts';
import { annotateWorkbook } from '../../shared/excel/annotate.ts';
import { checkSheet, type CheckResult } from '../../shared/use-cases/check-sheet.ts';
import { CASES, type Case } from '../fixtures/bad-cases.ts';

/**
 * The bad-input corpus: real files in tests/fixtures/bad/, written once by
 * tests/fixtures/make-bad-fixtures.ts and committed. Each row says what checking the file must give.
 */
const BAD = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/bad');
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

  // File-level refusals: the door refused the bytes, so the annotated copy must not come from them
  // (the zip bomb once cost exceljs ~9 s and ~1.1 GB here, and a renamed .docx threw).
  const refused = working.filter((c) => c.codes.some((code) => code.startsWith('file.')));
  it.each(named(refused))('annotates the refusal as an issues-only workbook: %s', async (_name, c) => {
    const result = await check(c.file);
    const annotated = await annotateWorkbook(readFileSync(join(BAD, c.file)), result.issues, 'zh');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(annotated) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题清单']);
    expect(wb.worksheets[0]!.rowCount).toBe(result.issues.length + 1);
  });

  it('checks the whole corpus one file after another and returns a result for each', async () => {
    const results: CheckResult[] = [];
    for (const c of working) results.push(await check(c.file));
    expect(results).toHaveLength(working.length);
    expect(results.map((r) => r.valid)).toEqual(working.map((c) => c.valid));
  });
});
