import { useCallback } from 'preact/hooks';
import type { PortalConfig, Session } from './session.ts';
import { useSilentRefresh } from './silent-refresh.ts';

/**
 * Keeping an `oidc` district's session alive, in the page's main bundle: small, since the client
 * itself (oidc-client.ts, with oauth4webapi) comes in its own chunk the first time it is needed.
 */

/** The refresh token's place: sessionStorage (gone with the tab), never localStorage. */
export const OIDC_REFRESH_KEY = 'cepin.oidc.refresh';

const client = () => import('./oidc-client.ts');

/** Forgets the refresh token (every sign-out, whatever the mode). */
export function forgetRefreshToken(): void {
  try {
    sessionStorage.removeItem(OIDC_REFRESH_KEY);
  } catch {
    /* storage unavailable: nothing kept */
  }
}

/**
 * An `oidc` district's silent refresh: a new ID token from the refresh token at 80 % of the current
 * one's lifetime, and when the API answers 401 (silent-refresh.ts). Undefined in other modes.
 */
export function useOidcRefresh(
  config: PortalConfig,
  session: Session | undefined,
  setSession: (s: Session) => void,
): (() => Promise<string | undefined>) | undefined {
  const fetchToken = useCallback(() => client().then((c) => c.refreshIdToken(config)), [config]);
  return useSilentRefresh(config.mode === 'oidc', session, setSession, fetchToken);
}

/** Signs out at the provider too, when it offers end_session (the page leaves for it). */
export async function endProviderSession(config: PortalConfig, idToken: string): Promise<void> {
  const url = await (await client()).endSessionUrl(config, idToken).catch(() => undefined);
  if (url) location.assign(url);
}
