import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layout } from '../../shared/domain/layout.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The rectification loop in the portal (整改通知书 and the unit's answer), in Debian's Chromium
 * against the local stack: round 2026 on the Dongcheng rubric and the sample roster, pre-check and
 * formal open. DC01's pre-check pair (A01, A02) gives full marks but 1 of 2 on 1.2.2 (each writing a
 * problem) and 0 of 3 on 1.4.1, so DC01's notice is those two items. Before the notice is issued DC01
 * reads only a note; the admin closes the pre-check and sets the deadline (14 days ahead, China time)
 * on the phases tab; DC01 reads the notice, downloads its workbook through the page, fills it in
 * (columns H status, I done, J evidence, items from row 5), uploads it and sees it accepted, its
 * answer beside each item; an answer with a blank status is refused naming cell H5. A01 (on DC01's
 * pre-check pair and formal panel) reads the answer read-only; DC02 sees nothing of DC01's.
 * Screenshots: out/e2e/ and /tmp/shots-h5/.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;
const shotDirs = [screenshotDir(), '/tmp/shots-h5'];
const PROBLEMS: Record<string, string> = { A01: '归档范围未报批', A02: '保管期限表未审批' };
const SUGGESTION = '补报2024年度保管期限表';
/** The deadline: 14 days after today in China (UTC+8), where the notice counts its days. */
const DEADLINE = new Date(Date.now() + 8 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);

const shot = async (what: Locator, name: string) => {
  for (const dir of shotDirs) {
    mkdirSync(dir, { recursive: true });
    await what.screenshot({ path: join(dir, `${name}.png`) });
  }
};

async function signIn(as: string, width = 1100): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption(as);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: /^(我的任务|提交情况)$/ }).waitFor();
  return page;
}

/** A pre-check sheet of DC01: full marks but 1.2.2 (1 point, with a problem) and 1.4.1 (0 points). */
function precheckSheet(assessor: string) {
  return (values: Map<string, string | number>, layout: Layout) => {
    for (const row of layout.rows) {
      const cell = (k: string) => row.inputs.find((x) => x.kind === k);
      const na = cell('na');
      if (na && row.node.children.length === 0 && values.get(na.address) === '是') {
        values.delete(na.address);
        values.set(cell('score')!.address, row.node.maxPoints);
      }
      if (row.node.code === '1.2.2') {
        values.set(cell('score')!.address, 1);
        values.set(cell('problem')!.address, PROBLEMS[assessor]!);
        if (assessor === 'A01') values.set(cell('suggestion')!.address, SUGGESTION);
      }
      if (row.node.code === '1.4.1') values.set(cell('score')!.address, 0);
    }
  };
}

/** The workbook downloaded through the page, with the unit's answers written in rows 5 and 6. */
async function filled(path: string, rows: [string, string, string][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('整改通知书')!;
  rows.forEach(([status, done, evidence], i) => {
    ws.getCell(`H${5 + i}`).value = status;
    ws.getCell(`I${5 + i}`).value = done;
    ws.getCell(`J${5 + i}`).value = evidence;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const notice = (page: Page, unit: string) =>
  page.locator('section.rect', {
    has: page.getByRole('heading', { name: new RegExp(`^整改通知书 · ${unit}`) }),
  });
const row = (section: Locator, code: string) => section.locator(`tr[data-item="${code}"]`);

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  browser = await launchChromium();
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: '2026',
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['precheck', 'formal'],
  });
  for (const id of ['A01', 'A02']) {
    const spec = {
      phase: 'precheck' as const,
      unit: 'DC01',
      assessor: id,
      lang: 'zh' as const,
      now: fixedNow,
    };
    const made = await makeSample(
      dongcheng(),
      { ...spec, seed: 3, lossRate: 0, noSubordinates: true },
      precheckSheet(id),
    );
    const r = await upload(stack, await clientAs(stack, `assessor:${id}`), '2026', `${id}.xlsx`, made.bytes);
    expect(r.state, JSON.stringify(r.issues)).toBe('accepted');
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the rectification notice and the unit’s answer in the portal', () => {
  it('tells DC01 only that the notice comes after the pre-check while it is open', async () => {
    const page = await signIn('unit:DC01');
    const section = notice(page, 'DC01');
    await section.getByText('预检结束并设定整改期限后下发。').waitFor();
    expect(await section.locator('table, input').count()).toBe(0);
    await page.context().close();
  });

  it('lets the admin close the pre-check and set the deadline on the phases tab', async () => {
    const page = await signIn('admin', 1280);
    await page.getByRole('button', { name: '阶段管理' }).click();
    for (const action of ['截止评分', '结束']) {
      await page.getByRole('button', { name: `${action} 预检` }).click();
      await page.getByRole('button', { name: '确定' }).click();
      await page.getByRole('button', { name: `${action} 预检` }).waitFor({ state: 'detached' });
    }
    const section = page.locator('section.rect');
    await section.getByText('预检结束并设定整改期限后下发。').waitFor();
    expect(await section.getByRole('status').innerText()).toBe('整改期限:—');
    // No day given: the server refuses it, and its words are shown.
    const date = section.getByLabel('整改期限(最后一天)');
    await date.fill('');
    await section.getByRole('button', { name: '设定期限' }).click();
    expect(await section.getByRole('alert').innerText()).toMatch(/^整改期限“”不是有效日期/);
    await date.fill(DEADLINE);
    await section.getByRole('button', { name: '设定期限' }).click();
    await section.getByRole('status').getByText(`整改期限:${DEADLINE}`).waitFor();
    // Issued now: the note that it is not yet is gone, and so is the refusal.
    await section.getByText('预检结束并设定整改期限后下发。').waitFor({ state: 'detached' });
    expect(await section.getByRole('alert').count()).toBe(0);
    await shot(section, 'admin-deadline');
    await page.context().close();
  });

  it('shows DC01 its notice, takes its filled workbook through the page, and refuses a blank status by cell', async () => {
    const page = await signIn('unit:DC01');
    const section = notice(page, 'DC01');
    await row(section, '1.4.1').waitFor();
    expect(await section.locator('tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.item))).toEqual([
      '1.2.2',
      '1.4.1',
    ]);
    const head = await section.locator('.rect-state').innerText();
    expect(head).toContain(`整改期限:${DEADLINE}`);
    expect(head).toContain('还有 14 天');
    expect(head).toContain('未回复');
    const first = await row(section, '1.2.2').locator('th, td').allInnerTexts();
    expect(first[0]).toContain('1.2.2');
    expect(first[1]).toBe('1 / 2');
    expect(first[2]).toContain('归档范围未报批；保管期限表未审批');
    expect(first[2]).toMatch(new RegExp(`整改建议\\s+${SUGGESTION}`));
    expect(first[3]).toBe('未回复');
    const other = await row(section, '1.4.1').locator('td').allInnerTexts();
    expect(other.slice(0, 3)).toEqual(['0 / 3', '—', '未回复']);

    // The letter and the workbook, through the page's buttons.
    const [letter] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: /下载通知书/ }).click(),
    ]);
    expect(letter.suggestedFilename()).toBe('2026-DC01-整改通知书.docx');
    expect([...readFileSync((await letter.path())!).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: /下载回复表/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe('2026-DC01-整改通知书.xlsx');
    const path = (await dl.path())!;

    const input = section.locator('input[type=file]');
    await input.setInputFiles({
      name: '整改回复.xlsx',
      mimeType: XLSX,
      buffer: await filled(path, [
        ['已整改', '已报档案局审批', '审批表.pdf'],
        ['部分整改', '已腾出阅览室', ''],
      ]),
    });
    await section.locator('li.file[data-state="accepted"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => row(section, '1.2.2').locator('td').last().innerText()).toContain('已整改');
    const answer = await row(section, '1.2.2').locator('td').last().innerText();
    expect(answer).toContain('已报档案局审批');
    expect(answer).toMatch(/佐证材料\s+审批表\.pdf/);
    // 审批表.pdf is not among DC01's evidence files: a warning beside the item, not a refusal.
    expect(answer).toContain('不在本单位已上传的佐证材料中');
    const second = await row(section, '1.4.1').locator('td').last().innerText();
    expect(second).toContain('部分整改');
    expect(second).toContain('已腾出阅览室');
    const state = await section.locator('.rect-state').innerText();
    expect(state).toContain('已回复');
    expect(state).toContain('按期');
    expect(state).not.toContain('还有 14 天');

    // The status of 1.2.2 left blank: refused, naming the cell.
    await input.setInputFiles({
      name: '整改回复-空.xlsx',
      mimeType: XLSX,
      buffer: await filled(path, [
        ['', '已报批', ''],
        ['未整改', '', ''],
      ]),
    });
    const refused = section.locator('li.file[data-state="rejected"]');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.locator('ul.issues li').allInnerTexts()).toEqual([
      expect.stringMatching(/^H5\s*.*未填写整改情况/),
    ]);
    // The answer that counts is still the accepted one.
    expect(await row(section, '1.2.2').locator('td').last().innerText()).toContain('已报档案局审批');
    await shot(section, 'unit-notice');
    await shot(page.getByRole('region', { name: '我的上传记录' }), 'unit-uploads');

    await page.getByRole('button', { name: 'English' }).click();
    const en = page.locator('section.rect', {
      has: page.getByRole('heading', { name: /^Rectification notice · DC01/ }),
    });
    await en.getByText(`Deadline: ${DEADLINE}`).waitFor();
    await row(en, '1.2.2').getByText('Fixed', { exact: true }).waitFor();
    await shot(en, 'unit-notice-en');
    await page.setViewportSize({ width: 390, height: 900 });
    await shot(row(en, '1.2.2'), 'unit-notice-phone');
    await page.context().close();
  });

  it('shows A01, on DC01’s formal panel, the notice and answer read-only', async () => {
    const page = await signIn('assessor:A01', 1280);
    const chooser = page.locator('#rect-unit');
    if (await chooser.count()) await chooser.selectOption('DC01');
    const section = notice(page, 'DC01');
    await row(section, '1.2.2').waitFor();
    const answer = await row(section, '1.2.2').locator('td').last().innerText();
    expect(answer).toContain('已整改');
    expect(answer).toContain('已报档案局审批');
    expect(await section.locator('input').count()).toBe(0);
    await shot(section, 'assessor-notice');
    await page.context().close();
  });

  it('shows DC02 its own (empty) notice and nothing of DC01’s', async () => {
    const page = await signIn('unit:DC02');
    const section = notice(page, 'DC02');
    await section.getByText('预检无失分项,无需整改。').waitFor();
    const body = await page.locator('body').innerText();
    for (const text of ['DC01', '归档范围未报批', '已报档案局审批']) expect(body).not.toContain(text);
    await page.context().close();
  });

  it('gives the admin each unit’s notice at a glance, with DC01 answered on time', async () => {
    const page = await signIn('admin', 1280);
    await page.getByRole('button', { name: '阶段管理' }).click();
    const section = page.locator('section.rect');
    await section.getByText('各单位整改情况').click();
    const dc01 = section.locator('tr[data-unit="DC01"]');
    await dc01.waitFor();
    const cells = await dc01.locator('th, td').allInnerTexts();
    expect(cells[0]).toContain('DC01');
    expect(cells[1]).toBe('2');
    expect(cells[2]).toBe('按期');
    // DC02 lost nothing at the pre-check (it has no pre-check sheets here): no items, no answer expected.
    expect(await section.locator('tr[data-unit="DC02"] td').allInnerTexts()).toEqual(['0', '—', '']);
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      dc01.getByRole('button', { name: /下载回复表/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe('2026-DC01-整改通知书.xlsx');
    await shot(section, 'admin-overview');
    await page.context().close();
  });
});
