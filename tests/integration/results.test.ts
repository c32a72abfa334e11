import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError, type ApiClient } from '../../shared/client/api-client.ts';
import { uploadAndWait } from '../../shared/client/upload.ts';
import type { RoundReport } from '../../shared/domain/round-report.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { readRoundWorkbook } from '../../shared/excel/district-compare.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { fillReconciliationSheet, reconciliationRows } from '../../shared/excel/reconciliation-fill.ts';
import { buildRosterTemplate } from '../../shared/excel/roster-workbook.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { runDemoRound, type DemoRoundSummary } from '../../shared/cli/demo-driver.ts';
import { expectedTotal, hundredths } from '../support/decimal-oracle.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';
import { expectedCombined } from '../support/reconcile-oracle.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

// Three units of the sample roster: DC01 (panel of 5: trimmed mean), DC02 (4 subordinates, panel of 4), DC03.
const keep = new Set(['DC01', 'DC02', 'DC03']);
const full = sampleRoster();
const roster = {
  units: full.units.filter((u) => keep.has(u.code) || (u.parent !== undefined && keep.has(u.parent))),
  // The sample's home units (回避) lie outside this subset: its assessors come from outside here.
  assessors: full.assessors.map(({ home: _home, ...a }) => a),
  assignments: full.assignments.filter((a) => keep.has(a.unit)),
};

let stack: LocalStack;
let admin: ApiClient;
let demo: DemoRoundSummary;
let results: { units: RoundReport['units']; plaques: { unit: string }[]; method: string };

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  demo = await runDemoRound({
    login: (as) => clientAs(stack, as),
    rs: dongcheng(),
    roster,
    rosterBytes: await toBytes(buildRosterTemplate('zh', roster, fixedNow())),
    round: '2026',
    lang: 'zh',
    now: fixedNow,
    write: () => {},
  });
  results = await admin.call('GET', '/rounds/2026/results');
}, 180_000);
afterAll(async () => stack?.stop());

describe('results of a round (local stack)', () => {
  it('the demo round accepts every sheet in the end, after one mistyped sheet is rejected and resent', () => {
    expect(demo.rejected).toBe(1);
    expect(demo.fixedAndResent).toBe(1);
    expect(demo.accepted).toBe(demo.sheets - 1);
    expect(demo.reconciled?.unit).toBeDefined();
  });

  it('every total equals its categories, rescaled for N/A, and grades follow the rule set', () => {
    for (const u of results.units) {
      for (const p of [u.self, u.precheck, u.formal]) {
        if (!p) continue;
        // Expected values from the whole-hundredths oracle of the rounding rule, not from cepin.
        const applicable = p.items.filter((i) => !i.na);
        const partsH = applicable.map((i) => hundredths(i.score ?? 0));
        const wholesH = applicable.map((i) => hundredths(i.max));
        expect(p.total, u.code).toBe(expectedTotal(partsH, wholesH, 100));
        const catSum = p.categories.reduce((s, c) => s + hundredths(c.score), 0);
        expect(catSum, u.code).toBe(partsH.reduce((s, x) => s + x, 0));
        if (p.grade === 'excellent') expect(p.total).toBeGreaterThanOrEqual(90);
        if (p.grade === 'pass') expect(p.total).toBeGreaterThanOrEqual(80);
        if (p.total < 80) expect(p.grade).toBe('fail');
        expect(p.grade === null).toBe(!p.complete);
      }
    }
    expect(results.plaques.map((p) => p.unit).sort()).toEqual(
      results.units
        .filter((u) => u.formal?.passes)
        .map((u) => u.code)
        .sort(),
    );
  });

  it('reconciled item scores are the stated method over the assessors, except where an agreed score overrides', () => {
    for (const u of results.units) {
      const n = u.formal!.assessors.length;
      const method = n >= 5 ? 'trimmed-mean' : 'mean';
      const flagged = new Map(u.flagged.map((f) => [f.code, f]));
      for (const f of u.flagged) {
        const scores = f.scores.map((s) => s.score).filter((s): s is number => s !== null);
        expect(f.computed, `${u.code} ${f.code}`).toBe(expectedCombined(method, scores));
      }
      for (const item of u.formal!.items) {
        const f = flagged.get(item.code);
        if (f?.agreed) expect(item.score).toBe(f.agreed.score);
      }
    }
    const agreed = results.units.flatMap((u) => u.flagged.filter((f) => f.agreed));
    expect(agreed.length).toBe(demo.reconciled!.items);
  });

  it('reports assessor consistency as ICC(2,1) and ICC(3,1) for the round and each formal panel, beside alpha', () => {
    const icc = (
      results as unknown as {
        icc: { round: { icc21: number | null; icc31: number | null; panels: number }; panels: unknown[] };
      }
    ).icc;
    expect(icc.round.panels).toBeGreaterThan(0);
    for (const v of [icc.round.icc21, icc.round.icc31]) {
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(-1);
      expect(v!).toBeLessThanOrEqual(1);
    }
    expect(icc.panels.length).toBe(icc.round.panels);
  });

  it('folds the spot-checked subordinates into item 4.3 of units that have them', () => {
    const dc02 = results.units.find((u) => u.code === 'DC02')!;
    expect(dc02.formal!.items.find((i) => i.code === '4.3')).toMatchObject({ pending: false, na: false });
    const dc01 = results.units.find((u) => u.code === 'DC01')!;
    expect(dc01.formal!.items.find((i) => i.code === '4.3')).toMatchObject({ na: true });
  });

  it('shows rectification between pre-check and formal, and feedback for every point-loss item', () => {
    for (const u of results.units) {
      expect(u.precheckVsFormal).toBeDefined();
      expect(u.precheckVsFormal!.totalDelta).toBe(
        (hundredths(u.formal!.total) - hundredths(u.precheck!.total)) / 100,
      );
      const lost = u
        .formal!.items.filter((i) => !i.na && !i.pending && i.score !== null && i.score < i.max)
        .map((i) => i.code);
      expect(u.feedback.losses.map((l) => l.code)).toEqual(lost);
      expect(u.feedback.fixedSincePrecheck.map((f) => f.code)).toEqual(u.precheckVsFormal!.fixed);
      for (const f of u.feedback.fixedSincePrecheck) expect(f.title, `${u.code} ${f.code}`).not.toBe('');
      // N/A in either phase is neither rectified nor a new loss.
      const na = new Set([...u.formal!.items, ...u.precheck!.items].filter((i) => i.na).map((i) => i.code));
      const compared = [...u.precheckVsFormal!.fixed, ...u.precheckVsFormal!.newLosses];
      expect(
        compared.filter((c) => na.has(c)),
        u.code,
      ).toEqual([]);
      // Strengths and losses partition the applicable, scored items.
      const scored = u
        .formal!.items.filter((i) => !i.na && !i.pending && i.score !== null)
        .map((i) => i.code);
      const sides = [...u.feedback.strengths, ...u.feedback.losses].map((i) => i.code);
      expect(sides.sort(), u.code).toEqual([...scored].sort());
    }
  });

  it('writes a consolidated workbook whose summary matches the results, and a feedback document per unit', async () => {
    const link = await admin.call<{ url: string }>('GET', '/rounds/2026/workbook');
    const read = await readRoundWorkbook(await admin.download(link.url), 'wb.xlsx');
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const byCode = (a: [string, number | null][]) => a.sort(([x], [y]) => x.localeCompare(y));
    expect(byCode(read.summary!.units.map((u) => [u.code, u.total]))).toEqual(
      byCode(results.units.map((u) => [u.code, u.formal!.total])),
    );
    const fb = await admin.call<{ url: string; fileName: string }>('GET', '/rounds/2026/feedback?unit=DC01');
    const bytes = await admin.download(fb.url);
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    expect(fb.fileName).toMatch(/DC01.*\.docx$/);
  });

  it('rejects a reconciliation sheet from someone who is not the panel lead, or an agreed score without a reason', async () => {
    // 合议表 are taken only between close-scoring and close: the demo closed both panels' phases,
    // so this runs a pre-check of its own (round hy) and closes its scoring. DC01's pair: A01, A02.
    const a = roster.assignments.find((x) => x.unit === 'DC01')!;
    await admin.call('POST', '/rounds', {
      round: 'hy',
      rules: 'dongcheng-sample',
      roster: Buffer.from(await toBytes(buildRosterTemplate('zh', roster, fixedNow()))).toString('base64'),
      open: ['precheck'],
    });
    for (const [i, id] of a.precheck.entries()) {
      const spec = { phase: 'precheck' as const, unit: 'DC01', assessor: id, lang: 'zh' as const };
      const made = await makeSample(dongcheng(), { ...spec, now: fixedNow, seed: 11 + i, lossRate: 0.5 });
      const up = await uploadAndWait(await clientAs(stack, `assessor:${id}`), 'hy', `${id}.xlsx`, made.bytes);
      expect(up.state, JSON.stringify(up.issues)).toBe('accepted');
    }
    await admin.call('POST', '/rounds/hy/phases/precheck', { action: 'close-scoring' });
    const lead = a.precheck.find((id) => roster.assessors.find((x) => x.id === id)?.lead)!;
    const member = a.formal.find((id) => !roster.assessors.find((x) => x.id === id)?.lead)!;
    const leadClient = await clientAs(stack, `assessor:${lead}`);
    const link = await leadClient.call<{ url: string; flagged: number }>(
      'GET',
      '/rounds/hy/reconciliation-sheet?unit=DC01&phase=precheck',
    );
    const sheet = await leadClient.download(link.url);
    const rows = await reconciliationRows(sheet);
    expect(rows.length).toBe(link.flagged);
    expect(rows.length).toBeGreaterThan(0);
    const noReason = await fillReconciliationSheet(
      sheet,
      new Map([[rows[0]!.code, { score: 0, reason: '' }]]),
    );
    const r1 = await uploadAndWait(leadClient, 'hy', 'hy.xlsx', noReason);
    expect(r1.issues?.map((i) => i.code)).toContain('recon.reason-missing');
    expect(r1.issues?.map((i) => i.code)).not.toContain('recon.phase-state');
    const memberClient = await clientAs(stack, `assessor:${member}`);
    const good = await fillReconciliationSheet(
      sheet,
      new Map([[rows[0]!.code, { score: 0, reason: '合议' }]]),
    );
    const r2 = await uploadAndWait(memberClient, 'hy', 'hy.xlsx', good);
    expect(r2.issues?.map((i) => i.code)).toEqual(['recon.not-lead']);
    await expect(
      memberClient.call('GET', '/rounds/hy/reconciliation-sheet?unit=DC01&phase=precheck'),
    ).rejects.toBeInstanceOf(ApiCallError);
  });
});
