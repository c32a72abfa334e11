import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { handleIngestBatch } from '../adapters/sqs-ingest.ts';
import type { IngestDeps, IngestOutcome } from '../use-cases/ingest-upload.ts';
import type { LocalS3Event } from './s3-local.ts';

interface Message {
  id: string;
  body: string;
  attempts: number;
}

/** Settings of the local stand-in for SQS: batch size, retries and where dead letters go. */
export interface QueueOptions {
  batchSize?: number;
  maxReceives?: number;
  backoffMs?: number;
  deadLetterDir: string;
  log?: (entry: Record<string, unknown>) => void;
}

/** Encodes a key as S3 notifications do (URL-encoded, '+' for spaces, '/' kept); s3rver sends it raw. */
export const encodeS3Key = (key: string) =>
  key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%20/g, '+'))
    .join('/');

/**
 * A local queue between s3rver's events and the ingest handler, shaped like SQS with a redrive
 * policy: batches of up to 10, failed messages retried with backoff, then written to a dead-letter
 * folder as JSON (redrive by calling `redrive`).
 */
export class LocalIngestQueue {
  private readonly pending: Message[] = [];
  private running = false;
  private waiters: (() => void)[] = [];
  private seq = 0;
  readonly outcomes: IngestOutcome[] = [];

  constructor(
    private readonly deps: IngestDeps,
    private readonly opts: QueueOptions,
  ) {}

  /** Enqueues an s3rver event the way S3 would deliver it to SQS. */
  pushS3Event(e: LocalS3Event): void {
    const records = e.Records.map((r) => ({
      ...r,
      eventSource: 'aws:s3',
      s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3Key(r.s3.object.key) } },
    }));
    this.push(JSON.stringify({ Records: records }));
  }

  /** Enqueues a raw message body. */
  push(body: string, attempts = 0): void {
    this.pending.push({ id: `local-${++this.seq}`, body, attempts });
    void this.pump();
  }

  /** Re-enqueues every dead-lettered message (moved to `redriven/`) and returns how many. */
  redrive(): number {
    const dir = this.opts.deadLetterDir;
    if (!existsSync(dir)) return 0;
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    mkdirSync(join(dir, 'redriven'), { recursive: true });
    for (const f of files) {
      const body = readFileSync(join(dir, f), 'utf8');
      renameSync(join(dir, f), join(dir, 'redriven', f));
      this.push(body);
    }
    return files.length;
  }

  /** Resolves when every queued message has been handled (or dead-lettered). */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const log = this.opts.log ?? (() => {});
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.opts.batchSize ?? 10);
      const event: SQSEvent = {
        Records: batch.map(
          (m) =>
            ({
              messageId: m.id,
              body: m.body,
              attributes: { ApproximateReceiveCount: String(m.attempts + 1) },
            }) as unknown as SQSRecord,
        ),
      };
      let failed: Set<string>;
      try {
        const r = await handleIngestBatch(event, this.deps, log);
        this.outcomes.push(...r.outcomes);
        failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(batch.map((m) => m.id));
      }
      for (const m of batch.filter((x) => failed.has(x.id))) {
        const attempts = m.attempts + 1;
        if (attempts >= (this.opts.maxReceives ?? 3)) {
          mkdirSync(this.opts.deadLetterDir, { recursive: true });
          writeFileSync(join(this.opts.deadLetterDir, `${Date.now()}-${m.id}.json`), m.body);
          log({ level: 'error', msg: 'dead-lettered', messageId: m.id });
        } else {
          await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 200) * 2 ** m.attempts));
          this.pending.push({ ...m, attempts });
        }
      }
    }
    this.running = false;
    for (const w of this.waiters.splice(0)) w();
  }
}
