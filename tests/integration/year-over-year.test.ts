import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { hundredths } from '../support/decimal-oracle.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * Year over year on the local stack: two assessment rounds of the same rubric, DC01 scored in the
 * formal phase of both; the later round's results compare DC01 with the earlier one. A calibration
 * round in between is no earlier round.
 */

type Item = { code: string; score: number | null; max: number; na: boolean; pending: boolean };
type Unit = {
  code: string;
  formal?: { total: number; gradeLabel: string | null; items: Item[] };
  previous?: {
    previousRound: string;
    comparable: boolean;
    notes: string[];
    previousTotal: number;
    total: number;
    totalDelta: number;
    gradeLabel: string | null;
    previousGradeLabel: string | null;
    recurring: string[];
    unmatched: number;
  };
};
type Res = { units: Unit[] };

let stack: LocalStack;
let admin: ApiClient;
let before: Unit;
let after: Res;

const roster = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
const sheet = (seed: number) =>
  makeSample(dongcheng(), {
    phase: 'formal',
    unit: 'DC01',
    assessor: 'A03',
    lang: 'zh',
    now: fixedNow,
    seed,
    lossRate: 0.4,
  });

async function round(id: string, seed: number) {
  await admin.call('POST', '/rounds', { round: id, rules: 'dongcheng-sample', roster, open: ['formal'] });
  const a03 = await clientAs(stack, 'assessor:A03');
  const r = await upload(stack, a03, id, 'a03.xlsx', (await sheet(seed)).bytes);
  expect(r.state).toBe('accepted');
  await admin.call('POST', `/rounds/${id}/phases/formal`, { action: 'close' });
}

beforeAll(async () => {
  stack = await startTestStack('yoy');
  admin = await clientAs(stack, 'admin');
  await round('y2025', 11);
  // A calibration round in between: never an earlier round (its results cannot even be computed).
  await admin.call('POST', '/rounds', {
    round: 'cal',
    rules: 'dongcheng-sample',
    roster,
    kind: 'calibration',
    cases: [{ code: 'CASE1', title: '参照案例一' }],
  });
  await round('y2026', 12);
  before = (await admin.call<Res>('GET', '/rounds/y2025/results?unit=DC01')).units[0]!;
  after = await admin.call<Res>('GET', '/rounds/y2026/results?unit=DC01');
}, 120_000);
afterAll(async () => stack?.stop());

describe('year over year (local stack)', () => {
  it('compares DC01 with its formal result in the earlier round', () => {
    const p = after.units[0]!.previous!;
    const now = after.units[0]!.formal!;
    expect(p).toMatchObject({ previousRound: 'y2025', comparable: true, notes: [], unmatched: 0 });
    expect(p.previousTotal).toBe(before.formal!.total);
    expect(p.total).toBe(now.total);
    // The change by whole hundredths (the rounding rule), not from cepin.
    expect(p.totalDelta).toBe((hundredths(now.total) - hundredths(before.formal!.total)) / 100);
    expect([p.previousGradeLabel, p.gradeLabel]).toEqual([before.formal!.gradeLabel, now.gradeLabel]);
  });

  it('lists as recurring exactly the items losing points, applicable and scored, in both rounds', () => {
    const losing = (items: Item[]) =>
      new Set(
        items.filter((i) => !i.na && !i.pending && i.score !== null && i.score < i.max).map((i) => i.code),
      );
    const earlier = losing(before.formal!.items);
    const expected = after.units[0]!.formal!.items.map((i) => i.code).filter(
      (c) => losing(after.units[0]!.formal!.items).has(c) && earlier.has(c),
    );
    expect(expected.length).toBeGreaterThan(0); // the seeds lose points on some items in both
    expect(after.units[0]!.previous!.recurring).toEqual(expected);
  });

  it('shows the comparison to the unit itself (both rounds closed)', async () => {
    const dc01 = await clientAs(stack, 'unit:DC01');
    const mine = await dc01.call<Res>('GET', '/rounds/y2026/results?unit=DC01');
    expect(mine.units[0]!.previous?.previousRound).toBe('y2025');
  });

  it('puts the comparison in the round workbook', async () => {
    const link = await admin.call<{ url: string }>('GET', '/rounds/y2026/workbook');
    const bytes = Buffer.from(await (await fetch(link.url)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('预检与正式')!;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(c.text)));
    expect(texts).toContain('与上一轮比较');
    expect(texts).toContain('y2025');
  });
});
