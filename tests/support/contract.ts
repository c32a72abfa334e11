import { CONTRACT, checkResponse } from '../../shared/api/contract.ts';
import { matchRoute } from '../../shared/api/routes.ts';
import { ApiCallError, ApiClient } from '../../shared/client/api-client.ts';

/**
 * What is wrong with an answer of the API by its contract (shared/api/contract.ts): the route is
 * found from the method and path; paths that are no route of the API (the local login) pass.
 */
export function contractProblems(method: string, path: string, status: number, body: unknown): string[] {
  const route = matchRoute(method, path.split('?')[0]!);
  return route ? checkResponse(route.routeKey, status, body) : [];
}

/** Throws when an answer breaks the contract, naming the route and every field that does. */
export function expectContract(method: string, path: string, status: number, body: unknown): void {
  const problems = contractProblems(method, path, status, body);
  if (problems.length) throw new Error(`${method} ${path} breaks the API contract:\n${problems.join('\n')}`);
}

/**
 * The CLI's API client, checking every answer against the contract: a success by the route's
 * response schema (the client sees no status: the route's own is assumed), a failure by the error
 * body and the status of its code.
 */
export class ContractClient extends ApiClient {
  override async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let out: T;
    try {
      out = await super.call<T>(method, path, body);
    } catch (e) {
      if (e instanceof ApiCallError) expectContract(method, path, e.status, e.body);
      throw e;
    }
    const route = matchRoute(method, path.split('?')[0]!);
    if (route) expectContract(method, path, CONTRACT[route.routeKey].status, out);
    return out;
  }
}
