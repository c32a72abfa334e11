import type { S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ingestUpload, type IngestDeps, type IngestOutcome } from '../use-cases/ingest-upload.ts';

/** S3 event keys arrive URL-encoded with '+' for spaces. */
export const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/**
 * Handles a batch of SQS messages carrying S3 ObjectCreated notifications. A message whose
 * processing throws is reported in `batchItemFailures`, so only it is retried (then dead-lettered).
 */
export async function handleIngestBatch(
  event: SQSEvent,
  deps: IngestDeps,
  log: (entry: Record<string, unknown>) => void = (e) => console.log(JSON.stringify(e)),
): Promise<SQSBatchResponse & { outcomes: IngestOutcome[] }> {
  const failures: { itemIdentifier: string }[] = [];
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records) {
    try {
      const s3 = JSON.parse(record.body) as Partial<S3Event> & { Event?: string };
      for (const r of s3.Records ?? []) {
        if (!r.eventName.startsWith('ObjectCreated')) continue;
        const outcome = await ingestUpload(
          {
            bucket: r.s3.bucket.name,
            key: decodeS3Key(r.s3.object.key),
            size: r.s3.object.size,
            versionId: r.s3.object.versionId,
            eventTime: r.eventTime,
          },
          deps,
        );
        outcomes.push(outcome);
        log({ level: 'info', msg: 'ingested', key: r.s3.object.key, outcome: outcome.outcome });
      }
    } catch (e) {
      log({
        level: 'error',
        msg: 'ingest failed; will retry',
        messageId: record.messageId,
        error: e instanceof Error ? e.message : String(e),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures, outcomes };
}
