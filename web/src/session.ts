import type { Role } from '../../shared/api/terms.ts';

/**
 * Who is signed in: the ID token (Cognito in AWS, the local dev login at home) and the claims the
 * API reads from it. Kept in sessionStorage, so closing the browser signs out.
 */
export interface PortalConfig {
  mode: 'local' | 'cognito' | 'oidc';
  /** API base URL; empty when the API is on the page's own origin (local). */
  api: string;
  region?: string;
  userPoolClientId?: string;
  /** cognito: another endpoint than Cognito's in the region (a local emulator in tests). */
  cognitoEndpoint?: string;
  /** oidc: the provider and the portal's client there (the local stack's shape)… */
  issuer?: string;
  clientId?: string;
  /** …or the district stack's (infra/district-stack.ts). */
  identity?: { kind: 'oidc'; issuer: string; clientId: string };
  district: string;
  districtName: { zh: string; en: string };
}

export interface Session {
  token: string;
  role: Role;
  ref: string;
  name: string;
  expires: number;
}

const KEY = 'cepin.session';

/** Decodes a JWT's payload (no verification: the API verifies; this only reads who it names). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
}

export function sessionFromToken(token: string, name = ''): Session | undefined {
  try {
    const c = claimsOf(token);
    const groups = Array.isArray(c['cognito:groups']) ? (c['cognito:groups'] as string[]) : [];
    const role = (['admin', 'assessor', 'unit'] as const).find((r) => groups.includes(r));
    if (!role) return undefined;
    const ref = typeof c['custom:ref'] === 'string' ? c['custom:ref'] : '';
    const who =
      name || (typeof c.name === 'string' ? c.name : '') || (typeof c.email === 'string' ? c.email : '');
    return { token, role, ref, name: who, expires: Number(c.exp ?? 0) * 1000 };
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return s && s.expires > Date.now() + 30_000 ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session | undefined): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the session lasts as long as the page */
  }
}

export async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as PortalConfig;
}

/** Cognito's user pool API without the SDK: one JSON call; an error's `name` is Cognito's `__type`. */
export async function cognito(
  cfg: PortalConfig,
  target: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(cfg.cognitoEndpoint ?? `https://cognito-idp.${cfg.region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok)
    throw Object.assign(new Error(String(out.message ?? out.__type ?? res.status)), {
      name: String(out.__type ?? 'Error').replace(/^.*#/, ''),
    });
  return out;
}

/**
 * The outcome of a Cognito sign-in step: a token (with the refresh token of a sign-in), or what
 * Cognito asks for first: a new password, the authenticator app's code, or its setup (cognito-mfa.tsx).
 */
export type CognitoStep =
  | { token: string; refresh?: string }
  | { newPasswordSession: string }
  | { totpSession: string }
  | { setupSession: string };

export async function cognitoSignIn(cfg: PortalConfig, user: string, password: string): Promise<CognitoStep> {
  const out = await cognito(cfg, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: cfg.userPoolClientId,
    AuthParameters: { USERNAME: user, PASSWORD: password },
  });
  return stepOf(out);
}

export async function cognitoNewPassword(
  cfg: PortalConfig,
  user: string,
  session: string,
  password: string,
): Promise<CognitoStep> {
  const out = await cognito(cfg, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: cfg.userPoolClientId,
    Session: session,
    ChallengeResponses: { USERNAME: user, NEW_PASSWORD: password },
  });
  return stepOf(out);
}

export function stepOf(out: Record<string, unknown>): CognitoStep {
  const result = out.AuthenticationResult as { IdToken?: string; RefreshToken?: string } | undefined;
  if (result?.IdToken)
    return { token: result.IdToken, ...(result.RefreshToken ? { refresh: result.RefreshToken } : {}) };
  if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED') return { newPasswordSession: String(out.Session) };
  if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA') return { totpSession: String(out.Session) };
  if (out.ChallengeName === 'MFA_SETUP') return { setupSession: String(out.Session) };
  throw new Error(String(out.ChallengeName ?? 'no token'));
}
