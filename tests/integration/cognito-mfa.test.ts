import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateSecret, generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoSignIn, cognitoRefresh, enrolTotp } from '../../shared/client/cognito-login.ts';
import { freshToken } from '../../shared/client/cognito-session.ts';
import { main } from '../../shared/cli/main.ts';
import { districtPool, startCognitoLocal, type CognitoLocal } from '../support/cognito-local.ts';
import { startCognitoStandin, type CognitoStandin } from '../support/cognito-standin.ts';
import { fixedNow } from '../support/rules.ts';

/**
 * Admins' second factor, through the CLI's own client code, against cognito-local (npm
 * `cognito-local`: a local user pool server; the real SDK and wire protocol, no SDK mock): a pool
 * with MFA optional and TOTP, an admin who enrolled an authenticator app. cognito-local lacks
 * MFA_SETUP (a pool requiring MFA, a user without it), which runs against tests/support/cognito-standin.ts.
 */
let cognito: CognitoLocal;
let sdk: CognitoIdentityProviderClient;
let clientId: string;
let secret: string;
const PASSWORD = 'Archive-Pass-2026!';
const ref = () => ({ region: 'local', clientId, endpoint: cognito.endpoint });
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
/** The code the app shows now, computed here from the secret (RFC 6238: SHA-1, 6 digits, 30 s). */
const codeNow = (s: string) => generateSync({ secret: s });
/** Another six digits than the right code. */
const wrong = (code: string) => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');

async function createAdmin(pool: string, user: string) {
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: pool,
      Username: user,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${user}@example.gov.cn` }],
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool,
      Username: user,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: user, GroupName: 'admin' }));
}

beforeAll(async () => {
  cognito = await startCognitoLocal();
  sdk = cognito.client();
  const pool = await districtPool(sdk, 'mfa');
  await sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const c = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool,
      ClientName: 'cli',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 1,
      AccessTokenValidity: 1,
      RefreshTokenValidity: 12,
      TokenValidityUnits: { IdToken: 'hours', AccessToken: 'hours', RefreshToken: 'hours' },
    }),
  );
  clientId = c.UserPoolClient!.ClientId!;
  // wang.admin enrols an authenticator app the way Cognito documents it, with the SDK directly.
  await createAdmin(pool, 'wang.admin');
  await createAdmin(pool, 'li.admin');
  await createAdmin(pool, 'sun.admin');
  const first = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'wang.admin', PASSWORD },
    }),
  );
  const access = first.AuthenticationResult!.AccessToken!;
  secret = (await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: access }))).SecretCode!;
  await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: access, UserCode: codeNow(secret) }));
  await sdk.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: access,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
}, 30_000);
afterAll(async () => {
  sdk?.destroy();
  await cognito?.stop();
});

describe('an admin with an authenticator app signs in', () => {
  it('is asked for the code; a wrong one is refused and asked again, the right one gives admin tokens', async () => {
    const asked: boolean[] = [];
    const before = Date.now();
    const tokens = await cognitoSignIn({
      ...ref(),
      user: 'wang.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: async (retry) => {
        asked.push(retry);
        return retry ? codeNow(secret) : wrong(codeNow(secret));
      },
    });
    expect(asked).toEqual([false, true]);
    expect(claims(tokens.idToken)['cognito:groups']).toEqual(['admin']);
    expect(tokens.refreshToken).toBeTruthy();
    // One hour, as the app client says (±1 minute for the clock).
    expect(Math.abs(tokens.expires - (before + 3_600_000))).toBeLessThan(60_000);
  });

  it('gives up after three wrong codes, saying so in Chinese and English', async () => {
    let asked = 0;
    const signIn = cognitoSignIn({
      ...ref(),
      user: 'wang.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: async () => {
        asked++;
        return wrong(codeNow(secret));
      },
    });
    await expect(signIn).rejects.toMatchObject({
      code: 'signin.totp-wrong',
      message: expect.stringMatching(/验证码不正确.* \/ That code is wrong/),
    });
    expect(asked).toBe(3);
  });

  it('refreshes: REFRESH_TOKEN_AUTH gives a new ID token that lives longer, and keeps the refresh token', async () => {
    // cognito-local 5.3 keeps the refresh token of a password-only sign-in, not of one finished by
    // RespondToAuthChallenge (that refresh after a TOTP sign-in runs against the stand-in below).
    const t = await cognitoSignIn({
      ...ref(),
      user: 'sun.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
    });
    await new Promise((r) => setTimeout(r, 1100)); // a later second: a later `exp`
    const again = await cognitoRefresh(ref(), t.refreshToken!);
    expect(again.idToken).not.toBe(t.idToken);
    expect(again.expires).toBeGreaterThan(t.expires);
    expect(again.refreshToken).toBe(t.refreshToken);
    expect(claims(again.idToken)['cognito:groups']).toEqual(['admin']);
  });

  it('refuses an unknown refresh token with signin.refresh-failed', async () => {
    await expect(cognitoRefresh(ref(), 'not-a-refresh-token')).rejects.toMatchObject({
      code: 'signin.refresh-failed',
    });
  });
});

describe('an admin turns the second factor on (MFA optional)', () => {
  it('adds the otpauth key to an app, confirms its code, and is asked for a code at the next sign-in', async () => {
    const first = await cognitoSignIn({
      ...ref(),
      user: 'li.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: () => Promise.reject(new Error('no code expected before enrolling')),
    });
    let key = '';
    await enrolTotp(ref(), first.accessToken, 'li.admin', async (uri, retry) => {
      expect(uri).toMatch(/^otpauth:\/\/totp\/cepin:li\.admin\?secret=[A-Z2-7]+&issuer=cepin&/);
      key = new URL(uri).searchParams.get('secret')!;
      return retry ? codeNow(key) : wrong(codeNow(key));
    });
    let asked = 0;
    const next = await cognitoSignIn({
      ...ref(),
      user: 'li.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: async () => {
        asked++;
        return codeNow(key);
      },
    });
    expect(asked).toBe(1);
    expect(claims(next.idToken)['cognito:groups']).toEqual(['admin']);
  });
});

describe('cepin login --cognito', () => {
  const run = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'cepin', ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      now: fixedNow,
      env,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const login = (env: NodeJS.ProcessEnv, totp: string) =>
    run(
      env,
      'login',
      '--cognito',
      '--client-id',
      clientId,
      '--user',
      'wang.admin',
      '--region',
      'local',
      '--totp',
      totp,
      '--api',
      'http://127.0.0.1:9',
    );

  it('takes --totp and saves the ID and refresh tokens in a file only its owner reads', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cepin-home-'));
    const env = { CEPIN_HOME: home, CEPIN_PASSWORD: PASSWORD, CEPIN_COGNITO_ENDPOINT: cognito.endpoint };
    const r = await login(env, codeNow(secret));
    expect(r.code, r.err).toBe(0);
    const file = join(home, 'session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      token: string;
      cognito: { refreshToken?: string };
    };
    expect(saved).toMatchObject({ as: 'cognito:wang.admin', cognito: { clientId, region: 'local' } });
    expect(claims(saved.token)['cognito:groups']).toEqual(['admin']);
    expect(saved.cognito.refreshToken).toBeTruthy();
  });

  it('refreshes an expired ID token on use and saves the new one (TOTP sign-in, stand-in)', async () => {
    const standin = await startCognitoStandin();
    const key = generateSecret();
    standin.users.set('wang.admin', { password: PASSWORD, groups: ['admin'], totpSecret: key });
    try {
      const home = mkdtempSync(join(tmpdir(), 'cepin-home-'));
      const env = { CEPIN_HOME: home, CEPIN_PASSWORD: PASSWORD, CEPIN_COGNITO_ENDPOINT: standin.endpoint };
      const r = await run(
        env,
        'login',
        '--cognito',
        '--client-id',
        standin.clientId,
        '--user',
        'wang.admin',
        '--region',
        'local',
        '--totp',
        codeNow(key),
        '--api',
        'http://127.0.0.1:9',
      );
      expect(r.code, r.err).toBe(0);
      const file = join(home, 'session.json');
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        token: string;
        cognito: { refreshToken?: string };
      };
      // An hour later: the saved ID token has expired (its payload says so; the signature is not read here).
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const expired = `${b64({ alg: 'none' })}.${b64({ exp: Math.floor(Date.now() / 1000) - 10 })}.x`;
      writeFileSync(file, JSON.stringify({ ...saved, token: expired }));
      const token = await freshToken(env);
      expect(token).not.toBe(expired);
      expect(claims(token!).exp).toBeGreaterThan(Date.now() / 1000 + 3000);
      expect(claims(token!)['cognito:groups']).toEqual(['admin']);
      expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(token);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(standin.calls.at(-1)).toBe('InitiateAuth'); // REFRESH_TOKEN_AUTH
      // A fresh token is used as it is: no call.
      const calls = standin.calls.length;
      expect(await freshToken(env)).toBe(token);
      expect(standin.calls.length).toBe(calls);
    } finally {
      await standin.stop();
    }
  });

  it('refuses a wrong --totp with exit 1 and the zh/en reason, saving nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cepin-home-'));
    const env = { CEPIN_HOME: home, CEPIN_PASSWORD: PASSWORD, CEPIN_COGNITO_ENDPOINT: cognito.endpoint };
    const r = await login(env, wrong(codeNow(secret)));
    expect(r.code).toBe(1);
    expect(r.err).toContain('验证码不正确');
    expect(r.err).toContain('That code is wrong');
    expect(() => statSync(join(home, 'session.json'))).toThrow();
  });
});

describe('MFA_SETUP: a pool that requires a second factor, an admin without one (stand-in)', () => {
  let standin: CognitoStandin;
  beforeAll(async () => {
    standin = await startCognitoStandin();
    standin.users.set('zhao.admin', { password: PASSWORD, groups: ['admin'] });
  });
  afterAll(() => standin?.stop());

  it('shows the otpauth key, takes the app’s code (after a wrong one), and signs in; the next sign-in asks for a code', async () => {
    const sref = { region: 'local', clientId: standin.clientId, endpoint: standin.endpoint };
    let key = '';
    const asked: boolean[] = [];
    const tokens = await cognitoSignIn({
      ...sref,
      user: 'zhao.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: () => Promise.reject(new Error('no code expected before the setup')),
      setupTotp: async (uri, retry) => {
        asked.push(retry);
        key = new URL(uri).searchParams.get('secret')!;
        return retry ? codeNow(key) : wrong(codeNow(key));
      },
    });
    expect(asked).toEqual([false, true]);
    expect(claims(tokens.idToken)['cognito:groups']).toEqual(['admin']);
    expect(standin.calls).toEqual([
      'InitiateAuth',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'VerifySoftwareToken',
      'RespondToAuthChallenge',
    ]);
    expect(standin.users.get('zhao.admin')!.totpSecret).toBe(key);
    const next = await cognitoSignIn({
      ...sref,
      user: 'zhao.admin',
      password: PASSWORD,
      newPassword: () => Promise.reject(new Error('no new password expected')),
      totpCode: async () => codeNow(key),
    });
    expect(claims(next.idToken).sub).toBe('zhao.admin');
  });

  it('says the step has timed out when Cognito no longer takes its session', async () => {
    const quick = await startCognitoStandin({ sessionMs: 50 });
    const key = generateSecret();
    quick.users.set('zhao.admin', { password: PASSWORD, groups: ['admin'], totpSecret: key });
    try {
      const signIn = cognitoSignIn({
        region: 'local',
        clientId: quick.clientId,
        endpoint: quick.endpoint,
        user: 'zhao.admin',
        password: PASSWORD,
        newPassword: () => Promise.reject(new Error('no new password expected')),
        totpCode: async () => {
          await new Promise((r) => setTimeout(r, 120)); // the admin looks for the phone
          return codeNow(key);
        },
      });
      await expect(signIn).rejects.toMatchObject({
        code: 'signin.step-expired',
        message: expect.stringMatching(/已超时.* \/ .*timed out/),
      });
    } finally {
      await quick.stop();
    }
  });
});
