import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/**
 * The admin's Accounts tab (登录账号) in Debian's Chromium against the local stack (the dev login's
 * accounts): the sample roster's 33 people with a sign-in name (dc01…dc25, a01…a08) get their
 * accounts from one Sync, with the slips to download; a second Sync creates nobody; one person's
 * password is reset onto a new slip. Screenshot: out/e2e/accounts.png.
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
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the accounts tab', () => {
  it('creates the round’s accounts with their slips, then resets one password', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('登录身份').selectOption('admin');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '登录账号' }).click();
    const dc01 = page.locator('tbody tr', { hasText: 'dc01' }).first();
    await dc01.waitFor();
    expect(await dc01.innerText()).toContain('未开通');

    await page.getByRole('button', { name: /同步本轮次账号/ }).click();
    const result = page.locator('.sync-result');
    await result.waitFor();
    expect(await result.locator('p').first().innerText()).toBe('新建 33,已有 0,启用 0,停用 0,失败 0');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('account-slips-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as unknown as ExcelJS.Buffer);
    let slips = 0;
    wb.worksheets[0]!.eachRow((r) => void (r.getCell(1).value === '临时密码' && slips++));
    expect(slips).toBe(33);
    await page.locator('tbody tr', { hasText: 'dc01' }).first().getByText('可登录 · 待首次登录').waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'accounts.png'), fullPage: true });

    await page.getByRole('button', { name: /同步本轮次账号/ }).click();
    await result.getByText('新建 0,已有 33,启用 0,停用 0,失败 0').waitFor();
    expect(await result.getByRole('link').count()).toBe(0);

    await page
      .locator('tbody tr', { hasText: 'a01' })
      .first()
      .getByRole('button', { name: /重置密码/ })
      .click();
    await page.getByText('a01 的密码已重置,请下载通知单:').waitFor();
    await ctx.close();
  });
});
