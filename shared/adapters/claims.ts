import { ApiError } from '../use-cases/api/errors.ts';
import type { Caller } from '../use-cases/ports.ts';

/** JWT claims as API Gateway hands them to Lambda: every value a string (arrays as "[a b]"). */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

const ROLES = ['admin', 'assessor', 'unit'] as const;

function groups(v: Claims[string]): string[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return [];
  return v
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Who issued the district's tokens (CEPIN_IDENTITY): its Cognito user pool or its own OIDC provider. */
export type IdentityKind = 'cognito' | 'oidc';

/**
 * The caller from JWT claims: role from `cognito:groups`, the assessor id or unit code from
 * `custom:ref`, the district from `custom:district`. Undefined when the claims do not name a role.
 *
 * Only the district's own Cognito user pool sets those claims, and only an admin can (who a person
 * is cannot be rewritten by that person). An OpenID Connect provider's claims are the provider's
 * business, so in an `oidc` district every token is refused with 403 `api.directory-missing` until
 * the people directory that decides role and ref from the token's issuer and subject exists.
 */
export function callerFromClaims(
  claims: Claims | undefined,
  identity: IdentityKind = 'cognito',
): Caller | undefined {
  if (identity === 'oidc') throw new ApiError(403, 'api.directory-missing');
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const g = groups(claims['cognito:groups']);
  const role = ROLES.find((r) => g.includes(r));
  if (!role) return undefined;
  const ref = typeof claims['custom:ref'] === 'string' ? claims['custom:ref'] : '';
  if (role !== 'admin' && !ref) return undefined;
  return {
    sub: claims.sub,
    role,
    ref: role === 'admin' ? '' : ref,
    district: String(claims['custom:district'] ?? ''),
  };
}
