import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { layoutFor } from '../../shared/domain/layout.ts';
import { secretFor, type LocalStack } from '../../shared/local/stack.ts';
import { signLocalToken } from '../../shared/local/tokens.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow, shippedRules } from '../support/rules.ts';

/**
 * The portal as a new user meets it, in Debian's Chromium against the real local stack (the same
 * gateway `npm start` runs, serving a fresh production build): an admin creates the round, a unit
 * downloads its template, uploads a good and a bad sheet, reads the issues and downloads the
 * annotated workbook, and the admin's status matrix changes. Screenshots go to out/e2e/.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;
let adminCtx: BrowserContext;
let admin: Page;
const shots = screenshotDir();
const files = join(shots, 'files');

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

async function signIn(page: Page, as: string) {
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption(as);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A filled Dongcheng self-assessment of DC01, optionally with one cell changed. */
async function selfSheet(seed: number, edit?: (cell: (code: string) => string) => [string, number]) {
  const rs = dongcheng();
  const layout = layoutFor(rs, 'self');
  const scoreCell = (code: string) =>
    layout.byCode.get(code)!.inputs.find((i) => i.kind === 'score')!.address;
  return makeSample(rs, { phase: 'self', unit: 'DC01', lang: 'zh', now: fixedNow, seed }, (values) => {
    if (edit) values.set(...edit(scoreCell));
  });
}

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  browser = await launchChromium();
  adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  admin = await adminCtx.newPage();
  rmSync(files, { recursive: true, force: true });
  mkdirSync(files, { recursive: true });
}, 120_000);

/** On a failure, a screenshot and the visible text of every open page, to see what the user saw. */
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || !browser) return;
  const pages = browser.contexts().flatMap((c) => c.pages());
  for (const [i, page] of pages.entries()) {
    const name = `failed-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}-${i}`;
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }).catch(() => {});
    const text = await page
      .locator('body')
      .innerText()
      .catch((e: unknown) => String(e));
    console.error(`${name} (${page.url()}):\n${text.slice(0, 1500)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the web portal in a real browser', () => {
  it('builds a small page: what it first loads under 60 KB gzipped, with no inline script', async () => {
    const html = readFileSync(join(webDir, 'index.html'), 'utf8');
    // The page first loads index.html and the script and styles it names; views loaded on demand
    // (lazy.tsx: the rubric with its evidence, the pre-check review) come in chunks of their own.
    const first = new Set([...html.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((m) => m[1]!));
    const sizes = readdirSync(webDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => {
        const bytes = readFileSync(join(f.parentPath, f.name));
        const path = join(f.parentPath, f.name).slice(webDir.length + 1);
        return {
          name: f.name,
          first: path === 'index.html' || first.has(path),
          raw: bytes.length,
          gzip: gzipSync(bytes, { level: 9 }).length,
        };
      });
    const total = sizes
      .filter((f) => f.first)
      .reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
    console.log(
      `portal build: ${sizes.map((f) => `${f.name}${f.first ? '' : ' (on demand)'} ${f.raw} B (${f.gzip} B gzip)`).join(', ')}`,
    );
    // The entry script is among them (else the sum would say nothing).
    expect(sizes.some((f) => f.first && f.name.endsWith('.js'))).toBe(true);
    expect(total.gzip).toBeLessThan(60 * 1024);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves the production build with the security headers and the dev-login config', async () => {
    const res = await fetch(stack.apiUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await (await fetch(`${stack.apiUrl}/config.json`)).json()).toMatchObject({
      mode: 'local',
      district: 'dongcheng',
      districtName: { zh: '东城区' },
    });
  });

  it('lets an admin create the round from the sample roster and shows every slot missing', async () => {
    await signIn(admin, 'admin');
    await admin.getByRole('heading', { name: '新建轮次' }).waitFor();
    await shot(admin, '01-admin-new-round');
    await admin.getByLabel('轮次编号').fill('2026');
    await admin.locator('input[name=roster]').setInputFiles('templates/rosters/roster-sample.xlsx');
    await admin.getByRole('button', { name: '创建轮次' }).click();
    await admin.getByRole('heading', { name: '提交情况' }).waitFor();
    const chip = admin.locator('[data-slot="self|DC01|"]');
    await expect.poll(() => chip.getAttribute('class')).toContain('chip-missing');
    await expect.poll(() => admin.getByText(/自评:已通过 0/).count()).toBe(1);
    await shot(admin, '02-admin-status-before');
  });

  let unit: Page;
  it('gives a unit its template, then shows a good sheet’s score and a bad sheet’s cell-addressed issues', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    unit = await ctx.newPage();
    await signIn(unit, 'unit:DC01');
    await unit.getByRole('heading', { name: '我的任务' }).waitFor();
    await expect.poll(() => unit.getByRole('region', { name: '我的任务' }).getByRole('row').count()).toBe(2);

    // The template is the self-assessment of DC01 under the round's rule set.
    const [dl] = await Promise.all([
      unit.waitForEvent('download'),
      unit.getByRole('button', { name: /下载模板/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe('2026-self-DC01-zh.xlsx');
    const template = readFileSync((await dl.path())!);
    const checked = await checkSheet(template, { rules: shippedRules, fileName: dl.suggestedFilename() });
    expect(checked.meta).toMatchObject({ phase: 'self', unit: 'DC01', ruleSet: 'dongcheng-sample' });

    const good = await selfSheet(3);
    const bad = await selfSheet(5, (cell) => [cell('1.3.1'), 9]);
    writeFileSync(join(files, 'DC01-自评.xlsx'), good.bytes);
    writeFileSync(join(files, 'DC01-自评-有误.xlsx'), bad.bytes);
    writeFileSync(join(files, 'notes.pdf'), 'not a workbook');
    const expected = await checkSheet(good.bytes, { rules: shippedRules, fileName: 'x.xlsx' });

    await unit
      .locator('#file-input')
      .setInputFiles([
        join(files, 'DC01-自评.xlsx'),
        join(files, 'DC01-自评-有误.xlsx'),
        join(files, 'notes.pdf'),
      ]);
    const goodCard = unit.locator('li.file', { hasText: 'DC01-自评.xlsx' });
    const badCard = unit.locator('li.file', { hasText: 'DC01-自评-有误.xlsx' });
    await goodCard.getByText(`已通过:${expected.score!.total} 分`).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => goodCard.getByRole('table', { name: '分类得分' }).getByRole('row').count())
      .toBe(dongcheng().categories.length);
    await badCard.getByText(/被退回:共 \d+ 个问题/).waitFor({ timeout: 30_000 });
    const e13 = badCard.getByRole('listitem').filter({ hasText: '单元格 E13' });
    await expect.poll(() => e13.textContent()).toMatch(/工作表“评分表”,单元格 E13,项目 1\.3\.1/);
    await expect
      .poll(() => unit.locator('li.file', { hasText: 'notes.pdf' }).textContent())
      .toContain('不是 .xlsx 工作簿');
    await shot(unit, '03-unit-outcomes');

    // The annotated workbook: the uploader's file with the issues marked.
    const [annotated] = await Promise.all([
      unit.waitForEvent('download'),
      badCard.getByRole('link', { name: '下载标注了问题的工作簿' }).click(),
    ]);
    expect(annotated.suggestedFilename()).toMatch(/问题标注\.xlsx$/);
    const bytes = readFileSync((await annotated.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    // Earlier uploads with their outcomes, the rejected one opening to its issues.
    const history = unit.getByRole('region', { name: '我的上传记录' });
    await expect.poll(() => history.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
    await history.getByRole('button', { name: /查看问题/ }).click();
    await history.getByText(/单元格 E13/).waitFor();
  });

  it('shows the admin the status matrix change without a reload', async () => {
    const chip = admin.locator('[data-slot="self|DC01|"]');
    await expect.poll(() => chip.getAttribute('class'), { timeout: 15_000 }).toContain('chip-accepted');
    await admin.getByText(/自评:已通过 1 · 退回 0/).waitFor();
    await shot(admin, '04-admin-status-after');
    await admin.screenshot({ path: join(shots, '04-admin-status-top.png') });
    await admin.getByRole('button', { name: '退回待处理' }).click();
    // The rejection is resolved by the later accepted sheet: shown once the filter is off.
    await admin.getByLabel('只显示尚未补交的').uncheck();
    await admin.getByText('已补交').waitFor();
  });

  it('switches to English from the same catalogue and back', async () => {
    await unit.getByRole('button', { name: 'Switch to English' }).click();
    await unit.getByRole('heading', { name: 'My assignments' }).waitFor();
    await expect.poll(() => unit.locator('html').getAttribute('lang')).toBe('en');
    // The issues opened before are formatted again in English, from the codes the API returned.
    await unit
      .getByText(/Sheet “评分表”, cell E13, item 1\.3\.1/)
      .first()
      .waitFor();
    await shot(unit, '05-unit-english');
    await unit.getByRole('button', { name: '切换到中文' }).click();
    await unit.getByRole('heading', { name: '我的任务' }).waitFor();
  });

  it('is usable by keyboard and names every control for screen readers', async () => {
    await unit.reload({ waitUntil: 'domcontentloaded' }); // the session survives a reload
    await unit.getByRole('heading', { name: '我的任务' }).waitFor();
    await unit.keyboard.press('Tab');
    await expect.poll(() => unit.locator(':focus').textContent()).toMatch('跳到主要内容');
    // Tab through the page: every focusable control is reached and shows a focus ring.
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await unit.keyboard.press('Tab');
      reached.add(String(await unit.evaluate("document.activeElement?.textContent?.trim() ?? ''")));
    }
    for (const control of ['下载模板', '选择文件', '退出登录', '查看问题'])
      expect(
        [...reached].some((r) => r.startsWith(control)),
        control,
      ).toBe(true);
    const cdp = await unit.context().newCDPSession(unit);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value: string }; name?: { value: string }; ignored: boolean }[];
    };
    const controls = nodes.filter(
      (n) =>
        !n.ignored && ['button', 'link', 'combobox', 'textbox', 'checkbox'].includes(n.role?.value ?? ''),
    );
    expect(controls.length).toBeGreaterThan(5);
    expect(controls.filter((n) => !n.name?.value.trim())).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await unit.setViewportSize({ width: 390, height: 844 });
    await unit.waitForTimeout(200);
    expect(Number(await unit.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(unit, '06-unit-phone');
  });

  it('lets the admin download the consolidated workbook and a unit’s feedback document', async () => {
    await admin.getByRole('button', { name: '下载', exact: true }).click();
    const [workbook] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '下载 汇总工作簿' }).click(),
    ]);
    expect(workbook.suggestedFilename()).toBe('dongcheng-2026-zh.xlsx');
    expect(
      readFileSync((await workbook.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await admin.getByLabel('单位', { exact: true }).selectOption('DC01');
    const [feedback] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '下载 反馈意见书 DC01' }).click(),
    ]);
    expect(feedback.suggestedFilename()).toMatch(/DC01.*\.docx$/);
    await shot(admin, '08-admin-downloads');
  });

  it('shows an assessor only its own sheets (blind scoring) and lets the admin close scoring', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const a = await ctx.newPage();
    await signIn(a, 'assessor:A01');
    await a.getByRole('heading', { name: '我的任务' }).waitFor();
    const rows = a.getByRole('region', { name: '我的任务' }).getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const phases = await rows.allTextContents();
    expect(phases.slice(1).every((r) => !r.includes('自评'))).toBe(true);
    await shot(a, '07-assessor');

    await admin.getByRole('button', { name: '阶段管理' }).click();
    const precheck = admin.getByRole('row', { name: /预检/ });
    await precheck.getByRole('button', { name: /截止评分/ }).click();
    await admin.getByRole('button', { name: '确定' }).click();
    await precheck.getByText('评分已截止').waitFor();
    await shot(admin, '08-admin-phases');
    await ctx.close();
  });

  it('shows a unit its result and feedback document once the admin has closed the formal phase', async () => {
    const formal = admin.getByRole('row', { name: /正式测评/ });
    for (const action of ['开始', '结束']) {
      await formal.getByRole('button', { name: new RegExp(`^${action}`) }).click();
      await admin.getByRole('button', { name: '确定' }).click();
      await formal.getByText(action === '开始' ? '进行中' : '已结束').waitFor();
    }
    await unit.reload({ waitUntil: 'domcontentloaded' });
    const results = unit.getByRole('region', { name: '我的测评结果' });
    await results.waitFor();
    const [feedback] = await Promise.all([
      unit.waitForEvent('download'),
      results.getByRole('button', { name: '下载 反馈意见书' }).click(),
    ]);
    expect(feedback.suggestedFilename()).toMatch(/DC01.*\.docx$/);
    await shot(unit, '10-unit-results');
  });
});

describe('the portal’s Cognito sign-in (Cognito intercepted in the browser)', () => {
  it('asks for a new password on first sign-in, then shows the unit its page', async () => {
    // Cognito is played by the test: it answers InitiateAuth and RespondToAuthChallenge the way the
    // user pool does, and hands out an ID token the local gateway accepts. The page's CSP is bypassed
    // here only because the local gateway's CSP (rightly) does not list the Cognito endpoint.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const calls: { target: string; body: Record<string, unknown> }[] = [];
    await ctx.route('**/config.json', (route) =>
      route.fulfill({
        json: {
          mode: 'cognito',
          api: '',
          region: 'ap-east-1',
          userPoolClientId: 'client-123',
          district: 'dongcheng',
          districtName: { zh: '东城区', en: 'Dongcheng District' },
        },
      }),
    );
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST',
    };
    const token = await signLocalToken(secretFor(stack.dataDir), { role: 'unit', ref: 'DC02' }, 'dongcheng');
    await ctx.route('https://cognito-idp.ap-east-1.amazonaws.com/**', async (route) => {
      const req = route.request();
      if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      const target = (req.headers()['x-amz-target'] ?? '').split('.').pop()!;
      const body = req.postDataJSON() as Record<string, unknown>;
      calls.push({ target, body });
      const params = (body.AuthParameters ?? body.ChallengeResponses) as Record<string, string>;
      const json =
        target === 'InitiateAuth' && params.PASSWORD === 'Temp-1234'
          ? { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-1' }
          : target === 'RespondToAuthChallenge' && body.Session === 'session-1'
            ? { AuthenticationResult: { IdToken: token } }
            : undefined;
      if (!json)
        return route.fulfill({
          status: 400,
          headers: cors,
          json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
        });
      return route.fulfill({ headers: cors, json });
    });

    const page = await ctx.newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('用户名').fill('dc02-archives');
    await page.getByLabel('密码').fill('wrong');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('登录失败:Incorrect username or password.').waitFor();
    await page.getByLabel('密码').fill('Temp-1234');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText(/首次登录需要设置新密码/).waitFor();
    await page.getByLabel('新密码').fill('A-new-Passw0rd');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    await page.getByText('当前身份:被测单位 DC02 dc02-archives').waitFor();
    await expect.poll(() => page.getByRole('region', { name: '我的任务' }).getByRole('row').count()).toBe(2);
    await page.getByText('东城区教育委员会').first().waitFor();
    expect(calls.map((c) => c.target)).toEqual(['InitiateAuth', 'InitiateAuth', 'RespondToAuthChallenge']);
    expect(calls[0]!.body).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client-123' });
    expect(calls[2]!.body).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: 'client-123',
      ChallengeResponses: { USERNAME: 'dc02-archives', NEW_PASSWORD: 'A-new-Passw0rd' },
    });
    await shot(page, '09-cognito-unit');
    await ctx.close();
  });
});
