import type { Lang } from '../../domain/text.ts';
import type { BindClaim } from '../../domain/people.ts';
import type { ResponseBody } from '../../api/contract.ts';
import type { RouteKey } from '../../api/routes.ts';
import type { Rubrics } from '../rubrics.ts';
import type { Caller, Objects, SigningKey, Store } from '../ports.ts';
import type { SignInAccounts } from '../accounts.ts';

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
  /** An `oidc` district's issuer and bind claim (CEPIN_OIDC_ISSUER, CEPIN_OIDC_BIND_BY); required there. */
  oidc?: OidcSettings | undefined;
  maxBytes: number;
  /** Evidence files: per file and per unit and round (default EVIDENCE_LIMITS). */
  evidenceLimits?: { maxFileBytes: number; maxUnitBytes: number } | undefined;
  /**
   * Signs the metadata of generated sheets cepin later trusts (reconciliation sheets). Always wired
   * by `buildDeps`; optional only for tests of routes that sign nothing (without it, signing fails).
   */
  signingKey?: SigningKey | undefined;
  /**
   * The district's sign-in accounts (issue 17): its Cognito user pool when CEPIN_USER_POOL_ID is set,
   * else what the local stack passes (its OpenID Connect provider's accounts, or DevLoginAccounts).
   * Without it the account routes answer api.accounts-unavailable.
   */
  accounts?: SignInAccounts | undefined;
  /** The portal's address for the account slips (CEPIN_PORTAL_URL). */
  portalUrl?: string | undefined;
  /** Temporary passwords for new accounts (default: tempPassword, crypto-random). */
  tempPassword?: (() => string) | undefined;
  now: () => Date;
  newId: () => string;
}

/** What an OpenID Connect district's API needs to know of its provider (docs/security.md, "People and sign-in"). */
export interface OidcSettings {
  /** The only issuer whose tokens are taken (`iss` must be exactly this). */
  issuer: string;
  /** The claim that binds a first sign-in to a person of the directory. */
  bindBy: BindClaim;
  /** The first admin's e-mail (CEPIN_ADMIN_EMAIL): binds as a new admin while the directory has none. */
  adminEmail?: string | undefined;
  /** How long who a subject is stays cached in the container. @default 60 000 ms */
  ttlMs?: number | undefined;
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
