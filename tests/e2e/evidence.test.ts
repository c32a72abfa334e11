import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../shared/local/stack.ts';
import { buildPortal, launchChromium, screenshotDir } from '../support/browser.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/**
 * Evidence files (佐证材料) in the portal, in Debian's Chromium against the local stack: the unit DC01
 * attaches a PDF to item 1.1.1 of the rubric's list and a PNG to the unit as a whole; a program
 * renamed .pdf is refused beside its item with the server's words, there again after a reload;
 * during the formal phase its assessor A01 (pre-check pair and formal lead of DC01 in the sample
 * roster) sees both and downloads the PDF, the admin sees them read-only, while A07 (on none of
 * DC01's panels) does not see them.
 * Screenshots: out/e2e/evidence-unit.png, out/e2e/evidence-assessor.png.
 */
let webDir: string;
let stack: LocalStack;
let browser: Browser;

/** A one-page PDF with nothing on it: header, catalog, pages, page, cross-reference table, trailer. */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) body += `${String(at).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** CRC-32 (PNG's chunk checksum), bit by bit. */
function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A 1×1 grey PNG: signature, IHDR, IDAT (one filter byte and one sample), IEND. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([len, typed, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const pdf = tinyPdf();

async function signIn(as: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(stack.apiUrl);
  await page.getByLabel('登录身份').selectOption(as);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的任务' }).waitFor();
  return page;
}

/** An item's row of the rubric's list, or ('') the unit's files as a whole. */
const group = (page: Page, item: string) =>
  item ? page.locator(`tr.ev-leaf[data-item="${item}"]`) : page.locator('.ev-unit');

beforeAll(async () => {
  webDir = await buildPortal();
  stack = await startTestStack('dongcheng', { webDir });
  browser = await launchChromium();
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: '2026',
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['self', 'formal'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

describe('evidence files in the portal', () => {
  it('lets a unit attach a PDF to an item and a picture to the unit, and shows each refusal beside its item', async () => {
    const page = await signIn('unit:DC01');
    await page.getByRole('heading', { name: /^佐证材料 · DC01/ }).waitFor();
    const item = group(page, '1.1.1');
    // The item's title from the round's rubric (municipal-sample's 1.1.1), beside its code.
    expect(await item.locator('th').innerText()).toContain('分管领导明确');
    await item.locator('input[type=file]').setInputFiles({
      name: '归档率统计.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await item.locator('.ev-files li', { hasText: '归档率统计.pdf' }).waitFor();
    expect(await item.locator('.ev-files li').innerText()).toMatch(/PDF · 1 KB · .* 被测单位 DC01/);

    const unitWide = group(page, '');
    await unitWide.locator('input[type=file]').setInputFiles({
      name: '档案库房.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    await unitWide.locator('.ev-files li', { hasText: '档案库房.png' }).waitFor();

    // A program renamed .pdf: judged by its first bytes, refused with its reason beside the item.
    await item.locator('input[type=file]').setInputFiles({
      name: 'setup.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
    });
    const refused = item.locator('.ev-sending', { hasText: 'setup.pdf' });
    await refused.locator('.issues li').waitFor();
    expect(await refused.locator('.issues li').innerText()).toContain('“setup.pdf”是可执行程序或脚本');
    expect(await refused.innerText()).toContain('被退回');
    expect(await item.locator('.ev-files li').count()).toBe(1);
    await page.locator('section.ev').screenshot({ path: join(screenshotDir(), 'evidence-unit.png') });

    // The refusal stays beside its item: the unit's own refused upload, its reason asked again.
    await page.reload();
    const again = group(page, '1.1.1').locator('.ev-sending', { hasText: 'setup.pdf' });
    await again.locator('.issues li').waitFor();
    expect(await again.locator('.issues li').innerText()).toContain('“setup.pdf”是可执行程序或脚本');
    expect(await group(page, '1.1.1').locator('.ev-files li').innerText()).toContain('归档率统计.pdf');
    await page.context().close();
  });

  it('shows them to the assessor assigned to the unit, who downloads the same bytes', async () => {
    const page = await signIn('assessor:A01');
    // DC01 comes first of its units; the list beside the unit's self-assessment (none sent here).
    const section = page.locator('section.ev', {
      has: page.getByRole('heading', { name: /^自评与佐证材料 · DC01/ }),
    });
    await section.locator('.ev-files li', { hasText: '档案库房.png' }).waitFor();
    expect(await group(page, '1.1.1').locator('.ev-files li').innerText()).toContain('归档率统计.pdf');
    expect(await section.innerText()).toContain('该单位尚未提交自评表。');
    // Read-only: no drop zone.
    expect(await section.locator('input').count()).toBe(0);
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: /下载.*归档率统计\.pdf/ }).click(),
    ]);
    expect(dl.suggestedFilename()).toMatch(/\.pdf$/);
    expect(Buffer.compare(readFileSync((await dl.path())!), pdf)).toBe(0);
    await section.screenshot({ path: join(screenshotDir(), 'evidence-assessor.png') });
    await page.context().close();
  });

  it('shows the admin a chosen unit’s evidence in its own tab', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(stack.apiUrl);
    await page.getByLabel('登录身份').selectOption('admin');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '佐证材料' }).click();
    await page.getByLabel('单位').selectOption('DC01');
    await group(page, '1.1.1').locator('.ev-files li', { hasText: '归档率统计.pdf' }).waitFor();
    expect(await group(page, '').locator('.ev-files li').innerText()).toContain('档案库房.png');
    // Read-only for the admin too (the unit attaches its own).
    expect(await page.locator('section.ev input').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'evidence-admin.png'), fullPage: true });
    await ctx.close();
  });

  it('does not show them to an assessor on none of the unit’s panels', async () => {
    const page = await signIn('assessor:A07');
    // Its own units' lists load (empty); DC01 is not among them.
    await page.locator('section.ev tbody tr').first().waitFor();
    await expect.poll(() => page.getByText('加载中…').count()).toBe(0);
    expect(await page.locator('#ev-unit option').allInnerTexts()).not.toContainEqual(
      expect.stringMatching(/^DC01 /),
    );
    expect(await page.getByRole('heading', { name: / · DC01 / }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('归档率统计.pdf');
    await page.context().close();
  });
});
