/**
 * The API's vocabulary as plain values (no zod, no node: modules), so the portal can import them
 * at runtime for next to nothing: languages, roles, reconciliation methods, the round-id pattern,
 * upload and slot states, error codes. The server parses with these, the portal offers them.
 */
import type { ReconcileMethod } from '../domain/results.ts';

/** `tr(text, lang)`: a rule set's text in a language, English falling back to Chinese. */
export { LANGS, tr, type Lang } from '../domain/text.ts';
export { RECONCILABLE_PHASES, type ReconPhase } from '../domain/reconciliation-rules.ts';

/** Who may call: from the JWT's custom claims. */
export const ROLES = ['admin', 'assessor', 'unit'] as const;
export type Role = (typeof ROLES)[number];

/** How a round reconciles formal scores, the default first. */
export const RECONCILE_METHODS = [
  'trimmed-mean',
  'mean',
  'median',
] as const satisfies readonly ReconcileMethod[];
export const DEFAULT_RECONCILE_METHOD = RECONCILE_METHODS[0];
/** Fails to compile when the domain knows a method the list above leaves out. */
type Complete<T extends true> = T;
export type _AllMethodsListed = Complete<
  Exclude<ReconcileMethod, (typeof RECONCILE_METHODS)[number]> extends never ? true : false
>;

/**
 * Round ids: a year or a short name. Written for an HTML `pattern` attribute (browsers compile it
 * with the `v` flag, where `-` in a class must be escaped); `ROUND_ID` is the anchored expression.
 */
export const ROUND_ID_PATTERN = String.raw`[A-Za-z0-9][A-Za-z0-9\-]{0,31}`;
export const ROUND_ID = new RegExp(`^(?:${ROUND_ID_PATTERN})$`);

/**
 * What a round is for: an assessment of the district's units, or a calibration (校准) of its
 * assessors on reference cases, which never produces results for real units.
 */
export const ROUND_KINDS = ['assessment', 'calibration'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
/** A calibration case's code (it stands where a unit code stands on the sheets). */
export const CASE_CODE_PATTERN = String.raw`[A-Za-z][A-Za-z0-9\-]{0,15}`;
export const CASE_CODE = new RegExp(`^(?:${CASE_CODE_PATTERN})$`);
/** The upload "round" of rubric workbooks: `uploads/_rubrics/<uploadId>/<file name>` (round ids cannot start with `_`). */
export const RUBRIC_UPLOADS = '_rubrics';

/** The answer key of a calibration case is the sheet of this pseudo-assessor (uploaded by an admin). */
export const KEY_ASSESSOR = 'KEY';

/** What became of an upload: `pending` until ingest settles it. */
export const UPLOAD_STATES = ['pending', 'accepted', 'rejected', 'duplicate'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/** Where an expected sheet (a slot) stands on the status page. */
export const SLOT_STATES = ['accepted', 'rejected', 'missing'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

/** The actions of `POST /rounds/{round}/phases/{phase}` are PHASE_ACTIONS in phases.ts. */

/**
 * Every error code the API answers with, and its HTTP status. The texts are in the catalogue
 * (shared/domain/messages.ts); an error body carries the code and both texts.
 */
export const API_ERRORS = {
  'api.bad-request': 400,
  'cli.rules-unknown': 400,
  'api.rubric-unknown': 400,
  'api.unauthorized': 401,
  'api.forbidden': 403,
  'api.wrong-district': 403,
  'api.person-unknown': 403,
  'api.person-ambiguous': 403,
  'api.person-disabled': 403,
  'api.person-self': 409,
  'api.person-invalid': 422,
  'api.accounts-unavailable': 409,
  'api.not-found': 404,
  'api.round-exists': 409,
  'api.calibration-round': 409,
  'api.not-calibration': 409,
  'api.calibration-cases': 400,
  'api.calibration-case-clash': 400,
  'api.calibration-open': 409,
  'api.rectification-not-issued': 409,
  'api.rectification-closed': 409,
  'api.rectification-date': 400,
  'api.phase-transition': 409,
  'api.phase-reopen-blind': 409,
  'api.phase-changed': 409,
  'sheet.rules-different': 409,
  'api.upload-too-large': 413,
  'api.evidence-too-large': 413,
  'api.evidence-unit-full': 413,
  'api.evidence-unit': 400,
  'api.evidence-item': 400,
  'api.roster-invalid': 422,
  'api.internal': 500,
  'api.busy': 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

/** The content type signed into evidence upload forms: the kind is judged from the bytes, and downloads are attachments. */
export const EVIDENCE_UPLOAD_TYPE = 'application/octet-stream';
/** The content type of every workbook cepin takes or hands out (.xlsx): signed into upload forms, set on stored files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
