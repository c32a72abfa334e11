import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutFor } from '../../shared/domain/layout.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { pdf as onePagePdf } from '../support/evidence-files.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The whole rubric as a list with each item's evidence, and the assessors' pre-check review, in
 * Debian's Chromium against the local stack (round 2026 on the Dongcheng rubric and the sample roster,
 * self-assessment and pre-check open). DC01 has sent its self-assessment with 1.5 points on item
 * 1.2.2 and a problem and suggestion written beside it. DC01 drops a PDF on 1.2.2 of the list and it
 * appears under 1.2.2; A02 (DC01's pre-check pair, not on its formal panel) opens the review and
 * sees, on 1.2.2's row, the 2 points, DC01's 1.5, its note and the PDF; A07 (on none of DC01's
 * panels) sees none of it. Screenshots: out/e2e/ and /tmp/shots-h4/.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;
const pdf = Buffer.from(onePagePdf('保管期限表'));
const PROBLEM = '部分年度的保管期限表未经审批';
const SUGGESTION = '补报2024年度保管期限表';
const shotDirs = [screenshotDir(), '/tmp/shots-h4'];

/** A screenshot of the list (or `what`), and one of its top at full scale, to look at. */
const shot = async (page: Page, name: string, what = page.locator('section.ev')) => {
  for (const dir of shotDirs) {
    mkdirSync(dir, { recursive: true });
    await what.screenshot({ path: join(dir, `${name}.png`) });
    await what.evaluate((e) => (e as unknown as { scrollIntoView: () => void }).scrollIntoView());
    const box = (await what.boundingBox())!;
    const clip = { ...box, height: Math.min(box.height, page.viewportSize()!.height - box.y) };
    await page.screenshot({ path: join(dir, `${name}-top.png`), clip });
  }
};

async function signIn(as: string, width = 1100): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption(as);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的任务' }).waitFor();
  return page;
}

/** An item's row of the rubric list. */
const row = (page: Page, code: string) => page.locator(`tr[data-item="${code}"]`);

/** DC01's self-assessment: a sample sheet with 1.5 points on 1.2.2 and a note written beside it. */
async function selfSheet() {
  const rs = dongcheng();
  const layout = layoutFor(rs, 'self');
  const cell = (kind: string) => layout.byCode.get('1.2.2')!.inputs.find((i) => i.kind === kind)!.address;
  return makeSample(rs, { phase: 'self', unit: 'DC01', lang: 'zh', now: fixedNow, seed: 3 }, (values) => {
    values.set(cell('score'), 1.5);
    values.set(cell('problem'), PROBLEM);
    values.set(cell('suggestion'), SUGGESTION);
  });
}

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  browser = await launchChromium();
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: '2026',
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['self', 'precheck'],
  });
  const dc01 = await clientAs(stack, 'unit:DC01');
  const sent = await upload(stack, dc01, '2026', '自评表.xlsx', (await selfSheet()).bytes);
  expect(sent.state).toBe('accepted');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the rubric with its evidence, and the pre-check review', () => {
  it('lists the whole rubric to the unit, and a PDF dropped on an item appears under that item', async () => {
    const page = await signIn('unit:DC01');
    await page.getByRole('heading', { name: /^佐证材料 · DC01/ }).waitFor();
    await row(page, '1').waitFor();
    // Every category and item of the Dongcheng rubric, in its order, leaves apart from categories.
    const codes = await page
      .locator('section.ev tbody tr')
      .evaluateAll((rs) => rs.map((r) => r.dataset.item));
    expect(codes).toEqual(dongcheng().nodes.map((n) => n.code));
    const leaves = await page
      .locator('section.ev tr.ev-leaf')
      .evaluateAll((rs) => rs.map((r) => r.dataset.item));
    expect(leaves).toEqual(dongcheng().leaves.map((n) => n.code));
    // A category: its title and its points (档案工作保障, 25 in the rubric), and no drop zone.
    expect(await row(page, '1').innerText()).toMatch(/档案工作保障\s+25/);
    expect(await row(page, '1').locator('input[type=file]').count()).toBe(0);
    const item = row(page, '1.2.2');
    expect(await item.innerText()).toMatch(/文件材料归档范围和档案保管期限表经档案行政部门审批\s+2/);

    // Dropped the way a file manager drops it: a drop event carrying the file.
    // (A page script: the tests' own TypeScript has no DOM types.)
    const dropped = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob('${pdf.toString('base64')}'), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], '保管期限表审批件.pdf', { type: 'application/pdf' }));
      return dt;
    })()`);
    await item.locator('.dropzone').dispatchEvent('drop', { dataTransfer: dropped });
    await item.locator('.ev-files li', { hasText: '保管期限表审批件.pdf' }).waitFor();
    expect(await item.locator('.ev-files li').innerText()).toMatch(/PDF · 1 KB · .* 被测单位 DC01/);
    // Under 1.2.2 only: no other item has it.
    expect(await page.locator('.ev-files li', { hasText: '保管期限表审批件.pdf' }).count()).toBe(1);
    await shot(page, 'rubric-unit');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot(page, 'rubric-unit-phone', item);
    await page.context().close();
  });

  it('shows DC01’s pre-check assessor its self-assessment, note and evidence beside each item', async () => {
    const page = await signIn('assessor:A02', 1280);
    const section = page.locator('section.ev', {
      has: page.getByRole('heading', { name: /^自评与佐证材料 · DC01/ }),
    });
    await section.getByText('单位自评表:').waitFor();
    const item = row(page, '1.2.2');
    await item.locator('.ev-files li').waitFor();
    const cells = await item.locator('th, td').allInnerTexts();
    expect(cells[0]).toContain('1.2.2');
    expect(cells[1]).toBe('2');
    expect(cells[2]).toBe('1.5');
    expect(cells[3]).toContain(PROBLEM);
    expect(cells[3]).toContain(SUGGESTION);
    expect(cells[4]).toContain('保管期限表审批件.pdf');
    // Read-only: no drop zone anywhere in it.
    expect(await section.locator('input').count()).toBe(0);
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: /下载.*保管期限表审批件\.pdf/ }).click(),
    ]);
    expect(Buffer.compare(readFileSync((await dl.path())!), pdf)).toBe(0);
    await shot(page, 'review-assessor');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('The unit’s self-assessment:').waitFor();
    await shot(page, 'review-assessor-en', item);
    await page.context().close();
  });

  it('shows an assessor on none of DC01’s panels neither its self-assessment nor its evidence', async () => {
    const page = await signIn('assessor:A07');
    await page.locator('section.ev tbody tr').first().waitFor();
    await expect.poll(() => page.getByText('加载中…').count()).toBe(0);
    expect(await page.locator('#ev-unit option').allInnerTexts()).not.toContainEqual(
      expect.stringMatching(/^DC01 /),
    );
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('· DC01');
    expect(body).not.toContain(PROBLEM);
    expect(body).not.toContain('保管期限表审批件.pdf');
    await page.context().close();
  });

  it('gives the self-assessment’s items to an assessor assigned to DC01, not to another assessor or unit', async () => {
    type Subs = {
      submissions: { phase: string; items: { code: string; score: number | null; inputs: unknown }[] }[];
    };
    const a02 = await clientAs(stack, 'assessor:A02');
    const self = (await a02.call<Subs>('GET', '/rounds/2026/submissions?unit=DC01')).submissions.find(
      (s) => s.phase === 'self',
    );
    const item = self?.items.find((i) => i.code === '1.2.2');
    expect(item?.score).toBe(1.5);
    expect(item?.inputs).toMatchObject({ problem: PROBLEM, suggestion: SUGGESTION });
    // docs/security.md: the submissions route is refused (403) to an unassigned assessor and another unit.
    for (const as of ['assessor:A07', 'unit:DC02']) {
      const c = await clientAs(stack, as);
      await expect(c.call('GET', '/rounds/2026/submissions?unit=DC01')).rejects.toMatchObject({
        status: 403,
      });
    }
  });
});
