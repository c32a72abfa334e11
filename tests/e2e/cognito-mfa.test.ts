import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { secretFor, type LocalStack } from '../../shared/local/stack.ts';
import { signLocalToken } from '../../shared/local/tokens.ts';
import { districtPool, startCognitoLocal, type CognitoLocal } from '../support/cognito-local.ts';
import { buildPortal, launchChromium } from '../support/browser.ts';
import { startTestStack } from '../support/local-stack.ts';

/**
 * An admin with an authenticator app signs in to a `cognito` district's portal, in Debian's Chromium:
 * the portal talks to cognito-local (npm `cognito-local`, a local user pool) as it talks to Cognito
 * in AWS, straight from the page. In front of the real local stack, a small proxy plays the two
 * parts CloudFront and API Gateway play in AWS: /config.json in cognito mode (with the emulator's
 * endpoint) and a CSP naming it; and the JWT authorizer — a Bearer token is verified against the
 * pool's JWKS (signature, issuer, audience = the app client), then handed on to the local gateway
 * as the local token of the same role (the gateway trusts only its own key).
 */
const SHOTS = '/tmp/shots-p5';
const PASSWORD = 'Archive-Pass-2026!';
let webDir: string;
let stack: LocalStack;
let cognito: CognitoLocal;
let sdk: CognitoIdentityProviderClient;
let pool: string;
let clientId: string;
let secret: string;
let front: Server;
let frontUrl: string;
let browser: Browser;

const codeNow = () => generateSync({ secret });
const wrong = (code: string) => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function createAdmin(user: string) {
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

/** The proxy in front of the local stack (see above). */
async function startFront(): Promise<Server> {
  const jwks = createRemoteJWKSet(new URL(`${cognito.endpoint}/${pool}/.well-known/jwks.json`));
  const localSecret = secretFor(stack.dataDir);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.url === '/config.json') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              mode: 'cognito',
              api: '',
              region: 'local',
              userPoolClientId: clientId,
              cognitoEndpoint: cognito.endpoint,
              district: 'dongcheng',
              districtName: { zh: '东城区', en: 'Dongcheng' },
            }),
          );
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (k !== 'host' && k !== 'authorization' && k !== 'connection' && typeof v === 'string')
            headers[k] = v;
        // Same origin behind CloudFront: the page's origin is the gateway's (its guard refuses others).
        if (headers.origin) headers.origin = new URL(stack.apiUrl).origin;
        delete headers.referer;
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (bearer) {
          const verified = await jwtVerify(bearer, jwks, {
            issuer: `${cognito.endpoint}/${pool}`,
            audience: clientId,
          }).catch(() => undefined);
          const groups = (verified?.payload['cognito:groups'] ?? []) as string[];
          if (verified?.payload.token_use === 'id' && groups.includes('admin'))
            headers.authorization = `Bearer ${await signLocalToken(localSecret, { role: 'admin', ref: '' }, 'dongcheng')}`;
        }
        const upstream = await fetch(`${stack.apiUrl}${req.url}`, {
          method: req.method,
          headers,
          body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        });
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k === 'content-encoding' || k === 'content-length' || k === 'transfer-encoding') return;
          out[k] =
            k === 'content-security-policy'
              ? v.replace("connect-src 'self'", `connect-src 'self' ${cognito.endpoint}`)
              : v;
        });
        res.writeHead(upstream.status, out);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch((e: unknown) => res.writeHead(502).end(String(e)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

beforeAll(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  cognito = await startCognitoLocal();
  sdk = cognito.client();
  pool = await districtPool(sdk, 'dongcheng');
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
      ClientName: 'portal',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 1,
      RefreshTokenValidity: 12,
      TokenValidityUnits: { IdToken: 'hours', AccessToken: 'hours', RefreshToken: 'hours' },
    }),
  );
  clientId = c.UserPoolClient!.ClientId!;
  await createAdmin('wang.admin');
  await createAdmin('sun.admin');
  // wang.admin has enrolled an authenticator app (AssociateSoftwareToken, VerifySoftwareToken, preference).
  const first = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'wang.admin', PASSWORD },
    }),
  );
  const access = first.AuthenticationResult!.AccessToken!;
  secret = (await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: access }))).SecretCode!;
  await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: access, UserCode: codeNow() }));
  await sdk.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: access,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  front = await startFront();
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || !browser) return;
  for (const [i, page] of browser
    .contexts()
    .flatMap((c) => c.pages())
    .entries()) {
    await shot(page, `failed-${i}`).catch(() => {});
    console.error(await page.locator('body').innerText().catch(String));
  }
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => front?.close(r));
  sdk?.destroy();
  await cognito?.stop();
  await stack?.stop();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe("an admin's second factor in the portal", () => {
  it('asks for the authenticator code after the password, refuses a wrong one, and opens the admin page with the right one', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(frontUrl);
    await page.getByLabel('用户名').fill('wang.admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const code = page.getByLabel('验证码(6 位数字)');
    await expect.poll(() => code.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await shot(page, '1-code-step');

    await code.fill(wrong(codeNow()));
    await page.getByRole('button', { name: '验证' }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 })
      .toContain('验证码不正确');
    await shot(page, '2-wrong-code');

    // The same step, the same Cognito session: the right code now.
    await code.fill(codeNow());
    await page.getByRole('button', { name: '验证' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: '退出' }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('新建轮次');
    expect(await page.locator('header').innerText()).toContain('管理员');
    expect(await page.evaluate(() => sessionStorage.getItem('cepin.cognito.refresh'))).toBeTruthy();
    await shot(page, '3-admin-page');
    await ctx.close();
  });

  it('renews the ID token silently at 80% of its hour, with the refresh token, and stays signed in', async () => {
    // sun.admin signs in with a password only: cognito-local 5.3 keeps refresh tokens of such
    // sign-ins, not of those finished by RespondToAuthChallenge (tests/integration/cognito-mfa.test.ts).
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await ctx.newPage();
    await page.clock.install();
    await page.goto(frontUrl);
    await page.getByLabel('用户名').fill('sun.admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('新建轮次');
    const tokenNow = () =>
      page.evaluate(
        () => (JSON.parse(sessionStorage.getItem('cepin.session') ?? '{}') as { token?: string }).token,
      );
    const first = await tokenNow();
    await page.waitForTimeout(1100); // a later second at cognito-local: a different token
    await page.clock.runFor('47:00');
    expect(await tokenNow()).toBe(first); // not yet: 80% of an hour is 48 minutes
    await page.clock.runFor('02:00');
    await expect.poll(tokenNow, { timeout: 10_000 }).not.toBe(first);
    expect(await page.getByRole('button', { name: '退出' }).isVisible()).toBe(true);
    await ctx.close();
  });
});
