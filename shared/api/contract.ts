/**
 * The API contract: for every route, what it takes (body and query schemas) and what it answers on
 * success (status and body schema). The server's dispatch table is checked against it at compile
 * time, the integration tests check every answer against it at run time (`checkResponse`).
 * Errors answer `ErrorBody` with a code of API_ERRORS (terms.ts) and that code's status.
 */
import type * as z from 'zod';
import {
  AuditQuery,
  CalibrationQuery,
  CreateRoundRequest,
  EvidenceQuery,
  EvidenceRequest,
  FeedbackQuery,
  LangQuery,
  PersonActiveRequest,
  PersonRequest,
  PhaseChangeRequest,
  ReconciliationSheetQuery,
  RectificationQuery,
  RectificationRequest,
  ResultsQuery,
  RubricUploadRequest,
  SubmissionsQuery,
  TemplateQuery,
  UploadRequest,
} from './requests.ts';
import {
  AuditTrail,
  CalibrationAnswer,
  CalibrationReleased,
  CreatedRound,
  ErrorBody,
  EvidenceLink,
  EvidenceList,
  Link,
  MyUploads,
  PeopleList,
  PersonActive,
  PersonSaved,
  PhaseChanged,
  ReconciliationSheetLink,
  RectificationAnswer,
  RectificationSet,
  Results,
  RoundDetail,
  RoundList,
  RoundRubric,
  RoundStatus,
  RubricList,
  UnitSubmissions,
  UploadOutcome,
  UploadSlot,
} from './responses.ts';
import {
  AccountList,
  PasswordReset,
  PasswordResetRequest,
  PeopleSyncAnswer,
  PeopleSyncRequest,
} from './people-accounts.ts';
import type { RouteKey } from './routes.ts';
import { API_ERRORS, type ApiErrorCode } from './terms.ts';

/** One route's contract. */
export interface RouteContract {
  body?: z.ZodType;
  query?: z.ZodType;
  /** The status of a successful answer, and its body. */
  status: 200 | 201;
  response: z.ZodType;
}

export const CONTRACT = {
  'GET /rounds': { status: 200, response: RoundList },
  'POST /rounds': { body: CreateRoundRequest, status: 201, response: CreatedRound },
  'GET /rounds/{round}': { status: 200, response: RoundDetail },
  'POST /rounds/{round}/phases/{phase}': { body: PhaseChangeRequest, status: 200, response: PhaseChanged },
  'POST /rounds/{round}/uploads': { body: UploadRequest, status: 201, response: UploadSlot },
  'GET /rounds/{round}/uploads': { query: LangQuery, status: 200, response: MyUploads },
  'GET /rounds/{round}/status': { status: 200, response: RoundStatus },
  'GET /rounds/{round}/submissions': { query: SubmissionsQuery, status: 200, response: UnitSubmissions },
  'GET /rounds/{round}/template': { query: TemplateQuery, status: 200, response: Link },
  'GET /roster-template': { query: LangQuery, status: 200, response: Link },
  'GET /uploads/{uploadId}': { query: LangQuery, status: 200, response: UploadOutcome },
  'GET /rounds/{round}/results': { query: ResultsQuery, status: 200, response: Results },
  'GET /rounds/{round}/workbook': { query: LangQuery, status: 200, response: Link },
  'GET /rounds/{round}/feedback': { query: FeedbackQuery, status: 200, response: Link },
  'GET /rounds/{round}/reconciliation-sheet': {
    query: ReconciliationSheetQuery,
    status: 200,
    response: ReconciliationSheetLink,
  },
  'GET /rounds/{round}/audit': { query: AuditQuery, status: 200, response: AuditTrail },
  'GET /rubrics': { status: 200, response: RubricList },
  'POST /rubrics/uploads': { body: RubricUploadRequest, status: 201, response: UploadSlot },
  'GET /rubrics/{id}/{version}/workbook': { query: LangQuery, status: 200, response: Link },
  'GET /rubric-template': { query: LangQuery, status: 200, response: Link },
  'GET /rounds/{round}/rubric': { query: LangQuery, status: 200, response: RoundRubric },
  'GET /rounds/{round}/calibration': { query: CalibrationQuery, status: 200, response: CalibrationAnswer },
  'POST /rounds/{round}/calibration/release': { status: 200, response: CalibrationReleased },
  'GET /rounds/{round}/calibration/workbook': { query: CalibrationQuery, status: 200, response: Link },
  'GET /rounds/{round}/calibration/docx': { query: CalibrationQuery, status: 200, response: Link },
  'POST /rounds/{round}/evidence': { body: EvidenceRequest, status: 201, response: UploadSlot },
  'GET /rounds/{round}/evidence': { query: EvidenceQuery, status: 200, response: EvidenceList },
  'GET /rounds/{round}/evidence/{id}': { status: 200, response: EvidenceLink },
  'POST /rounds/{round}/rectification': {
    body: RectificationRequest,
    status: 200,
    response: RectificationSet,
  },
  'GET /rounds/{round}/rectification': {
    query: RectificationQuery,
    status: 200,
    response: RectificationAnswer,
  },
  'GET /rounds/{round}/rectification/workbook': { query: RectificationQuery, status: 200, response: Link },
  'GET /rounds/{round}/rectification/docx': { query: RectificationQuery, status: 200, response: Link },
  'GET /people': { status: 200, response: PeopleList },
  'POST /people': { body: PersonRequest, status: 200, response: PersonSaved },
  'POST /people/{login}/active': { body: PersonActiveRequest, status: 200, response: PersonActive },
  'GET /people/accounts': { status: 200, response: AccountList },
  'POST /people/sync': { body: PeopleSyncRequest, status: 200, response: PeopleSyncAnswer },
  'POST /people/{login}/password': { body: PasswordResetRequest, status: 200, response: PasswordReset },
} as const satisfies Record<RouteKey, RouteContract>;

/** What the server may answer on a route (before parsing: what the use case builds). */
export type ResponseBody<K extends RouteKey> = z.input<(typeof CONTRACT)[K]['response']>;
/** What a client reads from a route's successful answer. */
export type ResponseOf<K extends RouteKey> = z.output<(typeof CONTRACT)[K]['response']>;

/**
 * Checks an answer against the contract: a 2xx must be the route's status and body, anything else
 * an error body. Returns the problems found, empty when the answer keeps the contract.
 */
export function checkResponse(route: RouteKey, status: number, body: unknown): string[] {
  const c: RouteContract = CONTRACT[route];
  if (status >= 200 && status < 300) {
    if (status !== c.status) return [`${route}: status ${status}, the contract says ${c.status}`];
    const r = c.response.safeParse(body);
    return r.success
      ? []
      : r.error.issues.map((i) => `${route}: ${i.path.join('.') || 'body'}: ${i.message}`);
  }
  if (status === 401 && body && typeof body === 'object' && 'message' in body) return []; // the gateway's own 401
  const r = ErrorBody.safeParse(body);
  if (!r.success) return [`${route}: ${status} without an error body`];
  const code = r.data.error.code;
  if (!Object.hasOwn(API_ERRORS, code)) return [`${route}: error code ${code} is not in API_ERRORS`];
  const expected = API_ERRORS[code as ApiErrorCode];
  return expected === status ? [] : [`${route}: ${code} answered ${status}, the contract says ${expected}`];
}
