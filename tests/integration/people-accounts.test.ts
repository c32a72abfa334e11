import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import { main } from '../../shared/cli/main.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/**
 * `cepin people sync|list|reset` on the local stack (the dev login's accounts, DevLoginAccounts):
 * the acceptance of issue 17 item 2. The sample roster names 25 assessed units (dc01…dc25) and 8
 * assessors (a01…a08) with a sign-in name: 33 people.
 */
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
let stack: LocalStack;
let admin: ApiClient;
let dir: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await clientAs(stack, 'admin');
  dir = mkdtempSync(join(tmpdir(), 'cepin-people-cli-'));
  await admin.call('POST', '/rounds', {
    round: 'p2026',
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['self'],
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const token = (admin as unknown as { token: string }).token;
  const code = await main(['node', 'cepin', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { CEPIN_API: stack.apiUrl, CEPIN_TOKEN: token, HOME: '/nonexistent' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function passwords(file: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
  const logins: string[] = [];
  const pw: string[] = [];
  wb.worksheets[0]!.eachRow((r) => {
    if (r.getCell(1).value === 'Sign-in name') logins.push(String(r.getCell(2).value));
    if (r.getCell(1).value === 'Temporary password') pw.push(String(r.getCell(2).value));
  });
  return new Map(logins.map((l, i) => [l, pw[i]!]));
}

describe('cepin people on the local stack', () => {
  it('creates every account of the round once, with a slip each, and nothing the second time', async () => {
    const xlsx = join(dir, 'slips.xlsx');
    const first = await cli(
      'people',
      'sync',
      '--round',
      'p2026',
      '--out',
      xlsx,
      '--lang',
      'en',
      '--portal',
      'http://127.0.0.1:8510/',
    );
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('p2026: created 33, existing 0, enabled 0, disabled 0, failed 0');
    const slips = await passwords(xlsx);
    expect(slips.size).toBe(33);
    expect([...slips.keys()].slice(0, 2)).toEqual(['dc01', 'dc02']);
    expect([...slips.keys()].at(-1)).toBe('a08');
    for (const p of slips.values()) expect(p).toMatch(/^[A-Za-z][A-Za-z2-9#%+=@]{11}$/);

    const second = await cli('people', 'sync', '--round', 'p2026', '--out', join(dir, 'again.docx'));
    expect(second.out).toContain('p2026:新建 0,已有 33,启用 0,停用 0,失败 0');
    expect(second.out).not.toContain('→');
  });

  it('lists the directory with each account, and resets one password onto a .docx slip', async () => {
    const list = await cli('people', 'list');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')).toContainEqual(
      expect.stringMatching(/^dc01\t\S+\tunit DC01\tactive\tenabled FORCE_CHANGE_PASSWORD$/),
    );
    const docx = join(dir, 'reset-a01.docx');
    const reset = await cli('people', 'reset', '--login', 'a01', '--out', docx);
    expect(reset.out).toContain('a01:已重置');
    const text = (
      await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string')
    ).replace(/<[^>]+>/g, '');
    expect(text).toContain('a01');
    expect(text).toContain('测评员 A01');
    expect((await cli('people', 'reset', '--login', 'nobody')).code).not.toBe(0);
  });

  it('disables the account of a person taken off, at the next sync', async () => {
    await admin.call('POST', '/people/dc25/active', { active: false });
    const r = await cli('people', 'sync', '--round', 'p2026', '--json');
    const answer = JSON.parse(r.out) as { disabled: string[]; existing: string[] };
    expect(answer.disabled).toEqual(['dc25']);
    expect(answer.existing).toHaveLength(32);
  });
});
