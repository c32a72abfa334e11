import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seededRandom } from '../../shared/domain/sample.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import { makeClients } from '../../shared/adapters/aws-clients.ts';
import { DynamoStore } from '../../shared/adapters/dynamo-store.ts';
import { S3Objects } from '../../shared/adapters/s3-objects.ts';
import { buildDeps } from '../../shared/composition.ts';
import type { Config } from '../../shared/config.ts';

/**
 * Fault injection at the AWS SDK client level: middleware on the real DynamoDB and S3 clients the
 * adapters use (DynamoStore, S3Objects), so every call the handlers make can fail the way AWS calls
 * fail — throttling, 500s, timeouts — and a worker can "crash" between reading the object and
 * writing the outcome. Random but reproducible: a seeded PRNG decides every fault.
 *
 * The middleware sits in the `initialize` step, i.e. outside the SDK's own retry loop: every fault
 * reaches the adapter and therefore the handler, so what is exercised is the SQS retry, the
 * dead-letter queue and the idempotency of the writes, not the SDK's retries.
 */

/** Kinds of injected faults. */
export type FaultKind = 'throttle' | 'server-error' | 'timeout' | 'late-timeout' | 'crash';

/** Settings: the rate of faults per SDK call, the split by kind, the per-call timeout. */
export interface FaultOptions {
  /** Seed of the PRNG (mulberry32). */
  seed: number;
  /** Probability that one SDK call fails (0..1). */
  rate: number;
  /**
   * Probability, after a successful GetObject of an `uploads/` key, that the worker "crashes" before
   * its next DynamoDB TransactWriteItems is sent (0..1). Defaults to `rate`.
   */
  crashRate?: number | undefined;
  /** Relative weights of throttle, 500 and timeout faults (default 4 : 3 : 3). */
  weights?: Partial<Record<'throttle' | 'server-error' | 'timeout', number>> | undefined;
  /** The per-call timeout the client enforces on an injected slow call (ms, default 40). */
  timeoutMs?: number | undefined;
  /** Start enabled (default true); switch with `controller.enabled`. */
  enabled?: boolean | undefined;
}

/** What was injected, by service and kind. */
export interface FaultCounts {
  calls: number;
  total: number;
  byKind: Record<FaultKind, number>;
  byService: Record<'dynamodb' | 's3', number>;
  byCode: Record<string, number>;
}

/** mulberry32, shared with the sample sheets: a small, fast, seedable PRNG (uniform in [0, 1)). */
export const prng = seededRandom;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An error shaped like the SDK's service exceptions (name, $fault, $metadata). */
function awsError(name: string, status: number, fault: 'client' | 'server', message: string): Error {
  return Object.assign(new Error(`${message} (injected)`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
    injected: true,
  });
}

/** Switches faults on and off and counts what it injected. */
export class FaultController {
  enabled: boolean;
  readonly counts: FaultCounts = {
    calls: 0,
    total: 0,
    byKind: { throttle: 0, 'server-error': 0, timeout: 0, 'late-timeout': 0, crash: 0 },
    byService: { dynamodb: 0, s3: 0 },
    byCode: {},
  };
  private readonly random: () => number;
  private crashArmed = false;
  readonly timeoutMs: number;

  constructor(readonly opts: FaultOptions) {
    this.random = prng(opts.seed);
    this.enabled = opts.enabled ?? true;
    this.timeoutMs = opts.timeoutMs ?? 40;
  }

  private count(service: 'dynamodb' | 's3', kind: FaultKind, code: string) {
    this.counts.total++;
    this.counts.byKind[kind]++;
    this.counts.byService[service]++;
    this.counts.byCode[code] = (this.counts.byCode[code] ?? 0) + 1;
  }

  /** Picks this call's fault, or none. */
  private pick(): 'throttle' | 'server-error' | 'timeout' | undefined {
    if (!this.enabled || this.random() >= this.opts.rate) return undefined;
    const w = { throttle: 4, 'server-error': 3, timeout: 3, ...this.opts.weights };
    let x = this.random() * (w.throttle + w['server-error'] + w.timeout);
    if ((x -= w.throttle) < 0) return 'throttle';
    if ((x -= w['server-error']) < 0) return 'server-error';
    return 'timeout';
  }

  /**
   * Runs one SDK call through the fault plan. `send` performs the real call. Timeouts come in two
   * shapes: the request is held back past the client's timeout and still sent afterwards (it lands
   * after the caller gave up), or sent at once with its response held back (the caller never hears
   * that it landed). Both leave the caller with a TimeoutError while the write may have happened.
   */
  async run<T>(service: 'dynamodb' | 's3', command: string, send: () => Promise<T>): Promise<T> {
    this.counts.calls++;
    if (service === 'dynamodb' && /^TransactWrite/.test(command) && this.crashArmed) {
      this.crashArmed = false;
      if (this.enabled) {
        this.count(service, 'crash', 'WorkerCrash');
        throw Object.assign(new Error('worker crashed between reading and writing (injected)'), {
          name: 'WorkerCrash',
          injected: true,
        });
      }
    }
    const fault = this.pick();
    if (fault === 'throttle') {
      const code = service === 'dynamodb' ? 'ProvisionedThroughputExceededException' : 'SlowDown';
      this.count(service, 'throttle', code);
      throw service === 'dynamodb'
        ? awsError(code, 400, 'client', 'The level of configured provisioned throughput was exceeded')
        : awsError(code, 503, 'server', 'Please reduce your request rate');
    }
    if (fault === 'server-error') {
      const code = service === 'dynamodb' ? 'InternalServerError' : 'InternalError';
      this.count(service, 'server-error', code);
      throw awsError(code, 500, 'server', 'Internal server error');
    }
    if (fault === 'timeout') {
      const late = this.random() < 0.5;
      this.count(service, late ? 'late-timeout' : 'timeout', late ? 'ResponseLost' : 'TimeoutError');
      const slow = late
        ? send().then(async (r) => {
            await sleep(this.timeoutMs * 2);
            return r;
          })
        : sleep(this.timeoutMs * 2).then(send);
      slow.catch(() => {}); // the caller has given up; the outcome of the slow call is ignored
      await sleep(this.timeoutMs);
      throw Object.assign(new Error(`${command} timed out after ${this.timeoutMs} ms (injected)`), {
        name: 'TimeoutError',
        $metadata: {},
        injected: true,
      });
    }
    const r = await send();
    // Read succeeded: decide whether this worker dies before its next transaction is sent.
    if (service === 's3' && command === 'GetObjectCommand')
      this.crashArmed = this.enabled && this.random() < (this.opts.crashRate ?? this.opts.rate);
    return r;
  }
}

type AnyClient = { middlewareStack: { add: (mw: unknown, opts: Record<string, unknown>) => void } };

/** Adds the fault middleware to an SDK v3 client (DynamoDBClient, DocumentClient or S3Client). */
export function injectFaults(
  client: DynamoDBDocumentClient | S3Client,
  service: 'dynamodb' | 's3',
  f: FaultController,
) {
  (client as unknown as AnyClient).middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) =>
      f.run(service, context.commandName ?? '?', () => next(args)),
    { step: 'initialize', priority: 'high', name: `cepinFaultInjection-${service}`, override: true },
  );
}

/**
 * The real deps for a configuration (`buildDeps`), with store and objects rebuilt on SDK clients
 * made the way shared/adapters/aws-clients.ts makes them, carrying the fault middleware.
 */
export function faultyDeps(config: Config, opts: FaultOptions) {
  const faults = new FaultController(opts);
  const { ddb, s3 } = makeClients(config);
  injectFaults(ddb, 'dynamodb', faults);
  injectFaults(s3, 's3', faults);
  const deps = {
    ...buildDeps(config),
    store: new DynamoStore(ddb, config.CEPIN_TABLE),
    objects: new S3Objects(s3, config.CEPIN_BUCKET),
  };
  return { deps, faults };
}
