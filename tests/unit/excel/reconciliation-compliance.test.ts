import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { message } from '../../../shared/domain/messages.ts';
import { toBytes } from '../../../shared/excel/fill-workbook.ts';
import {
  buildReconciliationSheet,
  flagReasonWords,
  readReconciliationSheet,
} from '../../../shared/excel/reconciliation-sheet.ts';
import { fixedNow, shippedRules } from '../../support/rules.ts';

/**
 * A 合议表 of the national checklist with three assessors: columns A code, B title, C points, D why
 * flagged, E–G the assessors, H computed, then the inputs I agreed, J veto decision, K reason.
 * Row 4 is item 3 and row 5 item 12, both compliance items of 1 point (符合 = 1, 不符合 = 0).
 */
const KEY = new Uint8Array(32).fill(5);
const rs = shippedRules.require('national-checklist-sample');
const maxOf = (code: string) => rs.byCode.get(code)?.maxPoints;
const isCompliance = (code: string) => rs.byCode.get(code)?.method?.type === 'compliance';

async function sheet(lang: 'zh' | 'en' = 'zh') {
  return buildReconciliationSheet(
    {
      round: '2026',
      unit: 'DC07',
      phase: 'formal',
      ruleSet: rs.id,
      fingerprint: rs.fingerprint,
      lang,
      generatedAt: fixedNow().toISOString(),
      sources: [],
    },
    ['A01', 'A03', 'A04'],
    [3, 12].map((n) => ({
      code: String(n),
      title: 't',
      max: 1,
      reasons: flagReasonWords(['key-disagreement'], lang),
      scores: [1, 0, 1],
      computed: 1,
      compliance: true,
    })),
    KEY,
  );
}

/** The sheet with the agreed cells I4 and I5 and their reasons filled. */
async function agreeing(i4: ExcelJS.CellValue, i5: ExcelJS.CellValue = '符合', lang: 'zh' | 'en' = 'zh') {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await sheet(lang)) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  ws.getCell('I4').value = i4;
  ws.getCell('I5').value = i5;
  ws.getCell('K4').value = '现场复核';
  ws.getCell('K5').value = '现场复核';
  return (await readReconciliationSheet(await toBytes(wb), maxOf, KEY, isCompliance))!;
}

describe('the reconciliation sheet (合议表) of a compliance item', () => {
  it('offers 符合 / 不符合 as the agreed result and shows the 1/0 scores as those words', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await sheet()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('合议表')!;
    expect(ws.getCell('I4').dataValidation).toMatchObject({ type: 'list', formulae: ['"符合,不符合"'] });
    // The scores stay numbers (1 and 0), shown as words by their number format.
    expect([ws.getCell('E4').value, ws.getCell('F4').value, ws.getCell('H4').value]).toEqual([1, 0, 1]);
    expect(ws.getCell('H4').numFmt).toBe('[=1]"符合";[=0]"不符合";General');
    const en = new ExcelJS.Workbook();
    await en.xlsx.load(Buffer.from(await sheet('en')) as unknown as ExcelJS.Buffer);
    expect(en.getWorksheet('Reconciliation')!.getCell('I4').dataValidation).toMatchObject({
      formulae: ['"Met,Not met"'],
    });
  });

  it.each([
    ['符合', 1],
    ['不符合', 0],
    [' Not met ', 0],
    ['Met', 1],
    [1, 1],
    [0, 0],
  ])('takes %j as the agreed result, worth %d of the item’s 1 point', async (typed, score) => {
    const r = await agreeing(typed);
    expect(r.issues).toEqual([]);
    expect(r.agreed.get('3')).toEqual({ score, reason: '现场复核' });
    expect(r.agreed.get('12')).toEqual({ score: 1, reason: '现场复核' });
  });

  it.each([
    ['half a point', 0.5, '0.5'],
    ['不适用', '不适用', '不适用'],
    ['a points score above the item', 2, '2'],
    ['a word that is no judgement', '基本符合', '基本符合'],
  ])('refuses %s at the agreed cell, naming the two choices', async (_what, typed, shownAs) => {
    const r = await agreeing(typed);
    expect(r.issues.map((i) => ({ code: i.code, sheet: i.sheet, cell: i.cell, item: i.item }))).toEqual([
      { code: 'recon.compliance-choice', sheet: '合议表', cell: 'I4', item: '3' },
    ]);
    expect(r.agreed.has('3')).toBe(false);
    const issue = r.issues[0]!;
    expect(message(issue.code, issue.params, 'zh')).toBe(
      `这是符合性评分项,合议结论只能是“符合”(1 分)或“不符合”(0 分),不能是“${shownAs}”`,
    );
    expect(message(issue.code, issue.params, 'en')).toBe(
      `This is a compliance item: the agreed result is Met (scored 1) or Not met (scored 0), not “${shownAs}”`,
    );
  });

  it('still takes half points on an item that is not a compliance item', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await sheet()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    ws.getCell('I4').value = 0.5;
    ws.getCell('K4').value = '现场复核';
    const r = (await readReconciliationSheet(await toBytes(wb), maxOf, KEY))!;
    expect(r.issues).toEqual([]);
    expect(r.agreed.get('3')).toEqual({ score: 0.5, reason: '现场复核' });
  });
});
