import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import type { Layout } from '../../shared/domain/layout.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { fillReconciliationSheet, reconciliationRows } from '../../shared/excel/reconciliation-fill.ts';
import {
  agreedColumn,
  buildReconciliationSheet,
  decisionColumn,
} from '../../shared/excel/reconciliation-sheet.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * Reconciliation sheets (合议表) through the whole local upload path: bound to a phase with a panel,
 * to the time between close-scoring and close, to the items flagged when the sheet was made (signed
 * with the district's key), and every veto disagreement decided by the panel.
 *
 * The sample roster: DC01 (no subordinates) is scored formally by A01 (lead), A03, A04, A05, A06.
 * Every sheet gives full marks; A03 alone answers the veto condition of 2.5.3 (“发生档案安全事故”,
 * 2 points) 是 and scores it 0. Worked by hand (dongcheng-sample: scale 100; 优秀 ≥ 90 with every
 * category ≥ 85% and the key items full; fallback 不合格): category 4 (10 points, subordinates) is
 * N/A, so 90 points apply; with 2.5.3 agreed at 0 the raw score is 88, total 88 / 90 × 100 = 97.78;
 * category 2 holds 43 of 45 = 95.6%. So the scores earn 优秀; a confirmed veto makes it 不合格.
 */

const ROUND = 'rc';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
const PANEL = ['A01', 'A03', 'A04', 'A05', 'A06'];
const A = PANEL.length;

let stack: LocalStack;
let admin: ApiClient;
let lead: ApiClient;

/** Full marks everywhere (no N/A item but the subordinates' category); A03 reports the incident. */
function fullMarks(assessor: string) {
  return (values: Map<string, string | number>, layout: Layout) => {
    for (const row of layout.rows) {
      const cell = (k: string) => row.inputs.find((c) => c.kind === k);
      const na = cell('na');
      if (na && row.node.children.length === 0 && values.get(na.address) === '是') {
        values.delete(na.address);
        values.set(cell('score')!.address, row.node.maxPoints);
      }
      if (row.node.code === '2.5.3' && assessor === 'A03') {
        values.set(cell('veto')!.address, '是');
        values.set(cell('score')!.address, 0);
        values.set(cell('problem')!.address, '发生档案丢失');
      }
    }
  };
}

const results = async () =>
  (
    await admin.call<{
      units: { formal: { total: number; grade: string | null; complete: boolean; gradeReasons: string[] } }[];
    }>('GET', `/rounds/${ROUND}/results?unit=DC01`)
  ).units[0]!.formal;

/** The results' flagged list: what the panel decided on an item's veto (or that it is awaited). */
const vetoOf = async (code: string) =>
  (
    await admin.call<{ units: { flagged: { code: string; veto?: unknown }[] }[] }>(
      'GET',
      `/rounds/${ROUND}/results?unit=DC01`,
    )
  ).units[0]!.flagged.find((f) => f.code === code)?.veto;

async function leadSheet() {
  const link = await lead.call<{ url: string; flagged: number }>(
    'GET',
    `/rounds/${ROUND}/reconciliation-sheet?unit=DC01&phase=formal`,
  );
  return lead.download(link.url);
}

const codes = (r: { issues?: { code: string }[] }) => r.issues?.map((i) => i.code);

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  lead = await clientAs(stack, 'assessor:A01');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['precheck', 'formal'],
  });
  for (const id of PANEL) {
    const spec = { phase: 'formal' as const, unit: 'DC01', assessor: id, lang: 'zh' as const, now: fixedNow };
    const made = await makeSample(
      dongcheng(),
      { ...spec, seed: 7, lossRate: 0, noSubordinates: true },
      fullMarks(id),
    );
    const r = await upload(stack, await clientAs(stack, `assessor:${id}`), ROUND, `${id}.xlsx`, made.bytes);
    expect(r.state, JSON.stringify(r.issues)).toBe('accepted');
  }
}, 120_000);
afterAll(async () => stack?.stop());

describe('reconciliation sheets on the local stack', () => {
  it('shows the veto one assessor answered yes as pending: no grade until the panel decides', async () => {
    // 2.5.3 computed at 2 (trimmed mean of 2, 0, 2, 2, 2): 90 of 90, total 100, but no grade.
    expect(await results()).toMatchObject({ total: 100, grade: null, complete: false });
    expect(await vetoOf('2.5.3')).toEqual({ decision: 'pending', reason: '', by: '' });
  });

  it('refuses a 合议表 while the phase is still open, even from the lead with a sheet the admin downloaded', async () => {
    const link = await admin.call<{ url: string }>(
      'GET',
      `/rounds/${ROUND}/reconciliation-sheet?unit=DC01&phase=formal`,
    );
    const filled = await fillReconciliationSheet(
      await admin.download(link.url),
      new Map([['2.5.3', { score: 0, veto: 'confirm' as const, reason: '确认发生安全事故' }]]),
    );
    const r = await upload(stack, lead, ROUND, 'early.xlsx', filled);
    expect(r.state).toBe('rejected');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'recon.phase-state', cell: 'A1' })]);
  });

  it('refuses a properly signed 合议表 of the self-assessment phase, which has no panel', async () => {
    const rs = dongcheng();
    const key = new Uint8Array(Buffer.from(readFileSync(join(stack.dataDir, 'recon-key'), 'utf8'), 'hex'));
    const self = await buildReconciliationSheet(
      {
        round: ROUND,
        unit: 'DC01',
        phase: 'self',
        ruleSet: rs.id,
        fingerprint: rs.fingerprint,
        lang: 'zh',
        generatedAt: fixedNow().toISOString(),
        sources: [],
      },
      PANEL,
      [],
      key,
    );
    const r = await upload(stack, lead, ROUND, 'self-hy.xlsx', self);
    expect(codes(r)).toEqual(['recon.phase-not-reconcilable']);
  });

  it('after close-scoring gives the lead the sheet with 2.5.3 as a veto row', async () => {
    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close-scoring' });
    const rows = await reconciliationRows(await leadSheet());
    expect(rows).toEqual([{ code: '2.5.3', computed: 2, veto: true }]); // trimmed mean of 2,0,2,2,2
  });

  it('refuses an agreed score for an item that was not flagged, typed below the flagged rows', async () => {
    const filled = await fillReconciliationSheet(
      await leadSheet(),
      new Map([['2.5.3', { score: 0, veto: 'confirm' as const, reason: '确认发生安全事故' }]]),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(filled) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('合议表')!;
    ws.getCell('A5').value = '1.1.1';
    ws.getCell(`${agreedColumn(A)}5`).value = 1;
    const r = await upload(stack, lead, ROUND, 'extra.xlsx', await toBytes(wb));
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'recon.item-not-flagged', cell: 'A5', item: '1.1.1' }),
    ]);
  });

  it('refuses the example sheet (agreed 0, “确认发生安全事故”, no decision): the veto must be decided', async () => {
    const filled = await fillReconciliationSheet(
      await leadSheet(),
      new Map([['2.5.3', { score: 0, reason: '确认发生安全事故' }]]),
    );
    const r = await upload(stack, lead, ROUND, 'undecided.xlsx', filled);
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'recon.veto-undecided', cell: `${decisionColumn(A)}4`, item: '2.5.3' }),
    ]);
  });

  it('accepts the confirmed veto, and the unit fails at 97.78 with the panel’s reason', async () => {
    const filled = await fillReconciliationSheet(
      await leadSheet(),
      new Map([['2.5.3', { score: 0, veto: 'confirm' as const, reason: '确认发生安全事故' }]]),
    );
    expect((await upload(stack, lead, ROUND, 'confirm.xlsx', filled)).state).toBe('accepted');
    const f = await results();
    expect(f).toMatchObject({ total: 97.78, grade: 'fail', complete: true });
    expect(f.gradeReasons).toEqual(['2.5.3 一票否决经合议确认:确认发生安全事故']);
    expect(await vetoOf('2.5.3')).toMatchObject({ decision: 'confirm', reason: '确认发生安全事故' });
  });

  it('accepts the overturned veto in a later sheet, and the unit is excellent at 97.78', async () => {
    const filled = await fillReconciliationSheet(
      await leadSheet(),
      new Map([['2.5.3', { score: 0, veto: 'overturn' as const, reason: '经核实为误报,未发生安全事故' }]]),
    );
    expect((await upload(stack, lead, ROUND, 'overturn.xlsx', filled)).state).toBe('accepted');
    const f = await results();
    expect(f).toMatchObject({ total: 97.78, grade: 'excellent', complete: true });
    expect(f.gradeReasons[0]).toBe('2.5.3 的否决意见经合议推翻,不予否决:经核实为误报,未发生安全事故');
  });

  it('refuses a 合议表 once the phase is closed', async () => {
    const sheet = await leadSheet();
    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close' });
    const filled = await fillReconciliationSheet(
      sheet,
      new Map([['2.5.3', { score: 2, veto: 'overturn' as const, reason: '改判' }]]),
    );
    const r = await upload(stack, lead, ROUND, 'late.xlsx', filled);
    expect(codes(r)).toEqual(['recon.phase-state']);
    expect((await results()).grade).toBe('excellent'); // unchanged
  });
});
