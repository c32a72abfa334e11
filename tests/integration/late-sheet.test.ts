import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, PresignedUpload } from '../../shared/client/api-client.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * docs/security.md, "Phases": after scoring closes, a sheet is accepted only as an admin's explicit
 * late upload with a reason, which is recorded in the audit trail and marked on the submission.
 */

let stack: LocalStack;
let admin: ApiClient;
let a03: ApiClient;
const ROUND = 'late';
const sheet = (seed: number) =>
  makeSample(dongcheng(), {
    phase: 'formal',
    unit: 'DC01',
    assessor: 'A03',
    lang: 'zh',
    now: fixedNow,
    seed,
  });

beforeAll(async () => {
  stack = await startTestStack('latecomers');
  admin = await clientAs(stack, 'admin');
  a03 = await clientAs(stack, 'assessor:A03');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['formal'],
  });
  await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close-scoring' });
});
afterAll(async () => stack?.stop());

/** Asks for a slot with `extra` in the body, uploads, waits for ingest, returns the outcome. */
async function uploadWith(client: ApiClient, extra: Record<string, unknown>, bytes: Uint8Array) {
  const slot = await client.call<{ uploadId: string } & PresignedUpload>('POST', `/rounds/${ROUND}/uploads`, {
    fileName: 'late.xlsx',
    ...extra,
  });
  await client.postPresigned(slot, 'late.xlsx', bytes);
  await new Promise((r) => setTimeout(r, 50));
  await stack.queue.idle();
  return client.call<{ state: string; late: { reason: string } | null; issues?: { code: string }[] }>(
    'GET',
    `/uploads/${slot.uploadId}`,
  );
}

describe('an admin’s upload marked late while the phase is still open', () => {
  it('is an ordinary sheet: not marked late', async () => {
    await admin.call('POST', '/rounds', {
      round: 'early',
      rules: 'dongcheng-sample',
      roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
      open: ['formal'],
    });
    const slot = await admin.call<{ uploadId: string } & PresignedUpload>('POST', '/rounds/early/uploads', {
      fileName: 'a03.xlsx',
      late: { reason: 'not late at all' },
    });
    await admin.postPresigned(slot, 'a03.xlsx', (await sheet(9)).bytes);
    await new Promise((r) => setTimeout(r, 50));
    await stack.queue.idle();
    const subs = await admin.call<{ submissions: { assessor: string; late?: unknown }[] }>(
      'GET',
      '/rounds/early/submissions?unit=DC01',
    );
    expect(subs.submissions.find((s) => s.assessor === 'A03')).toMatchObject({});
    expect(subs.submissions.find((s) => s.assessor === 'A03')?.late).toBeUndefined();
  });
});

describe('a sheet after scoring closed', () => {
  it('is refused to the assessor, even with a reason', async () => {
    expect(await uploadWith(a03, {}, (await sheet(2)).bytes)).toMatchObject({ state: 'rejected' });
    await expect(
      a03.call('POST', `/rounds/${ROUND}/uploads`, { fileName: 'x.xlsx', late: { reason: '生病补交' } }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('is refused to an admin who gives no reason', async () => {
    const r = await uploadWith(admin, {}, (await sheet(3)).bytes);
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => i.code)).toContain('upload.phase-closed');
  });

  it('is accepted from an admin with a reason, marked late on the submission and in the audit trail', async () => {
    const reason = '测评员张伟因病未能按时提交,经评审组同意补交';
    const r = await uploadWith(admin, { late: { reason } }, (await sheet(4)).bytes);
    expect(r.state).toBe('accepted');
    expect(r.late?.reason).toBe(reason);
    const subs = await admin.call<{
      submissions: { assessor: string; late?: { reason: string; by: string } }[];
    }>('GET', `/rounds/${ROUND}/submissions?unit=DC01`);
    expect(subs.submissions.find((s) => s.assessor === 'A03')?.late?.reason).toBe(reason);
    const res = await admin.call<{
      units: { formal: { late: { assessor: string; reason: string }[]; gradeReasons: string[] } }[];
    }>('GET', `/rounds/${ROUND}/results?unit=DC01`);
    const formal = res.units[0]!.formal;
    expect(formal.late).toMatchObject([{ assessor: 'A03', reason }]);
    expect(formal.gradeReasons).toContain(`含评分公开后补交的评分表:A03,补交理由:${reason}`);
    const trail = await admin.call<{ entries: { action: string; outcome: string; detail?: string }[] }>(
      'GET',
      `/rounds/${ROUND}/audit?limit=1000`,
    );
    expect(
      trail.entries.some(
        (e) => e.action === 'POST /rounds/{round}/uploads' && e.detail?.includes(`late=${reason}`),
      ),
    ).toBe(true);
  });

  it('is refused to everybody once the phase is closed', async () => {
    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close' });
    const r = await uploadWith(admin, { late: { reason: '再补交一次' } }, (await sheet(5)).bytes);
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => i.code)).toContain('upload.phase-closed');
  });
});
