import type { RouteKey } from '../../api-routes.ts';
import { createRound, changePhase, getRound } from './rounds.ts';
import { requestUpload, uploadOutcome } from './uploads.ts';
import { roundStatus, unitSubmissions } from './status.ts';
import { rosterTemplateLink, templateLink } from './downloads.ts';
import type { ApiDeps, ApiRequest, ApiResponse } from './deps.ts';
import { feedbackLink, reconciliationSheetLink, results, workbookLink } from './results.ts';

type UseCase = (req: ApiRequest, d: ApiDeps) => Promise<ApiResponse>;

/** Which use case answers each route. */
export const HANDLERS: Record<RouteKey, UseCase> = {
  'POST /rounds': createRound,
  'GET /rounds/{round}': getRound,
  'POST /rounds/{round}/phases/{phase}': changePhase,
  'POST /rounds/{round}/uploads': requestUpload,
  'GET /rounds/{round}/status': roundStatus,
  'GET /rounds/{round}/submissions': unitSubmissions,
  'GET /rounds/{round}/template': templateLink,
  'GET /roster-template': rosterTemplateLink,
  'GET /uploads/{uploadId}': uploadOutcome,
  'GET /rounds/{round}/results': results,
  'GET /rounds/{round}/workbook': workbookLink,
  'GET /rounds/{round}/feedback': feedbackLink,
  'GET /rounds/{round}/reconciliation-sheet': reconciliationSheetLink,
};
