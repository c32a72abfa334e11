import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../shared/client/api-client.ts';
import { main } from '../../shared/cli/main.ts';
import { listEntries, unpackEntries } from '../../shared/excel/zip-reader.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import * as f from '../support/evidence-files.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';

/**
 * `cepin evidence package` through the local stack: unit DC01 attaches a PDF to item 1.1.1 and two
 * photos of the same name to itself; its assessor A01 packages them with the built CLI (a process
 * of its own, as a user runs it); the zip is read with the repo's own zip reader and every byte and
 * every index cell checked against what was uploaded. The rubric is municipal-sample (38 scored
 * items); the titles and counts below are read off templates/rules/municipal-sample.json by hand.
 */

const ROUND = 'pk';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
/**
 * The CLI as `npx cepin` runs it: esbuild's bundle (npm run build:cli), where CommonJS packages are
 * loaded differently from the sources under tsx (cli-progress's progress bar once failed only there).
 */
const BUILT = pathToFileURL(join(import.meta.dirname, '../../node_modules/.cache/cepin/cli/main.js')).href;

let stack: LocalStack;
const pdf = f.pdf('归档率统计 2025');
const photo1 = f.jpeg(1);
const photo2 = f.jpeg(2);
const dir = mkdtempSync(join(tmpdir(), 'cepin-package-'));
const listed: { fileName: string; uploadedAt: string }[] = [];

const tokenAs = async (as: string) =>
  (await new ApiClient(stack.apiUrl, undefined).call<{ token: string }>('POST', '/local/login', { as }))
    .token;

/** The command in this process, as `as`: from the sources, or from the built CLI. */
async function cepinAs(as: string, args: string[], o: { built?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const run = o.built ? ((await import(BUILT)) as { main: typeof main }).main : main;
  const code = await run(['node', 'cepin', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { CEPIN_API: stack.apiUrl, CEPIN_TOKEN: await tokenAs(as), CEPIN_HOME: dir },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The zip's parts, by the checks of the upload door (CRCs, sizes, no zip64). */
function unzip(file: string) {
  const bytes = new Uint8Array(readFileSync(file));
  const limits = { maxEntries: 100, maxUncompressed: 50 * 1024 * 1024 };
  const listing = listEntries(bytes, { sheet: '' }, limits);
  if ('issue' in listing) throw new Error(JSON.stringify(listing.issue));
  const parts = unpackEntries(bytes, listing.entries, listing.directory, { sheet: '' }, limits);
  if ('issue' in parts) throw new Error(JSON.stringify(parts.issue));
  return { entries: listing.entries, parts };
}

async function indexRows(xlsx: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++)
    rows.push(Array.from({ length: 7 }, (_, c) => ws.getCell(r, c + 1).value ?? null));
  return rows;
}

/** China time of an instant, by the rule (UTC+8): `YYYY-MM-DD HH:mm`. */
const china = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
};

beforeAll(async () => {
  stack = await startTestStack('dongcheng');
  const [admin, dc01] = await Promise.all([clientAs(stack, 'admin'), clientAs(stack, 'unit:DC01')]);
  await admin!.call('POST', '/rounds', {
    round: ROUND,
    rules: 'municipal-sample',
    roster: ROSTER,
    open: ['self'],
  });
  const attach = async (fileName: string, bytes: Uint8Array, item?: string) => {
    const r = await upload(stack, dc01!, ROUND, fileName, bytes, `/rounds/${ROUND}/evidence`, {
      unit: 'DC01',
      size: bytes.length,
      ...(item ? { item } : {}),
    });
    expect(r.state).toBe('accepted');
  };
  await attach('统计:2025?.pdf', pdf, '1.1.1');
  await attach('档案室.jpg', photo1);
  await attach('档案室.jpg', photo2);
  const l = await dc01!.call<{ files: { fileName: string; uploadedAt: string }[] }>(
    'GET',
    `/rounds/${ROUND}/evidence?unit=DC01`,
  );
  listed.push(...l.files);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FOLDER_111 = '1.1.1 分管领导明确;档案工作纳入年度工作计划和考核';

describe('cepin evidence package', () => {
  it('writes a zip of every file in its item folder, byte for byte, with the index workbook (the built CLI, as an assessor of the unit, with its progress bar)', async () => {
    const out = join(dir, 'DC01-evidence.zip');
    const r = await cepinAs(
      'assessor:A01',
      ['evidence', 'package', '--round', ROUND, '--unit', 'DC01', '--out', out],
      { built: true },
    );
    expect(r.code, r.err).toBe(0);
    const total = pdf.length + photo1.length + photo2.length;
    expect(r.out).toBe(
      `${out}: 3 份佐证材料 (${total} B),索引 索引.xlsx\n` +
        `  38 个测评指标中 37 个没有材料: 1.1.2, 1.1.3, 1.2.1, 1.2.2, 1.3.1, 1.3.2, 1.3.3, 1.4.1, 1.4.2, ` +
        `1.4.3, 1.4.4, 2.1.1, 2.1.2, 2.1.3, 2.2.1, 2.2.2, 2.2.3, 2.2.4, 2.2.5, 2.3.1, 2.3.2, 2.3.3, ` +
        `2.4.1, 2.4.2, 2.5.1, 2.5.2, 2.5.3, 3.1.1, 3.1.2, 3.1.3, 3.2.1, 3.3.1, 3.3.2, 3.3.3, 4.1, 4.2, 4.3`,
    );
    expect(existsSync(`${out}.part`)).toBe(false);

    const { entries, parts } = unzip(out);
    // The index first, then the files oldest first; photos (already compressed) stored, the PDF deflated.
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['索引.xlsx', 8],
      [`${FOLDER_111}/统计_2025_.pdf`, 8],
      ['0 单位材料/档案室.jpg', 0],
      ['0 单位材料/档案室 (2).jpg', 0],
    ]);
    expect(Buffer.from(parts.get(`${FOLDER_111}/统计_2025_.pdf`)!).equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(parts.get('0 单位材料/档案室.jpg')!).equals(Buffer.from(photo1))).toBe(true);
    expect(Buffer.from(parts.get('0 单位材料/档案室 (2).jpg')!).equals(Buffer.from(photo2))).toBe(true);

    const rows = await indexRows(parts.get('索引.xlsx')!);
    const [pdfAt, photo1At, photo2At] = listed.map((x) => china(x.uploadedAt));
    expect(rows).toHaveLength(3 + 1 + 38 + 1);
    expect(rows.slice(0, 6)).toEqual([
      [`佐证材料索引 · 单位 DC01 · 测评 ${ROUND}`, null, null, null, null, null, null],
      ['共 3 份材料;38 个测评指标中 37 个没有材料(标红)', null, null, null, null, null, null],
      ['编号', '测评指标', '分值', '材料数', '文件(包内路径)', '大小', '上传时间(北京时间)'],
      [
        null,
        '单位材料',
        null,
        2,
        '0 单位材料/档案室.jpg\n0 单位材料/档案室 (2).jpg',
        `${photo1.length} B\n${photo2.length} B`,
        `${photo1At}\n${photo2At}`,
      ],
      [
        '1.1.1',
        '分管领导明确;档案工作纳入年度工作计划和考核',
        2,
        1,
        `${FOLDER_111}/统计_2025_.pdf`,
        `${pdf.length} B`,
        pdfAt,
      ],
      ['1.1.2', '领导每年研究档案工作并解决实际问题', 2, 0, '无', null, null],
    ]);
    expect(rows.at(-2)).toEqual(['4.3', '下属单位抽查情况', 3, 0, '无', null, null]);
    expect(rows.at(-1)).toEqual(['合计', null, null, 3, null, `${total} B`, null]);
  }, 60_000);

  it('names folders and the index in English with --lang en, cutting a long folder name to 60 characters', async () => {
    const out = join(dir, 'en', 'pack.zip');
    const args = ['evidence', 'package', '--round', ROUND, '--unit', 'DC01', '--out', out, '--lang', 'en'];
    const r = await cepinAs('admin', args);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(/^ {2}37 of 38 scored items have no evidence: 1\.1\.2, /);
    expect(unzip(out).entries.map((e) => e.name)).toEqual([
      'index.xlsx',
      '1.1.1 A leader is in charge; archive work is in the annual p/统计_2025_.pdf',
      '0 Unit files/档案室.jpg',
      '0 Unit files/档案室 (2).jpg',
    ]);
  }, 60_000);

  it('refuses an assessor who is not on the unit, and writes nothing', async () => {
    const out = join(dir, 'refused.zip');
    const args = ['evidence', 'package', '--round', ROUND, '--unit', 'DC01', '--out', out];
    const r = await cepinAs('assessor:A07', args);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });
});
