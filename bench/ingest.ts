/** Section 4: uploads through the real local stack (DynamoDB Local + s3rver + gateway + ingest queue). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import type { ApiClient, PresignedUpload } from '../shared/client/api-client.ts';
import type { UploadOutcome } from '../shared/client/upload.ts';
import { expectedSlots } from '../shared/domain/roster.ts';
import { sampleRoster } from '../shared/domain/sample-roster.ts';
import { checkSheet } from '../shared/use-cases/check-sheet.ts';
import { makeSample } from '../shared/use-cases/make-template.ts';
import { clientAs, startTestStack } from '../tests/support/local-stack.ts';
import { percentile, progress, summarize, type Summary } from './stats.ts';

const ROUND = '2026';
const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
]);

/** Counts every DynamoDB request of every document client in this process (the stack's included), by command. */
function countDynamoRequests(): { counts: Map<string, number>; restore(): void } {
  const counts = new Map<string, number>();
  const proto = DynamoDBDocumentClient.prototype as unknown as {
    send: (c: object, ...r: unknown[]) => unknown;
  };
  const had = Object.prototype.hasOwnProperty.call(proto, 'send');
  const original = proto.send;
  proto.send = function (this: unknown, command: object, ...rest: unknown[]) {
    const name = command.constructor.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return original.call(this, command, ...rest);
  };
  return {
    counts,
    restore: () => {
      if (had) proto.send = original;
      else delete (proto as { send?: unknown }).send;
    },
  };
}

export interface IngestResult {
  sheets: number;
  concurrency: number;
  pollMs: number;
  wallMs: number;
  sheetsPerSecond: number;
  latencyMs: Summary & { p50: number; p95: number };
  states: Record<string, number>;
  dynamo: Record<string, number>;
  transactWritesPerAccepted: number;
  writeRequestsPerAccepted: number;
  /** Baseline in the same process: the offline check of the same sheets, one after another. */
  offlineCheckMs: Summary;
  offlineSheetsPerSecond: number;
}

async function uploadTimed(client: ApiClient, bytes: Uint8Array, pollMs: number) {
  const t = performance.now();
  const slot = await client.call<{ uploadId: string } & PresignedUpload>('POST', `/rounds/${ROUND}/uploads`, {
    fileName: 'sheet.xlsx',
    size: bytes.length,
  });
  await client.postPresigned(slot, 'sheet.xlsx', bytes);
  let out: UploadOutcome = { uploadId: slot.uploadId, state: 'pending' };
  const deadline = Date.now() + 120_000;
  while (out.state === 'pending' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, pollMs));
    out = await client.call<UploadOutcome>('GET', `/uploads/${slot.uploadId}`);
  }
  return { ms: performance.now() - t, state: out.state };
}

export async function benchIngest(n: number, concurrency = 4, pollMs = 20): Promise<IngestResult> {
  const rs = new RuleSetFiles().require('dongcheng-sample');
  const slots = expectedSlots(sampleRoster());
  const sheets: Uint8Array[] = [];
  const WARMUP = 3;
  for (let i = 0; i < n + WARMUP; i++) {
    const s = slots[i % slots.length]!;
    const made = await makeSample(rs, {
      phase: s.phase,
      unit: s.unit,
      assessor: s.assessor || undefined,
      lang: 'zh',
      now: () => new Date('2026-01-01T00:00:00Z'),
      seed: i + 1,
    });
    sheets.push(made.bytes);
    if ((i + 1) % 50 === 0) progress(`ingest: generated ${i + 1}/${n} sheets`);
  }
  const counter = countDynamoRequests();
  progress('ingest: starting the local stack (DynamoDB Local, s3rver)');
  const stack = await startTestStack();
  try {
    const admin = await clientAs(stack, 'admin');
    await admin.call('POST', '/rounds', {
      round: ROUND,
      rules: 'dongcheng-sample',
      roster: readFileSync(
        fileURLToPath(new URL('../templates/rosters/roster-sample.xlsx', import.meta.url)),
      ).toString('base64'),
      open: ['self', 'precheck', 'formal', 'spotcheck'],
    });
    // Warm-up: a few uploads of other sheets, not counted (JIT, connections, the table's first writes).
    for (let i = n; i < n + WARMUP; i++) await uploadTimed(admin, sheets[i]!, pollMs);
    counter.counts.clear();
    const latencies: number[] = [];
    const states: Record<string, number> = {};
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const r = await uploadTimed(admin, sheets[i]!, pollMs);
        latencies.push(r.ms);
        states[r.state] = (states[r.state] ?? 0) + 1;
        if (latencies.length % 25 === 0) progress(`ingest: ${latencies.length}/${n} settled`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const wallMs = performance.now() - t0;
    const dynamo = Object.fromEntries(counter.counts);
    const accepted = states.accepted ?? 0;
    const writes = [...counter.counts].filter(([k]) => WRITES.has(k)).reduce((s, [, v]) => s + v, 0);
    // Baseline, same process: the same sheets checked offline (no stack, no storage).
    const rules = new RuleSetFiles();
    const checkMs: number[] = [];
    for (const b of sheets.slice(0, n)) {
      const t = performance.now();
      await checkSheet(b, { rules, fileName: 'sheet.xlsx' });
      checkMs.push(performance.now() - t);
    }
    const offlineTotal = checkMs.reduce((s, x) => s + x, 0);
    return {
      sheets: n,
      concurrency,
      pollMs,
      wallMs,
      sheetsPerSecond: n / (wallMs / 1000),
      latencyMs: { ...summarize(latencies), p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      states,
      dynamo,
      transactWritesPerAccepted: (counter.counts.get('TransactWriteCommand') ?? 0) / accepted,
      writeRequestsPerAccepted: writes / accepted,
      offlineCheckMs: summarize(checkMs),
      offlineSheetsPerSecond: n / (offlineTotal / 1000),
    };
  } finally {
    counter.restore();
    progress('ingest: stopping the local stack');
    await stack.stop();
  }
}
