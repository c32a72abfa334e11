import { useCallback, useEffect, useRef } from 'preact/hooks';
import { claimsOf, saveSession, type PortalConfig, type Session } from './session.ts';

/**
 * Keeping an `oidc` district's session alive, in the page's main bundle: small, since the client
 * itself (oidc-client.ts, with oauth4webapi) comes in its own chunk the first time it is needed.
 */

/** The refresh token's place: sessionStorage (gone with the tab), never localStorage. */
export const OIDC_REFRESH_KEY = 'cepin.oidc.refresh';
/** When the silent refresh runs: at this share of the ID token's lifetime. */
export const REFRESH_AT = 0.8;

const client = () => import('./oidc-client.ts');

/** Forgets the refresh token (every sign-out, whatever the mode). */
export function forgetRefreshToken(): void {
  try {
    sessionStorage.removeItem(OIDC_REFRESH_KEY);
  } catch {
    /* storage unavailable: nothing kept */
  }
}

/** When an ID token should be refreshed (ms since the epoch): at REFRESH_AT of its lifetime. */
export function refreshTime(token: string, now = Date.now()): number {
  const c = claimsOf(token);
  const exp = Number(c.exp ?? 0) * 1000;
  const iat = Number(c.iat ?? 0) * 1000 || now;
  return iat + REFRESH_AT * (exp - iat);
}

/**
 * An `oidc` district's silent refresh: a new ID token from the refresh token at 80 % of the current
 * one's lifetime (a timer), and when the API answers 401 (the returned function, run once per call).
 * The new token replaces the session's (same person); one refresh at a time. Undefined in other modes.
 */
export function useOidcRefresh(
  config: PortalConfig,
  session: Session | undefined,
  setSession: (s: Session) => void,
): (() => Promise<string | undefined>) | undefined {
  const current = useRef(session);
  current.current = session;
  const flight = useRef<Promise<string | undefined> | undefined>(undefined);
  const refresh = useCallback((): Promise<string | undefined> => {
    flight.current ??= client()
      .then((c) => c.refreshIdToken(config))
      .then(
        (token) => {
          const s = current.current;
          if (!s) return undefined; // signed out meanwhile
          const next = { ...s, token, expires: Number(claimsOf(token).exp ?? 0) * 1000 };
          current.current = next;
          saveSession(next);
          setSession(next);
          return token;
        },
        () => undefined,
      )
      .finally(() => {
        flight.current = undefined;
      });
    return flight.current;
  }, [config, setSession]);
  const oidc = config.mode === 'oidc';
  const token = session?.token;
  useEffect(() => {
    if (!oidc || !token) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, refreshTime(token) - Date.now()));
    return () => clearTimeout(timer);
  }, [oidc, token, refresh]);
  return oidc ? refresh : undefined;
}

/** Signs out at the provider too, when it offers end_session (the page leaves for it). */
export async function endProviderSession(config: PortalConfig, idToken: string): Promise<void> {
  const url = await (await client()).endSessionUrl(config, idToken).catch(() => undefined);
  if (url) location.assign(url);
}
