import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Phase } from '../domain/layout.ts';
import type { Roster } from '../domain/roster.ts';
import type {
  AgreedRecord,
  PhaseState,
  Rejection,
  RejectionSummary,
  RoundRecord,
  Store,
  Submission,
  SubmissionSummary,
  UploadRecord,
} from '../use-cases/ports.ts';
import { keys } from './table-keys.ts';

/** Plain JSON copy: undefined dropped, sparse arrays turned into nulls, as DynamoDB wants. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Expression attribute names for every attribute: many words (unit, state, total) are reserved. */
const names = (...attrs: string[]) => Object.fromEntries(attrs.map((a) => [`#${a}`, a]));

function cancelledByCondition(e: unknown): boolean {
  return (
    e instanceof TransactionCanceledException &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/** The district's records in one DynamoDB table (single-table design; see docs/storage.md). */
export class DynamoStore implements Store {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putRound(round: RoundRecord, roster: Roster): Promise<'created' | 'exists'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.round(round.round), type: 'round', ...plain(round) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.roster(round.round), type: 'roster', roster: plain(roster) },
              },
            },
          ],
        }),
      );
      return 'created';
    } catch (e) {
      if (cancelledByCondition(e)) return 'exists';
      throw e;
    }
  }

  async getRound(round: string): Promise<RoundRecord | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.round(round), ConsistentRead: true }),
    );
    return r.Item ? (strip(r.Item) as unknown as RoundRecord) : undefined;
  }

  async getRoster(round: string): Promise<Roster | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.roster(round) }));
    return r.Item ? (r.Item.roster as Roster) : undefined;
  }

  async setPhase(round: string, phase: Phase, state: PhaseState): Promise<RoundRecord> {
    const r = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.round(round),
        UpdateExpression: 'SET phases.#p = :s',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#p': phase },
        ExpressionAttributeValues: { ':s': state },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(r.Attributes!) as unknown as RoundRecord;
  }

  async putUpload(u: UploadRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.upload(u.uploadId), type: 'upload', ...plain(u) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getUpload(uploadId: string): Promise<UploadRecord | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.upload(uploadId), ConsistentRead: true }),
    );
    return r.Item ? (strip(r.Item) as unknown as UploadRecord) : undefined;
  }

  async accept(
    s: Submission,
  ): Promise<{ outcome: 'accepted' } | { outcome: 'duplicate'; of: string } | { outcome: 'settled' }> {
    const settle = (state: 'accepted' | 'duplicate', extra: Record<string, unknown>) => ({
      Update: {
        TableName: this.table,
        Key: keys.upload(s.uploadId),
        UpdateExpression:
          'SET #st = :st, #settledAt = :now, #phase = :ph, #unit = :u, #assessor = :a, #total = :t, #grade = :g' +
          Object.keys(extra)
            .map((k) => `, #${k} = :${k}`)
            .join(''),
        ConditionExpression: '#st = :pending',
        ExpressionAttributeNames: {
          ...names('settledAt', 'phase', 'unit', 'assessor', 'total', 'grade', ...Object.keys(extra)),
          '#st': 'state',
        },
        ExpressionAttributeValues: {
          ':st': state,
          ':pending': 'pending',
          ':now': s.receivedAt,
          ':ph': s.phase,
          ':u': s.unit,
          ':a': s.assessor,
          ':t': s.total,
          ':g': s.grade,
          ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])),
        },
      },
    });
    const sha = keys.sha(s.round, s.unit, s.phase, s.assessor, s.sha256);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...sha, type: 'sha', uploadId: s.uploadId },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.submission(s), type: 'submission', ...plain(s) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            settle('accepted', {}),
          ],
        }),
      );
      return { outcome: 'accepted' };
    } catch (e) {
      if (!cancelledByCondition(e)) throw e;
      const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
      if (reasons[2]?.Code === 'ConditionalCheckFailed') return { outcome: 'settled' };
      const first = await this.db.send(
        new GetCommand({ TableName: this.table, Key: sha, ConsistentRead: true }),
      );
      const of = String(first.Item?.uploadId ?? '');
      if (of === s.uploadId) return { outcome: 'settled' };
      try {
        await this.db.send(
          new TransactWriteCommand({ TransactItems: [settle('duplicate', { duplicateOf: of })] }),
        );
      } catch (e2) {
        if (!cancelledByCondition(e2)) throw e2;
        return { outcome: 'settled' };
      }
      return { outcome: 'duplicate', of };
    }
  }

  async reject(r: Rejection): Promise<'rejected' | 'settled'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.rejection(r), type: 'rejection', ...plain(r) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: keys.upload(r.uploadId),
                UpdateExpression:
                  'SET #st = :st, #settledAt = :now, #issues = :i, #annotatedKey = :k, #phase = :ph, #unit = :u, #assessor = :a',
                ConditionExpression: 'attribute_not_exists(PK) OR #st = :pending',
                ExpressionAttributeNames: {
                  ...names('settledAt', 'issues', 'annotatedKey', 'phase', 'unit', 'assessor'),
                  '#st': 'state',
                },
                ExpressionAttributeValues: plain({
                  ':st': 'rejected',
                  ':pending': 'pending',
                  ':now': r.receivedAt,
                  ':i': r.issues,
                  ':k': r.annotatedKey ?? null,
                  ':ph': r.phase ?? null,
                  ':u': r.unit ?? null,
                  ':a': r.assessor ?? null,
                }),
              },
            },
          ],
        }),
      );
      return 'rejected';
    } catch (e) {
      if (cancelledByCondition(e)) return 'settled';
      throw e;
    }
  }

  async acceptAgreed(a: AgreedRecord): Promise<'accepted' | 'settled'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.agreed(a), type: 'agreed', ...plain(a) },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: keys.upload(a.uploadId),
                UpdateExpression: 'SET #st = :st, #settledAt = :now, #phase = :ph, #unit = :u',
                ConditionExpression: '#st = :pending',
                ExpressionAttributeNames: { ...names('settledAt', 'phase', 'unit'), '#st': 'state' },
                ExpressionAttributeValues: {
                  ':st': 'accepted',
                  ':pending': 'pending',
                  ':now': a.receivedAt,
                  ':ph': a.phase,
                  ':u': a.unit,
                },
              },
            },
          ],
        }),
      );
      return 'accepted';
    } catch (e) {
      if (cancelledByCondition(e)) return 'settled';
      throw e;
    }
  }

  async unitRecords(
    round: string,
    unit: string,
  ): Promise<{ submissions: Submission[]; agreed: AgreedRecord[] }> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.unitPartition(round, unit) },
    });
    return {
      submissions: items.filter((i) => i.type === 'submission').map((i) => strip(i) as unknown as Submission),
      agreed: items.filter((i) => i.type === 'agreed').map((i) => strip(i) as unknown as AgreedRecord),
    };
  }

  async unitSubmissions(round: string, unit: string): Promise<Submission[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sub)',
      ExpressionAttributeValues: { ':pk': keys.unitPartition(round, unit), ':sub': 'SUB#' },
    });
    return items.map((i) => strip(i) as unknown as Submission);
  }

  /** One Query, followed through its pages. */
  private async queryAll(
    q: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.db.send(
        new QueryCommand({ ...q, TableName: this.table, ExclusiveStartKey: start }),
      );
      out.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async roundSummary(
    round: string,
  ): Promise<{ submissions: SubmissionSummary[]; rejections: RejectionSummary[] }> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.roundIndex(round) },
    });
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
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, type: _t, ...rest } = item;
  return rest;
}
