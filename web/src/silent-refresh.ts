import { useCallback, useEffect, useRef } from 'preact/hooks';
import { claimsOf, saveSession, type Session } from './session.ts';

/** When the silent refresh runs: at this share of the ID token's lifetime (an hour: after 48 minutes). */
export const REFRESH_AT = 0.8;

/** When an ID token should be refreshed (ms since the epoch): at REFRESH_AT of its lifetime. */
export function refreshTime(token: string, now = Date.now()): number {
  const c = claimsOf(token);
  const exp = Number(c.exp ?? 0) * 1000;
  const iat = Number(c.iat ?? 0) * 1000 || now;
  return iat + REFRESH_AT * (exp - iat);
}

/**
 * A session kept alive without asking again, for either identity provider: `fetchToken` gets a new ID
 * token from the refresh token (undefined: none to be had). It runs by a timer at REFRESH_AT of the
 * current token's lifetime, and on demand (the returned function, which the Api calls once on a 401).
 * One refresh at a time; the new token replaces the session's (same person) unless it was signed out
 * meanwhile. Undefined when `on` is false.
 */
export function useSilentRefresh(
  on: boolean,
  session: Session | undefined,
  setSession: (s: Session) => void,
  fetchToken: () => Promise<string | undefined>,
): (() => Promise<string | undefined>) | undefined {
  const current = useRef(session);
  current.current = session;
  const flight = useRef<Promise<string | undefined> | undefined>(undefined);
  const refresh = useCallback((): Promise<string | undefined> => {
    flight.current ??= fetchToken()
      .then(
        (token) => {
          const s = current.current;
          if (!token || !s) return undefined; // nothing to refresh with, or signed out meanwhile
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
  }, [fetchToken, setSession]);
  const token = session?.token;
  useEffect(() => {
    if (!on || !token) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, refreshTime(token) - Date.now()));
    return () => clearTimeout(timer);
  }, [on, token, refresh]);
  return on ? refresh : undefined;
}
