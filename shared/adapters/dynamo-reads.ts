import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AUDIT_PAGE_MAX,
  type AuditEntry,
  type RejectionSummary,
  type SubmissionSummary,
} from '../use-cases/ports.ts';
import { strip } from './dynamo-items.ts';
import { keys } from './table-keys.ts';

/** The reads of DynamoStore that take more than one request: paged queries, the audit trail, a round's summary. */

/** A Query as DynamoStore asks it: the table and the page cursor are filled in. */
export type PagedQuery = Omit<
  ConstructorParameters<typeof QueryCommand>[0],
  'TableName' | 'ExclusiveStartKey'
>;

/** One Query, followed through its pages (up to `max` items when given). */
export async function queryPages(
  db: DynamoDBDocumentClient,
  table: string,
  q: PagedQuery,
  max = Infinity,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const left = max - out.length;
    const r = await db.send(
      new QueryCommand({
        ...q,
        TableName: table,
        ExclusiveStartKey: start,
        ...(Number.isFinite(left) ? { Limit: left } : {}),
      }),
    );
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start && out.length < max);
  return out;
}

/** A round's audit trail (or one unit's), newest first, at most `limit` (1–AUDIT_PAGE_MAX, default 200) entries before `before`. */
export async function queryAuditTrail(
  db: DynamoDBDocumentClient,
  table: string,
  round: string,
  q: { unit?: string; limit?: number; before?: string },
): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(q.limit ?? 200, 1), AUDIT_PAGE_MAX);
  const [pk, sk] = q.unit ? ['GSI1PK', 'GSI1SK'] : ['PK', 'SK'];
  const items = await queryPages(
    db,
    table,
    {
      IndexName: q.unit ? 'GSI1' : undefined,
      KeyConditionExpression: q.before ? `${pk} = :pk AND ${sk} < :before` : `${pk} = :pk`,
      ExpressionAttributeValues: {
        ':pk': q.unit ? keys.auditUnitIndex(round, q.unit) : keys.auditPartition(round),
        ...(q.before ? { ':before': q.before } : {}),
      },
      ScanIndexForward: false,
    },
    limit,
  );
  return items.map((i) => strip(i) as unknown as AuditEntry);
}

/** A round's index items as the status summary: accepted submissions and rejections. */
export function summarise(items: Record<string, unknown>[]): {
  submissions: SubmissionSummary[];
  rejections: RejectionSummary[];
} {
  const pick = (i: Record<string, unknown>) => {
    const r = i as unknown as SubmissionSummary & RejectionSummary & { issues?: unknown[] };
    return {
      phase: r.phase,
      unit: r.unit,
      assessor: r.assessor,
      receivedAt: r.receivedAt,
      uploadId: r.uploadId,
    };
  };
  const submissions: SubmissionSummary[] = items
    .filter((i) => i.type === 'submission')
    .map((i) => ({
      ...pick(i),
      total: i.total as number,
      grade: (i.grade as string | null | undefined) ?? null,
    }));
  const rejections: RejectionSummary[] = items
    .filter((i) => i.type === 'rejection')
    .map((i) => ({ ...pick(i), issueCount: ((i.issues as unknown[] | undefined) ?? []).length }));
  return { submissions, rejections };
}
