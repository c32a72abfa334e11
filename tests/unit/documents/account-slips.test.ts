import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { accountSlipsDocx } from '../../../shared/documents/account-slips-docx.ts';
import type { AccountSlips } from '../../../shared/domain/account-slips.ts';
import { accountSlipsWorkbook } from '../../../shared/excel/account-slips.ts';

const SLIPS: AccountSlips = {
  lang: 'zh',
  districtName: '东城区',
  portal: 'https://cepin.dongcheng.example.cn',
  date: '2026-03-02',
  slips: [
    {
      login: 'dc01-li',
      name: '李明',
      role: 'unit',
      ref: 'DC01',
      refName: '区档案局',
      tempPassword: 'Kp7#mQx2ZrTa',
    },
    { login: 'dc02-he', name: '何静', role: 'unit', ref: 'DC02', tempPassword: 'Wn4=bVc8HjEs' },
    {
      login: 'a01-wang',
      name: '王强',
      role: 'assessor',
      ref: 'A01',
      refName: '王强',
      tempPassword: 'Ru9@tYp3GfDk',
    },
  ],
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function sheetRows(bytes: Uint8Array): Promise<{ rows: string[][]; ws: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push([String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')]));
  return { rows, ws };
}

describe('account slips (账号开通通知单)', () => {
  it('print each person’s district, portal, name, role, sign-in name, password and date in the workbook', async () => {
    const { rows, ws } = await sheetRows(await accountSlipsWorkbook(SLIPS));
    expect(ws.name).toBe('账号通知单');
    expect(rows[0]![0]).toBe('东城区 · 机关档案工作测评系统');
    const first = rows.slice(1, 11); // eachRow skips the empty spacer rows
    expect(first).toEqual([
      ['账号开通通知单', '账号开通通知单'],
      ['所属区县', '东城区'],
      ['系统地址', 'https://cepin.dongcheng.example.cn'],
      ['姓名', '李明'],
      ['身份', '被测单位 DC01 区档案局'],
      ['登录名', 'dc01-li'],
      ['临时密码', 'Kp7#mQx2ZrTa'],
      ['日期', '2026年3月2日'],
      [
        expect.stringContaining('首次登录时系统会要求修改密码') as unknown as string,
        expect.any(String) as unknown as string,
      ],
      [
        expect.stringContaining('本通知单含登录密码') as unknown as string,
        expect.any(String) as unknown as string,
      ],
    ]);
    // The assessor's own name is not repeated after the id.
    expect(rows).toContainEqual(['身份', '测评员 A01']);
    expect(rows.filter((r) => r[0] === '临时密码').map((r) => r[1])).toEqual([
      'Kp7#mQx2ZrTa',
      'Wn4=bVc8HjEs',
      'Ru9@tYp3GfDk',
    ]);
    let passwordRow = 0;
    ws.eachRow((r, n) => (passwordRow ||= r.getCell(1).value === '临时密码' ? n : 0));
    expect(ws.getRow(passwordRow).getCell(2).font).toMatchObject({
      name: 'Courier New',
      size: 24,
    });
  });

  it('print a line to fill in when the portal address is not known, and English when asked', async () => {
    const { rows } = await sheetRows(
      await accountSlipsWorkbook({ ...SLIPS, lang: 'en', portal: '', slips: [SLIPS.slips[0]!] }),
    );
    expect(rows).toContainEqual(['Portal address', '________________________________']);
    expect(rows).toContainEqual(['Role', 'Unit DC01 区档案局']);
    expect(rows).toContainEqual(['Date', '2 March 2026']);
  });

  it('say the same in the .docx', async () => {
    const zip = await JSZip.loadAsync(await accountSlipsDocx(SLIPS));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
    for (const s of [
      '账号开通通知单',
      '李明',
      '被测单位 DC01 区档案局',
      'dc01-li',
      'Kp7#mQx2ZrTa',
      'Wn4=bVc8HjEs',
      '测评员 A01',
      '2026年3月2日',
    ])
      expect(text).toContain(s);
    expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(2);
  });

  it('take one A4 page per person in LibreOffice, workbook and .docx alike', async (ctx) => {
    const ok = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
    if (!ok('soffice', '--version') || !ok('pdfinfo', '-v')) {
      if (process.env.CI) throw new Error('soffice or pdfinfo is not on the PATH');
      return ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cepin-slips-'));
    dirs.push(dir);
    const one = { ...SLIPS, lang: 'en' as const, slips: [SLIPS.slips[2]!] };
    const files: [string, Uint8Array, number][] = [
      ['slips3.xlsx', await accountSlipsWorkbook(SLIPS), 3],
      ['slips3.docx', await accountSlipsDocx(SLIPS), 3],
      ['slips1.xlsx', await accountSlipsWorkbook(one), 1],
      ['slips1.docx', await accountSlipsDocx(one), 1],
      // Too wide a sheet spills its right column onto a second page.
      ['slips1zh.xlsx', await accountSlipsWorkbook({ ...SLIPS, slips: [SLIPS.slips[0]!] }), 1],
    ];
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    const out = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        join(dir, 'pdf'),
        ...files.map(([name]) => join(dir, name)),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    for (const [name, , pages] of files) {
      const pdf = join(dir, 'pdf', name.replace(/\.(xlsx|docx)$/, '.pdf'));
      expect(existsSync(pdf), `soffice: ${out.stderr}`).toBe(true);
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      expect(info, name).toMatch(/Page size:.*\(A4\)/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1]), name).toBe(pages);
    }
  }, 150_000);
});
