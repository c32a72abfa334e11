import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, PresignedUpload } from '../../shared/client/api-client.ts';
import { fillReconciliationSheet, reconciliationRows } from '../../shared/excel/reconciliation-fill.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * docs/security.md, "Uploaded files": a 合议表 agrees scores on the sheets it was made from. When a
 * sheet is replaced or added after it was downloaded (here: an admin's late sheet), the old 合议表
 * is refused as stale, and the one downloaded afterwards is accepted.
 */
const ROUND = 'stale';
let stack: LocalStack;
let admin: ApiClient;
let lead: ApiClient;
const formal = (assessor: string, seed: number) =>
  makeSample(dongcheng(), { phase: 'formal', unit: 'DC01', assessor, lang: 'zh', now: fixedNow, seed });

beforeAll(async () => {
  stack = await startTestStack('stale');
  admin = await clientAs(stack, 'admin');
  lead = await clientAs(stack, 'assessor:A01');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['formal'],
  });
  for (const [id, seed] of [
    ['A01', 11],
    ['A03', 12],
    ['A04', 13],
  ] as const) {
    const c = await clientAs(stack, `assessor:${id}`);
    expect((await upload(stack, c, ROUND, `${id}.xlsx`, (await formal(id, seed)).bytes)).state).toBe(
      'accepted',
    );
  }
  await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close-scoring' });
});
afterAll(async () => stack?.stop());

async function download() {
  const link = await lead.call<{ url: string }>(
    'GET',
    `/rounds/${ROUND}/reconciliation-sheet?unit=DC01&phase=formal`,
  );
  return lead.download(link.url);
}

async function filled(sheet: Uint8Array) {
  const rows = (await reconciliationRows(sheet)).filter((r) => !r.veto);
  expect(rows.length).toBeGreaterThan(0);
  return fillReconciliationSheet(
    sheet,
    new Map([[rows[0]!.code, { score: 0, reason: '组内合议,按实际情况认定' }]]),
  );
}

describe('a 合议表 made before the sheets changed', () => {
  it('is refused as stale once a sheet is added, and the one downloaded afterwards is accepted', async () => {
    const before = await download();
    // The admin brings in A05's sheet late, with a reason: the panel's scores are no longer those.
    const slot = await admin.call<{ uploadId: string } & PresignedUpload>(
      'POST',
      `/rounds/${ROUND}/uploads`,
      {
        fileName: 'A05.xlsx',
        late: { reason: '测评员陈晓明补交' },
      },
    );
    await admin.postPresigned(slot, 'A05.xlsx', (await formal('A05', 14)).bytes);
    await new Promise((r) => setTimeout(r, 50));
    await stack.queue.idle();
    const stale = await upload(stack, lead, ROUND, 'old.xlsx', await filled(before));
    expect(stale.state).toBe('rejected');
    expect(stale.issues?.map((i) => i.code)).toEqual(['recon.stale']);
    const fresh = await upload(stack, lead, ROUND, 'new.xlsx', await filled(await download()));
    expect(fresh.state).toBe('accepted');
  });
});
