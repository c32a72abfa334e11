import { useCallback, useEffect, useRef } from 'preact/hooks';
import { claimsOf, cognito, saveSession, type PortalConfig, type Session } from './session.ts';

/** A Cognito sign-in's refresh token: sessionStorage (gone with the tab), never localStorage. */
const KEY = 'cepin.cognito.refresh';
/** Refreshed at this share of the ID token's life (an hour: after 48 minutes). */
const REFRESH_AT = 0.8;

export function saveCognitoRefresh(token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the sign-in lasts as long as its ID token */
  }
}

function savedRefresh(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** When to refresh an ID token: at 80% of its life (iat → exp), in ms since the epoch. */
export function cognitoRefreshTime(token: string): number {
  const c = claimsOf(token);
  const iat = Number(c.iat ?? 0) * 1000;
  const exp = Number(c.exp ?? 0) * 1000;
  return iat + (exp - iat) * REFRESH_AT;
}

/**
 * A `cognito` district: the ID token renewed silently with the refresh token (InitiateAuth
 * REFRESH_TOKEN_AUTH) at 80% of its life, and on demand (the Api's 401). Returns the refresher,
 * or undefined outside Cognito or without a refresh token.
 */
export function useCognitoRefresh(
  config: PortalConfig,
  session: Session | undefined,
  setSession: (s: Session) => void,
): (() => Promise<string | undefined>) | undefined {
  const current = useRef(session);
  current.current = session;
  const flight = useRef<Promise<string | undefined> | undefined>(undefined);
  const refresh = useCallback((): Promise<string | undefined> => {
    const refreshToken = savedRefresh();
    if (!refreshToken) return Promise.resolve(undefined);
    flight.current ??= cognito(config, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    })
      .then(
        (out) => {
          const token = (out.AuthenticationResult as { IdToken?: string } | undefined)?.IdToken;
          const s = current.current;
          if (!token || !s) return undefined; // signed out meanwhile
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
  const on = config.mode === 'cognito';
  const token = session?.token;
  useEffect(() => {
    if (!on || !token || !savedRefresh()) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, cognitoRefreshTime(token) - Date.now()));
    return () => clearTimeout(timer);
  }, [on, token, refresh]);
  return on ? refresh : undefined;
}
