import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { decodeJwt, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../shared/domain/people.ts';
import type { LocalAccounts } from '../../shared/local/oidc-accounts.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { startTestStack } from '../support/local-stack.ts';
import { deviceSignIn, OidcSignInRefused, refreshWithOidc, signInWithOidc } from '../support/oidc-login.ts';

/**
 * An `oidc` district on the local stack: a real OpenID Connect provider next to it, people signing in
 * through the real authorization-code flow with PKCE (and the CLI's device flow), and the gateway
 * checking their ID tokens as API Gateway's JWT authorizer would.
 */

let stack: LocalStack;
let issuer: string;
let accounts: LocalAccounts;

const person = (login: string, name: string, extra: Partial<Person> = {}): Person => ({
  login,
  name,
  role: 'unit',
  ref: login.toUpperCase(),
  active: true,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'test',
  ...extra,
});

beforeAll(async () => {
  stack = await startTestStack('dongcheng', { identity: 'oidc' });
  issuer = stack.oidc!.issuer;
  accounts = stack.oidc!.accounts;
  await accounts.create(
    person('dc01', '东城区档案馆', { email: 'dc01@example.org', phone: '+8613800000001' }),
    'Temp-pass-01',
  );
  await accounts.create(person('dc02', '东城区文化馆'), 'Temp-pass-02');
  await accounts.setEnabled('dc02', false);
  await accounts.create(person('dc03', '东城区图书馆'), 'Temp-pass-03');
  await accounts.create(person('a01', '张测评', { role: 'assessor', ref: 'A01' }), 'Temp-pass-04');
});
afterAll(async () => {
  await stack?.stop();
});

const portal = () => `${stack.apiUrl}/callback`;
/**
 * GET /rounds with a bearer token: 'refused' when the gateway answers its own 401 (the JWT
 * authorizer's `{"message":"Unauthorized"}`), else 'passed' (the API answered: what the people
 * directory decides about the caller is its business).
 */
const rounds = async (token: string): Promise<'refused' | 'passed'> => {
  const r = await fetch(`${stack.apiUrl}/rounds`, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.text();
  return r.status === 401 && body === '{"message":"Unauthorized"}' ? 'refused' : 'passed';
};

/** A request with headers exactly as given (fetch does not let a caller set Host). */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local OpenID Connect provider', () => {
  it('publishes a discovery document for its issuer on the port after the stack’s three', async () => {
    const apiPort = Number(new URL(stack.apiUrl).port);
    expect(stack.oidc!.port).toBeGreaterThanOrEqual(apiPort + 3);
    expect(issuer).toBe(`http://127.0.0.1:${stack.oidc!.port}`);
    const d = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(d).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      device_authorization_endpoint: `${issuer}/device/auth`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: expect.arrayContaining(['RS256']),
      scopes_supported: expect.arrayContaining(['openid', 'profile', 'email', 'phone', 'offline_access']),
      claims_supported: expect.arrayContaining([
        'sub',
        'email',
        'phone_number',
        'preferred_username',
        'name',
      ]),
      grant_types_supported: expect.arrayContaining([
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ]),
    });
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it('gives the stack’s functions the oidc settings', () => {
    expect(stack.config).toMatchObject({
      CEPIN_IDENTITY: 'oidc',
      CEPIN_OIDC_ISSUER: issuer,
      CEPIN_OIDC_BIND_BY: 'preferred_username',
    });
  });

  it('tells the portal to sign in with it', async () => {
    const c = (await (await fetch(`${stack.apiUrl}/config.json`)).json()) as Record<string, unknown>;
    expect(c).toMatchObject({ mode: 'oidc', issuer, clientId: 'cepin-portal', district: 'dongcheng' });
  });

  it('signs a person in with a temporary password, makes them choose a new one, and issues a 1-hour ID token', async () => {
    const t = await signInWithOidc({
      issuer,
      redirectUri: portal(),
      who: { login: 'dc01', password: 'Temp-pass-01', newPassword: 'my own pass 1' },
    });
    const c = decodeJwt(t.idToken);
    expect(c).toMatchObject({
      iss: issuer,
      aud: 'cepin-portal',
      sub: accounts.find('dc01')!.subject,
      preferred_username: 'dc01',
      name: '东城区档案馆',
      email: 'dc01@example.org',
      phone_number: '+8613800000001',
    });
    expect(c.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.exp! - c.iat!).toBe(3600);
    expect((await accounts.list()).find((a) => a.login === 'dc01')?.status).toBe('CONFIRMED');
    // The gateway passes the token on to the API (what the directory then decides is its business).
    expect(await rounds(t.idToken)).toBe('passed');
    // Next time the new password signs in straight away; the temporary one no longer does.
    const again = await signInWithOidc({
      issuer,
      redirectUri: portal(),
      who: { login: 'dc01', password: 'my own pass 1' },
    });
    expect(decodeJwt(again.idToken).sub).toBe(c.sub);
    await expect(
      signInWithOidc({
        issuer,
        redirectUri: `${stack.apiUrl}/`,
        who: { login: 'dc01', password: 'Temp-pass-01' },
      }),
    ).rejects.toThrow(OidcSignInRefused);
  });

  it('refuses a wrong password and a disabled account, saying why in Chinese (or English when asked)', async () => {
    const refusal = (who: { login: string; password: string }, lang?: 'en') =>
      signInWithOidc({ issuer, redirectUri: portal(), who, lang }).then(
        () => 'signed in',
        (e: unknown) => (e instanceof OidcSignInRefused ? e.page : String(e)),
      );
    expect(await refusal({ login: 'dc03', password: 'not-the-password' })).toContain('登录名或密码不正确');
    expect(await refusal({ login: 'nobody', password: 'Temp-pass-03' })).toContain('登录名或密码不正确');
    expect(await refusal({ login: 'dc02', password: 'Temp-pass-02' })).toContain(
      '此账号已停用,请联系区级管理员',
    );
    // A disabled account is named as such only to who knows its password.
    expect(await refusal({ login: 'dc02', password: 'guess' })).toContain('登录名或密码不正确');
    expect(await refusal({ login: 'dc03', password: 'wrong' }, 'en')).toContain(
      'The sign-in name or the password is not right',
    );
  });

  it('refuses a new password that is short, repeated differently, or the temporary one', async () => {
    const tries: [string, string, string][] = [
      ['short', 'short', '新密码至少 8 个字符'],
      ['long enough 1', 'long enough 2', '两次输入的新密码不一致'],
      ['Temp-pass-03', 'Temp-pass-03', '新密码不能与临时密码相同'],
    ];
    for (const [newPassword, repeat, says] of tries) {
      const page = await signInWithOidc({
        issuer,
        redirectUri: portal(),
        who: { login: 'dc03', password: 'Temp-pass-03', newPassword, repeat },
      }).then(
        () => 'signed in',
        (e: unknown) => (e instanceof OidcSignInRefused ? e.page : String(e)),
      );
      expect(page, newPassword).toContain(says);
    }
    expect((await accounts.list()).find((a) => a.login === 'dc03')?.status).toBe('FORCE_CHANGE_PASSWORD');
  });

  it('gives a new ID token for the refresh token, rotates it, and stops when the account is disabled', async () => {
    const t = await signInWithOidc({
      issuer,
      redirectUri: portal(),
      who: { login: 'dc03', password: 'Temp-pass-03', newPassword: 'dc03 own pass' },
    });
    await new Promise((ok) => setTimeout(ok, 1100)); // a second later: a new iat
    const r = await refreshWithOidc(issuer, t.refreshToken);
    expect(decodeJwt(r.idToken).iat).toBeGreaterThan(decodeJwt(t.idToken).iat!);
    expect(r.refreshToken).not.toBe(t.refreshToken);
    expect(decodeJwt(r.idToken)).toMatchObject({
      iss: issuer,
      aud: 'cepin-portal',
      sub: decodeJwt(t.idToken).sub,
    });
    expect(await rounds(r.idToken)).toBe('passed');
    await expect(refreshWithOidc(issuer, t.refreshToken)).rejects.toThrow(); // the old one is spent
    await accounts.setEnabled('dc03', false);
    await expect(refreshWithOidc(issuer, r.refreshToken)).rejects.toThrow();
    await accounts.setEnabled('dc03', true);
  });

  it('signs the CLI in with the device flow: start, approve with the user code, poll, token', async () => {
    const d = await deviceSignIn({
      issuer,
      who: { login: 'a01', password: 'Temp-pass-04', newPassword: 'assessor pass 1' },
    });
    expect(d.pendingBefore).toBe('authorization_pending');
    expect(d.successPage).toContain('登录成功');
    expect(decodeJwt(d.tokens.idToken)).toMatchObject({
      iss: issuer,
      aud: 'cepin-cli',
      preferred_username: 'a01',
    });
    expect(await rounds(d.tokens.idToken)).toBe('passed');
  });

  it('answers only its own host and origins, and a sign-in page only to the browser that started it', async () => {
    const port = stack.oidc!.port;
    const path = `${issuer}/.well-known/openid-configuration`;
    expect((await raw(path, { host: `evil.example:${port}` })).status).toBe(421);
    expect((await raw(path, { host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(path, { host: `127.0.0.1:${port}`, origin: stack.apiUrl })).status).toBe(200);
    const page = await raw(`${issuer}/interaction/abc123`, { host: `127.0.0.1:${port}` });
    expect(page.status).toBe(400);
    expect(page.body).toContain('登录页面已过期或不是从本系统打开的');
  });

  it('requires PKCE of the portal', async () => {
    const url = `${issuer}/auth?client_id=cepin-portal&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(portal())}`;
    const res = await fetch(url, { redirect: 'manual' });
    const to = new URL(res.headers.get('location')!);
    expect(to.origin + to.pathname).toBe(portal());
    expect(to.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('the gateway of an oidc district', () => {
  const key = () =>
    (JSON.parse(readFileSync(join(stack.dataDir, 'oidc-keys.json'), 'utf8')) as { jwks: { keys: JWK[] } })
      .jwks.keys[0]!;
  const token = async (o: { signer?: JWK; iss?: string; aud?: string; exp?: number }) => {
    const k = key();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ preferred_username: 'dc01' })
      .setProtectedHeader({ alg: 'RS256', kid: k.kid! })
      .setIssuer(o.iss ?? issuer)
      .setAudience(o.aud ?? 'cepin-portal')
      .setSubject('someone')
      .setIssuedAt(now - 10)
      .setExpirationTime(o.exp ?? now + 600)
      .sign(await importJWK(o.signer ?? k, 'RS256'));
  };

  it('passes a token of the issuer for either client, as the JWT authorizer would', async () => {
    expect(await rounds(await token({}))).toBe('passed');
    expect(await rounds(await token({ aud: 'cepin-cli' }))).toBe('passed');
  });

  it('answers 401 for another key, another issuer, another audience, an expired token, a forged signature', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'jwk',
    }) as JWK;
    const now = Math.floor(Date.now() / 1000);
    expect(await rounds(await token({ signer: other }))).toBe('refused');
    expect(await rounds(await token({ iss: 'http://127.0.0.1:1' }))).toBe('refused');
    expect(await rounds(await token({ aud: 'someone-else' }))).toBe('refused');
    expect(await rounds(await token({ exp: now - 60 }))).toBe('refused');
    const good = await token({});
    expect(await rounds(`${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`)).toBe('refused');
  });

  it('keeps the dev login (whose tokens the API of an oidc district then refuses: not its issuer)', async () => {
    const r = await fetch(`${stack.apiUrl}/local/login`, {
      method: 'POST',
      body: JSON.stringify({ as: 'admin' }),
    });
    const { token: dev } = (await r.json()) as { token: string };
    expect(await rounds(dev)).toBe('passed');
  });
});
