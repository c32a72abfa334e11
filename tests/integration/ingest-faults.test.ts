import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../shared/composition.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { LocalIngestQueue } from '../../shared/local/ingest-queue.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import type { Store } from '../../shared/use-cases/ports.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('faults');
});
afterAll(async () => stack?.stop());

/** The real store, with `accept` failing the first `failures` times (a throttled or lost write). */
function flaky(store: Store, failures: number): Store {
  let left = failures;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'accept') {
        return async (...args: Parameters<Store['accept']>) => {
          if (left-- > 0)
            throw Object.assign(new Error('ProvisionedThroughputExceededException (injected)'), {
              name: 'ProvisionedThroughputExceededException',
            });
          return target.accept(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe('ingest under faults (real DynamoDB Local and s3rver, injected failures)', () => {
  it('retries a failed write, dead-letters what keeps failing, and a redrive stores it exactly once', async () => {
    // Objects are kept in memory here, so the stack's own S3 listener does not ingest them first.
    const files = new Map<string, Uint8Array>();
    const real = buildDeps(stack.config);
    const deps = {
      ...real,
      objects: {
        ...real.objects,
        bucket: real.objects.bucket,
        get: async (key: string) => ({ bytes: files.get(key)!, size: files.get(key)!.length }),
        put: async (key: string, bytes: Uint8Array, _type: string) => void files.set(key, bytes),
      },
    };
    const rs = dongcheng();
    await deps.store.putRound(
      {
        round: 'r1',
        rules: rs.id,
        ruleVersion: rs.version,
        fingerprint: rs.fingerprint,
        phases: { self: 'open', precheck: 'open', formal: 'open', spotcheck: 'open' },
        createdAt: 'x',
        createdBy: 'test',
      },
      sampleRoster(),
    );
    const dlq = join(mkdtempSync(join(tmpdir(), 'cepin-dlq-')), 'dead');
    const put = async (uploadId: string, seed: number) => {
      const key = `uploads/r1/${uploadId}/s.xlsx`;
      const bytes = (await makeSample(rs, { phase: 'self', unit: 'DC01', lang: 'zh', now: fixedNow, seed }))
        .bytes;
      await deps.store.putUpload({
        uploadId,
        round: 'r1',
        fileName: 's.xlsx',
        key,
        caller: { sub: 'u', role: 'unit', ref: 'DC01', district: 'faults' },
        createdAt: 'x',
        state: 'pending',
      });
      await deps.objects.put(key, bytes, 'application/octet-stream');
      return JSON.stringify({
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            eventTime: `2026-01-01T00:00:0${seed}Z`,
            s3: { bucket: { name: deps.objects.bucket }, object: { key, size: bytes.length } },
          },
        ],
      });
    };

    const once = new LocalIngestQueue(
      { ...deps, store: flaky(deps.store, 1) },
      { deadLetterDir: dlq, backoffMs: 10 },
    );
    once.push(await put('u-retry', 1));
    await once.idle();
    expect(once.outcomes).toEqual([expect.objectContaining({ outcome: 'accepted', uploadId: 'u-retry' })]);
    expect(existsSync(dlq)).toBe(false);

    const always = new LocalIngestQueue(
      { ...deps, store: flaky(deps.store, 99) },
      { deadLetterDir: dlq, backoffMs: 10, maxReceives: 3 },
    );
    always.push(await put('u-dead', 2));
    await always.idle();
    expect(always.outcomes).toEqual([]);
    const dead = readdirSync(dlq);
    expect(dead).toHaveLength(1);
    expect((await deps.store.getUpload('u-dead'))?.state).toBe('pending');

    const redrive = new LocalIngestQueue(deps, { deadLetterDir: dlq, backoffMs: 10 });
    const body = readFileSync(join(dlq, dead[0]!), 'utf8');
    expect(redrive.redrive()).toBe(1);
    redrive.push(body); // delivered twice: still stored once
    await redrive.idle();
    expect(redrive.outcomes.map((o) => o.outcome)).toEqual(['accepted', 'settled']);
    const subs = await deps.store.unitSubmissions('r1', 'DC01');
    expect(subs.map((s) => s.uploadId).sort()).toEqual(['u-dead', 'u-retry']);
  });
});
