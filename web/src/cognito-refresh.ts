import { useCallback } from 'preact/hooks';
import { cognito, type PortalConfig, type Session } from './session.ts';
import { useSilentRefresh } from './silent-refresh.ts';

/** A Cognito sign-in's refresh token: sessionStorage (gone with the tab), never localStorage. */
const KEY = 'cepin.cognito.refresh';

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

/**
 * A `cognito` district: the ID token renewed silently with the refresh token (InitiateAuth
 * REFRESH_TOKEN_AUTH) at 80% of its life, and on demand (the Api's 401). Returns the refresher,
 * or undefined outside Cognito.
 */
export function useCognitoRefresh(
  config: PortalConfig,
  session: Session | undefined,
  setSession: (s: Session) => void,
): (() => Promise<string | undefined>) | undefined {
  const fetchToken = useCallback(async (): Promise<string | undefined> => {
    const refreshToken = savedRefresh();
    if (!refreshToken) return undefined;
    const out = await cognito(config, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return (out.AuthenticationResult as { IdToken?: string } | undefined)?.IdToken;
  }, [config]);
  return useSilentRefresh(config.mode === 'cognito' && !!savedRefresh(), session, setSession, fetchToken);
}
