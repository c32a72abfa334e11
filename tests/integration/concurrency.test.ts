import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, PresignedUpload } from '../../shared/client/api-client.ts';
import { buildDeps } from '../../shared/composition.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { roundResults } from '../../shared/use-cases/round-results.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * 50 different valid sheets for the same slot (formal, DC01, A01) uploaded at once through the
 * API's presigned flow on the local stack: every version is kept, the one that counts is chosen
 * deterministically (greatest receivedAt, then uploadId), and status, submissions and results all
 * name the same version.
 */

const ROUND = 'conc';
const N = 50;
let stack: LocalStack;
let admin: ApiClient;
let a01: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  a01 = await clientAs(stack, 'assessor:A01');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['formal'],
  });
});
afterAll(async () => stack?.stop());

interface Outcome {
  state: string;
  total?: number;
  duplicateOf?: string | null;
}

describe('concurrent uploads for one slot (local stack)', () => {
  it(`keeps all ${N} versions and every reader names the same latest one`, async () => {
    const rs = dongcheng();
    const sheets = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        makeSample(rs, {
          phase: 'formal',
          unit: 'DC01',
          assessor: 'A01',
          lang: 'zh',
          now: fixedNow,
          seed: 100 + i,
        }),
      ),
    );
    const shas = sheets.map((s) => createHash('sha256').update(s.bytes).digest('hex'));
    expect(new Set(shas).size).toBe(N); // 50 different sheets, not duplicates

    // All at once: 50 upload slots, then 50 presigned POSTs.
    const uploads = await Promise.all(
      sheets.map(async (s, i) => {
        const slot = await a01.call<{ uploadId: string } & PresignedUpload>(
          'POST',
          `/rounds/${ROUND}/uploads`,
          { fileName: `v${i}.xlsx` },
        );
        await a01.postPresigned(slot, `v${i}.xlsx`, s.bytes);
        return { uploadId: slot.uploadId, sha: shas[i]! };
      }),
    );

    // Wait until ingest has settled every upload (no update may be lost on the way).
    const deadline = Date.now() + 45_000;
    let outcomes: Outcome[] = [];
    for (;;) {
      await stack.queue.idle();
      outcomes = await Promise.all(uploads.map((u) => a01.call<Outcome>('GET', `/uploads/${u.uploadId}`)));
      if (outcomes.every((o) => o.state !== 'pending') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(outcomes.map((o) => o.state)).toEqual(Array.from({ length: N }, () => 'accepted'));

    // Every version is kept: 50 SUB# items for the slot, one per upload, with its own bytes.
    const store = buildDeps(stack.config).store;
    const subs = (await store.unitSubmissions(ROUND, 'DC01')).filter(
      (s) => s.phase === 'formal' && s.assessor === 'A01',
    );
    expect(subs).toHaveLength(N);
    expect(new Set(subs.map((s) => s.uploadId))).toEqual(new Set(uploads.map((u) => u.uploadId)));
    for (const u of uploads) expect(subs.find((s) => s.uploadId === u.uploadId)?.sha256).toBe(u.sha);

    // The one that counts: greatest receivedAt, ties broken by uploadId.
    const expected = [...subs].sort((a, b) =>
      a.receivedAt === b.receivedAt
        ? a.uploadId.localeCompare(b.uploadId)
        : a.receivedAt.localeCompare(b.receivedAt),
    )[N - 1]!;

    type Status = {
      submissions: {
        unit: string;
        phase: string;
        assessor: string;
        uploadId: string | null;
        total: number | null;
        state: string;
      }[];
    };
    for (const c of [a01, admin]) {
      const slot = (await c.call<Status>('GET', `/rounds/${ROUND}/status`)).submissions.find(
        (s) => s.unit === 'DC01' && s.phase === 'formal' && s.assessor === 'A01',
      );
      expect(slot).toMatchObject({ state: 'accepted', uploadId: expected.uploadId, total: expected.total });
    }

    const listed = (
      await a01.call<{ submissions: { uploadId: string; phase: string; latest: boolean }[] }>(
        'GET',
        `/rounds/${ROUND}/submissions?unit=DC01`,
      )
    ).submissions.filter((s) => s.phase === 'formal');
    expect(listed).toHaveLength(N);
    expect(listed.filter((s) => s.latest).map((s) => s.uploadId)).toEqual([expected.uploadId]);

    // Results are built from the same version (the use case names its sources; the API's item
    // scores are that sheet's, A01 being the only formal assessor so far).
    const rr = await roundResults(ROUND, buildDeps(stack.config), 'DC01');
    expect(rr.units[0]!.formal!.sources).toEqual([
      expect.objectContaining({ assessor: 'A01', uploadId: expected.uploadId }),
    ]);
    const api = await admin.call<{
      units: {
        code: string;
        formal?: { items: { code: string; score: number | null; pending: boolean }[] };
      }[];
    }>('GET', `/rounds/${ROUND}/results?unit=DC01`);
    const formal = api.units.find((u) => u.code === 'DC01')!.formal!;
    for (const item of formal.items.filter((i) => !i.pending && i.score !== null))
      expect(item.score, item.code).toBe(expected.items.find((x) => x.code === item.code)!.score);

    // Deterministic: asking again gives the same answer.
    const again = (await admin.call<Status>('GET', `/rounds/${ROUND}/status`)).submissions.find(
      (s) => s.unit === 'DC01' && s.phase === 'formal' && s.assessor === 'A01',
    );
    expect(again?.uploadId).toBe(expected.uploadId);
  });
});
