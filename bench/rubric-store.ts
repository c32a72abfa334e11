/**
 * Issue 16: what a stored rubric costs a function. The functions read rubric versions from the
 * district's table (DynamoDB Local here), cached per container: compare a request on a warm
 * container (the version in memory) with a request that would read and resolve it every time
 * (a fresh catalogue per request), counting DynamoDB requests of each.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import { buildDeps } from '../shared/composition.ts';
import type { Config } from '../shared/config.ts';
import { StoredRubrics } from '../shared/use-cases/rubrics.ts';
import { startTestStack } from '../tests/support/local-stack.ts';
import { progress, ratios, summarize, timeIt, type Summary } from './stats.ts';

export interface RubricStoreResult {
  requests: number;
  /** Per request on a warm container (the version cached). */
  warmMs: Summary;
  /** Per request reading and resolving the version each time (no cache). */
  coldMs: Summary;
  /** cold ÷ warm, per request pair. */
  ratio: Summary;
  /** DynamoDB requests over all `requests` warm requests (after the first), and per cold request. */
  dynamoWarm: number;
  dynamoPerCold: number;
}

function countRequests(): { count: () => number; restore(): void } {
  let n = 0;
  const proto = DynamoDBDocumentClient.prototype as unknown as { send: (...a: unknown[]) => unknown };
  const had = Object.prototype.hasOwnProperty.call(proto, 'send');
  const original = proto.send;
  proto.send = function (this: unknown, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  return {
    count: () => n,
    restore: () => {
      if (had) proto.send = original;
      else delete (proto as { send?: unknown }).send;
    },
  };
}

export async function benchRubricStore(requests: number): Promise<RubricStoreResult> {
  let config: Config | undefined;
  const stack = await startTestStack('dongcheng', {
    depsFor: (_fn, c) => {
      config = c;
      return buildDeps(c);
    },
  });
  try {
    const store = buildDeps(config!).store;
    const files = new RuleSetFiles();
    const samples = () => files.ids().map((id) => files.require(id));
    await new StoredRubrics(store, samples).versions(); // seeded, as in a district in use
    const warm = new StoredRubrics(store, samples);
    await warm.get('municipal-sample', 1);
    const counter = countRequests();
    const w: number[] = [];
    const c: number[] = [];
    let coldRequests = 0;
    try {
      progress(`rubric store: ${requests} requests warm and cold`);
      for (let i = 0; i < requests; i++) {
        const before = counter.count();
        w.push(await timeIt(() => warm.get('municipal-sample', 1)));
        const mid = counter.count();
        if (mid !== before) throw new Error('a warm request read the table');
        c.push(await timeIt(() => new StoredRubrics(store, samples).get('municipal-sample', 1)));
        coldRequests += counter.count() - mid;
      }
    } finally {
      counter.restore();
    }
    return {
      requests,
      warmMs: summarize(w),
      coldMs: summarize(c),
      ratio: summarize(ratios(c, w)),
      dynamoWarm: 0,
      dynamoPerCold: coldRequests / requests,
    };
  } finally {
    await stack.stop();
  }
}
