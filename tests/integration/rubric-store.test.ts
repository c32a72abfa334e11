import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import { resolveRuleSet, type RuleSet } from '../../shared/domain/rule-set.ts';
import { writeRubricWorkbook } from '../../shared/excel/rubric-workbook.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample, makeTemplate } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { fixedNow, municipal } from '../support/rules.ts';

/**
 * Issue 16 through the whole local path: rubric workbooks uploaded like sheets (presigned POST →
 * ingest → store), kept as immutable versions, pinned by rounds, and used to score without a
 * redeploy. Expected values come from the shipped JSON and from edits made here by hand.
 */
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
const RAW = JSON.parse(readFileSync('templates/rules/municipal-sample.json', 'utf8')) as Record<
  string,
  unknown
>;

let stack: LocalStack;
let admin: ApiClient;
let dc01: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  [admin, dc01] = await Promise.all([clientAs(stack, 'admin'), clientAs(stack, 'unit:DC01')]);
}, 60_000);
afterAll(async () => stack?.stop());

type RubricInfo = { id: string; version: number; fingerprint: string; origin: string; rounds: string[] };
const listed = async () => (await admin.call<{ rubrics: RubricInfo[] }>('GET', '/rubrics')).rubrics;
const uploadRubric = (name: string, bytes: Uint8Array) =>
  upload(stack, admin, '-', name, bytes, '/rubrics/uploads');

/**
 * The municipal sample's workbook with edits: `points` sets item codes' 分值 (细则 sheet), `version`
 * the 版本 on 基本信息 (blank when null). Rows and columns are found by their headers and codes.
 */
async function edited(edits: { points?: Record<string, number>; version?: number | null; title?: string }) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeRubricWorkbook(RAW as never, 'zh')) as unknown as ExcelJS.Buffer);
  const items = wb.getWorksheet('细则')!;
  const header = (ws: ExcelJS.Worksheet, name: string) => {
    let col = 0;
    ws.getRow(1).eachCell((c, n) => {
      if (String(c.value).trim() === name) col = n;
    });
    expect(col, `header ${name}`).toBeGreaterThan(0);
    return col;
  };
  const codeCol = header(items, '编号');
  const pointsCol = header(items, '分值');
  for (const [code, points] of Object.entries(edits.points ?? {})) {
    let row = 0;
    items.eachRow((r, n) => {
      if (String(r.getCell(codeCol).value) === code) row = n;
    });
    expect(row, `row of ${code}`).toBeGreaterThan(1);
    items.getCell(row, pointsCol).value = points;
  }
  const about = wb.getWorksheet('基本信息')!;
  about.eachRow((r) => {
    const label = String(r.getCell(1).value).trim();
    if (label === '版本' && edits.version !== undefined) r.getCell(2).value = edits.version;
    if (label === '名称' && edits.title) r.getCell(2).value = edits.title;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The rule set a workbook's edits make, worked from the shipped JSON by hand. */
function expectedRules(points: Record<string, number>): RuleSet {
  const raw = structuredClone(RAW) as { categories: unknown[] };
  const walk = (n: { code: string; maxPoints: number; children?: unknown[] }) => {
    if (points[n.code] !== undefined) n.maxPoints = points[n.code]!;
    (n.children as (typeof n)[] | undefined)?.forEach(walk);
  };
  (raw.categories as Parameters<typeof walk>[0][]).forEach(walk);
  const r = resolveRuleSet(raw, () => undefined);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.ruleSet;
}

describe('rubrics stored per district', () => {
  it('seeds the shipped samples as version 1 each, with the fingerprints of their files', async () => {
    const rubrics = await listed();
    expect(rubrics.map((r) => `${r.id} v${r.version} ${r.origin}`).sort()).toEqual([
      'dongcheng-sample v1 sample',
      'municipal-sample v1 sample',
      'national-checklist-sample v1 sample',
    ]);
    expect(rubrics.find((r) => r.id === 'municipal-sample')!.fingerprint).toBe(municipal().fingerprint);
  });

  it('refuses an edited workbook whose parts no longer add up, naming the cell, and stores nothing', async () => {
    // 1.3 is 5 points: 1.3.1 (2) + 1.3.2 (2) + 1.3.3 (1); 1.3.3 made 2 points breaks the sum.
    const out = await uploadRubric(
      'municipal-edit.xlsx',
      await edited({ points: { '1.3.3': 2 }, version: 2 }),
    );
    expect(out.state).toBe('rejected');
    const sum = out.issues!.find((i) => i.code === 'rules.sum-mismatch');
    expect(sum, JSON.stringify(out.issues)).toBeDefined();
    expect(sum!.item).toBe('1.3');
    expect(sum!.cell).toMatch(/^[A-Z]+\d+$/);
    expect((await listed()).length).toBe(3);
  });

  it('stores the fixed workbook as version 2, and the same content again is that version, not a third', async () => {
    const points = { '1.3.3': 2, '1.3.1': 1 };
    const bytes = await edited({ points, version: 2 });
    const out = await uploadRubric('municipal-v2.xlsx', bytes);
    expect(out.state, JSON.stringify(out.issues)).toBe('accepted');
    const want = expectedRules(points);
    expect(out.rubric).toEqual({ id: 'municipal-sample', version: 2, fingerprint: want.fingerprint });
    expect(want.fingerprint).not.toBe(municipal().fingerprint);
    // The same bytes again, then the same rules in other bytes (no version number written): v2 both times.
    const again = await uploadRubric('municipal-v2-again.xlsx', bytes);
    expect(again.state).toBe('duplicate');
    expect(again.rubric?.version).toBe(2);
    const unnumbered = await uploadRubric(
      'municipal-blank-version.xlsx',
      await edited({ points, version: null }),
    );
    expect(unnumbered.state).toBe('duplicate');
    expect(unnumbered.rubric?.version).toBe(2);
    expect((await listed()).filter((r) => r.id === 'municipal-sample').map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses other content under a version number already stored, saying which number is free', async () => {
    const out = await uploadRubric(
      'clash.xlsx',
      await edited({ points: { '1.4.3': 1, '1.4.4': 2 }, version: 2 }),
    );
    expect(out.state).toBe('rejected');
    const taken = out.issues!.find((i) => i.code === 'rubric.version-taken');
    expect(taken, JSON.stringify(out.issues)).toBeDefined();
    expect(taken).toMatchObject({ params: { id: 'municipal-sample', version: 2, next: 3 } });
    // Without a number, the same content becomes the next version.
    const next = await uploadRubric(
      'next.xlsx',
      await edited({ points: { '1.4.3': 1, '1.4.4': 2 }, version: null }),
    );
    expect(next.state, JSON.stringify(next.issues)).toBe('accepted');
    expect(next.rubric?.version).toBe(3);
  });

  it('pins the version a round is created with; the round scores with it and older rounds keep theirs', async () => {
    const v2 = expectedRules({ '1.3.3': 2, '1.3.1': 1 });
    const created = await admin.call<{ round: { rules: string; ruleVersion: number; fingerprint: string } }>(
      'POST',
      '/rounds',
      { round: 'r16-v2', rules: 'municipal-sample', ruleVersion: 2, roster: ROSTER, open: ['self'] },
    );
    expect(created.round).toMatchObject({
      rules: 'municipal-sample',
      ruleVersion: 2,
      fingerprint: v2.fingerprint,
    });
    await admin.call('POST', '/rounds', {
      round: 'r16-v1',
      rules: 'municipal-sample',
      ruleVersion: 1,
      roster: ROSTER,
      open: ['self'],
    });
    // Without a version: the newest (3).
    const newest = await admin.call<{ round: { ruleVersion: number } }>('POST', '/rounds', {
      round: 'r16-new',
      rules: 'municipal-sample',
      roster: ROSTER,
    });
    expect(newest.round.ruleVersion).toBe(3);

    // A v2 sheet is accepted in the v2 round, with 1.3.3 scored out of 2.
    const sheet = await makeSample(
      { ...v2, version: 2 },
      { phase: 'self', unit: 'DC01', lang: 'zh', now: fixedNow, seed: 7 },
    );
    const ok = await upload(stack, dc01, 'r16-v2', 'self.xlsx', sheet.bytes);
    expect(ok.state, JSON.stringify(ok.issues)).toBe('accepted');
    // The same v2 sheet in the v1 round is refused as made from other rules; a v1 sheet is accepted there.
    const wrong = await upload(stack, dc01, 'r16-v1', 'self-v2.xlsx', sheet.bytes);
    expect(wrong.state).toBe('rejected');
    expect(wrong.issues!.map((i) => i.code)).toContain('sheet.rules-different');
    const v1 = await makeSample(municipal(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 8,
    });
    expect((await upload(stack, dc01, 'r16-v1', 'self-v1.xlsx', v1.bytes)).state).toBe('accepted');

    const rubrics = await listed();
    expect(rubrics.find((r) => r.id === 'municipal-sample' && r.version === 2)!.rounds).toEqual(['r16-v2']);
  });

  it("lists the round's pinned version as its rubric, for a unit as well, in either language", async () => {
    type Node = { code: string; title: string; maxPoints: number; leaf: boolean; parent: string | null };
    const zh = await dc01.call<{ ruleSet: { version: number }; nodes: Node[] }>(
      'GET',
      '/rounds/r16-v2/rubric',
    );
    expect(zh.ruleSet.version).toBe(2);
    const node = (code: string) => zh.nodes.find((n) => n.code === code)!;
    // v2: 1.3.3 made 2 points and 1.3.1 one (by hand above); the titles are the JSON file's.
    expect(node('1.3.3')).toMatchObject({ maxPoints: 2, leaf: true, parent: '1.3' });
    expect(node('1.3.1')).toMatchObject({ maxPoints: 1, leaf: true });
    expect(node('1.3')).toMatchObject({ maxPoints: 5, leaf: false, parent: '1' });
    expect(node('1').title).toBe('档案工作保障');
    const en = await dc01.call<{ nodes: Node[] }>('GET', '/rounds/r16-v2/rubric?lang=en');
    expect(en.nodes.find((n) => n.code === '1')!.title).toBe('Safeguards for archive work');
    expect(zh.nodes.filter((n) => n.leaf).length).toBe(38);
  });

  it('serves the template of the pinned version, which checks against it', async () => {
    const link = await dc01.call<{ url: string }>('GET', '/rounds/r16-v2/template?phase=self&unit=DC01');
    const bytes = new Uint8Array(await (await fetch(link.url)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const meta = wb.getWorksheet('_cepin')!;
    const values = new Map<string, string>();
    meta.eachRow((r) => values.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(values.get('ruleVersion')).toBe('2');
    expect(values.get('fingerprint')).toBe(expectedRules({ '1.3.3': 2, '1.3.1': 1 }).fingerprint);
  });

  it('tells a rubric uploaded as a score sheet, and a score sheet uploaded as a rubric', async () => {
    const rubric = await edited({ points: {}, version: null });
    const asSheet = await upload(stack, dc01, 'r16-v2', 'rubric.xlsx', rubric);
    expect(asSheet.state).toBe('rejected');
    expect(asSheet.issues!.map((i) => i.code)).toEqual(['upload.is-rubric']);
    const template = await makeTemplate(municipal(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
    });
    const asRubric = await uploadRubric('sheet.xlsx', template.bytes);
    expect(asRubric.state).toBe('rejected');
    expect(asRubric.issues!.map((i) => i.code)).toEqual(['rubric.is-score-sheet']);
  });

  it('rejects every hostile file of the bad corpus sent as a rubric, each with its reason, none left pending', async () => {
    const dir = 'tests/fixtures/bad';
    const files = readdirSync(dir).filter((f) => /\.xlsx?m?$/.test(f));
    expect(files.length).toBeGreaterThan(60);
    const states = new Map<string, string[]>();
    for (const f of files) {
      const out = await uploadRubric(f, readFileSync(join(dir, f)));
      expect(out.state, f).toBe('rejected');
      expect(out.issues!.length, f).toBeGreaterThan(0);
      states.set(
        f,
        out.issues!.map((i) => i.code),
      );
    }
    // The door tells them apart, as for score sheets; a score template says what it is.
    expect(states.get('zip-bomb.xlsx')).toEqual(['file.zip-bomb']);
    expect(states.get('xlsm-with-macro.xlsm')).toEqual(['file.xlsm']);
    expect(states.get('xls-renamed.xlsx')).toEqual(['file.xls']);
    expect(states.get('empty-file.xlsx')).toEqual(['file.empty']);
    expect(states.get('deflate-bit-flipped.xlsx')).toEqual(['file.corrupt']);
    expect(states.get('empty-template.xlsx')).toEqual(['rubric.is-score-sheet']);
    // Nothing stored: the samples and municipal-sample v2 and v3 of the tests above.
    expect((await listed()).length).toBe(5);
  }, 120_000);

  it('refuses a rubric too large to store as one version, and stores nothing of it', async () => {
    // 38 items with 9,000 characters of guidance each: about 340 KB of rules, over the 300 KB a version holds.
    const raw = structuredClone(RAW) as { id: string; categories: { children?: unknown[] }[] };
    const walk = (n: { children?: unknown[]; method?: unknown; guidance?: string }) => {
      if (n.method) n.guidance = '评分说明'.repeat(2250);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    raw.categories.forEach(walk);
    const bytes = await writeRubricWorkbook({ ...raw, id: 'huge-sample' } as never, 'zh');
    const out = await uploadRubric('huge.xlsx', bytes);
    expect(out.state).toBe('rejected');
    expect(out.issues!.map((i) => i.code)).toEqual(['rubric.too-large']);
    expect((await listed()).some((r) => r.id === 'huge-sample')).toBe(false);
  });

  it('refuses an overlay of a base the district does not have, naming the 基于 cell', async () => {
    const dongcheng = JSON.parse(readFileSync('templates/rules/dongcheng-sample.json', 'utf8')) as Record<
      string,
      unknown
    >;
    const bytes = await writeRubricWorkbook({ ...dongcheng, extends: 'haidian-sample' } as never, 'zh');
    const out = await uploadRubric('haidian-overlay.xlsx', bytes);
    expect(out.state).toBe('rejected');
    const unknown = out.issues!.find((i) => i.code === 'rules.extends-unknown');
    expect(unknown, JSON.stringify(out.issues)).toMatchObject({
      sheet: '基本信息',
      params: { id: 'haidian-sample' },
    });
    expect(unknown!.cell).toMatch(/^B\d+$/);
  });

  it('stores an overlay applied to the newest version of its base, naming that base version', async () => {
    const dongcheng = JSON.parse(readFileSync('templates/rules/dongcheng-sample.json', 'utf8')) as Record<
      string,
      unknown
    >;
    const bytes = await writeRubricWorkbook({ ...dongcheng, version: 2 } as never, 'zh');
    const out = await uploadRubric('dongcheng-v2.xlsx', bytes);
    expect(out.state, JSON.stringify(out.issues)).toBe('accepted');
    expect(out.rubric?.id).toBe('dongcheng-sample');
    const v = await admin.call<{
      rubrics: (RubricInfo & { base: { id: string; version: number } | null })[];
    }>('GET', '/rubrics');
    expect(v.rubrics.find((r) => r.id === 'dongcheng-sample' && r.version === 2)!.base).toEqual({
      id: 'municipal-sample',
      version: 3,
    });
  });

  it("hands out each version's workbook: the upload as it came, a sample as its export", async () => {
    const up = await admin.call<{ url: string; fileName: string }>(
      'GET',
      '/rubrics/municipal-sample/2/workbook',
    );
    expect(up.fileName).toBe('municipal-v2.xlsx');
    const sample = await admin.call<{ url: string; fileName: string }>(
      'GET',
      '/rubrics/municipal-sample/1/workbook',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      new Uint8Array(await (await fetch(sample.url)).arrayBuffer()) as unknown as ExcelJS.Buffer,
    );
    expect(wb.getWorksheet('细则')).toBeDefined();
    await expect(admin.call('GET', '/rubrics/municipal-sample/9/workbook')).rejects.toThrow(/404|not/i);
  });
});
