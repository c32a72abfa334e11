import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { message } from '../domain/messages.ts';
import { ROUTES, type RouteKey } from '../api/routes.ts';
import type { UseCase } from '../use-cases/api/dispatch.ts';
import type { ApiDeps, ApiRequest } from '../use-cases/api/deps.ts';
import { routeAuditEntry } from '../use-cases/api/audit.ts';
import { ApiError } from '../use-cases/api/errors.ts';
import type { Caller } from '../use-cases/ports.ts';
import { callerFromClaims, DirectoryCallers, type Claims } from './claims.ts';

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

/** AWS error names that mean "slow down", answered 503 with Retry-After instead of 500. */
const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'SlowDown',
  'TooManyRequestsException',
]);

/** An OpenID Connect district's callers, one per deps (a container), with its cache. */
const directories = new WeakMap<ApiDeps, DirectoryCallers>();

/**
 * The caller of a request: from the Cognito claims, or — in an `oidc` district — from the people
 * directory by the token's issuer and subject (docs/security.md, "People and sign-in").
 */
async function callerOf(claims: Claims | undefined, deps: ApiDeps): Promise<Caller | undefined> {
  if (deps.identity !== 'oidc') return callerFromClaims(claims);
  if (!deps.oidc) throw new Error('an oidc district without its issuer and bind claim (CEPIN_OIDC_ISSUER)');
  let directory = directories.get(deps);
  if (!directory) {
    directory = new DirectoryCallers(deps.store, deps.oidc, deps.district, deps.now);
    directories.set(deps, directory);
  }
  return directory.caller(claims);
}

/** An error body: a stable code and the message in both languages. */
export function errorBody(e: ApiError) {
  return {
    error: {
      code: e.code,
      message: { zh: message(e.code, e.params, 'zh'), en: message(e.code, e.params, 'en') },
      details: e.details,
    },
  };
}

/**
 * Answers an HTTP API (v2) event: reads the caller from the JWT authorizer's claims, checks the
 * district, parses the JSON body, runs the route's use case and maps typed errors to responses.
 */
export async function handleApi(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  deps: ApiDeps,
  handlers: Partial<Record<RouteKey, UseCase>>,
): Promise<APIGatewayProxyStructuredResultV2> {
  let request: ApiRequest | undefined;
  const routeKey = event.routeKey as RouteKey;
  /** Writes the call to the audit trail, when its route is audited and the caller is known. */
  const record = async (status: number, body: unknown) => {
    const entry =
      request && routeAuditEntry(routeKey, request, status, body, deps.now().toISOString(), deps.newId());
    if (entry) await deps.store.audit(entry);
  };
  /** Records the call, then answers. */
  const answer = async (status: number, body: unknown) => {
    await record(status, body);
    return json(status, body);
  };
  try {
    try {
      const useCase = handlers[routeKey];
      if (!(ROUTES as readonly string[]).includes(routeKey) || !useCase)
        throw new ApiError(404, 'api.not-found', { what: event.rawPath });
      const caller = await callerOf(event.requestContext.authorizer?.jwt?.claims as Claims | undefined, deps);
      if (!caller) throw new ApiError(401, 'api.unauthorized');
      if (caller.district !== deps.district)
        throw new ApiError(403, 'api.wrong-district', { district: caller.district || '—' });
      let body: unknown = undefined;
      if (event.body) {
        const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
        try {
          body = JSON.parse(text);
        } catch {
          throw new ApiError(400, 'api.bad-request', { detail: 'body is not JSON' });
        }
      }
      request = {
        caller,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        body,
      };
      const res = await useCase(request, deps);
      return await answer(res.status, res.body);
    } catch (e) {
      // Refusals are audited too: who tried to read what they may not.
      if (e instanceof ApiError) return await answer(e.status, errorBody(e));
      throw e;
    }
  } catch (e) {
    // A call that failed after it was understood is recorded too (a failure may have followed a read);
    // if the trail itself cannot be written, the failure is still answered.
    const failed = THROTTLED.has((e as Error | undefined)?.name ?? '') ? 503 : 500;
    await Promise.resolve()
      .then(() => record(failed, undefined))
      .catch(() => undefined);
    if (e instanceof Error && THROTTLED.has(e.name)) {
      // AWS is shedding load: tell the caller to come back rather than reporting a failure.
      return {
        ...json(503, errorBody(new ApiError(503, 'api.busy'))),
        headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2' },
      };
    }
    console.error(
      JSON.stringify({ level: 'error', msg: 'unhandled', error: e instanceof Error ? e.stack : String(e) }),
    );
    return json(500, errorBody(new ApiError(500, 'api.internal')));
  }
}
