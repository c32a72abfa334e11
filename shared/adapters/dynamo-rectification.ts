import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type {
  AcceptOutcome,
  RectAnswerRecord,
  RectificationSetting,
  RoundRecord,
} from '../use-cases/ports.ts';
import { ingestAuditItem, plain, putNew, settle, strip, transact, uploadEvent } from './dynamo-items.ts';
import { keys } from './table-keys.ts';

/**
 * Rectification in the district's table (docs/storage.md): the deadline on the round record, each
 * unit's answers (整改回复) as immutable items in its partition beside a content marker, stored with
 * the upload's outcome and its audit entry in one transaction.
 */

export async function setRectification(
  db: DynamoDBDocumentClient,
  table: string,
  round: string,
  r: RectificationSetting,
): Promise<RoundRecord | undefined> {
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.round(round),
        UpdateExpression: 'SET rectification = :r',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':r': plain(r) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(out.Attributes!) as unknown as RoundRecord;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined;
    throw e;
  }
}

function auditItem(table: string, a: RectAnswerRecord, action: string, outcome: string, detail: string) {
  return ingestAuditItem(table, { ...uploadEvent({ ...a, uploader: a.by }), action, outcome, detail });
}

export async function acceptRectAnswer(
  db: DynamoDBDocumentClient,
  table: string,
  a: RectAnswerRecord,
): Promise<AcceptOutcome> {
  const marker = keys.rectContent(a.round, a.unit, a.sha256);
  const slot = { settledAt: a.receivedAt, unit: a.unit, rectification: { late: a.late } };
  const counts = ['fixed', 'partly', 'not'].map(
    (s) => `${s}=${a.items.filter((i) => i.status === s).length}`,
  );
  const detail = `${counts.join(' ')}${a.late ? ' late' : ''}`;
  const r = await transact(db, [
    putNew(table, { ...marker, type: 'rect-content', uploadId: a.uploadId }),
    putNew(table, {
      ...keys.rectAnswer(a.round, a.unit, a.receivedAt, a.uploadId),
      type: 'rect-answer',
      ...plain(a),
    }),
    settle(table, a.uploadId, 'accepted', slot),
    // Answers count until the formal assessment is over.
    {
      ConditionCheck: {
        TableName: table,
        Key: keys.round(a.round),
        ConditionExpression: 'phases.formal <> :closed',
        ExpressionAttributeValues: { ':closed': 'closed' },
      },
    },
    auditItem(table, a, 'rectification.accepted', 'accepted', detail),
  ]);
  if (r.ok) return { outcome: 'accepted' };
  if (r.reasons[2] === 'ConditionalCheckFailed') return { outcome: 'settled' };
  if (r.reasons[3] === 'ConditionalCheckFailed') return { outcome: 'phase-closed' };
  const first = await db.send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }));
  const of = String(first.Item?.uploadId ?? '');
  if (of === a.uploadId) return { outcome: 'settled' };
  const d = await transact(db, [
    settle(table, a.uploadId, 'duplicate', { ...slot, duplicateOf: of }),
    auditItem(table, a, 'rectification.duplicate', 'duplicate', of),
  ]);
  return d.ok ? { outcome: 'duplicate', of } : { outcome: 'settled' };
}
