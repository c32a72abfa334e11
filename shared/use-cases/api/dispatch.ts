import type { RouteKey } from '../../api/routes.ts';
import { createRound, changePhase, getRound, listRounds } from './rounds.ts';
import { myUploads, requestUpload, uploadOutcome } from './uploads.ts';
import { roundStatus, unitSubmissions } from './status.ts';
import { rosterTemplateLink, templateLink } from './downloads.ts';
import type { ApiDeps, ApiRequest, ApiResponse, RouteUseCase } from './deps.ts';
import { reconciliationSheetLink, results, workbookLink } from './results.ts';
import { auditTrail } from './audit.ts';
import { rectification, rectificationWorkbookLink, setRectification } from './rectification.ts';
import { calibration, calibrationWorkbookLink, releaseCalibration } from './calibration.ts';
import {
  listRubrics,
  roundRubric,
  rubricTemplateLink,
  rubricWorkbookLink,
  requestRubricUpload,
} from './rubrics.ts';
import { evidenceLink, listEvidence, requestEvidence } from './evidence.ts';
import { listPeople, putPerson, setPersonActive } from './people.ts';
import { listAccounts, resetAccountPassword, syncAccounts } from './people-accounts.ts';

/** A use case answering one route. */
export type UseCase = (req: ApiRequest, d: ApiDeps) => Promise<ApiResponse>;

/**
 * Which use case answers each route of the api function (every route but DOCUMENT_ROUTES, see
 * documents.ts); each is checked against the contract's response body for its route.
 */
export const HANDLERS: Partial<Record<RouteKey, UseCase>> = {
  'GET /rounds': listRounds,
  'POST /rounds': createRound,
  'GET /rounds/{round}': getRound,
  'POST /rounds/{round}/phases/{phase}': changePhase,
  'POST /rounds/{round}/uploads': requestUpload,
  'GET /rounds/{round}/uploads': myUploads,
  'GET /rounds/{round}/status': roundStatus,
  'GET /rounds/{round}/submissions': unitSubmissions,
  'GET /rounds/{round}/template': templateLink,
  'GET /roster-template': rosterTemplateLink,
  'GET /uploads/{uploadId}': uploadOutcome,
  'GET /rounds/{round}/results': results,
  'GET /rounds/{round}/workbook': workbookLink,
  'GET /rounds/{round}/reconciliation-sheet': reconciliationSheetLink,
  'GET /rounds/{round}/audit': auditTrail,
  'GET /rubrics': listRubrics,
  'POST /rubrics/uploads': requestRubricUpload,
  'GET /rubrics/{id}/{version}/workbook': rubricWorkbookLink,
  'GET /rubric-template': rubricTemplateLink,
  'GET /rounds/{round}/rubric': roundRubric,
  'GET /rounds/{round}/calibration': calibration,
  'POST /rounds/{round}/calibration/release': releaseCalibration,
  'GET /rounds/{round}/calibration/workbook': calibrationWorkbookLink,
  'POST /rounds/{round}/evidence': requestEvidence,
  'GET /rounds/{round}/evidence': listEvidence,
  'GET /rounds/{round}/evidence/{id}': evidenceLink,
  'POST /rounds/{round}/rectification': setRectification,
  'GET /rounds/{round}/rectification': rectification,
  'GET /rounds/{round}/rectification/workbook': rectificationWorkbookLink,
  'GET /people': listPeople,
  'POST /people': putPerson,
  'POST /people/{login}/active': setPersonActive,
  'GET /people/accounts': listAccounts,
  'POST /people/sync': syncAccounts,
  'POST /people/{login}/password': resetAccountPassword,
} satisfies { [K in RouteKey]?: RouteUseCase<K> };
