import type { ApiErrorCode } from '../../api/terms.ts';
import type { IssueParams } from '../../domain/issues.ts';

/** An expected API failure: an HTTP status, a stable code of the contract (API_ERRORS), message parameters. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly params: IssueParams = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const notFound = (what: string) => new ApiError(404, 'api.not-found', { what });
export const forbidden = () => new ApiError(403, 'api.forbidden');
export const badRequest = (detail: string) => new ApiError(400, 'api.bad-request', { detail });
