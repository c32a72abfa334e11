import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../shared/domain/layout.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { hasSoffice, libreOfficeConvert } from '../support/libreoffice.ts';
import { direct, fail, patternRules, ruleSet } from '../support/rule-builders.ts';
import { fixedNow, shippedRules } from '../support/rules.ts';

// CI installs LibreOffice (.ci/run), so there the test must run; elsewhere it is skipped if absent.
const run = hasSoffice || process.env.CI ? describe : describe.skip;

const patterns = patternRules();
/** A bonus category (加分项, cap 3) beside 100 points of scale, and a rate band (rate × points). */
const bonus = ruleSet({
  id: 'bonus',
  version: 1,
  title: 'bonus',
  scale: 100,
  grading: { grades: [{ code: 'pass', label: '合格', minTotal: 60 }], fallback: fail },
  categories: [
    {
      code: 'A',
      title: 'A',
      maxPoints: 100,
      children: [
        direct('A1', 50),
        {
          code: 'A2',
          title: '归档率',
          maxPoints: 50,
          method: {
            type: 'scale',
            input: { unit: 'percent', min: 0, max: 100 },
            bands: [
              { min: 0, max: 95, points: 0 },
              { min: 95, max: 100, points: { formula: 'rate' } },
              { min: 100, max: 100, includeMax: true, points: 50 },
            ],
          },
        },
      ],
    },
    {
      code: 'C',
      title: '加分项',
      maxPoints: 4,
      bonus: { cap: 3 },
      children: [direct('C1', 2), direct('C2', 2)],
    },
  ],
});
const rules = {
  get: (id: string): RuleSet | undefined =>
    id === patterns.id ? patterns : id === bonus.id ? bonus : shippedRules.get(id),
};

run('the live formulas of the new patterns, computed by LibreOffice', () => {
  it.each([
    ['compliance, count, sampling and per-defect items in Chinese', patterns, 'zh', 3],
    ['the national checklist sample in English', shippedRules.require('national-checklist-sample'), 'en', 4],
    ['a bonus category added after the scale, up to its cap, and a rate band', bonus, 'zh', 6],
  ] as const)('%s agree with cepin item by item', async (_name, rs, lang, seed) => {
    const made = await makeSample(
      rs,
      {
        phase: 'formal',
        lang,
        unit: 'U07',
        assessor: 'A03',
        now: fixedNow,
        seed,
        lossRate: 0.5,
      },
      (values, layout) => {
        // The rate band: 97.5% × 50 = 48.75.
        const a2 = layout.byCode.get('A2')?.inputs.find((i) => i.kind === 'measure');
        if (a2) values.set(a2.address, 97.5);
      },
    );
    const before = await checkSheet(made.bytes, { rules, fileName: 's.xlsx' });
    expect(before.issues.filter((i) => i.severity === 'error')).toEqual([]);
    if (rs === bonus) expect(before.score!.items.find((i) => i.code === 'A2')?.score).toBe(48.75);
    const resaved = libreOfficeConvert(made.bytes, 'sample.xlsx', 'xlsx');
    const after = await checkSheet(resaved, { rules, fileName: 'sample.xlsx' });
    expect(after.valid).toBe(true);
    expect(after.score!.items).toEqual(before.score!.items);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(resaved) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(SHEET_NAMES.scores[lang])!;
    const layout = after.layout!;
    for (const item of after.score!.items) {
      const v = ws.getCell(layout.byCode.get(item.code)!.row, layout.cols.score).value as { result?: number };
      expect(v.result ?? 0, item.code).toBe(item.score!); // exceljs drops cached zeros
    }
    const total = ws.getCell(layout.totalRow + 1, layout.cols.score).value as { result?: number };
    expect(total.result).toBe(after.score!.total);
  });
});
