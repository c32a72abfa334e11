import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.ts';
import { ApiCallError, type ApiClient } from '../../shared/client/api-client.ts';
import type { Layout } from '../../shared/domain/layout.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The rectification notice (整改通知书) and the unit's answer through the whole local path, by the
 * rule of docs/security.md "Rectification". The sample roster: DC01's pre-check pair is A01 and A02,
 * its formal panel A01, A03–A06; A07 is on none of DC01's panels.
 *
 * Both pre-check assessors give full marks except 1.2.2 (2 points: both give 1, each writing its
 * problem) and 1.4.1 (3 points: both give 0), so the notice is exactly those two items, in rubric
 * order, 1.2.2 at 1 of 2 and 1.4.1 at 0 of 3. The workbook's answer columns are H (status), I (what
 * was done), J (evidence); items start on row 5.
 */

const ROUND = 'zg';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');

let stack: LocalStack;
let c: Record<'admin' | 'dc01' | 'dc02' | 'a01' | 'a07', ApiClient>;

type Notice = {
  issued: boolean;
  deadline: string | null;
  items: {
    code: string;
    score: number | null;
    max: number;
    problem: string;
    answer?: { status: string; statusText: string; done: string; evidence: string[] };
  }[];
  answered: { late: boolean; warnings: { code: string; item: string | null }[] } | null;
};

const PROBLEMS: Record<string, Record<string, string>> = {
  A01: { '1.2.2': '归档范围未报批' },
  A02: { '1.2.2': '保管期限表未审批' },
};

/** Full marks everywhere but 1.2.2 (1 point) and 1.4.1 (0 points). */
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
        values.set(cell('problem')!.address, PROBLEMS[assessor]!['1.2.2']!);
      }
      if (row.node.code === '1.4.1') values.set(cell('score')!.address, 0);
    }
  };
}

async function failure(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiCallError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const notice = (who: ApiClient, round = ROUND) =>
  who.call<Notice>('GET', `/rounds/${round}/rectification?unit=DC01`);

async function workbookOf(who: ApiClient, round = ROUND): Promise<ExcelJS.Workbook> {
  const link = await who.call<{ url: string }>('GET', `/rounds/${round}/rectification/workbook?unit=DC01`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await who.download(link.url)) as unknown as ArrayBuffer);
  return wb;
}

/** Writes the unit's answers into rows 5 and 6 (1.2.2, 1.4.1). */
async function answered(wb: ExcelJS.Workbook, rows: [string, string, string][]): Promise<Uint8Array> {
  const ws = wb.getWorksheet('整改通知书')!;
  rows.forEach(([status, done, evidence], i) => {
    ws.getCell(`H${5 + i}`).value = status;
    ws.getCell(`I${5 + i}`).value = done;
    ws.getCell(`J${5 + i}`).value = evidence;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const codes = (r: { issues?: { code: string }[] }) => r.issues?.map((i) => i.code);

beforeAll(async () => {
  stack = await startTestStack();
  const [admin, dc01, dc02, a01, a07] = await Promise.all(
    ['admin', 'unit:DC01', 'unit:DC02', 'assessor:A01', 'assessor:A07'].map((as) => clientAs(stack, as)),
  );
  c = { admin: admin!, dc01: dc01!, dc02: dc02!, a01: a01!, a07: a07! };
  for (const round of [ROUND, 'zg-other'])
    await c.admin.call('POST', '/rounds', {
      round,
      rules: 'dongcheng-sample',
      roster: ROSTER,
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
    const r = await upload(stack, await clientAs(stack, `assessor:${id}`), ROUND, `${id}.xlsx`, made.bytes);
    expect(r.state, JSON.stringify(r.issues)).toBe('accepted');
  }
}, 120_000);
afterAll(async () => stack?.stop());

describe('the rectification notice and the unit’s answer (local stack)', () => {
  let preview: Uint8Array;

  it('before the pre-check closes: the admin previews the two items; DC01 and A01 are told it is not issued; others refused', async () => {
    const n = await notice(c.admin);
    expect(n.issued).toBe(false);
    expect(n.deadline).toBeNull();
    expect(n.items.map((i) => [i.code, i.score, i.max])).toEqual([
      ['1.2.2', 1, 2],
      ['1.4.1', 0, 3],
    ]);
    expect(n.items[0]!.problem).toBe('归档范围未报批；保管期限表未审批');
    for (const who of [c.dc01, c.a01])
      expect((await failure(notice(who))).body.error?.code).toBe('api.rectification-not-issued');
    for (const who of [c.dc02, c.a07]) expect((await failure(notice(who))).status).toBe(403);
    // The admin's preview, filled and sent by the unit before the notice is issued, is refused.
    preview = await answered(await workbookOf(c.admin), [
      ['已整改', '已报批', ''],
      ['未整改', '', ''],
    ]);
    const r = await upload(stack, c.dc01, ROUND, 'preview.xlsx', preview);
    expect(r.state).toBe('rejected');
    expect(codes(r)).toEqual(['rect.not-issued']);
  });

  it('is issued once the pre-check is closed and the admin sets a deadline; then DC01, A01 read it, DC02 and A07 still not', async () => {
    await c.admin.call('POST', `/rounds/${ROUND}/phases/precheck`, { action: 'close-scoring' });
    await c.admin.call('POST', `/rounds/${ROUND}/phases/precheck`, { action: 'close' });
    expect((await failure(notice(c.dc01))).body.error?.code).toBe('api.rectification-not-issued');
    expect(
      (await failure(c.dc01.call('POST', `/rounds/${ROUND}/rectification`, { deadline: '2099-12-31' })))
        .status,
    ).toBe(403);
    expect(
      (await failure(c.admin.call('POST', `/rounds/${ROUND}/rectification`, { deadline: '2026-02-30' }))).body
        .error?.code,
    ).toBe('api.rectification-date');
    await c.admin.call('POST', `/rounds/${ROUND}/rectification`, { deadline: '2099-12-31' });
    const n = await notice(c.dc01);
    expect(n).toMatchObject({ issued: true, deadline: '2099-12-31', answered: null });
    expect(n.items.map((i) => i.code)).toEqual(['1.2.2', '1.4.1']);
    expect((await notice(c.a01)).items).toHaveLength(2);
    for (const who of [c.dc02, c.a07]) expect((await failure(notice(who))).status).toBe(403);
    const doc = await c.dc01.call<{ url: string; fileName: string }>(
      'GET',
      `/rounds/${ROUND}/rectification/docx?unit=DC01`,
    );
    expect(doc.fileName).toBe('zg-DC01-整改通知书.docx');
    expect((await c.dc01.download(doc.url)).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('accepts the unit’s answer on time, warns of evidence not uploaded, and shows it to the unit and its assessors', async () => {
    const bytes = await answered(await workbookOf(c.dc01), [
      ['已整改', '已报档案局审批', '审批表.pdf'],
      ['部分整改', '已腾出阅览室', ''],
    ]);
    // Another unit sending DC01's answer is told only that it is not theirs.
    const other = await upload(stack, c.dc02, ROUND, 'answer.xlsx', bytes);
    expect(other.state).toBe('rejected');
    expect(codes(other)).toEqual(['upload.impersonation']);
    const r = await upload(stack, c.dc01, ROUND, 'answer.xlsx', bytes);
    expect(r.state, JSON.stringify(r.issues)).toBe('accepted');
    const n = await notice(c.a01);
    expect(n.items.map((i) => [i.code, i.answer?.status, i.answer?.done, i.answer?.evidence])).toEqual([
      ['1.2.2', 'fixed', '已报档案局审批', ['审批表.pdf']],
      ['1.4.1', 'partly', '已腾出阅览室', []],
    ]);
    expect(n.answered?.late).toBe(false);
    expect(n.answered?.warnings.map((w) => [w.code, w.item])).toEqual([['rect.evidence-unknown', '1.2.2']]);
    // The same bytes again: a duplicate of the first.
    expect((await upload(stack, c.dc01, ROUND, 'again.xlsx', bytes)).state).toBe('duplicate');
  });

  it('refuses an answer without a status, naming the cell and item, and one of another round', async () => {
    const blank = await answered(await workbookOf(c.dc01), [
      ['', '已报批', ''],
      ['未整改', '', ''],
    ]);
    const r = await upload(stack, c.dc01, ROUND, 'blank.xlsx', blank);
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => [i.code, i.cell, i.item])).toEqual([['rect.status-missing', 'H5', '1.2.2']]);
    const elsewhere = await upload(stack, c.dc01, 'zg-other', 'answer.xlsx', blank);
    expect(elsewhere.state).toBe('rejected');
    expect(codes(elsewhere)).toEqual(['rect.wrong-round']);
  });

  it('refuses DC01’s workbook with its hidden unit rewritten to DC02 and sent by DC02: the signature no longer holds', async () => {
    const wb = await workbookOf(c.dc01);
    // The hidden sheet holds ten fields (kind, version, round, unit, …) in rows 1–10, the signature in B11.
    const meta = wb.getWorksheet('_cepin_zg')!;
    expect(meta.getCell('A4').value).toBe('unit');
    meta.getCell('B4').value = 'DC02';
    const forged = await answered(wb, [
      ['已整改', '已报批', ''],
      ['已整改', '已完成', ''],
    ]);
    const r = await upload(stack, c.dc02, ROUND, 'forged.xlsx', forged);
    expect(r.state).toBe('rejected');
    const issues = r.issues as { code: string; sheet: string | null; cell: string }[] | undefined;
    expect(issues?.map((i) => [i.code, i.sheet, i.cell])).toEqual([['rect.meta-edited', '_cepin_zg', 'B11']]);
    expect(r.annotatedUrl).toBeTruthy();
  });

  it('marks an answer after the deadline late, and the latest answer counts', async () => {
    await c.admin.call('POST', `/rounds/${ROUND}/rectification`, { deadline: '2026-01-01' });
    const bytes = await answered(await workbookOf(c.dc01), [
      ['已整改', '已报档案局审批', ''],
      ['已整改', '阅览室已独立设置', ''],
    ]);
    const r = await upload(stack, c.dc01, ROUND, 'late.xlsx', bytes);
    expect(r.state).toBe('accepted');
    const n = await notice(c.dc01);
    expect(n.answered?.late).toBe(true);
    expect(n.answered?.warnings.map((w) => w.code)).toEqual(['rect.late']);
    expect(n.items.map((i) => i.answer?.status)).toEqual(['fixed', 'fixed']);
  });

  it('is set and read from the command line: `cepin rectification deadline|notice`, the workbook and letter by --out', async () => {
    const cli = async (who: ApiClient, ...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['node', 'cepin', ...args], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: {
          CEPIN_API: stack.apiUrl,
          CEPIN_TOKEN: (who as unknown as { token: string }).token,
          HOME: '/nonexistent',
        },
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    // Unit DC01 may not move the deadline; the admin may (to the day it already is: nothing changes).
    expect(
      (await cli(c.dc01, 'rectification', 'deadline', '--round', ROUND, '--date', '2026-01-01')).code,
    ).toBe(1);
    const set = await cli(c.admin, 'rectification', 'deadline', '--round', ROUND, '--date', '2026-01-01');
    expect([set.code, set.out]).toEqual([0, 'zg: deadline 2026-01-01']);
    const dir = mkdtempSync(join(tmpdir(), 'cepin-rect-'));
    const shown = await cli(
      c.dc01,
      'rectification',
      'notice',
      '--round',
      ROUND,
      '--unit',
      'DC01',
      '--out',
      join(dir, 'n.docx'),
    );
    expect(shown.code, shown.err).toBe(0);
    // 2 items, the deadline, the latest answer late; per item: code, title, pre-check score / points, status.
    expect(shown.out.split('\n')[0]).toMatch(
      /^zg DC01 .+:2 项需整改,期限 2026-01-01,回复 \d{4}-\d{2}-\d{2}\(逾期\)$/,
    );
    expect(
      shown.out
        .split('\n')
        .slice(1, 3)
        .map((l) => [l.split('\t')[0], ...l.split('\t').slice(2)]),
    ).toEqual([
      ['1.2.2', '1/2', '已整改'],
      ['1.4.1', '0/3', '已整改'],
    ]);
    expect(readFileSync(join(dir, 'n.docx')).subarray(0, 2).toString()).toBe('PK');
    const bad = await cli(
      c.dc01,
      'rectification',
      'notice',
      '--round',
      ROUND,
      '--unit',
      'DC01',
      '--out',
      join(dir, 'n.pdf'),
    );
    expect([bad.code, bad.err]).toEqual([2, '--out must end in .xlsx or .docx']);
  });

  it('shows the notice and the answer, read-only, on the formal template of DC01’s panel', async () => {
    const link = await c.a01.call<{ url: string }>(
      'GET',
      `/rounds/${ROUND}/template?phase=formal&unit=DC01&assessor=A01`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await c.a01.download(link.url)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('整改核查')!;
    expect(ws).toBeDefined();
    const row = (n: number) => [1, 4, 7, 8].map((col) => ws.getRow(n).getCell(col).value);
    expect(row(4)).toEqual(['1.2.2', 1, '已整改', '已报档案局审批']);
    expect(row(5)).toEqual(['1.4.1', 0, '已整改', '阅览室已独立设置']);
    expect(String(ws.getCell('A2').value)).toContain('逾期');
  });

  it('classifies each pre-check loss at the formal assessment beside what the unit claimed', async () => {
    // The formal panel gives full marks but 1 point on 1.4.1: 1.2.2 went 1 → 2 of 2 (fixed, as the
    // unit says); 1.4.1 went 0 → 1 of 3 (partly fixed, though the unit's latest answer says fixed).
    for (const id of ['A01', 'A03', 'A04', 'A05', 'A06']) {
      const spec = {
        phase: 'formal' as const,
        unit: 'DC01',
        assessor: id,
        lang: 'zh' as const,
        now: fixedNow,
      };
      const made = await makeSample(
        dongcheng(),
        { ...spec, seed: 4, lossRate: 0, noSubordinates: true },
        (v, l) => {
          precheckSheet('A01')(v, l);
          for (const row of l.rows) {
            const score = row.inputs.find((x) => x.kind === 'score');
            const problem = row.inputs.find((x) => x.kind === 'problem');
            if (row.node.code === '1.2.2') {
              v.set(score!.address, 2);
              v.delete(problem!.address);
            }
            if (row.node.code === '1.4.1') v.set(score!.address, 1);
          }
        },
      );
      const r = await upload(
        stack,
        await clientAs(stack, `assessor:${id}`),
        ROUND,
        `${id}-f.xlsx`,
        made.bytes,
      );
      expect(r.state, JSON.stringify(r.issues)).toBe('accepted');
    }
    const res = await c.admin.call<{
      units: {
        precheckVsFormal?: {
          items: { code: string; pre: number; formal: number; verdict: string; claimed?: string }[];
        };
      }[];
    }>('GET', `/rounds/${ROUND}/results?unit=DC01`);
    expect(res.units[0]!.precheckVsFormal!.items).toEqual([
      { code: '1.2.2', pre: 1, formal: 2, max: 2, verdict: 'fixed', claimed: 'fixed' },
      { code: '1.4.1', pre: 0, formal: 1, max: 3, verdict: 'partly', claimed: 'fixed' },
    ]);
  });

  it('takes no answer, and no new deadline, once the formal phase is closed', async () => {
    await c.admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close' });
    const bytes = await answered(await workbookOf(c.dc01), [
      ['已整改', '已报批', ''],
      ['已整改', '已完成', ''],
    ]);
    const r = await upload(stack, c.dc01, ROUND, 'after.xlsx', bytes);
    expect(r.state).toBe('rejected');
    expect(codes(r)).toEqual(['rect.round-closed']);
    expect(
      (await failure(c.admin.call('POST', `/rounds/${ROUND}/rectification`, { deadline: '2099-12-31' }))).body
        .error?.code,
    ).toBe('api.rectification-closed');
  });
});
