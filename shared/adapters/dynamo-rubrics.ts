import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PutRubricOutcome, RubricVersion } from '../use-cases/ports.ts';
import { plain, putNew, settle, strip, transact, uploadEvent } from './dynamo-items.ts';
import { queryPages } from './dynamo-reads.ts';
import { keys } from './table-keys.ts';

/**
 * Rubric versions in the district's table. The rule file is kept gzipped (a 100-item rubric is
 * ~60 KB of JSON, ~8 KB gzipped), well inside DynamoDB's 400 KB item limit.
 */
const RUBRIC_ROUND = '_rubrics';

function toItem(v: RubricVersion): Record<string, unknown> {
  const { file, ...meta } = v;
  return {
    ...keys.rubric(v.id, v.version),
    type: 'rubric',
    ...plain(meta),
    content: gzipSync(JSON.stringify(file)),
  };
}

function fromItem(item: Record<string, unknown>): RubricVersion {
  const { content, ...meta } = strip(item);
  const bytes = content instanceof Uint8Array ? content : new Uint8Array();
  return { ...(meta as Omit<RubricVersion, 'file'>), file: JSON.parse(gunzipSync(bytes).toString('utf8')) };
}

export async function putRubric(
  db: DynamoDBDocumentClient,
  table: string,
  v: RubricVersion,
): Promise<PutRubricOutcome> {
  const content = keys.rubricContent(v.id, v.fingerprint);
  const ref = { id: v.id, version: v.version, fingerprint: v.fingerprint };
  const upload = v.uploadId
    ? {
        round: RUBRIC_ROUND,
        uploadId: v.uploadId,
        receivedAt: v.createdAt,
        uploader: { sub: v.createdBy, role: 'admin', ref: '' },
      }
    : undefined;
  const audit = (action: string, outcome: string, detail: string) =>
    putNew(table, {
      ...keys.audit({ round: RUBRIC_ROUND, at: v.createdAt, id: `ingest-${v.uploadId}` }),
      type: 'audit',
      ...plain({ ...uploadEvent(upload!), id: `ingest-${v.uploadId}`, action, outcome, detail }),
    });
  const r = await transact(db, [
    // The content marker names its version: a later upload of the same rules is a duplicate of it.
    putNew(table, { ...content, type: 'rubric-content', version: v.version }),
    putNew(table, toItem(v)),
    ...(upload
      ? [
          settle(table, upload.uploadId, 'accepted', { settledAt: v.createdAt, rubric: ref }),
          audit('rubric.accepted', 'accepted', `${v.id} v${v.version}`),
        ]
      : []),
  ]);
  if (r.ok) return { outcome: 'created' };
  if (upload && r.reasons[2] === 'ConditionalCheckFailed') return { outcome: 'settled' };
  if (r.reasons[0] !== 'ConditionalCheckFailed') return { outcome: 'version-taken' };
  // The same content is stored already: this upload is a duplicate of that version.
  const first = await db.send(new GetCommand({ TableName: table, Key: content, ConsistentRead: true }));
  const version = Number(first.Item?.version ?? 0);
  if (!upload) return { outcome: 'duplicate', version };
  const d = await transact(db, [
    settle(table, upload.uploadId, 'duplicate', {
      settledAt: v.createdAt,
      rubric: { ...ref, version },
      duplicateOf: `${v.id} v${version}`,
    }),
    audit('rubric.duplicate', 'duplicate', `${v.id} v${version}`),
  ]);
  return d.ok ? { outcome: 'duplicate', version } : { outcome: 'settled' };
}

export async function getRubric(
  db: DynamoDBDocumentClient,
  table: string,
  id: string,
  version: number,
): Promise<RubricVersion | undefined> {
  const { PK, SK } = keys.rubric(id, version);
  const r = await db.send(new GetCommand({ TableName: table, Key: { PK, SK } }));
  return r.Item ? fromItem(r.Item) : undefined;
}

export async function listRubrics(db: DynamoDBDocumentClient, table: string): Promise<RubricVersion[]> {
  const items = await queryPages(db, table, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.rubricsIndex },
  });
  return items.map(fromItem);
}
