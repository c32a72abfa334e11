import type { SQSEvent } from 'aws-lambda';
import { handleIngestBatch } from '../../shared/adapters/sqs-ingest.ts';
import { buildDeps } from '../../shared/composition.ts';
import { loadConfig } from '../../shared/config.ts';

// Configuration is read once at start-up; a missing variable fails the cold start loudly.
const deps = buildDeps(loadConfig(process.env));

/** The ingest Lambda: SQS batches of S3 ObjectCreated events, with partial batch failure reporting. */
export async function handler(event: SQSEvent) {
  const { batchItemFailures } = await handleIngestBatch(event, deps);
  return { batchItemFailures };
}
