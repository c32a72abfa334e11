import { chmodSync } from 'node:fs';
import { ApiClient, readSession, sessionFile, writeSession } from './api-client.ts';
import { needsRefresh } from './jwt-expiry.ts';
import type { OidcClientRef, OidcTokens } from './oidc-login.ts';

/** What the CLI's session file holds after `cepin login --oidc`: how to refresh the ID token. */
export interface SavedOidc extends OidcClientRef {
  refreshToken: string;
}

type SavedSession = { api?: string; token?: string; as?: string; oidc?: SavedOidc };

/**
 * Saves an OpenID Connect sign-in in the CLI's session file (mode 600, also when the file was there
 * before): the ID token the API takes, and the refresh token with the provider and client it belongs to.
 */
export function saveOidcSession(
  env: NodeJS.ProcessEnv,
  s: { api: string; as: string; ref: OidcClientRef; tokens: OidcTokens },
): void {
  const saved: { api: string; token: string; as: string } & SavedSession = {
    api: s.api,
    token: s.tokens.idToken,
    as: s.as,
    ...(s.tokens.refreshToken
      ? { oidc: { issuer: s.ref.issuer, clientId: s.ref.clientId, refreshToken: s.tokens.refreshToken } }
      : {}),
  };
  writeSession(env, saved);
  chmodSync(sessionFile(env), 0o600);
}

/**
 * The saved token, refreshed first (the refresh grant; the new ID token and rotated refresh token
 * saved back) when it is an OpenID Connect sign-in's ID token that has expired or is about to.
 */
export async function freshOidcToken(env: NodeJS.ProcessEnv, now = Date.now()): Promise<string | undefined> {
  const s = readSession(env) as SavedSession;
  if (!s.token || !s.oidc?.refreshToken) return s.token;
  if (!needsRefresh(s.token, now)) return s.token;
  // Loaded only now: most commands never refresh.
  const { oidcRefresh } = await import('./oidc-login.ts');
  const tokens = await oidcRefresh(s.oidc, s.oidc.refreshToken);
  writeSession(env, {
    ...s,
    api: s.api ?? '',
    as: s.as ?? 'oidc',
    token: tokens.idToken,
    oidc: { ...s.oidc, refreshToken: tokens.refreshToken ?? s.oidc.refreshToken },
  } as { api: string; token: string; as: string });
  chmodSync(sessionFile(env), 0o600);
  return tokens.idToken;
}

/** An API client whose every call goes out with a fresh token of the saved OpenID Connect session. */
export class OidcRefreshingApiClient extends ApiClient {
  constructor(
    api: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    super(api, undefined);
  }

  override async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return new ApiClient(this.api, await freshOidcToken(this.env)).call<T>(method, path, body);
  }
}

/** True when the saved session is an OpenID Connect sign-in that can refresh itself. */
export function hasOidcRefresh(env: NodeJS.ProcessEnv): boolean {
  return !!(readSession(env) as SavedSession).oidc?.refreshToken;
}
