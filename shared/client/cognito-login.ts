import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { message, type MessageCode } from '../domain/messages.ts';
import { otpauthUri } from '../domain/otpauth.ts';
import { expiryOf } from './jwt-expiry.ts';

/** Which user pool app client to talk to. */
export interface CognitoClientRef {
  region: string;
  clientId: string;
  /** Another endpoint than Cognito's in the region (a local emulator in tests). */
  endpoint?: string | undefined;
}

/** What signing in to a district's user pool needs. */
export interface CognitoLogin extends CognitoClientRef {
  user: string;
  password: string;
  /** Asked for when Cognito requires a new password (first sign-in of a created user). */
  newPassword: () => Promise<string>;
  /** Asked for the authenticator app's 6-digit code (SOFTWARE_TOKEN_MFA); `retry` after a wrong one. */
  totpCode?: ((retry: boolean) => Promise<string>) | undefined;
  /**
   * MFA_SETUP (a pool that requires a second factor, a user without one): shown the otpauth URI
   * to add to an authenticator app, asked for the first code it shows.
   */
  setupTotp?: ((uri: string, retry: boolean) => Promise<string>) | undefined;
}

/** The tokens of a sign-in; REFRESH_TOKEN_AUTH gives no new refresh token. */
export interface CognitoTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string | undefined;
  /** When the ID token expires (ms since the epoch), from its `exp` claim. */
  expires: number;
}

/** A sign-in refused for a reason the person can act on; the message is in Chinese and English. */
export class CognitoSignInError extends Error {
  override name = 'CognitoSignInError';
  constructor(
    readonly code: MessageCode,
    readonly params: Record<string, string> = {},
  ) {
    super(`${message(code, params, 'zh')} / ${message(code, params, 'en')}`);
  }
}

/** Wrong codes a person may type for one challenge before the sign-in gives up. */
const ATTEMPTS = 3;

const client = (c: CognitoClientRef) =>
  new CognitoIdentityProviderClient({ region: c.region, ...(c.endpoint ? { endpoint: c.endpoint } : {}) });

const errorName = (e: unknown) => (e instanceof Error ? e.name : '');

function tokensOf(r: AuthenticationResultType | undefined, step: string | undefined): CognitoTokens {
  if (!r?.IdToken || !r.AccessToken)
    throw new CognitoSignInError('signin.unsupported-step', { step: step ?? 'unknown' });
  return {
    idToken: r.IdToken,
    accessToken: r.AccessToken,
    refreshToken: r.RefreshToken,
    expires: expiryOf(r.IdToken),
  };
}

/**
 * Asks for a code and sends it until one is accepted: a wrong code (CodeMismatchException, or
 * EnableSoftwareTokenMFAException from VerifySoftwareToken) keeps the session for another try; a
 * session Cognito no longer takes (timed out, or spent) means starting over.
 */
async function withCode<T>(ask: (retry: boolean) => Promise<string>, send: (code: string) => Promise<T>) {
  for (let attempt = 0; ; attempt++) {
    const code = (await ask(attempt > 0)).replace(/[\s-]/g, '');
    try {
      return await send(code);
    } catch (e) {
      const name = errorName(e);
      if (name === 'NotAuthorizedException' || name === 'ExpiredCodeException')
        throw new CognitoSignInError('signin.step-expired');
      const wrong = name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException';
      if (!wrong) throw e;
      if (attempt + 1 >= ATTEMPTS) throw new CognitoSignInError('signin.totp-wrong');
    }
  }
}

/**
 * Signs in with USER_PASSWORD_AUTH and answers the challenges Cognito sets on the way: a new
 * password, the TOTP code of an enrolled user, or the TOTP setup of a pool that requires one.
 */
export async function cognitoSignIn(l: CognitoLogin): Promise<CognitoTokens> {
  const c = client(l);
  try {
    let out: Pick<InitiateAuthCommandOutput, 'AuthenticationResult' | 'ChallengeName' | 'Session'> =
      await c.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: l.clientId,
          AuthParameters: { USERNAME: l.user, PASSWORD: l.password },
        }),
      );
    const respond = (name: string, session: string | undefined, answers: Record<string, string>) =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: l.clientId,
          ChallengeName: name as never,
          Session: session,
          ChallengeResponses: { USERNAME: l.user, ...answers },
        }),
      );
    for (let steps = 0; !out.AuthenticationResult && steps < 4; steps++) {
      const session = out.Session;
      if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED')
        out = await respond('NEW_PASSWORD_REQUIRED', session, { NEW_PASSWORD: await l.newPassword() });
      else if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && l.totpCode)
        out = await withCode(l.totpCode, (code) =>
          respond('SOFTWARE_TOKEN_MFA', session, { SOFTWARE_TOKEN_MFA_CODE: code }),
        );
      else if (out.ChallengeName === 'MFA_SETUP' && l.setupTotp) {
        const setup = l.setupTotp;
        const assoc = await c.send(new AssociateSoftwareTokenCommand({ Session: session }));
        const uri = otpauthUri(assoc.SecretCode ?? '', l.user);
        const verified = await withCode(
          (retry) => setup(uri, retry),
          (code) => c.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: code })),
        );
        out = await respond('MFA_SETUP', verified.Session, {});
      } else break;
    }
    return tokensOf(out.AuthenticationResult, out.ChallengeName);
  } finally {
    c.destroy();
  }
}

/** Signs in and returns the ID token (the API's JWT authorizer takes ID tokens). */
export async function cognitoIdToken(l: CognitoLogin): Promise<string> {
  return (await cognitoSignIn(l)).idToken;
}

/** A new ID token from the refresh token (REFRESH_TOKEN_AUTH); the refresh token stays the same. */
export async function cognitoRefresh(ref: CognitoClientRef, refreshToken: string): Promise<CognitoTokens> {
  const c = client(ref);
  try {
    const out = await c.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: ref.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return { ...tokensOf(out.AuthenticationResult, out.ChallengeName), refreshToken };
  } catch (e) {
    if (errorName(e) === 'NotAuthorizedException') throw new CognitoSignInError('signin.refresh-failed');
    throw e;
  } finally {
    c.destroy();
  }
}

/**
 * Turns on the second factor for the signed-in user of a pool where it is optional: a new TOTP
 * secret (shown as an otpauth URI to add to an app), verified with the app's first code, then made
 * the user's preferred MFA, so Cognito asks for a code at every sign-in from now on.
 */
export async function enrolTotp(
  ref: CognitoClientRef,
  accessToken: string,
  user: string,
  code: (uri: string, retry: boolean) => Promise<string>,
): Promise<void> {
  const c = client(ref);
  try {
    const assoc = await c.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const uri = otpauthUri(assoc.SecretCode ?? '', user);
    await withCode(
      (retry) => code(uri, retry),
      (userCode) =>
        c.send(
          new VerifySoftwareTokenCommand({
            AccessToken: accessToken,
            UserCode: userCode,
            FriendlyDeviceName: 'cepin',
          }),
        ),
    );
    await c.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  } finally {
    c.destroy();
  }
}
