import type { Lang } from '../../domain/text.ts';
import type { ResponseBody } from '../../api/contract.ts';
import type { RouteKey } from '../../api/routes.ts';
import type { Rubrics } from '../rubrics.ts';
import type { Caller, Objects, SigningKey, Store } from '../ports.ts';

/** What every API use case may use: ports, the district it serves, a clock and an id source. */
export interface ApiDeps {
  store: Store;
  objects: Objects;
  /** The district's stored rubric versions (read once per container). */
  rubrics: Rubrics;
  district: string;
  /** Display name for documents, e.g. 东城区. */
  districtName: string;
  /** Who issues the district's tokens (CEPIN_IDENTITY). @default 'cognito' */
  identity?: 'cognito' | 'oidc' | undefined;
  maxBytes: number;
  /** Evidence files: per file and per unit and round (default EVIDENCE_LIMITS). */
  evidenceLimits?: { maxFileBytes: number; maxUnitBytes: number } | undefined;
  /**
   * Signs the metadata of generated sheets cepin later trusts (reconciliation sheets). Always wired
   * by `buildDeps`; optional only for tests of routes that sign nothing (without it, signing fails).
   */
  signingKey?: SigningKey | undefined;
  now: () => Date;
  newId: () => string;
}

/** A request as the use cases see it, whatever the transport. */
export interface ApiRequest {
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** A JSON response; `B` is the route's body in the API contract (shared/api/contract.ts). */
export interface ApiResponse<B = unknown> {
  status: number;
  body: B;
}

/** What the use case of route K answers: the body the API contract gives that route. */
export type RouteAnswer<K extends RouteKey> = Promise<ApiResponse<ResponseBody<K>>>;

/** A use case answering route K with the body the contract gives it. */
export type RouteUseCase<K extends RouteKey> = (req: ApiRequest, d: ApiDeps) => RouteAnswer<K>;

/** `?lang=en` answers in English; anything else in Chinese. */
export const langOf = (q: Record<string, string>): Lang => (q.lang === 'en' ? 'en' : 'zh');
