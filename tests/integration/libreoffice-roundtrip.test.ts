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
      expect(v.result ?? 0, item.code).toBe(item.score!); // exceljs drops cached zeros
    }
    const total = ws.getCell(layout.totalRow + 1, layout.cols.score).value as { result?: number };
    expect(total.result).toBe(after.score!.total);
  });

  it('shows the same rounded item score and total as cepin at .xx5 (ROUND in the live formulas)', async () => {
    // 2.1.1 (6 points) earns 5.7 + 0.3 × (95.25 − 95)/5 = 5.715 at 95.25%: 5.72 by the rule, by hand.
    // Everything else at full marks except 3.3.1, 51.575% → (51.575 − 50)/15 = 0.105 → 0.11 of 3.
    // Without subordinates 2.2.3, 4.1, 4.2 and 4.3 (12 points) are N/A: raw = 88 − 6 + 5.72 − 3 + 0.11
    // = 84.83 of 88 → 96.3977… → 96.40.
    const made = await makeSample(
      municipal(),
      { phase: 'self', lang: 'zh', unit: 'U07', now: fixedNow, seed: 5, lossRate: 0, noSubordinates: true },
      (values, layout) => {
        const measure = (code: string) =>
          layout.byCode.get(code)!.inputs.find((i) => i.kind === 'measure')!.address;
        values.set(measure('2.1.1'), 95.25);
        values.set(measure('3.3.1'), 51.575);
      },
    );
    const cepin = await checkSheet(made.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    const item = (code: string) => cepin.score!.items.find((i) => i.code === code)!.score;
    expect([item('2.1.1'), item('3.3.1'), cepin.score!.raw, cepin.score!.total]).toEqual([
      5.72, 0.11, 84.83, 96.4,
    ]);
    const resaved = libreOfficeConvert(made.bytes, 'sample.xlsx', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(resaved) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(SHEET_NAMES.scores.zh)!;
    const layout = cepin.layout!;
    const shown = (code: string) =>
      (ws.getCell(layout.byCode.get(code)!.row, layout.cols.score).value as { result?: number }).result;
    expect([shown('2.1.1'), shown('3.3.1')]).toEqual([5.72, 0.11]);
    const total = ws.getCell(layout.totalRow + 1, layout.cols.score).value as { result?: number };
    expect(total.result).toBe(cepin.score!.total);
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
