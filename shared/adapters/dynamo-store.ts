import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Phase } from '../domain/layout.ts';
import type { Roster } from '../domain/roster.ts';
import type {
  AcceptOutcome,
  AgreedRecord,
  AuditEntry,
  EvidenceRecord,
  PhaseState,
  PutEvidenceOutcome,
  PutRubricOutcome,
  RectAnswerRecord,
  RectificationSetting,
  Rejection,
  RubricVersion,
  RejectionSummary,
  RoundRecord,
  Store,
  Submission,
  SubmissionSummary,
  UnitRecords,
  UploadRecord,
} from '../use-cases/ports.ts';
import {
  ingestAuditItem,
  plain,
  putNew,
  settle,
  strip,
  transact,
  uploadEvent,
  type TransactItem,
} from './dynamo-items.ts';
import { queryAuditTrail, queryPages, summarise, type PagedQuery } from './dynamo-reads.ts';
import { keys } from './table-keys.ts';
import { getRubric, listRubrics, putRubric } from './dynamo-rubrics.ts';
import { putEvidence, unitEvidence } from './dynamo-evidence.ts';
import { acceptRectAnswer, setRectification } from './dynamo-rectification.ts';
import type { Person } from '../domain/people.ts';
import {
  bindPerson,
  getPerson,
  listPeople,
  personBySubject,
  putPerson,
  setPersonActive,
} from './dynamo-people.ts';

/** The district's records in one DynamoDB table (single-table design; see docs/storage.md). */
export class DynamoStore implements Store {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putRound(round: RoundRecord, roster: Roster): Promise<'created' | 'exists'> {
    const t = await transact(this.db, [
      putNew(this.table, {
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

  async releaseCalibration(round: string): Promise<RoundRecord> {
    const r = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.round(round),
        UpdateExpression: 'SET released = :t',
        ConditionExpression: 'attribute_exists(PK) AND kind = :c',
        ExpressionAttributeValues: { ':t': true, ':c': 'calibration' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(r.Attributes!) as unknown as RoundRecord;
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
    return ingestAuditItem(this.table, e);
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

  auditTrail(
    round: string,
    q: { unit?: string; limit?: number; before?: string } = {},
  ): Promise<AuditEntry[]> {
    return queryAuditTrail(this.db, this.table, round, q);
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
    const r = await transact(this.db, [
      putNew(this.table, { ...sha, type: 'sha', uploadId: s.uploadId }),
      putNew(this.table, { ...keys.submission(s), type: 'submission', ...plain(s) }),
      settle(this.table, s.uploadId, 'accepted', slot),
      // The phase may have closed since the sheet was checked: then nothing is stored.
      this.phaseIn(s.round, s.phase, phaseStates),
      this.auditItem({ ...uploadEvent(s), action: 'upload.accepted', outcome: 'accepted' }),
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
    const d = await transact(this.db, [
      settle(this.table, s.uploadId, 'duplicate', { ...slot, duplicateOf: of }),
      this.auditItem({
        ...uploadEvent(s),
        action: 'upload.duplicate',
        outcome: 'duplicate',
        detail: of,
      }),
    ]);
    return d.ok ? { outcome: 'duplicate', of } : { outcome: 'settled' };
  }

  async reject(r: Rejection): Promise<'rejected' | 'settled'> {
    const t = await transact(this.db, [
      this.auditItem({
        ...uploadEvent({ ...r, uploader: r.uploader ?? undefined }),
        action: 'upload.rejected',
        outcome: 'rejected',
        detail: [...new Set(r.issues.map((i) => i.code))].join(' ').slice(0, 400),
      }),
      putNew(this.table, { ...keys.rejection(r), type: 'rejection', ...plain(r) }),
      settle(
        this.table,
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
    const t = await transact(this.db, [
      putNew(this.table, { ...keys.agreed(a), type: 'agreed', ...plain(a) }),
      settle(this.table, a.uploadId, 'accepted', { settledAt: a.receivedAt, phase: a.phase, unit: a.unit }),
      // Agreed scores only between close-scoring and close of that phase.
      this.phaseIn(a.round, a.phase, ['scoring-closed']),
      this.auditItem({
        ...uploadEvent({ ...a, uploader: a.by }),
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

  putRubric(v: RubricVersion): Promise<PutRubricOutcome> {
    return putRubric(this.db, this.table, v);
  }

  getRubric(id: string, version: number): Promise<RubricVersion | undefined> {
    return getRubric(this.db, this.table, id, version);
  }

  listRubrics(): Promise<RubricVersion[]> {
    return listRubrics(this.db, this.table);
  }

  putEvidence(e: EvidenceRecord): Promise<PutEvidenceOutcome> {
    return putEvidence(this.db, this.table, e);
  }

  unitEvidence(round: string, unit: string): Promise<EvidenceRecord[]> {
    return unitEvidence(this.db, this.table, round, unit);
  }

  setRectification(round: string, r: RectificationSetting): Promise<RoundRecord | undefined> {
    return setRectification(this.db, this.table, round, r);
  }

  acceptRectAnswer(a: RectAnswerRecord): Promise<AcceptOutcome> {
    return acceptRectAnswer(this.db, this.table, a);
  }

  listPeople(): Promise<Person[]> {
    return listPeople(this.db, this.table);
  }

  getPerson(login: string): Promise<Person | undefined> {
    return getPerson(this.db, this.table, login);
  }

  putPerson(p: Person): Promise<void> {
    return putPerson(this.db, this.table, p);
  }

  personBySubject(issuer: string, subject: string): Promise<Person | undefined> {
    return personBySubject(this.db, this.table, issuer, subject);
  }

  bindPerson(login: string, issuer: string, subject: string, at: string): Promise<'bound' | 'taken'> {
    return bindPerson(this.db, this.table, login, issuer, subject, at);
  }

  setPersonActive(login: string, active: boolean, by: string, at: string): Promise<Person | undefined> {
    return setPersonActive(this.db, this.table, login, active, by, at);
  }

  async unitRecords(round: string, unit: string): Promise<UnitRecords> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.unitPartition(round, unit) },
    });
    return {
      submissions: items.filter((i) => i.type === 'submission').map((i) => strip(i) as unknown as Submission),
      agreed: items.filter((i) => i.type === 'agreed').map((i) => strip(i) as unknown as AgreedRecord),
      answers: items
        .filter((i) => i.type === 'rect-answer')
        .map((i) => strip(i) as unknown as RectAnswerRecord),
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
  private queryAll(q: PagedQuery): Promise<Record<string, unknown>[]> {
    return queryPages(this.db, this.table, q);
  }

  async roundSummary(
    round: string,
  ): Promise<{ submissions: SubmissionSummary[]; rejections: RejectionSummary[] }> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.roundIndex(round) },
    });
    return summarise(items);
  }
}
