import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { fixedNow, municipal } from '../support/rules.ts';

/**
 * A calibration round (校准, issue 20) in the portal, in Debian's Chromium against the local stack:
 * the admin creates it with two reference cases through the new-round form; three assessors score
 * both cases and the admin uploads the answer key of CASE1 (through the API); scoring is closed;
 * the admin reads the report on the Calibration tab and releases it; assessor A02 then sees its own
 * results and nobody else's. Screenshots: out/e2e/calibration-*.png.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;
let admin: Page;
let assessor: Page;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotDir(), `calibration-${name}.png`), fullPage: true });

async function signIn(page: Page, as: string) {
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption(as);
  await page.getByRole('button', { name: '登录' }).click();
}

interface RuleNodeJson {
  code: string;
  method?: { type: string };
  children?: RuleNodeJson[];
}
/** The municipal rubric's items a calibration analyses, from its rule file: every leaf but spot-check ones. */
function analysedItems(): number {
  const file = JSON.parse(readFileSync('templates/rules/municipal-sample.json', 'utf8')) as {
    categories: RuleNodeJson[];
  };
  const leaves = (ns: RuleNodeJson[]): RuleNodeJson[] =>
    ns.flatMap((n) => (n.children?.length ? leaves(n.children) : [n]));
  return leaves(file.categories).filter((n) => n.method?.type !== 'spotcheck').length;
}

beforeAll(async () => {
  [webDir, browser] = await Promise.all([buildPortal(), launchChromium()]);
  stack = await startTestStack('dongcheng', { webDir });
  admin = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
  assessor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}, 120_000);

/** On a failure, a screenshot and the visible text of both pages, to see what the user saw. */
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [name, page] of [
    ['admin', admin],
    ['assessor', assessor],
  ] as const) {
    if (!page) continue;
    await shot(page, `failed-${name}`).catch(() => {});
    console.error(
      name,
      (await page.locator('body').innerText({ timeout: 2000 }).catch(String)).slice(0, 2000),
    );
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('a calibration round in the portal (校准)', () => {
  it('is created with two reference cases through the new-round form, every assessor and the key on each', async () => {
    await signIn(admin, 'admin');
    await admin.getByRole('heading', { name: '新建轮次' }).waitFor();
    await admin.getByLabel('轮次编号').fill('CAL1');
    await admin.getByRole('radio', { name: /校准轮次/ }).check();
    await admin.getByText('校准只使用花名册中的测评员').waitFor();
    // The first case's code is proposed; a second row is added with the next code.
    expect(await admin.getByLabel('案例 1 编号').inputValue()).toBe('CASE1');
    await admin.getByLabel('案例 1 名称').fill('某局文书档案管理');
    await admin.getByLabel('案例 1 案例说明').fill('2025 年文书档案整理情况,附照片 12 张');
    await admin.getByRole('button', { name: '添加案例' }).click();
    expect(await admin.getByLabel('案例 2 编号').inputValue()).toBe('CASE2');
    await admin.getByLabel('案例 2 名称').fill('某街道档案室');
    await admin.getByRole('combobox', { name: /^测评细则/ }).selectOption('municipal-sample');
    await admin.locator('input[name=roster]').setInputFiles('templates/rosters/roster-sample.xlsx');
    await shot(admin, 'new-round');
    await admin.getByRole('button', { name: '创建轮次' }).click();
    await admin.getByRole('heading', { name: '提交情况' }).waitFor();

    // Slots: 2 cases × (the sample roster's 8 assessors + the key), formal phase only.
    await expect.poll(() => admin.locator('[data-slot^="formal|"]').count()).toBe(18);
    expect(await admin.locator('[data-slot^="formal|CASE2|"]').count()).toBe(9);
    await shot(admin, 'status');
    // No results, round workbook or reconciliation downloads on a calibration round: its report instead.
    const tabs = admin.getByRole('navigation');
    expect(await tabs.getByRole('button', { name: '结果与等级' }).count()).toBe(0);
    expect(await tabs.getByRole('button', { name: '下载', exact: true }).count()).toBe(0);
    await tabs.getByRole('button', { name: '校准报告' }).waitFor();

    const api = await clientAs(stack, 'admin');
    const { round } = await api.call<{ round: { kind?: string; cases?: { code: string; title: string }[] } }>(
      'GET',
      '/rounds/CAL1',
    );
    expect(round.kind).toBe('calibration');
    expect(round.cases?.map((c) => [c.code, c.title])).toEqual([
      ['CASE1', '某局文书档案管理'],
      ['CASE2', '某街道档案室'],
    ]);
  });

  it('tells an assessor before the release that the admin will release the results', async () => {
    await signIn(assessor, 'assessor:A02');
    await assessor.getByRole('heading', { name: '我的校准结果' }).waitFor();
    await assessor.getByText('评分截止后,管理员发布校准报告').waitFor();
    // Its two cases to score, as slots with templates.
    const rows = assessor.getByRole('region', { name: '我的任务' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringContaining('CASE1 某局文书档案管理'),
      expect.stringContaining('CASE2 某街道档案室'),
    ]);
    await assessor.getByRole('columnheader', { name: '案例' }).waitFor();
  });

  it('reports the assessors against the key to the admin, then releases it', async () => {
    const rs = municipal();
    const sheet = (unit: string, who: string, seed: number) =>
      makeSample(rs, { phase: 'formal', unit, assessor: who, lang: 'zh', now: fixedNow, seed });
    const uploads: Promise<{ state: string }>[] = [];
    for (const [n, who] of ['A01', 'A02', 'A03'].entries()) {
      const client = await clientAs(stack, `assessor:${who}`);
      for (const [m, unit] of ['CASE1', 'CASE2'].entries()) {
        const s = await sheet(unit, who, 11 + 10 * n + m);
        uploads.push(upload(stack, client, 'CAL1', `${unit}-${who}.xlsx`, s.bytes));
      }
    }
    const api = await clientAs(stack, 'admin');
    const key = await sheet('CASE1', 'KEY', 7);
    uploads.push(upload(stack, api, 'CAL1', 'CASE1-KEY.xlsx', key.bytes));
    expect((await Promise.all(uploads)).map((u) => u.state)).toEqual(Array(7).fill('accepted'));
    await api.call('POST', '/rounds/CAL1/phases/formal', { action: 'close-scoring' });

    await admin.getByRole('navigation').getByRole('button', { name: '校准报告' }).click();
    await admin.getByRole('heading', { name: '校准报告', level: 2 }).waitFor();
    const overall = admin.locator('.agreement');
    await overall.waitFor();
    const line = (await overall.innerText()).split(/\n+/);
    const m =
      /^整体一致性:Krippendorff α = (-?\d\.\d{3}),ICC\(2,1\) = (-?\d\.\d{3}|—)\(3 名测评员,2 个案例\)$/.exec(
        line[0]!,
      );
    expect(m, line[0]).not.toBeNull();
    // The plain-language meaning follows Krippendorff's conventions: ≥ 0.800 alike, ≥ 0.667 tentative.
    const alpha = Number(m![1]);
    expect(line[1]).toBe(
      alpha >= 0.8
        ? '测评员对细则的理解基本一致。'
        : alpha >= 0.667
          ? '大体一致,但仍有明显分歧:培训时重点讲解下列分歧最大的项目。'
          : '测评员对细则的理解差异较大:正式测评前需要统一尺度。',
    );
    // Three assessors, named from the roster; the key is not one of them.
    const assessors = admin.locator('tr[data-assessor]');
    expect(await assessors.evaluateAll((rs) => rs.map((r) => r.querySelector('th')!.textContent))).toEqual([
      'A01 王立新',
      'A02 李静',
      'A03 张伟',
    ]);
    // Items, the first dozen, then all the rubric's analysed items.
    const items = admin.locator('tr[data-item]');
    expect(await items.count()).toBe(12);
    const total = analysedItems();
    await admin.getByRole('button', { name: `显示全部 ${total} 项` }).click();
    await expect.poll(() => items.count()).toBe(total);
    // CASE1 is compared with its key's sheet, CASE2 (no key) with the panel median, and a note says so.
    expect(await admin.locator('tr[data-case="CASE1"] td').first().innerText()).toBe('标准答案');
    expect(await admin.locator('tr[data-case="CASE2"] td').first().innerText()).toBe('全体中位数');
    await admin
      .getByRole('note')
      .getByText('案例 CASE2 没有标准答案,以全体测评员各项得分的中位数作为参照')
      .waitFor();
    // Nothing to compare with yet: this is the district's first calibration.
    await admin.getByText('没有更早的校准轮次可对比').waitFor();
    // An item's reasons open under it: who wrote what, on which case.
    await admin
      .locator('tr[data-item]')
      .getByRole('button', { name: /^查看理由/ })
      .first()
      .click();
    const reasons = admin.locator('ul.reasons li');
    await reasons.first().waitFor();
    expect(await reasons.first().innerText()).toMatch(/^CASE[12] · (标准答案|A0[123] \S+):\s\S/);
    await shot(admin, 'admin-report');
    // The same report in English, from the same catalogue.
    await admin.getByRole('button', { name: 'Switch to English' }).click();
    await admin.getByRole('heading', { name: 'Calibration', level: 2 }).waitFor();
    await admin.getByText('Overall agreement: Krippendorff’s α').waitFor();
    // The notes come from the API in the page's language.
    await admin
      .getByText('Case CASE2 has no answer key: the panel median of each item serves as the key')
      .waitFor();
    await shot(admin, 'admin-report-en');
    await admin.getByRole('button', { name: '切换到中文' }).click();
    await admin.getByRole('heading', { name: '校准报告', level: 2 }).waitFor();

    // The report's workbook and the training brief, in the page's language.
    for (const [name, file] of [
      ['报告工作簿(.xlsx)', 'CAL1-calibration-zh.xlsx'],
      ['培训简报(.docx)', 'CAL1-calibration-zh.docx'],
    ]) {
      const [dl] = await Promise.all([
        admin.waitForEvent('download'),
        admin.getByRole('button', { name }).click(),
      ]);
      expect(dl.suggestedFilename()).toBe(file);
      expect(
        readFileSync((await dl.path())!)
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    }

    await admin.getByRole('button', { name: '发布给测评员' }).click();
    await admin.getByText('确定发布?').waitFor();
    await admin.getByRole('button', { name: '确定' }).click();
    await admin.getByRole('status').getByText('已发布').waitFor();
    expect(await admin.getByRole('button', { name: '发布给测评员' }).count()).toBe(0);
  });

  it('shows an assessor its own results once released, and no other assessor’s id', async () => {
    await assessor.reload();
    const mine = assessor.getByRole('region', { name: '我的校准结果' });
    await mine.locator('[data-measure="leniency"]').waitFor();
    expect(await mine.locator('[data-measure="leniency"]').innerText()).toMatch(/^[+-]?\d+\.\d{2} 分 \(/);
    expect(await mine.locator('[data-measure="mad"]').innerText()).toMatch(/^\d+\.\d{2} 分 \(\d+\.\d{2}%\)$/);
    expect(await mine.locator('tr[data-case]').evaluateAll((rs) => rs.map((r) => r.dataset.case))).toEqual([
      'CASE1',
      'CASE2',
    ]);
    await expect.poll(() => mine.locator('tr[data-item]').count()).toBe(12);
    await shot(assessor, 'assessor');
    // On a phone: wide tables scroll in their frames, the page itself does not scroll sideways.
    await assessor.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => assessor.evaluate('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(390);
    await shot(assessor, 'assessor-phone');
    await assessor.setViewportSize({ width: 1280, height: 900 });
    const text = await assessor.locator('body').innerText();
    expect(text).toContain('A02');
    for (const other of ['A01', 'A03', '王立新', '张伟']) {
      expect(text).not.toContain(other);
      expect(await assessor.content()).not.toContain(other);
    }
  });
  it('compares a later calibration with the first: every spread and deviation gone once all score alike', async () => {
    // After "training": A01–A03 hand in the very same scores (one sample's) for each case, and no key.
    const api = await clientAs(stack, 'admin');
    await api.call('POST', '/rounds', {
      round: 'CAL2',
      rules: 'municipal-sample',
      roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
      kind: 'calibration',
      cases: [
        { code: 'CASE1', title: '某局文书档案管理' },
        { code: 'CASE2', title: '某街道档案室' },
      ],
    });
    const rs = municipal();
    const uploads: Promise<{ state: string }>[] = [];
    for (const who of ['A01', 'A02', 'A03']) {
      const client = await clientAs(stack, `assessor:${who}`);
      for (const [m, unit] of ['CASE1', 'CASE2'].entries()) {
        const s = await makeSample(rs, {
          phase: 'formal',
          unit,
          assessor: who,
          lang: 'zh',
          now: fixedNow,
          seed: 5 + m,
        });
        uploads.push(upload(stack, client, 'CAL2', `${unit}-${who}.xlsx`, s.bytes));
      }
    }
    expect((await Promise.all(uploads)).map((u) => u.state)).toEqual(Array(6).fill('accepted'));

    await admin.reload();
    await admin.getByRole('combobox', { name: '测评轮次' }).selectOption('CAL2');
    await admin.getByRole('navigation').getByRole('button', { name: '校准报告' }).click();
    await admin.getByLabel('与之前的校准对比').selectOption('CAL1');
    const comparison = admin.locator('.comparison');
    await comparison.getByRole('heading', { name: '与 CAL1 对比(培训前后)' }).waitFor();
    const rows = comparison.locator('tr[data-assessor]');
    await expect.poll(() => rows.count()).toBe(3);
    // Identical scores: nobody deviates from the (median) key any more, and no item spreads.
    for (const row of await rows.all()) {
      const [before, after, , verdict] = await row.locator('td').allInnerTexts();
      expect(after).toBe('0.00');
      expect(verdict).toBe(Number(before) > 0.01 ? '更接近参照' : '基本不变');
    }
    const items = comparison.locator('tr[data-item]');
    expect(await items.count()).toBe(analysedItems());
    for (const row of await items.all()) {
      const [before, after, , verdict] = await row.locator('td').allInnerTexts();
      expect(after).toBe('0.00');
      expect(verdict).toBe(Number(before) > 0.01 ? '离散度缩小' : '基本不变');
    }
    await shot(admin, 'admin-compare');
  });
});
