import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium } from '../support/browser.ts';
import { ContractClient } from '../support/contract.ts';
import { startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow, shippedRules } from '../support/rules.ts';

/**
 * An `oidc` district's portal in Debian's Chromium, against the local stack with its OpenID Connect
 * provider (issue 17 item 3): the first admin the stack made signs in through the portal's button
 * (temporary password → a new one → back in the portal) and creates round 2026 from the sample
 * roster and syncs its people's accounts into the provider; DC01 signs in with the password of its
 * account slip, downloads its template and uploads a filled sheet, accepted; its ID token (45 s here) is replaced silently before it expires
 * and the new one is what the API gets; a person disabled in the directory reads why; sign-out ends
 * the provider's session too. Screenshots: /tmp/shots-p3/.
 */
const TTL = 45;
const shots = '/tmp/shots-p3';
let webDir: string;
let stack: LocalStack;
let browser: Browser;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** The session and refresh token the portal keeps in the page's sessionStorage. */
async function stored(page: Page) {
  return page.evaluate(() => ({
    session: JSON.parse(sessionStorage.getItem('cepin.session') ?? 'null') as { token: string } | null,
    refresh: sessionStorage.getItem('cepin.oidc.refresh'),
    local: Object.keys(localStorage),
  }));
}

/** From the portal's button through the provider's pages (and the new-password step) back to the portal. */
async function signIn(page: Page, login: string, password: string, newPassword?: string, name?: string) {
  await page.goto(stack.apiUrl);
  await page.getByRole('button', { name: '前往登录' }).click();
  await page.waitForURL((u) => u.href.startsWith(stack.oidc!.issuer));
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  if (name) await shot(page, name);
  await page.click('button[type=submit]');
  if (newPassword) {
    await page.waitForSelector('input[name=repeat]');
    await page.fill('input[name=password]', newPassword);
    await page.fill('input[name=repeat]', newPassword);
    await page.click('button[type=submit]');
  }
  await page.waitForURL((u) => u.href.startsWith(stack.apiUrl));
}

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 850 }, acceptDownloads: true });
  return ctx.newPage();
}

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir, identity: 'oidc', idTokenTtl: TTL });
  browser = await launchChromium();
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || !browser) return;
  for (const [i, page] of browser
    .contexts()
    .flatMap((c) => c.pages())
    .entries()) {
    await page.screenshot({ path: join(shots, `failed-${i}.png`), fullPage: true }).catch(() => {});
    console.error(`${page.url()}:\n${(await page.locator('body').innerText().catch(String)).slice(0, 1500)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the portal of an OpenID Connect district in a real browser', () => {
  let admin: Page;
  let unit: Page;

  it('starts with a first admin: an account with a temporary password in a 0600 file, and the directory person', async () => {
    const first = stack.firstAdmin!;
    expect(first.login).toBe('admin');
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file, 'utf8')).toContain(first.password);
    expect(stack.oidc!.accounts.find('admin')).toMatchObject({ temporary: true, enabled: true });
    expect(await (await fetch(`${stack.apiUrl}/config.json`)).json()).toMatchObject({
      mode: 'oidc',
      issuer: stack.oidc!.issuer,
      clientId: 'cepin-portal',
    });
  });

  it('signs the admin in through the provider (temporary password, then a new one) and creates round 2026', async () => {
    admin = await newPage();
    await admin.goto(stack.apiUrl);
    await admin.getByRole('button', { name: '前往登录' }).waitFor();
    await shot(admin, '01-portal-sign-in');
    await signIn(admin, 'admin', stack.firstAdmin!.password, 'Admin-own-pass-1', '02-provider-sign-in');
    await admin.getByRole('heading', { name: '新建轮次' }).waitFor();
    expect(new URL(admin.url()).search).toBe(''); // the code left the address bar
    await expect.poll(() => admin.locator('.who').textContent()).toContain('管理员');
    const kept = await stored(admin);
    expect(kept.refresh).toBeTruthy();
    expect(kept.local).not.toContain('cepin.oidc.refresh');
    await shot(admin, '03-admin-signed-in');
    await admin.getByLabel('轮次编号').fill('2026');
    await admin.locator('input[name=roster]').setInputFiles('templates/rosters/roster-sample.xlsx');
    await admin.getByRole('button', { name: '创建轮次' }).click();
    await admin.getByRole('heading', { name: '提交情况' }).waitFor();
    expect(stack.oidc!.accounts.find('admin')?.temporary).toBe(false);
  });

  it('syncs the round’s accounts into the provider and prints the slips; DC01 signs in with its slip and uploads its sheet', async () => {
    // The admin syncs round 2026's people: their accounts land in the provider's account file, and
    // the temporary passwords only on the slips (the workbook, read here as a bureau prints it).
    const api = new ContractClient(stack.apiUrl, (await stored(admin)).session!.token);
    const synced = await api.call<{
      accounts: string;
      created: { login: string }[];
      slips: { workbook: { url: string } } | null;
    }>('POST', '/people/sync', { round: '2026' });
    expect(synced.accounts).toBe('local');
    expect(synced.created.map((c) => c.login)).toContain('dc01');
    expect(stack.oidc!.accounts.find('dc01')).toMatchObject({ temporary: true, enabled: true });
    const slips = new ExcelJS.Workbook();
    await slips.xlsx.load((await api.download(synced.slips!.workbook.url)) as unknown as ArrayBuffer);
    let password = '';
    let mine = false;
    slips.worksheets[0]!.eachRow((row) => {
      const [label, value] = [String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')];
      if (label === '登录名') mine = value === 'dc01';
      if (label === '临时密码' && mine) password = value;
    });
    expect(password).toMatch(/^.{12}$/);
    unit = await newPage();
    await signIn(unit, 'dc01', password, 'Unit-own-pass-1');
    await unit.getByRole('heading', { name: '我的任务' }).waitFor();
    await expect.poll(() => unit.locator('.who').textContent()).toContain('DC01');
    const [dl] = await Promise.all([
      unit.waitForEvent('download'),
      unit.getByRole('button', { name: /下载模板/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe('2026-self-DC01-zh.xlsx');
    const template = readFileSync((await dl.path())!);
    const checked = await checkSheet(template, { rules: shippedRules, fileName: dl.suggestedFilename() });
    expect(checked.meta).toMatchObject({ phase: 'self', unit: 'DC01' });

    const good = await makeSample(dongcheng(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 3,
    });
    const file = join(shots, 'DC01-自评.xlsx');
    writeFileSync(file, good.bytes);
    const expected = await checkSheet(good.bytes, { rules: shippedRules, fileName: 'x.xlsx' });
    await unit.locator('#file-input').setInputFiles([file]);
    const card = unit.locator('li.file', { hasText: 'DC01-自评.xlsx' });
    await card.getByText(`已通过:${expected.score!.total} 分`).waitFor({ timeout: 30_000 });
    await shot(unit, '04-unit-accepted');
  });

  it('replaces the ID token silently before it expires, and the API gets the new one', async () => {
    const before = await stored(unit);
    const claims = JSON.parse(Buffer.from(before.session!.token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(TTL);
    // The timer runs at 80 % of the lifetime: 36 s after the token was issued.
    await expect
      .poll(async () => (await stored(unit)).session?.token, { timeout: (TTL + 15) * 1000, interval: 1000 })
      .not.toBe(before.session!.token);
    const after = await stored(unit);
    expect(after.refresh).toBeTruthy();
    expect(after.refresh).not.toBe(before.refresh); // rotated
    const sent = unit.waitForRequest((r) => new URL(r.url()).pathname === '/rounds');
    await unit.reload();
    expect((await sent).headers().authorization).toBe(`Bearer ${after.session!.token}`);
    await unit.getByRole('heading', { name: '我的任务' }).waitFor();
    // Past the first token's expiry, the page goes on working with the new one: another sheet.
    await expect
      .poll(() => Date.now() / 1000, { timeout: 20_000, interval: 1000 })
      .toBeGreaterThan(claims.exp + 1);
    const again = await makeSample(dongcheng(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 4,
    });
    const file = join(shots, 'DC01-自评-2.xlsx');
    writeFileSync(file, again.bytes);
    const expected = await checkSheet(again.bytes, { rules: shippedRules, fileName: 'x.xlsx' });
    await unit.locator('#file-input').setInputFiles([file]);
    await unit
      .locator('li.file', { hasText: 'DC01-自评-2.xlsx' })
      .getByText(`已通过:${expected.score!.total} 分`)
      .waitFor({ timeout: 30_000 });
  }, 120_000);

  it('tells a person the directory has disabled why the portal refuses them', async () => {
    const adminToken = (await stored(admin)).session!.token;
    await new ContractClient(stack.apiUrl, adminToken).call('POST', '/people/a01/active', { active: false });
    // Its account (made by the sync) still works at the provider: a password the test knows.
    await stack.oidc!.accounts.resetPassword('a01', 'Temp-pass-02');
    const page = await newPage();
    await signIn(page, 'a01', 'Temp-pass-02', 'Assessor-pass-1');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('您在人员名录中的账号(a01)已停用,请联系本区档案局');
    expect((await stored(page)).session).toBeNull();
    expect((await stored(page)).refresh).toBeNull();
    await page.getByRole('button', { name: '重新登录' }).waitFor();
    await shot(page, '05-disabled-refused');
  });

  it('signs out at the provider too and forgets the refresh token', async () => {
    await admin.getByRole('button', { name: '退出登录' }).click();
    await admin.waitForURL((u) => u.href.startsWith(stack.oidc!.issuer));
    await shot(admin, '06-provider-sign-out');
    await admin.locator('button[name=logout][value=yes]').click();
    await admin.waitForURL((u) => u.href.startsWith(stack.apiUrl));
    await admin.getByRole('button', { name: '前往登录' }).waitFor();
    expect(await stored(admin)).toMatchObject({ session: null, refresh: null });
    await shot(admin, '07-signed-out');
  });
});
