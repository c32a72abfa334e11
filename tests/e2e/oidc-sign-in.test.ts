import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestStack } from '../support/local-stack.ts';
import { discover } from '../support/oidc-login.ts';

/**
 * A person signs in to an `oidc` district in Debian's Chromium: the local OpenID Connect provider's
 * pages (wrong password, temporary password, new password) and the redirect back to the portal's
 * origin with a code, which the portal's client then exchanges with its PKCE verifier. (The portal's
 * own sign-in button comes later; here the test plays the portal.) Screenshot:
 * out/e2e/oidc-sign-in.png.
 */
let stack: LocalStack;
let browser: Browser;
const noPortal = mkdtempSync(join(tmpdir(), 'cepin-no-portal-'));

beforeAll(async () => {
  stack = await startTestStack('dongcheng', { identity: 'oidc', webDir: noPortal });
  await stack.oidc!.accounts.create(
    {
      login: 'dc01',
      name: '东城区档案馆',
      role: 'unit',
      ref: 'DC01',
      active: true,
      updatedAt: '2026-03-01T00:00:00.000Z',
      updatedBy: 'test',
    },
    'Temp-pass-01',
  );
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(noPortal, { recursive: true, force: true });
});

describe('signing in to the local OpenID Connect provider in Chromium', () => {
  it('takes a temporary password, asks for a new one and returns to the portal with a code', async () => {
    const issuer = stack.oidc!.issuer;
    const redirectUri = `${stack.apiUrl}/callback`;
    const as = await discover(issuer);
    const client = { client_id: 'cepin-portal' };
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email phone offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'state-1',
    }).toString();
    const page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
    await page.goto(url.href);
    await page.fill('input[name=login]', 'dc01');
    await page.fill('input[name=password]', 'not-it');
    await page.click('button[type=submit]');
    expect(await page.textContent('.error')).toBe('登录名或密码不正确');
    await page.fill('input[name=password]', 'Temp-pass-01');
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=repeat]');
    await page.fill('input[name=password]', 'my own pass 1');
    await page.fill('input[name=repeat]', 'my own pass 2');
    await page.click('button[type=submit]');
    expect(await page.textContent('.error')).toBe('两次输入的新密码不一致');
    await page.screenshot({ path: join(screenshotDir(), 'oidc-sign-in.png') });
    await page.fill('input[name=password]', 'my own pass 1');
    await page.fill('input[name=repeat]', 'my own pass 1');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.href.startsWith(redirectUri));
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(back.searchParams.get('iss')).toBe(issuer);
    const params = oauth.validateAuthResponse(as, client, back, 'state-1');
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      {
        [oauth.allowInsecureRequests]: true,
      },
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, { requireIdToken: true });
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
      iss: issuer,
      aud: 'cepin-portal',
      preferred_username: 'dc01',
    });
    expect(tokens.refresh_token).toBeTruthy();
  });
});
