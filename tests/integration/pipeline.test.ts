import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError, ApiClient } from '../../shared/client/api-client.ts';
import { expectedSlots } from '../../shared/domain/roster.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { secretFor, type LocalStack } from '../../shared/local/stack.ts';
import { signLocalToken } from '../../shared/local/tokens.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { buildDeps } from '../../shared/composition.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow, shippedRules } from '../support/rules.ts';

// The sample roster: DC01's formal panel is A01, A03, A04, A05, A06; its pre-check pair A01, A02.
const ROUND = '2026';
let stack: LocalStack;
let admin: ApiClient;
let a01: ApiClient;
let a03: ApiClient;
let dc01: ApiClient;

const sheet = (
  phase: 'self' | 'formal' | 'precheck',
  unit: string,
  assessor: string | undefined,
  seed: number,
) => makeSample(dongcheng(), { phase, unit, assessor, lang: 'zh', now: fixedNow, seed });

const status = async (c: ApiClient) =>
  (
    await c.call<{
      submissions: { unit: string; phase: string; assessor: string; state: string; total: number | null }[];
    }>('GET', `/rounds/${ROUND}/status`)
  ).submissions;

async function failure(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiCallError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  a01 = await clientAs(stack, 'assessor:A01');
  a03 = await clientAs(stack, 'assessor:A03');
  dc01 = await clientAs(stack, 'unit:DC01');
});
afterAll(async () => stack?.stop());

describe('a round on the local stack (DynamoDB Local + s3rver)', () => {
  it('an admin creates the round from the sample roster; every slot starts missing', async () => {
    const r = await admin.call<{ units: number }>('POST', '/rounds', {
      round: ROUND,
      rules: 'dongcheng-sample',
      roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
      open: ['self', 'formal', 'spotcheck'],
    });
    expect(r.units).toBe(48);
    const slots = await status(admin);
    expect(slots).toHaveLength(expectedSlots(sampleRoster()).length);
    expect(new Set(slots.map((s) => s.state))).toEqual(new Set(['missing']));
    const again = await failure(
      admin.call('POST', '/rounds', {
        round: ROUND,
        rules: 'dongcheng-sample',
        roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
      }),
    );
    expect(again.status).toBe(409);
  });

  it('accepts a unit’s self-assessment with the same score as an offline check', async () => {
    const s = await sheet('self', 'DC01', undefined, 1);
    const offline = await checkSheet(s.bytes, { rules: shippedRules, fileName: 'self.xlsx' });
    const r = await upload(stack, dc01, ROUND, '自评.xlsx', s.bytes);
    expect(r).toMatchObject({ state: 'accepted', unit: 'DC01', phase: 'self', total: offline.score!.total });
  });

  it('stores the same bytes once: a second upload is a duplicate and a redelivered event changes nothing', async () => {
    const s = await sheet('formal', 'DC01', 'A01', 2);
    const first = await upload(stack, a01, ROUND, 'a.xlsx', s.bytes);
    const second = await upload(stack, a01, ROUND, 'a-again.xlsx', s.bytes);
    expect(first.state).toBe('accepted');
    expect(second).toMatchObject({ state: 'duplicate', duplicateOf: first.uploadId });
    stack.queue.pushS3Event({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: {
            bucket: { name: stack.config.CEPIN_BUCKET },
            object: { key: first.key, size: s.bytes.length },
          },
        },
      ],
    });
    await stack.queue.idle();
    expect(stack.queue.outcomes.at(-1)).toMatchObject({ outcome: 'settled' });
    const subs = await buildDeps(stack.config).store.unitSubmissions(ROUND, 'DC01');
    expect(subs.filter((x) => x.phase === 'formal' && x.assessor === 'A01')).toHaveLength(1);
  });

  it('keeps every version and counts the latest', async () => {
    const v2 = await sheet('formal', 'DC01', 'A01', 3);
    const r = await upload(stack, a01, ROUND, 'a-v2.xlsx', v2.bytes);
    expect(r.state).toBe('accepted');
    const subs = await buildDeps(stack.config).store.unitSubmissions(ROUND, 'DC01');
    expect(subs.filter((x) => x.phase === 'formal' && x.assessor === 'A01')).toHaveLength(2);
    const slot = (await status(a01)).find((x) => x.unit === 'DC01' && x.phase === 'formal');
    expect(slot).toMatchObject({ state: 'accepted', total: r.total });
  });

  it('rejects a bad sheet with cell-addressed issues and an annotated copy of the uploader’s workbook', async () => {
    const bad = await makeSample(
      dongcheng(),
      { phase: 'formal', unit: 'DC01', assessor: 'A03', lang: 'zh', now: fixedNow, seed: 4 },
      (values) => values.set('E13', 9),
    );
    const r = await upload(stack, a03, ROUND, 'bad.xlsx', bad.bytes);
    expect(r.state).toBe('rejected');
    expect(r.issues).toContainEqual(
      expect.objectContaining({ code: 'input.out-of-range', cell: 'E13', item: '1.3.1' }),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await a03.download(r.annotatedUrl!)) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('评分表')!.getCell('E13').note).toBeTruthy();
    expect(wb.getWorksheet('评分表')!.getCell('E14').note).toBeUndefined();
    expect(wb.getWorksheet('问题清单')!.getCell('D2').value).toBe('E13');
    const slot = (await status(a03)).find((x) => x.unit === 'DC01' && x.phase === 'formal');
    expect(slot?.state).toBe('rejected');
  });

  it.each([
    [
      'an assessor uploading a colleague’s sheet (impersonation)',
      'assessor:A01',
      'formal',
      'DC01',
      'A03',
      'upload.impersonation',
    ],
    ['an assessor not on the unit’s panel', 'assessor:A02', 'formal', 'DC01', 'A02', 'upload.not-assigned'],
    ['a phase that is not open', 'assessor:A01', 'precheck', 'DC01', 'A01', 'upload.phase-closed'],
    [
      'a unit uploading another unit’s self-assessment',
      'unit:DC02',
      'self',
      'DC01',
      undefined,
      'upload.impersonation',
    ],
    ['a unit uploading an assessor’s sheet', 'unit:DC01', 'formal', 'DC01', 'A01', 'upload.role'],
    ['a unit not in the roster', 'admin', 'self', 'DC99', undefined, 'upload.unit-unknown'],
  ] as const)('rejects %s', async (_name, as, phase, unit, assessor, code) => {
    const c = await clientAs(stack, as);
    const r = await upload(stack, c, ROUND, 'x.xlsx', (await sheet(phase, unit, assessor, 9)).bytes);
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => i.code)).toContain(code);
  });

  it('keeps scoring blind until the admin closes scoring for the phase', async () => {
    expect(
      (await upload(stack, a03, ROUND, 'a03.xlsx', (await sheet('formal', 'DC01', 'A03', 5)).bytes)).state,
    ).toBe('accepted');
    const seen = async (c: ApiClient) =>
      (
        await c.call<{ submissions: { phase: string; assessor: string }[] }>(
          'GET',
          `/rounds/${ROUND}/submissions?unit=DC01`,
        )
      ).submissions
        .filter((s) => s.phase === 'formal')
        .map((s) => s.assessor);
    expect(new Set(await seen(a01))).toEqual(new Set(['A01']));
    expect(new Set(await seen(a03))).toEqual(new Set(['A03']));
    expect(new Set(await seen(admin))).toEqual(new Set(['A01', 'A03']));
    expect((await failure(dc01.call('GET', `/rounds/${ROUND}/submissions?unit=DC02`))).status).toBe(403);
    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close-scoring' });
    expect(new Set(await seen(a01))).toEqual(new Set(['A01', 'A03']));
    const late = await upload(
      stack,
      a01,
      ROUND,
      'late.xlsx',
      (await sheet('formal', 'DC01', 'A01', 6)).bytes,
    );
    expect(late.issues?.map((i) => i.code)).toContain('upload.phase-closed');
  });

  it('hands each caller only its own templates', async () => {
    const link = await a01.call<{ url: string }>('GET', `/rounds/${ROUND}/template?phase=formal&unit=DC01`);
    const r = await checkSheet(await a01.download(link.url), { rules: shippedRules, fileName: 't.xlsx' });
    expect(r.meta).toMatchObject({
      phase: 'formal',
      unit: 'DC01',
      assessor: 'A01',
      ruleSet: 'dongcheng-sample',
    });
    expect((await failure(a01.call('GET', `/rounds/${ROUND}/template?phase=formal&unit=DC02`))).status).toBe(
      403,
    );
    expect((await failure(dc01.call('GET', `/rounds/${ROUND}/template?phase=formal&unit=DC01`))).status).toBe(
      403,
    );
  });

  it('refuses callers without a valid token, from another district, or without the right role', async () => {
    const anon = await fetch(`${stack.apiUrl}/rounds/${ROUND}/status`);
    expect(anon.status).toBe(401);
    const forged = await fetch(`${stack.apiUrl}/rounds/${ROUND}/status`, {
      headers: {
        authorization: `Bearer ${await signLocalToken(new Uint8Array(32), { role: 'admin', ref: '' }, 'dongcheng')}`,
      },
    });
    expect(forged.status).toBe(401);
    const otherDistrict = new ApiClient(
      stack.apiUrl,
      await signLocalToken(secretFor(stack.dataDir), { role: 'admin', ref: '' }, 'xicheng'),
    );
    expect((await failure(otherDistrict.call('GET', `/rounds/${ROUND}/status`))).body.error?.code).toBe(
      'api.wrong-district',
    );
    expect(
      (await failure(a01.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close' }))).status,
    ).toBe(403);
    const mine = await upload(
      stack,
      dc01,
      ROUND,
      'mine.xlsx',
      (await sheet('self', 'DC01', undefined, 7)).bytes,
    );
    expect((await failure(a01.call('GET', `/uploads/${mine.uploadId}`))).status).toBe(403);
    expect((await failure(a01.call('GET', `/uploads/nope`))).status).toBe(404);
  });

  it('lists each caller’s own slots in the status, one entry per expected sheet', async () => {
    const mine = await status(a01);
    expect(mine.every((s) => s.assessor === 'A01')).toBe(true);
    expect(mine.length).toBe(expectedSlots(sampleRoster()).filter((s) => s.assessor === 'A01').length);
    const unit = await status(dc01);
    expect(unit).toEqual([expect.objectContaining({ unit: 'DC01', phase: 'self', state: 'accepted' })]);
  });
});
