import * as oauth from 'oauth4webapi';
import { OIDC_REFRESH_KEY } from './oidc-session.ts';
import type { PortalConfig } from './session.ts';

/**
 * The portal's OpenID Connect client (an `oidc` district), on oauth4webapi: the authorization-code
 * flow with PKCE (S256), state and nonce; the ID token the API takes, checked by the library (issuer,
 * audience, nonce, expiry); the refresh token in sessionStorage (gone with the tab), used for new ID
 * tokens. Loaded on demand (a chunk of its own), only in an `oidc` district.
 */
const PENDING_KEY = 'cepin.oidc.pending';
const SCOPE = 'openid profile email phone offline_access';

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
}

/** The provider and the portal's client id, from either shape of /config.json. */
export function oidcSettings(cfg: PortalConfig): { issuer: string; client: oauth.Client } {
  const issuer = cfg.issuer ?? cfg.identity?.issuer;
  const clientId = cfg.clientId ?? cfg.identity?.clientId;
  if (!issuer || !clientId) throw new Error('config.json names no OpenID Connect issuer or client id');
  return { issuer, client: { client_id: clientId } };
}

/** Plain http only to a provider on this machine (the local stack's); https everywhere else. */
function httpOptions(issuer: string) {
  const u = new URL(issuer);
  const local = u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  return local ? { [oauth.allowInsecureRequests]: true } : {};
}

let discovered: { issuer: string; as: Promise<oauth.AuthorizationServer> } | undefined;

/** The provider's metadata (discovery), fetched once per page. */
function server(issuer: string): Promise<oauth.AuthorizationServer> {
  if (discovered?.issuer !== issuer) {
    const url = new URL(issuer);
    const as = oauth
      .discoveryRequest(url, httpOptions(issuer))
      .then((r) => oauth.processDiscoveryResponse(url, r));
    as.catch(() => (discovered = undefined));
    discovered = { issuer, as };
  }
  return discovered.as;
}

/** Where the provider sends the person back: the portal's own root. */
function redirectUri(): string {
  return `${location.origin}/`;
}

/** Leaves for the provider's sign-in page (PKCE, state and nonce kept in this tab's sessionStorage). */
export async function beginSignIn(cfg: PortalConfig, lang: 'zh' | 'en'): Promise<void> {
  const { issuer, client } = oidcSettings(cfg);
  const as = await server(issuer);
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: SCOPE,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ui_locales: lang,
  }).toString();
  location.assign(url.href);
}

/** Whether this page is the provider sending the person back (a code or an error, with a state). */
export function isCallback(): boolean {
  const p = new URLSearchParams(location.search);
  return p.has('state') && (p.has('code') || p.has('error'));
}

/**
 * Back from the provider: checks the answer against this tab's state, exchanges the code with the
 * PKCE verifier and checks the ID token (issuer, audience, nonce). Returns the ID token; keeps the
 * refresh token. The code leaves the address bar at once, so a reload never offers it twice.
 */
export async function finishSignIn(cfg: PortalConfig): Promise<string> {
  const here = new URL(location.href);
  history.replaceState(null, '', '/');
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending) throw new Error('no sign-in was started in this tab');
  const { issuer, client } = oidcSettings(cfg);
  const as = await server(issuer);
  const params = oauth.validateAuthResponse(as, client, here, pending.state);
  const res = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    httpOptions(issuer),
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  keepRefreshToken(tokens.refresh_token);
  return tokens.id_token!;
}

/** A new ID token from the refresh token (which the provider may rotate); throws when there is none. */
export async function refreshIdToken(cfg: PortalConfig): Promise<string> {
  const refresh = sessionStorage.getItem(OIDC_REFRESH_KEY);
  if (!refresh) throw new Error('no refresh token');
  const { issuer, client } = oidcSettings(cfg);
  const as = await server(issuer);
  const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refresh, httpOptions(issuer));
  const tokens = await oauth.processRefreshTokenResponse(as, client, res);
  if (!tokens.id_token) throw new Error('the provider gave no new ID token');
  keepRefreshToken(tokens.refresh_token ?? refresh);
  return tokens.id_token;
}

/** The provider's end-session address for this ID token, when it offers one. */
export async function endSessionUrl(cfg: PortalConfig, idToken: string): Promise<string | undefined> {
  const { issuer, client } = oidcSettings(cfg);
  const as = await server(issuer);
  if (!as.end_session_endpoint) return undefined;
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    id_token_hint: idToken,
    post_logout_redirect_uri: redirectUri(),
  }).toString();
  return url.href;
}

/** What a failed sign-in says: the provider's error code and description, or the error's message. */
export function oidcErrorText(e: unknown): string {
  if (e instanceof oauth.AuthorizationResponseError || e instanceof oauth.ResponseBodyError)
    return [e.error, e.error_description].filter(Boolean).join(': ');
  return e instanceof Error ? e.message : String(e);
}

function keepRefreshToken(token: string | undefined) {
  if (token) sessionStorage.setItem(OIDC_REFRESH_KEY, token);
  else sessionStorage.removeItem(OIDC_REFRESH_KEY);
}
