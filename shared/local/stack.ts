import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { handleApi } from '../adapters/http-api.ts';
import { HANDLERS } from '../use-cases/api/dispatch.ts';
import { DOCUMENT_HANDLERS } from '../use-cases/api/documents.ts';
import { buildDeps } from '../composition.ts';
import { loadConfig, type Config } from '../config.ts';
import { ensureTable, LocalServiceError, startDynamoLocal, type DynamoLocal } from './dynamo-local.ts';
import { startGateway } from './gateway.ts';
import { LocalIngestQueue } from './ingest-queue.ts';
import { portFree, startS3Local, type S3Local } from './s3-local.ts';

/** Display names of the sample districts (the CDK stacks take theirs from infra/districts). */
const LOCAL_NAMES: Record<string, string> = { dongcheng: '东城区', xicheng: '西城区' };

/** Settings of the local stack. */
export interface LocalStackOptions {
  port: number;
  dataDir: string;
  district?: string | undefined;
  districtName?: string | undefined;
  /** Keep DynamoDB in memory (tests); otherwise it persists under the data dir. */
  inMemory?: boolean | undefined;
  log?: (entry: Record<string, unknown>) => void;
}

/** A running local stack: the API URL, the config its handlers use, and how to stop it. */
export interface LocalStack {
  apiUrl: string;
  dataDir: string;
  config: Config;
  queue: LocalIngestQueue;
  stop(): Promise<void>;
}

/** The local JWT signing key, created on first start and kept in the data dir. */
export function secretFor(dataDir: string): Uint8Array {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/**
 * Starts everything on 127.0.0.1: DynamoDB Local (port+1), s3rver (port+2), the table and bucket,
 * the API gateway (port) running the same handler as Lambda, and the S3 event -> SQS-shaped batch
 * -> ingest path with retries and a dead-letter folder.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const district = o.district ?? 'dongcheng';
  for (const p of [o.port, o.port + 1, o.port + 2]) {
    if (!(await portFree(p)))
      throw new LocalServiceError(
        `port ${p} is taken; choose another with --port (cepin uses --port, +1 and +2)`,
      );
  }
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  try {
    const ddbDir = join(dataDir, 'dynamodb');
    if (!o.inMemory) mkdirSync(ddbDir, { recursive: true });
    const ddb: DynamoLocal = await startDynamoLocal({
      port: o.port + 1,
      dbPath: o.inMemory ? undefined : ddbDir,
    });
    started.push(ddb);
    const table = `cepin-${district}`;
    const bucket = `cepin-${district}-files`;
    const s3: S3Local = await startS3Local({ port: o.port + 2, directory: join(dataDir, 's3'), bucket });
    started.push(s3);
    await ensureTable(ddb.endpoint, table);
    const config = loadConfig({
      CEPIN_DISTRICT: district,
      CEPIN_DISTRICT_NAME: o.districtName ?? LOCAL_NAMES[district] ?? district,
      CEPIN_TABLE: table,
      CEPIN_BUCKET: bucket,
      AWS_REGION: 'us-east-1',
      CEPIN_DYNAMODB_ENDPOINT: ddb.endpoint,
      CEPIN_S3_ENDPOINT: s3.endpoint,
    });
    const deps = buildDeps(config);
    const queue = new LocalIngestQueue(deps, { deadLetterDir: join(dataDir, 'dead-letter'), log: o.log });
    s3.onObjectCreated((e) => queue.pushS3Event(e));
    const server: Server = await startGateway({
      port: o.port,
      secret: secretFor(dataDir),
      district,
      api: (ev) => handleApi(ev, deps, { ...HANDLERS, ...DOCUMENT_HANDLERS }),
    });
    started.push({ stop: () => new Promise<void>((r) => server.close(() => r())) });
    return {
      apiUrl: `http://127.0.0.1:${o.port}`,
      dataDir,
      config,
      queue,
      stop: async () => {
        await queue.idle();
        server.closeAllConnections();
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
