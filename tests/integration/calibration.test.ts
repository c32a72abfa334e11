import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { unpackParts } from '../support/hand-zip.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { fixedNow, municipal } from '../support/rules.ts';

/**
 * Issue 20 through the whole local path, by the rules of docs/security.md ("Calibration"): a
 * calibration round's cases stand where units stand, every assessor scores them blind through the
 * same upload path and checks, the report is the admin's until released, then each assessor sees
 * only its own row; nothing of it reaches a real round.
 */
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
const CASES = [
  { code: 'CASE1', title: '某局 2025 年档案工作(案例一)', description: '案卷 12 卷,照片 30 张' },
  { code: 'CASE2', title: '某中心 2025 年档案工作(案例二)' },
];
const ASSESSORS = ['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08'];

let stack: LocalStack;
let admin: ApiClient;
const as: Record<string, ApiClient> = {};

const sheet = (unit: string, assessor: string, seed: number) =>
  makeSample(municipal(), { phase: 'formal', unit, assessor, lang: 'zh', now: fixedNow, seed });

type Answer = {
  viewer: string;
  released: boolean;
  report: {
    assessors: { assessor: string; leniency: number | null; mad: number | null }[];
    items: { code: string; reasons: { assessor: string }[] }[];
    cases: { code: string; key: string }[];
    overall: { assessors: number; cases: number };
    notes: { code: string; message: string }[];
  };
  comparison?: { before: string; items: { code: string }[] };
};

async function status(c: ApiClient, method: string, path: string, body?: unknown) {
  try {
    await c.call(method, path, body);
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 0;
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  for (const a of ASSESSORS) as[a] = await clientAs(stack, `assessor:${a}`);
  as.dc01 = await clientAs(stack, 'unit:DC01');
  await admin.call('POST', '/rounds', {
    round: 'cal-1',
    rules: 'municipal-sample',
    roster: ROSTER,
    kind: 'calibration',
    cases: CASES,
  });
  await admin.call('POST', '/rounds', {
    round: 'real-1',
    rules: 'municipal-sample',
    roster: ROSTER,
    open: ['self', 'formal'],
  });
}, 120_000);
afterAll(async () => stack?.stop());

describe('a calibration round', () => {
  it('has the cases where units stand, every assessor and the key on each panel, only the formal phase open', async () => {
    const r = await admin.call<{
      round: { kind: string; phases: Record<string, string>; cases: { code: string }[] };
      roster: { units: { code: string }[]; assessors: { id: string }[]; assignments: { formal: string[] }[] };
    }>('GET', '/rounds/cal-1');
    expect(r.round.kind).toBe('calibration');
    expect(r.round.phases).toEqual({
      self: 'pending',
      precheck: 'pending',
      formal: 'open',
      spotcheck: 'pending',
    });
    expect(r.roster.units.map((u) => u.code)).toEqual(['CASE1', 'CASE2']);
    expect(r.roster.assignments.map((a) => a.formal)).toEqual([
      [...ASSESSORS, 'KEY'],
      [...ASSESSORS, 'KEY'],
    ]);
  });

  it('expects only formal sheets of the cases: no self-assessment slot', async () => {
    const st = await admin.call<{ submissions: { phase: string; unit: string }[] }>(
      'GET',
      '/rounds/cal-1/status',
    );
    expect(new Set(st.submissions.map((s) => s.phase))).toEqual(new Set(['formal']));
    expect(st.submissions.length).toBe(2 * (ASSESSORS.length + 1));
  });

  it("refuses a real unit's sheet sent into it, saying which cases it takes", async () => {
    const out = await upload(stack, as.A01!, 'cal-1', 'DC01-A01.xlsx', (await sheet('DC01', 'A01', 1)).bytes);
    expect(out.state).toBe('rejected');
    const errors = out.issues!.filter((i) => (i as { severity?: string }).severity === 'error');
    expect(errors.map((i) => i.code)).toEqual(['upload.calibration-case']);
    expect(JSON.stringify(out.issues)).toContain('CASE1, CASE2');
  });

  it('checks a key like any sheet: an invalid one is refused at its cell, a valid one accepted', async () => {
    const rs = municipal();
    const bad = await makeSample(
      rs,
      { phase: 'formal', unit: 'CASE1', assessor: 'KEY', lang: 'zh', now: fixedNow, seed: 50 },
      (v, layout) =>
        v.set(layout.rows.flatMap((r) => r.inputs).find((c) => c.kind === 'score')!.address, '很好'),
    );
    const rejected = await upload(stack, admin, 'cal-1', 'KEY-CASE1-draft.xlsx', bad.bytes);
    expect(rejected.state).toBe('rejected');
    expect(rejected.issues![0]!.cell).toMatch(/^[A-Z]+\d+$/);
    const key = await upload(
      stack,
      admin,
      'cal-1',
      'KEY-CASE1.xlsx',
      (await sheet('CASE1', 'KEY', 51)).bytes,
    );
    expect(key.state, JSON.stringify(key.issues)).toBe('accepted');
    // An assessor cannot pass its sheet off as the key.
    const forged = await upload(stack, as.A01!, 'cal-1', 'KEY.xlsx', (await sheet('CASE2', 'KEY', 52)).bytes);
    expect(forged.state).toBe('rejected');
    expect(forged.issues!.map((i) => i.code)).toEqual(['upload.impersonation']);
  });

  it('takes every assessor’s sheets of both cases through the same path and checks', async () => {
    for (const [n, a] of ASSESSORS.entries())
      for (const c of CASES) {
        const out = await upload(
          stack,
          as[a]!,
          'cal-1',
          `${c.code}-${a}.xlsx`,
          (await sheet(c.code, a, 100 + n * 7 + c.code.length)).bytes,
        );
        expect(out.state, `${c.code} ${a}: ${JSON.stringify(out.issues)}`).toBe('accepted');
      }
  }, 120_000);

  it('keeps each assessor to its own sheets, before and after scoring closes; the key only once released', async () => {
    const seen = async () =>
      (
        await as.A02!.call<{ submissions: { assessor: string }[] }>(
          'GET',
          '/rounds/cal-1/submissions?unit=CASE1',
        )
      ).submissions.map((s) => s.assessor);
    expect(await seen()).toEqual(['A02']);
    expect(await status(admin, 'POST', '/rounds/cal-1/calibration/release')).toBe(409);
    await admin.call('POST', '/rounds/cal-1/phases/formal', { action: 'close-scoring' });
    expect(await seen()).toEqual(['A02']);
    expect(await status(as.A02!, 'GET', '/rounds/cal-1/calibration')).toBe(403);
  });

  it('gives the admin the whole report: 8 assessors, 2 cases, a key for case 1 and the median for case 2', async () => {
    const r = await admin.call<Answer>('GET', '/rounds/cal-1/calibration');
    expect(r.viewer).toBe('admin');
    expect(r.report.overall).toMatchObject({ assessors: 8, cases: 2 });
    expect(r.report.assessors.map((a) => a.assessor).sort()).toEqual(ASSESSORS);
    expect(r.report.cases.map((c) => `${c.code}:${c.key}`)).toEqual(['CASE1:sheet', 'CASE2:median']);
    expect(r.report.notes.map((n) => n.code)).toContain('calibration.median-key');
    for (const a of r.report.assessors) expect(a.mad!).toBeGreaterThanOrEqual(Math.abs(a.leniency!));
  });

  it('releases the report; then each assessor sees its own row and nobody else’s', async () => {
    const released = await admin.call<{ round: { released: boolean } }>(
      'POST',
      '/rounds/cal-1/calibration/release',
    );
    expect(released.round.released).toBe(true);
    const text = JSON.stringify(await as.A02!.call<Answer>('GET', '/rounds/cal-1/calibration'));
    const r = JSON.parse(text) as Answer;
    expect(r.viewer).toBe('assessor');
    expect(r.report.assessors.map((a) => a.assessor)).toEqual(['A02']);
    for (const other of ASSESSORS.filter((a) => a !== 'A02')) expect(text).not.toContain(`"${other}"`);
    // The key is now visible to the assessors; colleagues' sheets still are not.
    const subs = await as.A02!.call<{ submissions: { assessor: string }[] }>(
      'GET',
      '/rounds/cal-1/submissions?unit=CASE1',
    );
    expect(subs.submissions.map((s) => s.assessor).sort()).toEqual(['A02', 'KEY']);
    // Units never; comparisons are the admin's.
    expect(await status(as.dc01!, 'GET', '/rounds/cal-1/calibration')).toBe(403);
    expect(await status(as.A02!, 'GET', '/rounds/cal-1/calibration?compare=cal-1')).toBe(403);
  });

  it('produces no results, workbook, feedback or 合议表 of units', async () => {
    for (const path of [
      '/rounds/cal-1/results',
      '/rounds/cal-1/workbook',
      '/rounds/cal-1/feedback?unit=CASE1',
      '/rounds/cal-1/reconciliation-sheet?unit=CASE1',
    ])
      expect(await status(admin, 'GET', path), path).toBe(409);
  });

  it('leaves real rounds untouched: nothing of the calibration in their results or workbook', async () => {
    const self = makeSample(municipal(), { phase: 'self', unit: 'DC01', lang: 'zh', now: fixedNow, seed: 3 });
    expect((await upload(stack, as.dc01!, 'real-1', 'self.xlsx', (await self).bytes)).state).toBe('accepted');
    const results = JSON.stringify(await admin.call('GET', '/rounds/real-1/results'));
    for (const word of ['CASE1', 'CASE2', 'cal-1', 'KEY']) expect(results).not.toContain(word);
    const link = await admin.call<{ url: string }>('GET', '/rounds/real-1/workbook');
    const parts = await unpackParts(await admin.download(link.url));
    const text = parts.map((p) => new TextDecoder().decode(p.data)).join('');
    for (const word of ['CASE1', 'CASE2', 'cal-1']) expect(text).not.toContain(word);
  });

  it('says so when only one assessor scored, instead of a spread', async () => {
    await admin.call('POST', '/rounds', {
      round: 'cal-solo',
      rules: 'municipal-sample',
      roster: ROSTER,
      kind: 'calibration',
      cases: [CASES[0]],
    });
    expect(
      (await upload(stack, as.A01!, 'cal-solo', 'solo.xlsx', (await sheet('CASE1', 'A01', 9)).bytes)).state,
    ).toBe('accepted');
    const r = await admin.call<Answer>('GET', '/rounds/cal-solo/calibration');
    const note = r.report.notes.find((n) => n.code === 'calibration.one-assessor');
    expect(note?.message).toMatch(/A01/);
    // Released, a colleague's view carries no note naming A01.
    await admin.call('POST', '/rounds/cal-solo/phases/formal', { action: 'close-scoring' });
    await admin.call('POST', '/rounds/cal-solo/calibration/release');
    const theirs = JSON.stringify(await as.A02!.call<Answer>('GET', '/rounds/cal-solo/calibration'));
    expect(theirs).not.toContain('"A01"');
  });

  it('compares a second calibration on the same cases with the first, item by item', async () => {
    await admin.call('POST', '/rounds', {
      round: 'cal-2',
      rules: 'municipal-sample',
      roster: ROSTER,
      kind: 'calibration',
      cases: CASES,
    });
    for (const a of ['A01', 'A02', 'A03'])
      for (const c of CASES)
        expect(
          (await upload(stack, as[a]!, 'cal-2', `${c.code}-${a}.xlsx`, (await sheet(c.code, a, 7)).bytes))
            .state,
        ).toBe('accepted');
    const r = await admin.call<Answer>('GET', '/rounds/cal-2/calibration?compare=cal-1');
    expect(r.comparison?.before).toBe('cal-1');
    expect(r.comparison!.items.length).toBe(
      municipal().leaves.filter((l) => l.method?.type !== 'spotcheck').length,
    );
  });

  it('lets the units’ archive staff score the cases too when the admin chooses (two-way training)', async () => {
    await admin.call('POST', '/rounds', {
      round: 'cal-two',
      rules: 'municipal-sample',
      roster: ROSTER,
      kind: 'calibration',
      cases: [CASES[0]],
      withUnits: true,
    });
    // DC01's staff download the case's template as DC01 and upload it: accepted, as DC01's sheet.
    const link = await as.dc01!.call<{ url: string }>(
      'GET',
      '/rounds/cal-two/template?phase=formal&unit=CASE1',
    );
    expect((await as.dc01!.download(link.url)).length).toBeGreaterThan(1000);
    const own = await upload(
      stack,
      as.dc01!,
      'cal-two',
      'DC01.xlsx',
      (await sheet('CASE1', 'DC01', 21)).bytes,
    );
    expect(own.state, JSON.stringify(own.issues)).toBe('accepted');
    const a01 = await upload(stack, as.A01!, 'cal-two', 'A01.xlsx', (await sheet('CASE1', 'A01', 22)).bytes);
    expect(a01.state).toBe('accepted');
    // Another unit cannot score as DC01, and DC01 sees its own calibration sheet only.
    const dc02 = await clientAs(stack, 'unit:DC02');
    const forged = await upload(
      stack,
      dc02,
      'cal-two',
      'DC01.xlsx',
      (await sheet('CASE1', 'DC01', 23)).bytes,
    );
    expect(
      forged.issues!.filter((i) => (i as { severity?: string }).severity === 'error').map((i) => i.code),
    ).toEqual(['upload.impersonation']);
    const subs = await as.dc01!.call<{ submissions: { assessor: string }[] }>(
      'GET',
      '/rounds/cal-two/submissions?unit=CASE1',
    );
    expect(subs.submissions.map((s) => s.assessor)).toEqual(['DC01']);
    await admin.call('POST', '/rounds/cal-two/phases/formal', { action: 'close-scoring' });
    const full = await admin.call<Answer>('GET', '/rounds/cal-two/calibration');
    expect(full.report.assessors.map((a) => a.assessor).sort()).toEqual(['A01', 'DC01']);
    await admin.call('POST', '/rounds/cal-two/calibration/release');
    const mine = await as.dc01!.call<Answer>('GET', '/rounds/cal-two/calibration');
    expect(mine.report.assessors.map((a) => a.assessor)).toEqual(['DC01']);
    // Without the choice, a unit has no part in a calibration.
    expect(await status(as.dc01!, 'GET', '/rounds/cal-1/template?phase=formal&unit=CASE1')).toBe(403);
  });

  it('refuses a case coded like a real unit of the roster, so that no real sheet can stand for it', async () => {
    const body = { round: 'cal-z', rules: 'municipal-sample', roster: ROSTER, kind: 'calibration' };
    expect(
      await status(admin, 'POST', '/rounds', { ...body, cases: [{ code: 'DC01', title: '本区单位' }] }),
    ).toBe(400);
  });

  it('refuses a calibration without cases, and cases on an assessment round', async () => {
    const base = { rules: 'municipal-sample', roster: ROSTER };
    expect(await status(admin, 'POST', '/rounds', { ...base, round: 'cal-x', kind: 'calibration' })).toBe(
      400,
    );
    expect(await status(admin, 'POST', '/rounds', { ...base, round: 'real-x', cases: CASES })).toBe(400);
    const dup = [CASES[0], CASES[0]];
    expect(
      await status(admin, 'POST', '/rounds', { ...base, round: 'cal-y', kind: 'calibration', cases: dup }),
    ).toBe(400);
  });
});
