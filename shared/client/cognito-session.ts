import { chmodSync } from 'node:fs';
import { message } from '../domain/messages.ts';
import { ApiCallError, ApiClient, readSession, sessionFile, writeSession } from './api-client.ts';
import type { CognitoClientRef, CognitoTokens } from './cognito-login.ts';
import { needsRefresh } from './jwt-expiry.ts';

/** What the CLI's session file holds after `cepin login --cognito`: how to refresh the ID token. */
export interface SavedCognito extends CognitoClientRef {
  refreshToken: string;
}

type SavedSession = { api?: string; token?: string; as?: string; cognito?: SavedCognito };

/**
 * Saves a Cognito sign-in in the CLI's session file (mode 600, also when the file was there
 * before): the ID token the API takes, and the refresh token with the app client it belongs to.
 */
export function saveCognitoSession(
  env: NodeJS.ProcessEnv,
  s: { api: string; user: string; ref: CognitoClientRef; tokens: CognitoTokens },
): void {
  const { region, clientId, endpoint } = s.ref;
  const saved: { api: string; token: string; as: string } & SavedSession = {
    api: s.api,
    token: s.tokens.idToken,
    as: `cognito:${s.user}`,
    ...(s.tokens.refreshToken
      ? {
          cognito: {
            region,
            clientId,
            ...(endpoint ? { endpoint } : {}),
            refreshToken: s.tokens.refreshToken,
          },
        }
      : {}),
  };
  writeSession(env, saved);
  chmodSync(sessionFile(env), 0o600);
}

/**
 * The saved token, refreshed first (REFRESH_TOKEN_AUTH, saved back) when it is a Cognito ID token
 * that has expired or is about to. A refresh token that has itself expired (12 hours) is refused
 * with `signin.refresh-failed`: sign in again.
 */
export async function freshToken(env: NodeJS.ProcessEnv, now = Date.now()): Promise<string | undefined> {
  const s = readSession(env) as SavedSession;
  if (!s.token || !s.cognito?.refreshToken) return s.token;
  if (!needsRefresh(s.token, now)) return s.token;
  // Loaded only now: most commands never refresh, and the AWS SDK is large.
  const { cognitoRefresh } = await import('./cognito-login.ts');
  const tokens = await cognitoRefresh(s.cognito, s.cognito.refreshToken);
  writeSession(env, { ...s, api: s.api ?? '', as: s.as ?? 'cognito', token: tokens.idToken });
  chmodSync(sessionFile(env), 0o600);
  return tokens.idToken;
}

/** An API client whose every call goes out with a fresh token of the saved Cognito session. */
export class RefreshingApiClient extends ApiClient {
  constructor(
    api: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    super(api, undefined);
  }

  override async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let token: string | undefined;
    try {
      token = await freshToken(this.env);
    } catch (e) {
      // The refresh token has expired (or was revoked): said as the API says a 401, with the cure.
      if (!(e instanceof Error && e.name === 'CognitoSignInError')) throw e;
      const again = 'cepin login --cognito …';
      throw new ApiCallError(401, {
        error: {
          code: 'signin.refresh-failed',
          message: {
            zh: `${message('signin.refresh-failed', {}, 'zh')}:${again}`,
            en: `${message('signin.refresh-failed', {}, 'en')}: ${again}`,
          },
        },
      });
    }
    return new ApiClient(this.api, token).call<T>(method, path, body);
  }
}

/** True when the saved session is a Cognito sign-in that can refresh itself. */
export function hasCognitoRefresh(env: NodeJS.ProcessEnv): boolean {
  return !!(readSession(env) as SavedSession).cognito?.refreshToken;
}
