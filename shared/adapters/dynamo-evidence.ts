import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EvidenceRecord, PutEvidenceOutcome } from '../use-cases/ports.ts';
import { ingestAuditItem, plain, putNew, settle, strip, transact, uploadEvent } from './dynamo-items.ts';
import { queryPages } from './dynamo-reads.ts';
import { keys } from './table-keys.ts';

/**
 * Evidence files (佐证材料) in the district's table: each an immutable item in its unit's
 * partition, beside a content marker per (item, sha256), stored with the upload's outcome and its
 * audit entry in one transaction (docs/storage.md).
 */

/** The audit entry of an evidence upload's outcome (one per upload: a retry writes none). */
function auditItem(table: string, e: EvidenceRecord, action: string, outcome: string, detail: string) {
  const event = uploadEvent({ ...e, uploadId: e.id, receivedAt: e.uploadedAt, uploader: e.by });
  return ingestAuditItem(table, { ...event, action, outcome, detail });
}

export async function putEvidence(
  db: DynamoDBDocumentClient,
  table: string,
  e: EvidenceRecord,
): Promise<PutEvidenceOutcome> {
  const marker = keys.evidenceContent(e.round, e.unit, e.item, e.sha256);
  const slot = { unit: e.unit, item: e.item, type: e.kind };
  const what = `${e.item ?? '-'} ${e.kind} ${e.size} ${e.fileName}`.slice(0, 300);
  const r = await transact(db, [
    putNew(table, { ...marker, type: 'evidence-content', id: e.id }),
    putNew(table, { ...keys.evidence(e.round, e.unit, e.uploadedAt, e.id), type: 'evidence', ...plain(e) }),
    settle(table, e.id, 'accepted', { settledAt: e.uploadedAt, unit: e.unit, evidence: slot }),
    auditItem(table, e, 'evidence.accepted', 'accepted', what),
  ]);
  if (r.ok) return { outcome: 'accepted' };
  if (r.reasons[0] !== 'ConditionalCheckFailed') return { outcome: 'settled' };
  // The same bytes are attached to this unit and item already: this upload is a duplicate of them.
  const first = await db.send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }));
  const of = String(first.Item?.id ?? '');
  if (of === e.id) return { outcome: 'settled' };
  const d = await transact(db, [
    settle(table, e.id, 'duplicate', {
      settledAt: e.uploadedAt,
      unit: e.unit,
      evidence: slot,
      duplicateOf: of,
    }),
    auditItem(table, e, 'evidence.duplicate', 'duplicate', of),
  ]);
  return d.ok ? { outcome: 'duplicate', of } : { outcome: 'settled' };
}

export async function unitEvidence(
  db: DynamoDBDocumentClient,
  table: string,
  round: string,
  unit: string,
): Promise<EvidenceRecord[]> {
  const items = await queryPages(db, table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :ev)',
    ExpressionAttributeValues: { ':pk': keys.unitPartition(round, unit), ':ev': keys.evidencePrefix },
  });
  return items.map((i) => strip(i) as unknown as EvidenceRecord);
}
