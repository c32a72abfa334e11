import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, UploadRecord } from '../use-cases/ports.ts';
import { keys } from './table-keys.ts';

/**
 * The pieces DynamoStore builds its requests from: plain items, attribute names, conditional puts and
 * updates, transactions that tell a cancelled condition from a failure, and stored items stripped
 * back to records.
 */

/** Plain JSON copy: undefined dropped, sparse arrays turned into nulls, as DynamoDB wants. */
export const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Expression attribute names for every attribute: many words (unit, state, total) are reserved. */
export const names = (...attrs: string[]) => Object.fromEntries(attrs.map((a) => [`#${a}`, a]));

/** One item of a TransactWriteItems request. */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

function cancelledByCondition(e: unknown): boolean {
  return (
    e instanceof TransactionCanceledException &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/** The common fields of an upload's audit entry. */
export function uploadEvent(x: {
  round: string;
  uploadId: string;
  receivedAt: string;
  uploader?: { sub: string; role: string; ref: string } | undefined;
  unit?: string | undefined;
  phase?: string | undefined;
  assessor?: string | undefined;
}) {
  return {
    at: x.receivedAt,
    round: x.round,
    uploadId: x.uploadId,
    caller: x.uploader ? { sub: x.uploader.sub, role: x.uploader.role, ref: x.uploader.ref } : null,
    unit: x.unit,
    phase: x.phase,
    assessor: x.assessor || undefined,
  };
}

/** A Put of a record that must not exist yet (records are immutable). */
export function putNew(table: string, item: Record<string, unknown>) {
  return { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/**
 * The audit entry of an upload's outcome, put new in the same transaction as the outcome: its id
 * is the upload's, so a retried ingest writes none (the transaction's condition fails instead).
 */
export function ingestAuditItem(table: string, e: Omit<AuditEntry, 'id'> & { uploadId: string }) {
  const entry: AuditEntry = { ...e, id: `ingest-${e.uploadId}` };
  return putNew(table, { ...keys.audit(entry), type: 'audit', ...plain(entry) });
}

/** An Update settling an upload slot that is still `pending` (or, for rejections of unknown uploads, missing). */
export function settle(
  table: string,
  uploadId: string,
  state: UploadRecord['state'],
  fields: Record<string, unknown>,
  allowMissing = false,
) {
  const attrs = Object.keys(fields);
  return {
    Update: {
      TableName: table,
      Key: keys.upload(uploadId),
      UpdateExpression: `SET #st = :st, ${attrs.map((k) => `#${k} = :${k}`).join(', ')}`,
      ConditionExpression: allowMissing ? 'attribute_not_exists(PK) OR #st = :pending' : '#st = :pending',
      ExpressionAttributeNames: { ...names(...attrs), '#st': 'state' },
      ExpressionAttributeValues: plain({
        ':st': state,
        ':pending': 'pending',
        ...Object.fromEntries(attrs.map((k) => [`:${k}`, fields[k] ?? null])),
      }),
    },
  };
}

/** Runs one transaction; false when a condition cancelled it (the reasons, by item, are returned). */
export async function transact(
  db: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<{ ok: true } | { ok: false; reasons: (string | undefined)[] }> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (e) {
    if (!cancelledByCondition(e)) throw e;
    return {
      ok: false,
      reasons: ((e as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code),
    };
  }
}

/** A stored item without its keys and type: the record as the use cases know it. */
export function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, type: _t, ...rest } = item;
  return rest;
}
