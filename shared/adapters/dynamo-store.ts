import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
  AcceptOutcome,
  AgreedRecord,
  AuditEntry,
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

/** One item of a TransactWriteItems request. */
type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

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
    const t = await this.transact([
      this.putNew({
        ...keys.round(round.round),
        ...keys.roundListing(round.round, round.createdAt),
        type: 'round',
        ...plain(round),
      }),
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.roster(round.round), type: 'roster', roster: plain(roster) },
        },
      },
    ]);
    return t.ok ? 'created' : 'exists';
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

  async setPhase(
    round: string,
    phase: Phase,
    from: PhaseState,
    to: PhaseState,
  ): Promise<RoundRecord | 'changed'> {
    try {
      const r = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.round(round),
          UpdateExpression: 'SET phases.#p = :to',
          // Only from the state the caller saw: two admins racing cannot both move the phase.
          ConditionExpression: 'attribute_exists(PK) AND phases.#p = :from',
          ExpressionAttributeNames: { '#p': phase },
          ExpressionAttributeValues: { ':to': to, ':from': from },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip(r.Attributes!) as unknown as RoundRecord;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'changed';
      throw e;
    }
  }

  /** A ConditionCheck that the round's phase is in one of `states` when the transaction commits. */
  private phaseIn(round: string, phase: Phase, states: readonly PhaseState[]): TransactItem {
    const values = Object.fromEntries(states.map((st, i) => [`:ph${i}`, st]));
    return {
      ConditionCheck: {
        TableName: this.table,
        Key: keys.round(round),
        ConditionExpression: `phases.#ph IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#ph': phase },
        ExpressionAttributeValues: values,
      },
    };
  }

  async putUpload(u: UploadRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.upload(u.uploadId),
          ...keys.uploadListing(u.round, u.caller.sub, u.createdAt, u.uploadId),
          type: 'upload',
          ...plain(u),
        },
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

  async listRounds(): Promise<RoundRecord[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.roundsIndex },
      ScanIndexForward: false,
    });
    return items.map((i) => strip(i) as unknown as RoundRecord);
  }

  async callerUploads(round: string, sub: string): Promise<UploadRecord[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.callerUploadsIndex(round, sub) },
    });
    return items.map((i) => strip(i) as unknown as UploadRecord);
  }

  /** The audit entry of a settled upload, written in the same transaction as the outcome. */
  private auditItem(e: Omit<AuditEntry, 'id'> & { uploadId: string }): TransactItem {
    const entry: AuditEntry = { ...e, id: `ingest-${e.uploadId}` };
    return this.putNew({ ...keys.audit(entry), type: 'audit', ...plain(entry) });
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.audit(e), type: 'audit', ...plain(e) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async auditTrail(
    round: string,
    q: { unit?: string; limit?: number; before?: string } = {},
  ): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
    const out: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    const [pk, sk] = q.unit ? ['GSI1PK', 'GSI1SK'] : ['PK', 'SK'];
    do {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: q.unit ? 'GSI1' : undefined,
          KeyConditionExpression: q.before ? `${pk} = :pk AND ${sk} < :before` : `${pk} = :pk`,
          ExpressionAttributeValues: {
            ':pk': q.unit ? keys.auditUnitIndex(round, q.unit) : keys.auditPartition(round),
            ...(q.before ? { ':before': q.before } : {}),
          },
          ScanIndexForward: false,
          Limit: limit - out.length,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(r.Items ?? []).map((i) => strip(i) as unknown as AuditEntry));
      start = r.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  /** The common fields of an upload's audit entry. */
  private uploadEvent(x: {
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
  private putNew(item: Record<string, unknown>) {
    return { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
  }

  /** An Update settling an upload slot that is still `pending` (or, for rejections of unknown uploads, missing). */
  private settle(
    uploadId: string,
    state: UploadRecord['state'],
    fields: Record<string, unknown>,
    allowMissing = false,
  ) {
    const attrs = Object.keys(fields);
    return {
      Update: {
        TableName: this.table,
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
  private async transact(
    items: TransactItem[],
  ): Promise<{ ok: true } | { ok: false; reasons: (string | undefined)[] }> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (e) {
      if (!cancelledByCondition(e)) throw e;
      return {
        ok: false,
        reasons: ((e as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code),
      };
    }
  }

  async accept(s: Submission, phaseStates: readonly PhaseState[] = ['open']): Promise<AcceptOutcome> {
    const slot = {
      settledAt: s.receivedAt,
      phase: s.phase,
      unit: s.unit,
      assessor: s.assessor,
      total: s.total,
      grade: s.grade,
      categories: s.categories,
    };
    const sha = keys.sha(s.round, s.unit, s.phase, s.assessor, s.sha256);
    const r = await this.transact([
      this.putNew({ ...sha, type: 'sha', uploadId: s.uploadId }),
      this.putNew({ ...keys.submission(s), type: 'submission', ...plain(s) }),
      this.settle(s.uploadId, 'accepted', slot),
      // The phase may have closed since the sheet was checked: then nothing is stored.
      this.phaseIn(s.round, s.phase, phaseStates),
      this.auditItem({ ...this.uploadEvent(s), action: 'upload.accepted', outcome: 'accepted' }),
    ]);
    if (r.ok) return { outcome: 'accepted' };
    if (r.reasons[2] === 'ConditionalCheckFailed') return { outcome: 'settled' };
    if (r.reasons[3] === 'ConditionalCheckFailed') return { outcome: 'phase-closed' };
    // The same bytes already fill the slot: settle this upload as a duplicate of the first.
    const first = await this.db.send(
      new GetCommand({ TableName: this.table, Key: sha, ConsistentRead: true }),
    );
    const of = String(first.Item?.uploadId ?? '');
    if (of === s.uploadId) return { outcome: 'settled' };
    const d = await this.transact([
      this.settle(s.uploadId, 'duplicate', { ...slot, duplicateOf: of }),
      this.auditItem({
        ...this.uploadEvent(s),
        action: 'upload.duplicate',
        outcome: 'duplicate',
        detail: of,
      }),
    ]);
    return d.ok ? { outcome: 'duplicate', of } : { outcome: 'settled' };
  }

  async reject(r: Rejection): Promise<'rejected' | 'settled'> {
    const t = await this.transact([
      this.auditItem({
        ...this.uploadEvent({ ...r, uploader: r.uploader ?? undefined }),
        action: 'upload.rejected',
        outcome: 'rejected',
        detail: [...new Set(r.issues.map((i) => i.code))].join(' ').slice(0, 400),
      }),
      this.putNew({ ...keys.rejection(r), type: 'rejection', ...plain(r) }),
      this.settle(
        r.uploadId,
        'rejected',
        {
          settledAt: r.receivedAt,
          issues: r.issues,
          annotatedKey: r.annotatedKey,
          phase: r.phase,
          unit: r.unit,
          assessor: r.assessor,
        },
        true,
      ),
    ]);
    return t.ok ? 'rejected' : 'settled';
  }

  async acceptAgreed(a: AgreedRecord): Promise<'accepted' | 'settled' | 'phase-closed'> {
    const t = await this.transact([
      this.putNew({ ...keys.agreed(a), type: 'agreed', ...plain(a) }),
      this.settle(a.uploadId, 'accepted', { settledAt: a.receivedAt, phase: a.phase, unit: a.unit }),
      // Agreed scores only between close-scoring and close of that phase.
      this.phaseIn(a.round, a.phase, ['scoring-closed']),
      this.auditItem({
        ...this.uploadEvent({ ...a, uploader: a.by }),
        action: 'agreed.accepted',
        outcome: 'accepted',
        detail: a.agreed
          .map((x) => `${x.code}=${x.score}`)
          .join(' ')
          .slice(0, 400),
      }),
    ]);
    if (t.ok) return 'accepted';
    const settled = t.reasons[0] === 'ConditionalCheckFailed' || t.reasons[1] === 'ConditionalCheckFailed';
    // (an audit entry of this upload already written means it was settled before, too)
    return settled ? 'settled' : 'phase-closed';
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
