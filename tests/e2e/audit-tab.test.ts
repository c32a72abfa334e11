import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/**
 * The admin answers "who saw or tried to see DC01's results" in the portal's audit tab, in Debian's
 * Chromium against the local stack. Screenshot: out/e2e/audit-tab.png.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  browser = await launchChromium();
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: '2026',
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['self'],
  });
  const dc02 = await clientAs(stack, 'unit:DC02');
  await dc02.call('GET', '/rounds/2026/results?unit=DC01').catch(() => undefined);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the audit tab', () => {
  it('shows an admin who was refused a unit’s results, filtered to that unit', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('登录身份').selectOption('admin');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '审计记录' }).click();
    await page.getByLabel('只看单位').fill('DC01');
    await page.getByLabel('只看单位').press('Enter');
    // The filtered list: the round's creation (not about DC01) goes, the refused read stays.
    await page.locator('tbody tr', { hasText: 'POST /rounds' }).first().waitFor({ state: 'detached' });
    const row = page.locator('tbody tr', { hasText: 'unit:DC02' });
    await row.first().waitFor();
    expect(await row.first().innerText()).toContain('403');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(screenshotDir(), 'audit-tab.png'), fullPage: true });
  });
});

describe('the admin tabs', () => {
  it('says so when the round could not be loaded for the downloads tab, instead of offering no units', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('登录身份').selectOption('admin');
    await page.getByRole('button', { name: '登录' }).click();
    // The round's detail (its roster, whose units the tab offers) cannot be fetched: the network fails.
    await page.route('**/rounds/2026', (route) => route.abort('connectionfailed'));
    await page.getByRole('button', { name: '下载', exact: true }).click();
    const alert = page.getByRole('alert').first();
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toBe('无法连接服务器,请检查网络后重试');
    await ctx.close();
  });
});
