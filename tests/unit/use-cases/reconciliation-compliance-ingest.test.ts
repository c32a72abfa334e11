import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleRoster } from '../../../shared/domain/sample-roster.ts';
import { toBytes } from '../../../shared/excel/fill-workbook.ts';
import { buildReconciliationSheet, flagReasonWords } from '../../../shared/excel/reconciliation-sheet.ts';
import { judgeReconciliation } from '../../../shared/use-cases/ingest-reconciliation.ts';
import type { Caller, RoundRecord } from '../../../shared/use-cases/ports.ts';
import { fixedNow, shippedRules } from '../../support/rules.ts';

/**
 * An uploaded 合议表 of the national checklist, judged as the ingest function does: item 3 (a
 * compliance item of 1 point) flagged for DC01 and uploaded by an admin while formal scoring is closed.
 */
const KEY = new Uint8Array(32).fill(9);
const rs = shippedRules.require('national-checklist-sample');
const round: RoundRecord = {
  round: '2026',
  rules: rs.id,
  ruleVersion: rs.version,
  fingerprint: rs.fingerprint,
  phases: { self: 'closed', precheck: 'closed', spotcheck: 'closed', formal: 'scoring-closed' },
  createdAt: fixedNow().toISOString(),
  createdBy: 'admin',
};
const admin: Caller = { sub: 'admin', role: 'admin', ref: '', district: 'chaoyang' };
// Columns A–D, the two assessors in E and F, computed in G: the agreed result is H (I the veto
// decision), the reason J.
const agreedAt = 'H4';

async function upload(agreed: ExcelJS.CellValue) {
  const bytes = await buildReconciliationSheet(
    {
      round: '2026',
      unit: 'DC01',
      phase: 'formal',
      ruleSet: rs.id,
      fingerprint: rs.fingerprint,
      lang: 'zh',
      generatedAt: fixedNow().toISOString(),
      sources: ['up-1', 'up-2'],
    },
    ['A01', 'A02'],
    [
      {
        code: '3',
        title: 't',
        max: 1,
        reasons: flagReasonWords(['key-disagreement'], 'zh'),
        scores: [1, 0],
        computed: 0,
        compliance: true,
      },
    ],
    KEY,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('合议表')!;
  ws.getCell(agreedAt).value = agreed;
  ws.getCell('J4').value = '现场复核后认定';
  return judgeReconciliation(
    await toBytes(wb),
    round,
    sampleRoster(),
    rs,
    admin,
    async () => KEY,
    async () => ['up-2', 'up-1'],
  );
}

describe('an uploaded 合议表 agreeing a compliance item', () => {
  it('stores 符合 as the item’s full point', async () => {
    const out = (await upload('符合'))!;
    expect(out.issues).toEqual([]);
    expect(out.record?.agreed).toEqual([{ code: '3', score: 1, reason: '现场复核后认定' }]);
  });

  it('refuses half a point at the agreed cell, so no record is stored', async () => {
    const out = (await upload(0.5))!;
    expect(out.record).toBeNull();
    expect(out.issues.map((i) => [i.code, i.sheet, i.cell, i.item])).toEqual([
      ['recon.compliance-choice', '合议表', agreedAt, '3'],
    ]);
  });
});
