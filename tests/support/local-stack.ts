import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, type PresignedUpload } from '../../shared/client/api-client.ts';
import { ContractClient } from './contract.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../shared/local/stack.ts';
import { portFree } from '../../shared/local/s3-local.ts';

/** Starts the real local stack (DynamoDB Local in memory, s3rver, gateway) on free ports. */
export async function startTestStack(
  district = 'dongcheng',
  opts: {
    webDir?: string;
    depsFor?: LocalStackOptions['depsFor'];
    identity?: LocalStackOptions['identity'];
    idTokenTtl?: number;
  } = {},
): Promise<LocalStack> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 15000);
    if (!(await portFree(port)) || !(await portFree(port + 1)) || !(await portFree(port + 2))) continue;
    try {
      return await startLocalStack({
        port,
        dataDir: mkdtempSync(join(tmpdir(), 'cepin-stack-')),
        district,
        inMemory: true,
        webDir: opts.webDir,
        depsFor: opts.depsFor,
        identity: opts.identity,
        idTokenTtl: opts.idTokenTtl,
      });
    } catch (e) {
      // Another test (or process) took one of the ports between the check and the bind: try others.
      if (e instanceof Error && /is taken/.test(e.message)) continue;
      throw e;
    }
  }
  throw new Error('no free ports for the test stack');
}

/**
 * An API client signed in locally as `as` (admin, assessor:A01, unit:DC01); every answer it gets is
 * checked against the API contract (a breach fails the call).
 */
export async function clientAs(stack: LocalStack, as: string): Promise<ApiClient> {
  const r = await new ApiClient(stack.apiUrl, undefined).call<{ token: string }>('POST', '/local/login', {
    as,
  });
  return new ContractClient(stack.apiUrl, r.token);
}

/** Uploads bytes through the presigned POST flow, waits for ingest, returns the outcome. */
export async function upload(
  stack: LocalStack,
  client: ApiClient,
  round: string,
  fileName: string,
  bytes: Uint8Array,
  slotPath = `/rounds/${round}/uploads`,
  /** More of the slot request: an evidence file's `unit`, `item` and `size`. */
  extra: Record<string, unknown> = {},
) {
  const slot = await client.call<{ uploadId: string; key: string } & PresignedUpload>('POST', slotPath, {
    ...extra,
    fileName,
  });
  await client.postPresigned(slot, fileName, bytes);
  await new Promise((r) => setTimeout(r, 50));
  await stack.queue.idle();
  const outcome = await client.call<
    Record<string, unknown> & {
      state: string;
      total?: number;
      issues?: { code: string; cell: string; item: string | null }[];
      annotatedUrl?: string;
      rubric?: { id: string; version: number; fingerprint: string } | null;
    }
  >('GET', `/uploads/${slot.uploadId}`);
  return { ...outcome, key: slot.key, uploadId: slot.uploadId };
}
