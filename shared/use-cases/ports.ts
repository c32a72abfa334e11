import type { Issue } from '../domain/issues.ts';
import type { Phase } from '../domain/layout.ts';
import type { Roster } from '../domain/roster.ts';
import type { ItemInputs } from '../domain/scoring.ts';
import type { ReconcileMethod } from '../domain/results.ts';

import type { PhaseState } from '../api/phases.ts';
import type { RoundKind, UploadState } from '../api/terms.ts';
import type { RuleSetFile, Text } from '../domain/rule-set-schema.ts';
import type { EvidenceKind } from '../domain/file-kind.ts';
import type { Person } from '../domain/people.ts';
export type { PhaseState };

/** A round of assessment in a district (e.g. "2026"). */
export interface RoundRecord {
  round: string;
  rules: string;
  /** How formal scores are reconciled. @default 'trimmed-mean' (falls back to mean under 5 assessors) */
  method?: ReconcileMethod | undefined;
  ruleVersion: number;
  fingerprint: string;
  phases: Record<Phase, PhaseState>;
  createdAt: string;
  createdBy: string;
  /** A calibration round (absent: an assessment): its reference cases stand where units stand. */
  kind?: RoundKind | undefined;
  cases?: { code: string; title: string; description?: string | undefined }[] | undefined;
  /** A calibration report released to the assessors (each then sees its own deviations). */
  released?: boolean | undefined;
  /** A two-way calibration: the units' archive staff score the cases too, as their unit's code. */
  withUnits?: boolean | undefined;
  /** The rectification notice's deadline, set by an admin (absent: no notice issued yet). */
  rectification?: RectificationSetting | undefined;
}

/** When a unit must have answered its rectification notice (整改通知书), and who said so. */
export interface RectificationSetting {
  /** The last day, YYYY-MM-DD (China time). */
  deadline: string;
  setBy: string;
  setAt: string;
}

/** One item of a unit's rectification answer: what it says it did. */
export interface RectAnswerEntry {
  code: string;
  status: 'fixed' | 'partly' | 'not';
  done: string;
  evidence: string[];
}

/** A unit's answer to its rectification notice (整改回复), from one uploaded workbook; the latest counts. */
export interface RectAnswerRecord {
  round: string;
  unit: string;
  uploadId: string;
  receivedAt: string;
  by: Caller;
  sha256: string;
  /** The deadline in force when it arrived, and whether it arrived after that day. */
  deadline: string;
  late: boolean;
  items: RectAnswerEntry[];
  warnings: Issue[];
}

/** Who is calling, from the JWT claims (Cognito in AWS, the local key at home). */
export interface Caller {
  sub: string;
  role: 'admin' | 'assessor' | 'unit';
  /** The assessor id or unit code the caller acts as; empty for admins. */
  ref: string;
  district: string;
}

/** Where an upload's bytes live. */
export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string | undefined;
}

/** One item of an accepted submission: the inputs as read and the score computed. */
export interface SubmittedItem {
  code: string;
  inputs: ItemInputs;
  score: number | null;
  max: number;
  na: boolean;
  pending: boolean;
  problem?: string | undefined;
  suggestion?: string | undefined;
}

/** A category's subtotal on one sheet. */
export interface CategoryScore {
  code: string;
  score: number;
  max: number;
  na: boolean;
}

/** An accepted upload: an immutable submission version. */
export interface Submission {
  round: string;
  phase: Phase;
  unit: string;
  assessor: string;
  uploadId: string;
  receivedAt: string;
  uploader: Caller;
  source: ObjectRef;
  sha256: string;
  ruleSet: string;
  ruleVersion: number;
  fingerprint: string;
  total: number;
  raw: number;
  applicableMax: number;
  complete: boolean;
  grade: string | null;
  vetoed: boolean;
  /** Facts of the rule set that fail the unit outright, recorded on the sheet (absent when none). */
  failedFacts?: string[] | undefined;
  /** Category subtotals over applicable items (absent on records stored before they were kept). */
  categories?: CategoryScore[] | undefined;
  items: SubmittedItem[];
  warnings: Issue[];
  /** Set when an admin uploaded the sheet after the panel's scores were visible (with the reason). */
  late?: LateUpload | undefined;
}

/** An admin's upload of a sheet after the phase's scoring closed: who, when and why. */
export interface LateUpload {
  reason: string;
  by: string;
  at: string;
}

/** A refused upload, kept with its reasons. */
export interface Rejection {
  round: string;
  uploadId: string;
  receivedAt: string;
  uploader: Caller | null;
  source: ObjectRef;
  sha256: string;
  phase?: string | undefined;
  unit?: string | undefined;
  assessor?: string | undefined;
  issues: Issue[];
  /** The uploader's workbook with the problems marked, when it could be annotated. */
  annotatedKey?: string | undefined;
}

/** Agreed scores from one uploaded reconciliation sheet (合议表); the latest per unit and phase counts. */
export interface AgreedRecord {
  round: string;
  unit: string;
  phase: Phase;
  uploadId: string;
  receivedAt: string;
  by: Caller;
  sha256: string;
  agreed: { code: string; score: number; reason: string }[];
  /** The panel's decisions on veto disagreements (absent on records stored before they were kept). */
  vetoDecisions?: { code: string; verdict: 'confirm' | 'overturn'; reason: string }[] | undefined;
}

/**
 * The district's signing key (HMAC) for sheets cepin later trusts, such as reconciliation sheets:
 * a secret of the stack in AWS, a file in the data folder locally. Read once per container.
 */
export type SigningKey = () => Promise<Uint8Array>;

/** What happened to an upload, as the uploader sees it (the API's UPLOAD_STATES). */
export type { UploadState };

/** An upload slot handed out with a presigned URL, then settled by ingest. */
export interface UploadRecord {
  uploadId: string;
  round: string;
  fileName: string;
  key: string;
  caller: Caller;
  createdAt: string;
  state: UploadState;
  settledAt?: string | undefined;
  /** For accepted and duplicate uploads: the slot and totals. */
  phase?: Phase | undefined;
  unit?: string | undefined;
  assessor?: string | undefined;
  total?: number | undefined;
  grade?: string | null | undefined;
  categories?: CategoryScore[] | undefined;
  duplicateOf?: string | undefined;
  issues?: Issue[] | undefined;
  annotatedKey?: string | undefined;
  /** An admin's late upload (accepted while scoring is closed), with its reason. */
  late?: LateUpload | undefined;
  /** For an accepted (or duplicate) rubric workbook: the stored version it made (or already was). */
  rubric?: RubricRef | undefined;
  /** An evidence file's slot (key under `evidence/`): its unit and item; once accepted, its kind. */
  evidence?: { unit: string; item?: string | undefined; type?: EvidenceKind | undefined } | undefined;
}

/**
 * An evidence file (佐证材料) of a unit in a round, optionally for one scored item: immutable once
 * stored (docs/storage.md). Its id is the id of the upload that brought it.
 */
export interface EvidenceRecord {
  round: string;
  unit: string;
  item?: string | undefined;
  id: string;
  /** The name it was uploaded with (shown; downloads are named for `type`). */
  fileName: string;
  /** The kind found in its bytes (the API calls it `type`; an item's `type` is its record type). */
  kind: EvidenceKind;
  size: number;
  sha256: string;
  uploadedAt: string;
  by: Caller;
  source: ObjectRef;
}

/** What storing an evidence file did: stored, the same bytes already there for the unit and item, or settled before. */
export type PutEvidenceOutcome =
  { outcome: 'accepted' } | { outcome: 'duplicate'; of: string } | { outcome: 'settled' };

/** One stored rubric version, by id and version, with the fingerprint of its content. */
export interface RubricRef {
  id: string;
  version: number;
  fingerprint: string;
}

/**
 * An immutable rubric version (测评细则) of the district: the resolved rule set as a full rule file
 * (an overlay is stored applied to the base version it was checked against), who stored it when,
 * and where its source workbook is kept. Never changed or deleted once stored.
 */
export interface RubricVersion extends RubricRef {
  title: Text;
  /** The base an overlay refined: its id and the exact version it was applied to. */
  base?: { id: string; version: number } | undefined;
  /** A sample shipped with cepin and seeded into the district, or a workbook an admin uploaded. */
  origin: 'sample' | 'upload';
  createdAt: string;
  /** The uploader's subject, or `cepin` for the samples. */
  createdBy: string;
  uploadId?: string | undefined;
  fileName?: string | undefined;
  /** The uploaded workbook, kept as it came (uploads only). */
  sourceKey?: string | undefined;
  file: RuleSetFile;
}

/** What storing a rubric version did. */
export type PutRubricOutcome =
  | { outcome: 'created' }
  /** The same content is already stored under this id: that version. */
  | { outcome: 'duplicate'; version: number }
  /** The version number is taken by other content. */
  | { outcome: 'version-taken' }
  | { outcome: 'settled' };

/** The largest page of the audit trail one read returns. */
export const AUDIT_PAGE_MAX = 1000;

/**
 * One line of the audit trail: who read or changed what, when, and with what outcome. Written once,
 * never changed or deleted (docs/security.md, "Audit trail").
 */
export interface AuditEntry {
  /** Unique within the round; deterministic for ingest events so a retried message writes one. */
  id: string;
  at: string;
  /** The round concerned ('-' when the request named none). */
  round: string;
  /** Who: the caller of a route, or the uploader of a settled upload. */
  caller: { sub: string; role: string; ref: string } | null;
  /** A route key (`GET /rounds/{round}/results`) or an event (`upload.accepted`, `agreed.accepted`...). */
  action: string;
  /** The HTTP status of a route call, or the event's outcome. */
  outcome: string;
  unit?: string | undefined;
  phase?: string | undefined;
  assessor?: string | undefined;
  uploadId?: string | undefined;
  /** Parameters that say what was asked (query, action, reason), short. */
  detail?: string | undefined;
}

/** What became of an accepted sheet at the store. */
export type AcceptOutcome =
  | { outcome: 'accepted' }
  | { outcome: 'duplicate'; of: string }
  | { outcome: 'settled' }
  | { outcome: 'phase-closed' };

/** The district's records (DynamoDB in AWS and locally). */
export interface Store {
  putRound(round: RoundRecord, roster: Roster): Promise<'created' | 'exists'>;
  getRound(round: string): Promise<RoundRecord | undefined>;
  /** The district's rounds, newest first: one Query on the round listing. */
  listRounds(): Promise<RoundRecord[]>;
  getRoster(round: string): Promise<Roster | undefined>;
  /** Marks a calibration round's report released to its assessors (idempotent). */
  releaseCalibration(round: string): Promise<RoundRecord>;
  /** Moves a phase from `from` to `to`; 'changed' when it is no longer in `from` (someone else moved it). */
  setPhase(round: string, phase: Phase, from: PhaseState, to: PhaseState): Promise<RoundRecord | 'changed'>;
  putUpload(upload: UploadRecord): Promise<void>;
  getUpload(uploadId: string): Promise<UploadRecord | undefined>;
  /** One caller's uploads in a round, oldest first: one Query (eventually consistent). */
  callerUploads(round: string, sub: string): Promise<UploadRecord[]>;
  /**
   * Stores an accepted submission and settles its upload in one transaction, on condition that the
   * phase is still in one of `phaseStates` (default: open); 'phase-closed' when it no longer is,
   * 'duplicate' when the same bytes already fill the slot, 'settled' when the upload was settled.
   */
  accept(s: Submission, phaseStates?: readonly PhaseState[]): Promise<AcceptOutcome>;
  /** Stores a rejection and settles its upload in one transaction; 'settled' when already done. */
  reject(r: Rejection): Promise<'rejected' | 'settled'>;
  /** Stores a reconciliation sheet's agreed scores and settles its upload in one transaction, while the phase is scoring-closed. */
  acceptAgreed(a: AgreedRecord): Promise<'accepted' | 'settled' | 'phase-closed'>;
  /** Appends one entry to the audit trail (never overwrites). */
  audit(e: AuditEntry): Promise<void>;
  /** A round's audit trail, newest first, optionally one unit's entries only; up to `limit`, older than `before`. */
  auditTrail(round: string, q?: { unit?: string; limit?: number; before?: string }): Promise<AuditEntry[]>;
  /**
   * Stores a rubric version on condition that neither its (id, version) nor its (id, fingerprint) is
   * stored yet; with an `uploadId`, settles that upload in the same transaction (accepted, or
   * duplicate of the version with the same content).
   */
  putRubric(v: RubricVersion): Promise<PutRubricOutcome>;
  /** One rubric version: one GetItem. */
  getRubric(id: string, version: number): Promise<RubricVersion | undefined>;
  /** Every stored rubric version of the district, by id then version: one Query (content included). */
  listRubrics(): Promise<RubricVersion[]>;
  /**
   * Stores an evidence file, its content marker (same unit, item and bytes: a duplicate) and the
   * upload's outcome with its audit entry in one transaction.
   */
  putEvidence(e: EvidenceRecord): Promise<PutEvidenceOutcome>;
  /** A unit's evidence files in a round, oldest first: one Query of its partition. */
  unitEvidence(round: string, unit: string): Promise<EvidenceRecord[]>;
  /** Sets (or replaces) a round's rectification deadline; undefined when the round does not exist. */
  setRectification(round: string, r: RectificationSetting): Promise<RoundRecord | undefined>;
  /**
   * Stores a rectification answer with its content marker (the same bytes again for the unit: a
   * duplicate), the upload's outcome and its audit entry in one transaction, while the formal phase
   * is not closed.
   */
  acceptRectAnswer(a: RectAnswerRecord): Promise<AcceptOutcome>;
  /** Every submission of one unit in a round: one Query. */
  unitSubmissions(round: string, unit: string): Promise<Submission[]>;
  /** A unit's submissions, agreed-score records and rectification answers in a round: one Query over its partition. */
  unitRecords(round: string, unit: string): Promise<UnitRecords>;
  /** Every submission and rejection of a round, for status pages: one paginated Query on the round index. */
  roundSummary(round: string): Promise<{ submissions: SubmissionSummary[]; rejections: RejectionSummary[] }>;
  // The people directory (docs/security.md, "People and sign-in"; docs/storage.md).
  /** Every person of the district, by role, then ref, then sign-in name: one Query. */
  listPeople(): Promise<Person[]>;
  /** One person by sign-in name (consistent read). */
  getPerson(login: string): Promise<Person | undefined>;
  /** Adds or replaces a person; an existing binding is kept unless `p.bound` is given. */
  putPerson(p: Person): Promise<void>;
  /** The person bound to a sign-in identity (issuer + subject), if any. */
  personBySubject(issuer: string, subject: string): Promise<Person | undefined>;
  /**
   * Binds a sign-in identity to a person in one transaction, on condition that the person exists,
   * is active and not bound yet, and that nobody holds the identity; 'taken' when a condition failed.
   */
  bindPerson(login: string, issuer: string, subject: string, at: string): Promise<'bound' | 'taken'>;
  /** Enables or disables a person; undefined when there is no such person. */
  setPersonActive(login: string, active: boolean, by: string, at: string): Promise<Person | undefined>;
}

/** What one Query of a unit's partition holds. */
export interface UnitRecords {
  submissions: Submission[];
  agreed: AgreedRecord[];
  /** Rectification answers, oldest first (absent in test doubles that predate them). */
  answers?: RectAnswerRecord[] | undefined;
}

/** What status listings need of a submission. */
export interface SubmissionSummary {
  phase: Phase;
  unit: string;
  assessor: string;
  receivedAt: string;
  uploadId: string;
  total: number;
  grade: string | null;
}

/** What status listings need of a rejection. */
export interface RejectionSummary {
  phase?: string | undefined;
  unit?: string | undefined;
  assessor?: string | undefined;
  receivedAt: string;
  uploadId: string;
  issueCount: number;
}

/** What a presigned upload allows: how long, how large, which content type. */
export interface PresignPostOptions {
  expiresIn: number;
  maxBytes: number;
  contentType: string;
}

/** Where to POST an upload and the signed form fields to send with it. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/** Upload and report files (S3 in AWS, s3rver locally). */
export interface Objects {
  bucket: string;
  get(
    key: string,
    versionId?: string,
  ): Promise<{ bytes: Uint8Array; versionId?: string | undefined; size: number }>;
  head(key: string): Promise<{ size: number } | undefined>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /**
   * A presigned browser-style POST for one upload: the form `fields` to send, then the file as the
   * last field `file`. The signed policy binds the exact key, the content type and the size range
   * 1..maxBytes, so the store itself refuses a larger file or another key.
   */
  presignPost(key: string, o: PresignPostOptions): Promise<PresignedPost>;
  presignGet(key: string, expiresIn: number, downloadName?: string): Promise<string>;
}
