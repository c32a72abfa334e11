import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/rule-set.ts';
import { toBytes } from '../../../shared/excel/fill-workbook.ts';
import { fillReconciliationSheet, reconciliationRows } from '../../../shared/excel/reconciliation-fill.ts';
import {
  buildReconciliationSheet,
  flagReasonWords,
  readReconciliationSheet,
} from '../../../shared/excel/reconciliation-sheet.ts';
import { fixedNow, municipal } from '../../support/rules.ts';

/**
 * The 合议表 with four assessors: columns A code, B title, C points, D why flagged, E–H the
 * assessors, I computed, then the inputs J agreed score, K veto decision, L reason. Row 4 is 2.1.2
 * (a spread, no veto), row 5 is 2.5.3 (a veto disagreement).
 */
const KEY = new Uint8Array(32).fill(3);
const rs = municipal();
const maxOf = (code: string) => rs.byCode.get(code)?.maxPoints;

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
    ['A01', 'A03', 'A04', 'A05'],
    [
      {
        code: '2.1.2',
        title: 't',
        max: 3,
        reasons: flagReasonWords(['spread'], lang),
        scores: [3, 1, 3, 3],
        computed: 2.5,
      },
      {
        code: '2.5.3',
        title: 't',
        max: 2,
        reasons: flagReasonWords(['veto-disagreement'], lang),
        scores: [2, 0, 2, 2],
        computed: 1.5,
        veto: true,
      },
    ],
    KEY,
  );
}

/** Opens a workbook, lets `edit` change the named sheet, and saves it again. */
async function edited(bytes: Uint8Array, name: string, edit: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  edit(wb.getWorksheet(name)!);
  return toBytes(wb);
}

const read = async (bytes: Uint8Array, key = KEY) => (await readReconciliationSheet(bytes, maxOf, key))!;
const problems = async (bytes: Uint8Array) =>
  (await read(bytes)).issues.map((i) => ({ code: i.code, sheet: i.sheet, cell: i.cell, item: i.item }));

describe('the reconciliation sheet (合议表)', () => {
  it('says why an item is flagged in words of its language, never as a code', async () => {
    expect(flagReasonWords(['spread'], 'zh')).toBe('分差超过 20%');
    expect(flagReasonWords(['spread'], 'en')).toBe('scores spread over 20%');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await sheet()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('合议表')!;
    expect(ws.getCell('D4').value).toBe('分差超过 20%');
    expect(String(ws.getCell('D5').value)).toMatch(/^否决项判断不一致/);
    const texts: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('|')).not.toMatch(/spread|disagreement/);
    expect(ws.getCell('K3').value).toBe('否决项结论');
  });

  it('gives only veto rows a decision cell: unlocked, a 确认/推翻 list', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await sheet()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('合议表')!;
    expect(ws.getCell('K5').dataValidation).toMatchObject({ type: 'list', formulae: ['"确认,推翻"'] });
    expect(ws.getCell('K5').protection?.locked).toBe(false);
    expect(ws.getCell('K4').dataValidation).toBeUndefined();
    expect(ws.getCell('K4').protection?.locked).not.toBe(false);
    expect(await reconciliationRows(await sheet())).toEqual([
      { code: '2.1.2', computed: 2.5, veto: false },
      { code: '2.5.3', computed: 1.5, veto: true },
    ]);
  });

  it('reads back agreed scores and the veto decision with their reasons', async () => {
    const filled = await fillReconciliationSheet(
      await sheet(),
      new Map([
        ['2.1.2', { score: 2.5, reason: '现场复核' }],
        ['2.5.3', { score: 0, veto: 'confirm' as const, reason: '确认发生安全事故' }],
      ]),
    );
    const r = await read(filled);
    expect(r.issues).toEqual([]);
    expect(r.meta?.vetoItems).toBe('2.5.3');
    expect([...r.agreed]).toEqual([
      ['2.1.2', { score: 2.5, reason: '现场复核' }],
      ['2.5.3', { score: 0, reason: '确认发生安全事故' }],
    ]);
    expect([...r.vetoDecisions]).toEqual([['2.5.3', { verdict: 'confirm', reason: '确认发生安全事故' }]]);
  });

  it('takes a decision without an agreed score, and the other language’s word', async () => {
    const filled = await edited(await sheet(), '合议表', (ws) => {
      ws.getCell('K5').value = ' overturn ';
      ws.getCell('L5').value = '经核查未发生';
    });
    const r = await read(filled);
    expect(r.issues).toEqual([]);
    expect(r.agreed.size).toBe(0);
    expect(r.vetoDecisions.get('2.5.3')).toEqual({ verdict: 'overturn', reason: '经核查未发生' });
  });

  it('rejects a veto disagreement left undecided, at its decision cell, even with an agreed score', async () => {
    const filled = await fillReconciliationSheet(
      await sheet(),
      new Map([['2.5.3', { score: 0, reason: '确认发生安全事故' }]]),
    );
    expect(await problems(filled)).toEqual([
      { code: 'recon.veto-undecided', sheet: '合议表', cell: 'K5', item: '2.5.3' },
    ]);
  });

  it.each([
    ['a word that is not a decision', 'K5', '也许', 'recon.veto-decision-invalid', 'K5', '2.5.3'],
    [
      'a decision on a row without a veto disagreement',
      'K4',
      '确认',
      'recon.veto-not-disputed',
      'K4',
      '2.1.2',
    ],
  ])('rejects %s', async (_what, cell, value, code, at, item) => {
    const filled = await edited(await sheet(), '合议表', (ws) => {
      ws.getCell(cell).value = value;
      ws.getCell('K5').value ??= '推翻';
      ws.getCell(`L${cell.slice(1)}`).value = '理由';
      ws.getCell('L5').value = '理由';
    });
    expect(await problems(filled)).toEqual([{ code, sheet: '合议表', cell: at, item }]);
  });

  it('rejects a decision without a reason, at the reason cell', async () => {
    const filled = await edited(await sheet(), '合议表', (ws) => void (ws.getCell('K5').value = '确认'));
    expect(await problems(filled)).toEqual([
      { code: 'recon.reason-missing', sheet: '合议表', cell: 'L5', item: '2.5.3' },
    ]);
  });

  it('rejects an agreed score typed below the flagged rows for an item never flagged', async () => {
    const filled = await edited(await sheet(), '合议表', (ws) => {
      ws.getCell('K5').value = '推翻';
      ws.getCell('L5').value = '理由';
      ws.getCell('A6').value = '1.1.1';
      ws.getCell('J6').value = 2;
      ws.getCell('L6').value = '顺便改一下';
    });
    expect(await problems(filled)).toEqual([
      { code: 'recon.item-not-flagged', sheet: '合议表', cell: 'A6', item: '1.1.1' },
    ]);
  });

  it('rejects a sheet signed with another district’s key', async () => {
    const r = await read(await sheet(), new Uint8Array(32).fill(4));
    expect(r.meta).toBeNull();
    expect(r.issues.map((i) => [i.code, i.params.field])).toEqual([['sheet.meta-edited', 'signature']]);
  });

  it('rejects a hidden sheet whose items were extended and re-summed with the old public checksum', async () => {
    const tampered = await edited(await sheet(), '_cepin_hy', (ws) => {
      const fields = new Map<string, string>();
      ws.eachRow((row) => fields.set(String(row.getCell(1).value), String(row.getCell(2).value)));
      ws.eachRow((row) => {
        if (row.getCell(1).value === 'items') row.getCell(2).value = '2.1.2,2.5.3,1.1.1';
      });
      fields.set('items', '2.1.2,2.5.3,1.1.1');
      fields.delete('signature');
      const sum = createHash('sha256')
        .update(`cepin-recon:${canonicalJson(Object.fromEntries(fields))}`)
        .digest('hex');
      ws.eachRow((row) => {
        if (row.getCell(1).value === 'signature') row.getCell(2).value = sum;
      });
    });
    const r = await read(tampered);
    expect(r.meta).toBeNull();
    expect(r.issues.map((i) => i.code)).toEqual(['sheet.meta-edited']);
  });
});
