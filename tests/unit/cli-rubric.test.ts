import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { resolveRuleSet } from '../../shared/domain/rule-set.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { editWorkbook, setCells, shippedFile } from '../fixtures/rubrics/rubric-files.ts';
import { cepin } from '../support/cli.ts';
import { shippedRules } from '../support/rules.ts';

/** `cepin rules export|check|import` and `cepin template --rules R.xlsx | --rubric` (issue 16). */

const dir = mkdtempSync(join(tmpdir(), 'cepin-cli-rubric-'));
const fingerprint = (id: string) =>
  (resolveRuleSet(shippedFile(id), shippedFile) as { ruleSet: { fingerprint: string } }).ruleSet.fingerprint;

describe('cepin rules export, check and import', () => {
  it('exports an overlay as an overlay, checks it and imports it back to the same rule file', async () => {
    const xlsx = join(dir, 'dongcheng.xlsx');
    expect(await cepin('rules', 'export', 'dongcheng-sample', '--out', xlsx)).toMatchObject({ code: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as never);
    expect(wb.getWorksheet('基本信息')!.getCell('B6').value).toBe('municipal-sample');
    const check = await cepin('rules', 'check', xlsx);
    expect(check.code).toBe(0);
    expect(check.out).toContain(`指纹 ${fingerprint('dongcheng-sample').slice(0, 12)}`);
    const json = join(dir, 'dongcheng.json');
    const imported = await cepin('rules', 'import', xlsx, '--out', json, '--lang', 'en');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`Wrote ${json}`);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(shippedFile('dongcheng-sample'));
  });

  it('checks a bad workbook listing every problem with its cell (exit 1); import refuses it and writes nothing', async () => {
    const xlsx = join(dir, 'bad.xlsx');
    await cepin('rules', 'export', 'municipal-sample', '--out', xlsx, '--lang', 'en');
    writeFileSync(
      xlsx,
      await editWorkbook(readFileSync(xlsx), (wb) =>
        setCells(wb, 'Items', { E9: 2.5, F11: 'drect', M9: 'maybe' }),
      ),
    );
    const check = await cepin('rules', 'check', xlsx, '--lang', 'en');
    expect(check.code).toBe(1);
    expect(check.out.split('\n')).toEqual([
      '✘ The rule set has 3 errors',
      '  ✘ Sheet “Items”, cell E7, item 1.2: The parts of 1.2 add up to 5.5, not its 5 points. Make the parts add up to 5, or write 5.5 as its points',
      '  ✘ Sheet “Items”, cell M9, item 1.2.2: Key takes yes or no (是/否, ✓, 1/0 also work); “maybe” is neither',
      '  ✘ Sheet “Items”, cell F11, item 1.3.1: Method “drect” is not known. Did you mean “direct”? Choose one of: direct, checklist, deduction, scale, compliance, count, sampling, defects, spotcheck',
    ]);
    const out = join(dir, 'never.json');
    const imported = await cepin('rules', 'import', xlsx, '--out', out);
    expect(imported.code).toBe(1);
    expect(imported.out).toContain('单元格 E7');
    expect(() => readFileSync(out)).toThrow();
  });

  it('imports into <id>.json in the current folder by default, saying a blank version became 1', async () => {
    const xlsx = join(dir, 'noversion.xlsx');
    await cepin('rules', 'export', 'national-checklist-sample', '--out', xlsx);
    writeFileSync(
      xlsx,
      await editWorkbook(readFileSync(xlsx), (wb) => setCells(wb, '基本信息', { B2: null })),
    );
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cepin('rules', 'import', xlsx);
      expect(r.code).toBe(0);
      expect(r.out).toContain('版本”未填写,已按第 1 版写入');
      expect(JSON.parse(readFileSync(join(dir, 'national-checklist-sample.json'), 'utf8'))).toEqual(
        shippedFile('national-checklist-sample'),
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it('still checks .json rule files as before, and refuses an unknown id to export (exit 2)', async () => {
    expect((await cepin('rules', 'check', 'templates/rules/dongcheng-sample.json')).code).toBe(0);
    const r = await cepin('rules', 'export', 'no-such', '--out', join(dir, 'x.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('找不到细则 no-such');
  });
});

describe('cepin template with a rubric not stored, and the blank rubric workbook', () => {
  it('previews the score template of a rubric workbook and of a rule file by path', async () => {
    const xlsx = join(dir, 'preview.xlsx');
    await cepin('rules', 'export', 'dongcheng-sample', '--out', xlsx);
    for (const rules of [xlsx, 'templates/rules/dongcheng-sample.json']) {
      const out = join(dir, 'template-preview.xlsx');
      const r = await cepin('template', '--rules', rules, '--phase', 'formal', '--out', out);
      expect(r.code).toBe(0);
      // The preview is a template of the same rule set: it checks (as empty) against the stored one.
      const checked = await checkSheet(readFileSync(out), {
        rules: shippedRules,
        fileName: 'template-preview.xlsx',
      });
      expect(checked.meta?.fingerprint).toBe(fingerprint('dongcheng-sample'));
    }
  });

  it('refuses to preview a bad rubric workbook, listing its problems (exit 1)', async () => {
    const xlsx = join(dir, 'bad-preview.xlsx');
    await cepin('rules', 'export', 'municipal-sample', '--out', xlsx);
    writeFileSync(xlsx, await editWorkbook(readFileSync(xlsx), (wb) => setCells(wb, '细则', { E9: 2.5 })));
    const r = await cepin('template', '--rules', xlsx, '--phase', 'formal', '--out', join(dir, 'no.xlsx'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('工作表“细则”,单元格 E7,项目 1.2');
  });

  it('writes the blank rubric workbook, alone', async () => {
    const out = join(dir, 'blank.xlsx');
    expect(await cepin('template', '--rubric', '--lang', 'en', '--out', out)).toMatchObject({ code: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as never);
    expect(wb.worksheets.map((w) => w.name)).toContain('Items');
    const both = await cepin('template', '--rubric', '--rules', 'municipal-sample', '--out', out);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--rubric cannot be combined with --rules');
  });
});
