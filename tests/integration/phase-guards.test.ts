import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../shared/composition.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { ingestUpload } from '../../shared/use-cases/ingest-upload.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import type { PhaseState, Store } from '../../shared/use-cases/ports.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The phase rules of docs/security.md ("Phases"), against the real store (DynamoDB Local):
 * every transition is a conditional write on the state the admin saw; scoring-closed never goes
 * back to open; a sheet checked while its phase was open is not stored if the phase closed before
 * the write.
 */

let stack: LocalStack;
let deps: ReturnType<typeof buildDeps>;
const rs = dongcheng();
const phases = (formal: PhaseState) =>
  ({ self: 'open', precheck: 'open', formal, spotcheck: 'pending' }) as const;

async function newRound(round: string, formal: PhaseState = 'open') {
  await deps.store.putRound(
    {
      round,
      rules: rs.id,
      ruleVersion: rs.version,
      fingerprint: rs.fingerprint,
      phases: phases(formal),
      createdAt: new Date().toISOString(),
      createdBy: 'test',
    },
    sampleRoster(),
  );
}

beforeAll(async () => {
  stack = await startTestStack('guards');
  deps = buildDeps(stack.config);
});
afterAll(async () => stack?.stop());

describe('phase transitions', () => {
  // Written from the rule, not read off the code: [from, action, allowed].
  const TABLE: [PhaseState, 'open' | 'close-scoring' | 'close', number, string?][] = [
    ['pending', 'open', 200],
    ['pending', 'close-scoring', 409, 'api.phase-transition'],
    ['pending', 'close', 409, 'api.phase-transition'],
    ['open', 'open', 409, 'api.phase-transition'],
    ['open', 'close-scoring', 200],
    ['open', 'close', 200],
    ['scoring-closed', 'open', 409, 'api.phase-reopen-blind'],
    ['scoring-closed', 'close-scoring', 409, 'api.phase-transition'],
    ['scoring-closed', 'close', 200],
    ['closed', 'open', 409, 'api.phase-transition'],
    ['closed', 'close-scoring', 409, 'api.phase-transition'],
    ['closed', 'close', 409, 'api.phase-transition'],
  ];

  it.each(TABLE)('from %s, %s answers %i', async (from, action, status, code) => {
    const round = `t-${from}-${action}`;
    await newRound(round, from);
    const admin = await clientAs(stack, 'admin');
    const r = await fetch(`${stack.apiUrl}/rounds/${round}/phases/formal`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(admin as unknown as { token: string }).token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ action }),
    });
    expect(r.status).toBe(status);
    const body = (await r.json()) as { error?: { code: string; message: { zh: string; en: string } } };
    if (code) {
      expect(body.error?.code).toBe(code);
      expect(body.error?.message.zh).toBeTruthy();
      expect(body.error?.message.en).toBeTruthy();
    }
    const after = await deps.store.getRound(round);
    expect(after?.phases.formal).toBe(
      status === 200 ? { open: 'open', 'close-scoring': 'scoring-closed', close: 'closed' }[action] : from,
    );
  });

  it('lets only one of two admins racing from the same state move the phase', async () => {
    await newRound('race');
    const results = await Promise.all([
      deps.store.setPhase('race', 'formal', 'open', 'scoring-closed'),
      deps.store.setPhase('race', 'formal', 'open', 'closed'),
    ]);
    expect(results.filter((r) => r === 'changed')).toHaveLength(1);
    const winner = results.find((r) => r !== 'changed');
    expect((await deps.store.getRound('race'))?.phases.formal).toBe(
      typeof winner === 'object' ? winner.phases.formal : 'none',
    );
  });

  it('refuses a move from a state the phase is no longer in', async () => {
    await newRound('stale');
    expect(await deps.store.setPhase('stale', 'formal', 'open', 'scoring-closed')).not.toBe('changed');
    // An admin who still sees "open" tries to close: the write is conditional on "open".
    expect(await deps.store.setPhase('stale', 'formal', 'open', 'closed')).toBe('changed');
    expect((await deps.store.getRound('stale'))?.phases.formal).toBe('scoring-closed');
  });
});

describe('accepting a sheet re-checks its phase at the write', () => {
  /** The real store, with the phase closed by "another admin" just before the accept transaction. */
  function closingBeforeAccept(store: Store, round: string): Store {
    return new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'accept')
          return async (...args: Parameters<Store['accept']>) => {
            await target.setPhase(round, 'formal', 'open', 'scoring-closed');
            return target.accept(...args);
          };
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  }

  it('rejects with upload.phase-closed and stores no submission when scoring closed meanwhile', async () => {
    await newRound('closing');
    const files = new Map<string, Uint8Array>();
    const key = 'uploads/closing/up1/a01.xlsx';
    files.set(
      key,
      (
        await makeSample(rs, {
          phase: 'formal',
          unit: 'DC01',
          assessor: 'A01',
          lang: 'zh',
          now: fixedNow,
          seed: 3,
        })
      ).bytes,
    );
    await deps.store.putUpload({
      uploadId: 'up1',
      round: 'closing',
      fileName: 'a01.xlsx',
      key,
      caller: { sub: 's-a01', role: 'assessor', ref: 'A01', district: 'guards' },
      createdAt: new Date().toISOString(),
      state: 'pending',
    });
    const out = await ingestUpload(
      { bucket: 'b', key, size: files.get(key)!.length, eventTime: new Date().toISOString() },
      {
        ...deps,
        store: closingBeforeAccept(deps.store, 'closing'),
        objects: {
          ...deps.objects,
          bucket: 'b',
          get: async (k: string) => ({ bytes: files.get(k)!, size: files.get(k)!.length }),
          put: async (k: string, b: Uint8Array) => void files.set(k, b),
        },
      },
    );
    expect(out.outcome).toBe('rejected');
    expect(out.outcome === 'rejected' && out.issues.map((i) => i.code)).toEqual(['upload.phase-closed']);
    expect(await deps.store.unitSubmissions('closing', 'DC01')).toEqual([]);
    expect((await deps.store.getUpload('up1'))?.state).toBe('rejected');
  });
});
