import { jwtVerify, SignJWT } from 'jose';
import type { Claims } from '../adapters/claims.ts';

const ISSUER = 'cepin-local';

/** Who a local token is for: `admin`, `assessor:A01` or `unit:DC01`. */
export function parseIdentity(as: string): { role: 'admin' | 'assessor' | 'unit'; ref: string } | undefined {
  if (as === 'admin') return { role: 'admin', ref: '' };
  const m = /^(assessor|unit):([A-Za-z0-9][A-Za-z0-9_.-]{0,31})$/.exec(as);
  return m ? { role: m[1] as 'assessor' | 'unit', ref: m[2]! } : undefined;
}

/** Signs a local JWT carrying the same claims a Cognito ID token of the district would. */
export async function signLocalToken(
  secret: Uint8Array,
  who: { role: string; ref: string },
  district: string,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({ 'cognito:groups': [who.role], 'custom:ref': who.ref, 'custom:district': district })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(who.role === 'admin' ? 'local-admin' : `local-${who.role}-${who.ref}`)
    .setIssuer(ISSUER)
    .setAudience(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/**
 * Verifies a local JWT (signature, issuer, audience, expiry) and returns its claims flattened the
 * way API Gateway's JWT authorizer hands them to Lambda: strings, arrays as "[a b]".
 */
export async function verifyLocalToken(secret: Uint8Array, token: string): Promise<Claims | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: ISSUER,
      algorithms: ['HS256'],
    });
    return Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
    );
  } catch {
    return undefined;
  }
}
