import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../shared/domain/layout.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample, makeTemplate } from '../../shared/use-cases/make-template.ts';
import { hasSoffice, libreOfficeConvert } from '../support/libreoffice.ts';
import { dongcheng, fixedNow, municipal, shippedRules } from '../support/rules.ts';

// CI installs LibreOffice (.ci/run), so there the test must run; elsewhere it is skipped if absent.
const run = hasSoffice || process.env.CI ? describe : describe.skip;

run('a sheet opened and re-saved by LibreOffice', () => {
  it.each([
    ['a Dongcheng formal sheet in Chinese', () => dongcheng(), 'formal', 'zh', 21],
    ['a municipal self-assessment in English', () => municipal(), 'self', 'en', 22],
  ] as const)('%s checks to exactly the same scores', async (_name, rules, phase, lang, seed) => {
    const made = await makeSample(rules(), {
      phase,
      lang,
      unit: 'U07',
      assessor: 'A03',
      now: fixedNow,
      seed,
      lossRate: 0.5,
    });
    const before = await checkSheet(made.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    const resaved = libreOfficeConvert(made.bytes, 'sample.xlsx', 'xlsx');
    expect(Buffer.from(resaved).equals(Buffer.from(made.bytes))).toBe(false);
    const after = await checkSheet(resaved, { rules: shippedRules, fileName: 'sample.xlsx' });
    expect(after.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(after.valid).toBe(true);
    expect(after.score!.items).toEqual(before.score!.items);
    expect(after.score!.total).toBe(before.score!.total);

    // LibreOffice computed the live formulas: they must agree with cepin's own scoring.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(resaved) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(SHEET_NAMES.scores[lang])!;
    const layout = after.layout!;
    for (const item of after.score!.items.filter((i) => !i.pending)) {
      const v = ws.getCell(layout.byCode.get(item.code)!.row, layout.cols.score).value as { result?: number };
      expect(v.result ?? 0, item.code).toBeCloseTo(item.score!, 2); // exceljs drops cached zeros
    }
    const total = ws.getCell(layout.totalRow + 1, layout.cols.score).value as { result?: number };
    expect(total.result).toBeCloseTo(after.score!.total, 2);
  });

  it('prints a template to PDF', async () => {
    const made = await makeTemplate(municipal(), {
      phase: 'formal',
      lang: 'zh',
      unit: 'U01',
      assessor: 'A01',
      now: fixedNow,
    });
    const pdf = libreOfficeConvert(made.bytes, 'template.xlsx', 'pdf');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });
});
