import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PHASES, SHEET_NAMES, layoutFor } from '../../../shared/domain/layout.ts';
import { LANGS } from '../../../shared/domain/text.ts';
import { checkSheet } from '../../../shared/use-cases/check-sheet.ts';
import { makeSample, makeTemplate } from '../../../shared/use-cases/make-template.ts';
import { fixedNow, municipal, shippedRules } from '../../support/rules.ts';

const load = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
};

describe.each(PHASES.flatMap((phase) => LANGS.map((lang) => [phase, lang] as const)))(
  'the %s template in %s',
  (phase, lang) => {
    it('has instructions, a protected score sheet with validated inputs, and hidden metadata', async () => {
      const rs = municipal();
      const made = await makeTemplate(rs, {
        phase,
        lang,
        unit: 'U01',
        assessor: phase === 'self' ? undefined : 'A01',
        now: fixedNow,
      });
      const wb = await load(made.bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        SHEET_NAMES.instructions[lang],
        SHEET_NAMES.scores[lang],
        SHEET_NAMES.meta,
      ]);
      expect(wb.getWorksheet(SHEET_NAMES.meta)!.state).toBe('veryHidden');
      const ws = wb.getWorksheet(SHEET_NAMES.scores[lang])!;
      const layout = layoutFor(rs, phase);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: layout.headerRow, xSplit: 2 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
      expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
      for (const row of layout.rows) {
        expect(ws.getCell(row.row, layout.cols.code).value).toBe(row.node.code);
        const score = ws.getCell(row.row, layout.cols.score).value;
        if (!row.derived) expect(score).toHaveProperty('formula');
        for (const input of row.inputs) {
          const cell = ws.getCell(input.address);
          expect(cell.protection?.locked, input.address).toBe(false);
          expect(cell.dataValidation?.type, input.address).toBeDefined();
        }
      }
      // Everything that is not an input stays locked.
      expect(ws.getCell(layout.firstRow, layout.cols.points).protection?.locked).not.toBe(false);
      expect(ws.getCell(layout.totalRow + 1, layout.cols.score).value).toHaveProperty('formula');
    });

    it('checks back as an empty sheet, naming the sheet', async () => {
      const made = await makeTemplate(municipal(), { phase, lang, unit: 'U01', now: fixedNow });
      const r = await checkSheet(made.bytes, { rules: shippedRules, fileName: 't.xlsx' });
      expect(r.valid).toBe(false);
      expect(r.issues.map((i) => [i.code, i.sheet])).toEqual([['sheet.empty', SHEET_NAMES.scores[lang]]]);
      expect(r.meta).toMatchObject({ phase, lang, unit: 'U01', ruleSet: 'municipal-sample', ruleVersion: 1 });
    });

    it('a sample filled sheet checks as valid', async () => {
      const made = await makeSample(municipal(), {
        phase,
        lang,
        unit: 'U01',
        assessor: 'A01',
        now: fixedNow,
        seed: 11,
      });
      const r = await checkSheet(made.bytes, { rules: shippedRules, fileName: 's.xlsx' });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.valid).toBe(true);
      expect(r.score!.total).toBeGreaterThan(50);
    });
  },
);

describe('samples', () => {
  it('are deterministic per seed and differ between seeds', async () => {
    const spec = {
      phase: 'formal' as const,
      lang: 'zh' as const,
      unit: 'U01',
      assessor: 'A01',
      now: fixedNow,
    };
    const score = async (seed: number) =>
      (
        await checkSheet((await makeSample(municipal(), { ...spec, seed })).bytes, {
          rules: shippedRules,
          fileName: 's.xlsx',
        })
      ).score!;
    const [a, b, c] = [await score(5), await score(5), await score(6)];
    expect(a.items).toEqual(b.items);
    expect(a.items).not.toEqual(c.items);
  });

  it('describe every point loss with a problem and a suggestion', async () => {
    const made = await makeSample(municipal(), {
      phase: 'formal',
      lang: 'zh',
      unit: 'U01',
      assessor: 'A01',
      now: fixedNow,
      seed: 2,
      lossRate: 0.6,
    });
    const r = await checkSheet(made.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    const losses = r.score!.items.filter((i) => !i.na && i.score !== null && i.score < i.max);
    expect(losses.length).toBeGreaterThan(5);
    for (const l of losses) expect(l.problem && l.suggestion, l.code).toBeTruthy();
    expect(r.issues.filter((i) => i.code === 'item.loss-without-problem')).toEqual([]);
  });
});
