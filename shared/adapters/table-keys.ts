import type { AgreedRecord, AuditEntry, Rejection, Submission } from '../use-cases/ports.ts';

/**
 * The single-table key design (documented in docs/storage.md). Submissions and rejections of a
 * unit share its partition, so one Query reads a unit's round; the GSI1 round index lists a
 * whole round for status pages without a Scan.
 */
export const keys = {
  round: (round: string) => ({ PK: `ROUND#${round}`, SK: 'ROUND' }),
  /** The district's rounds, listed newest first on GSI1 (a handful a year: one partition is plenty). */
  roundListing: (round: string, createdAt: string) => ({ GSI1PK: 'ROUNDS', GSI1SK: `${createdAt}#${round}` }),
  roundsIndex: 'ROUNDS',
  roster: (round: string) => ({ PK: `ROUND#${round}`, SK: 'ROSTER' }),
  upload: (uploadId: string) => ({ PK: `UPLOAD#${uploadId}`, SK: 'UPLOAD' }),
  /** One caller's uploads in a round, on GSI1, oldest first. */
  uploadListing: (round: string, sub: string, createdAt: string, uploadId: string) => ({
    GSI1PK: `UPLOADS#${round}#${sub}`,
    GSI1SK: `${createdAt}#${uploadId}`,
  }),
  callerUploadsIndex: (round: string, sub: string) => `UPLOADS#${round}#${sub}`,
  unitPartition: (round: string, unit: string) => `ROUND#${round}#UNIT#${unit}`,
  roundIndex: (round: string) => `ROUND#${round}`,
  sha: (round: string, unit: string, phase: string, assessor: string, sha256: string) => ({
    PK: `ROUND#${round}#UNIT#${unit}`,
    SK: `SHA#${phase}#${assessor || '-'}#${sha256}`,
  }),
  submission: (s: Submission) => ({
    PK: `ROUND#${s.round}#UNIT#${s.unit}`,
    SK: `SUB#${s.phase}#${s.assessor || '-'}#${s.receivedAt}#${s.uploadId}`,
    GSI1PK: `ROUND#${s.round}`,
    GSI1SK: `SUB#${s.unit}#${s.phase}#${s.assessor || '-'}#${s.receivedAt}#${s.uploadId}`,
  }),
  agreed: (a: AgreedRecord) => ({
    PK: `ROUND#${a.round}#UNIT#${a.unit}`,
    SK: `AGREED#${a.phase}#${a.receivedAt}#${a.uploadId}`,
  }),
  rejection: (r: Rejection) => ({
    PK: `ROUND#${r.round}#UNIT#${r.unit ?? '-'}`,
    SK: `REJ#${r.receivedAt}#${r.uploadId}`,
    GSI1PK: `ROUND#${r.round}`,
    GSI1SK: `REJ#${r.receivedAt}#${r.uploadId}`,
  }),
  /** The audit trail: one partition per round, time-ordered; a unit's entries also on GSI1. */
  audit: (e: Pick<AuditEntry, 'round' | 'at' | 'id' | 'unit'>) => ({
    PK: `AUDIT#${e.round}`,
    SK: `${e.at}#${e.id}`,
    ...(e.unit ? { GSI1PK: `AUDIT#${e.round}#UNIT#${e.unit}`, GSI1SK: `${e.at}#${e.id}` } : {}),
  }),
  auditPartition: (round: string) => `AUDIT#${round}`,
  /** A rubric version; the district's versions listed on GSI1 by id then version. */
  rubric: (id: string, version: number) => ({
    PK: `RUBRIC#${id}`,
    SK: `V#${String(version).padStart(6, '0')}`,
    GSI1PK: 'RUBRICS',
    GSI1SK: `${id}#${String(version).padStart(6, '0')}`,
  }),
  /** One per (id, content): the same rubric stored twice is one version. */
  rubricContent: (id: string, fingerprint: string) => ({ PK: `RUBRIC#${id}`, SK: `FP#${fingerprint}` }),
  rubricsIndex: 'RUBRICS',
  auditUnitIndex: (round: string, unit: string) => `AUDIT#${round}#UNIT#${unit}`,
  /** An evidence file (佐证材料) in its unit's partition, time-ordered. */
  evidence: (round: string, unit: string, uploadedAt: string, id: string) => ({
    PK: `ROUND#${round}#UNIT#${unit}`,
    SK: `EVID#${uploadedAt}#${id}`,
  }),
  evidencePrefix: 'EVID#',
  /** A unit's rectification answer (整改回复), time-ordered in its partition. */
  rectAnswer: (round: string, unit: string, receivedAt: string, uploadId: string) => ({
    PK: `ROUND#${round}#UNIT#${unit}`,
    SK: `RECT#${receivedAt}#${uploadId}`,
  }),
  /** One per (unit, bytes): the same answer uploaded twice is one. */
  rectContent: (round: string, unit: string, sha256: string) => ({
    PK: `ROUND#${round}#UNIT#${unit}`,
    SK: `SHA#RECT#${sha256}`,
  }),
  /** One per (unit, item, bytes): the same file attached twice to the same item is one. */
  evidenceContent: (round: string, unit: string, item: string | undefined, sha256: string) => ({
    PK: `ROUND#${round}#UNIT#${unit}`,
    SK: `SHA#EVID#${item || '-'}#${sha256}`,
  }),
  /** A person of the district's people directory, listed on GSI1 by role, then ref, then sign-in name. */
  person: (login: string) => ({ PK: `PERSON#${login}`, SK: 'PERSON' }),
  personListing: (role: string, ref: string, login: string) => ({
    GSI1PK: 'PEOPLE',
    GSI1SK: `${role}#${ref}#${login}`,
  }),
  peopleIndex: 'PEOPLE',
  /** One per sign-in identity (issuer + subject) bound to a person: a subject holds one person. */
  subject: (issuer: string, subject: string) => ({ PK: `SUBJECT#${issuer}#${subject}`, SK: 'SUBJECT' }),
};

/** The table's key schema, shared by the local setup and the CDK stack. */
export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
} as const;
