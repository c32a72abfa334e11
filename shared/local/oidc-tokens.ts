import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { Claims } from '../adapters/claims.ts';

/** What an HTTP API JWT authorizer is configured with: the issuer, its keys and the audiences. */
export interface OidcAuthorizer {
  issuer: string;
  jwks: { keys: JWK[] };
  audiences: readonly string[];
}

/**
 * Verifies a bearer token as API Gateway's JWT authorizer does for an OpenID Connect issuer: the
 * signature by one of the issuer's keys (RS256), `iss` the issuer, `aud` one of the audiences, `exp`
 * present and not past, `nbf` not to come; the claims flattened as the authorizer hands them to
 * Lambda (strings, arrays as "[a b]"). Undefined when any of it fails.
 */
export function oidcVerifier(a: OidcAuthorizer): (token: string) => Promise<Claims | undefined> {
  const keys = createLocalJWKSet(a.jwks);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: a.issuer,
        audience: [...a.audiences],
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      return Object.fromEntries(
        Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
      );
    } catch {
      return undefined;
    }
  };
}
