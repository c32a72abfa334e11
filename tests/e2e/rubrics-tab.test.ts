import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuleSet, type RuleSet } from '../../shared/domain/rule-set.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { fixedNow } from '../support/rules.ts';

/**
 * Issue 16 in the portal, in Debian's Chromium against the local stack: the admin downloads a stored
 * rubric's workbook on the Rubrics tab (细则), uploads an edited one and reads the issue naming the
 * cell, uploads it fixed as version 2, creates a round with that version, and a unit's sheet under
 * it is accepted. Screenshots: out/e2e/rubrics-*.png.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;
let page: Page;
const files = mkdtempSync(join(tmpdir(), 'cepin-rubrics-e2e-'));
const shot = (name: string) =>
  page.screenshot({ path: join(screenshotDir(), `${name}.png`), fullPage: true });

interface RuleNodeJson {
  code: string;
  maxPoints: number;
  children?: RuleNodeJson[];
}
/** The shipped municipal rubric as its rule file, read directly (not through cepin's code). */
const municipalJson = () =>
  JSON.parse(readFileSync('templates/rules/municipal-sample.json', 'utf8')) as {
    version: number;
    title: { zh: string };
    categories: RuleNodeJson[];
  };
const nodes = (ns: RuleNodeJson[]): RuleNodeJson[] => ns.flatMap((n) => [n, ...nodes(n.children ?? [])]);

/**
 * The edit made in the workbook, made by hand in the rule file: 1.4.1 from 3 to 4 points and 1.4.3
 * from 2 to 1, so 1.4 still adds up to 9 (3 + 3 + 2 + 1 = 4 + 3 + 1 + 1).
 */
function editedMunicipal(): RuleSet {
  const file = municipalJson();
  const byCode = new Map(nodes(file.categories).map((n) => [n.code, n]));
  byCode.get('1.4.1')!.maxPoints = 4;
  byCode.get('1.4.3')!.maxPoints = 1;
  const r = resolveRuleSet({ ...file, version: 2 }, () => {
    throw new Error('no base');
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.ruleSet;
}

/** A table sheet's header columns (row 1) and the row whose code column holds `code`. */
function locate(ws: ExcelJS.Worksheet) {
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => header.set(String(c.text).trim(), col));
  const col = (name: string) => {
    const n = header.get(name);
    if (!n) throw new Error(`no column ${name} on ${ws.name}: ${[...header.keys()].join(', ')}`);
    return n;
  };
  const row = (code: string) => {
    for (let r = 2; r <= ws.rowCount; r++)
      if (String(ws.getCell(r, col('编号')).text).trim() === code) return r;
    throw new Error(`no row ${code} on ${ws.name}`);
  };
  return { col, row, cell: (code: string, name: string) => ws.getCell(row(code), col(name)) };
}

async function signInAdmin() {
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption('admin');
  await page.getByRole('button', { name: '登录' }).click();
}

/** Chooses a workbook in the tab's upload form and waits until its outcome is there. */
async function uploadRubric(path: string, state: 'accepted' | 'duplicate' | 'rejected') {
  await page.locator('#rubric-file-input').setInputFiles(path);
  const attempt = page.locator('.rubric-attempt');
  await attempt.locator(`xpath=self::*[@data-state="${state}"]`).waitFor({ timeout: 30_000 });
  return attempt;
}

beforeAll(async () => {
  [webDir, browser] = await Promise.all([buildPortal(), launchChromium()]);
  stack = await startTestStack('dongcheng', { webDir });
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
}, 120_000);

/** On a failure, a screenshot and the visible text, to see what the admin saw. */
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || !page) return;
  await shot('rubrics-failed').catch(() => {});
  console.error((await page.locator('body').innerText({ timeout: 2000 }).catch(String)).slice(0, 2000));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('the rubrics tab (细则)', () => {
  it('lists the shipped samples, version 1 each, before the district has a round', async () => {
    await signInAdmin();
    await page.getByRole('button', { name: '细则', exact: true }).click();
    await page.getByRole('heading', { name: '细则', exact: true }).waitFor();
    const rows = page.locator('tr[data-rubric]');
    await expect.poll(() => rows.count()).toBe(3);
    expect((await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-rubric')))).sort()).toEqual([
      'dongcheng-sample@1',
      'municipal-sample@1',
      'national-checklist-sample@1',
    ]);
    const file = municipalJson();
    const leaves = nodes(file.categories).filter((n) => !n.children?.length).length;
    const municipal = page.locator('tr[data-rubric="municipal-sample@1"]');
    const text = await municipal.innerText();
    for (const part of [file.title.zh, `${leaves} 项 / 100 分`, '随附样例', '未使用'])
      expect(text).toContain(part);
    await page.getByRole('button', { name: '下载空白细则工作簿' }).waitFor();
    await shot('rubrics-list');
    // The same tab in English, from the same catalogue.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Rubrics', exact: true }).waitFor();
    await municipal.getByText('shipped sample').waitFor();
    await shot('rubrics-list-en');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { name: '细则', exact: true }).waitFor();
    // On a phone: the rows fold into label–value lists, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('rubrics-list-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  const fixed = join(files, '市级细则-修订.xlsx');
  it('names the cell of a category that no longer adds up, then stores the fixed workbook as version 2', async () => {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 municipal-sample v1' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await dl.path())!) as unknown as ExcelJS.Buffer);
    const items = locate(wb.getWorksheet('细则')!);
    // The workbook says what the rule file says: 1.4 of 9 points, 1.4.1 of 3, 1.4.3 of 2.
    expect([items.cell('1.4', '分值').value, items.cell('1.4.1', '分值').value]).toEqual([9, 3]);
    expect(items.cell('1.4.3', '分值').value).toBe(2);
    const sumCell = `${items.cell('1.4', '分值').address}`;

    // 1.4.1 up by one point: 1.4's parts add up to 4 + 3 + 2 + 1 = 10, not its 9.
    items.cell('1.4.1', '分值').value = 4;
    const bad = join(files, '市级细则-有误.xlsx');
    writeFileSync(bad, new Uint8Array(await wb.xlsx.writeBuffer()));
    const rejected = await uploadRubric(bad, 'rejected');
    const row = rejected.locator('tbody tr', { hasText: sumCell });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['细则', sumCell, '1.4']);
    expect(cells[3]).toContain('合计 10');
    // Nothing else is wrong with it: one issue, one row.
    expect(await rejected.locator('tbody tr').count()).toBe(1);
    await rejected.getByRole('link', { name: '下载标注了问题的工作簿' }).waitFor();
    await shot('rubrics-rejected');

    // Fixed: 1.4.3 down by one, so 1.4 adds up again; version 2 on the About sheet.
    items.cell('1.4.3', '分值').value = 1;
    const about = wb.getWorksheet('基本信息')!;
    let versionRow = 0;
    about.eachRow((r, n) => {
      if (String(r.getCell(1).text).trim() === '版本') versionRow = n;
    });
    expect(versionRow).toBeGreaterThan(0);
    about.getCell(versionRow, 2).value = 2;
    writeFileSync(fixed, new Uint8Array(await wb.xlsx.writeBuffer()));
    const accepted = await uploadRubric(fixed, 'accepted');
    await accepted.getByText('已保存为 municipal-sample v2').waitFor();
    const v2 = page.locator('tr[data-rubric="municipal-sample@2"]');
    await v2.waitFor();
    expect(await v2.innerText()).toContain('市级细则-修订.xlsx');
    await shot('rubrics-accepted');
  });

  it('says a workbook already stored is that version, without making another', async () => {
    const again = await uploadRubric(fixed, 'duplicate');
    expect(await again.getByRole('status').innerText()).toBe(
      '此前已保存为 municipal-sample v2(内容相同),未新建版本',
    );
    expect(await page.locator('tr[data-rubric^="municipal-sample@"]').count()).toBe(2);
  });

  it('creates a round pinned to version 2, whose templates are version 2 and take a unit’s sheet', async () => {
    await page.getByRole('button', { name: '新建轮次' }).click();
    await page.getByLabel('轮次编号').fill('2026');
    await page.getByRole('combobox', { name: /^测评细则/ }).selectOption('municipal-sample');
    // The newest version is the default.
    const version = page.getByRole('combobox', { name: /^细则版本/ });
    await expect.poll(() => version.inputValue()).toBe('2');
    await version.selectOption('2');
    await page.locator('input[name=roster]').setInputFiles('templates/rosters/roster-sample.xlsx');
    await page.getByRole('button', { name: '创建轮次' }).click();
    await page.getByRole('heading', { name: '提交情况' }).waitFor();

    const expected = editedMunicipal();
    const admin = await clientAs(stack, 'admin');
    const { round } = await admin.call<{
      round: { rules: string; ruleVersion: number; fingerprint: string };
    }>('GET', '/rounds/2026');
    const { rubrics } = await admin.call<{ rubrics: { id: string; version: number; fingerprint: string }[] }>(
      'GET',
      '/rubrics',
    );
    const storedV2 = rubrics.find((r) => r.id === 'municipal-sample' && r.version === 2)!;
    expect(round).toMatchObject({
      rules: 'municipal-sample',
      ruleVersion: 2,
      fingerprint: storedV2.fingerprint,
    });
    // The version is the rule file edited by hand: the workbook round trip changed nothing else.
    expect(storedV2.fingerprint).toBe(expected.fingerprint);

    // The tab now marks version 2 as in use by the round; version 1 stays unused.
    await page.getByRole('button', { name: '细则', exact: true }).click();
    const v2 = page.locator('tr[data-rubric="municipal-sample@2"]');
    await v2.getByText('已被轮次使用,不可更改').waitFor();
    expect(await v2.innerText()).toContain('2026');
    expect(await page.locator('tr[data-rubric="municipal-sample@1"]').innerText()).toContain('未使用');

    const unit = await clientAs(stack, 'unit:DC01');
    const link = await unit.call<{ url: string; fileName: string }>(
      'GET',
      '/rounds/2026/template?phase=self&unit=DC01',
    );
    const template = new Uint8Array(await (await fetch(link.url)).arrayBuffer());
    const read = await checkSheet(template, { rules: { get: () => expected }, fileName: link.fileName });
    expect(read.meta).toMatchObject({
      ruleSet: 'municipal-sample',
      ruleVersion: 2,
      fingerprint: expected.fingerprint,
    });

    const sheet = await makeSample(expected, {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 3,
    });
    const outcome = await upload(stack, unit, '2026', 'DC01-自评.xlsx', sheet.bytes);
    expect(outcome.issues ?? []).toEqual([]);
    expect(outcome.state).toBe('accepted');
  });
});
