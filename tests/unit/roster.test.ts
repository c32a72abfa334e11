import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRoster } from '../../shared/domain/roster.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import type { Lang } from '../../shared/domain/text.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate, readRoster } from '../../shared/excel/roster-workbook.ts';
import { cepin } from '../support/cli.ts';
import { fixedNow } from '../support/rules.ts';

const dir = mkdtempSync(join(tmpdir(), 'cepin-roster-'));
const where = (l: Lang) =>
  l === 'zh' ? { u: '单位', a: '测评员', s: '测评分工' } : { u: 'Units', a: 'Assessors', s: 'Assignments' };
/** Code, sheet, cell and params of each issue: what a person needs to find and fix it. */
const found = (issues: { code: string; sheet?: string; cell?: string; params: object }[]) =>
  issues.map(({ code, sheet, cell, params }) => ({ code, sheet, cell, params }));

/** The sample roster as a workbook with one edit made through exceljs, as a person would. */
async function sampleWith(lang: Lang, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = buildRosterTemplate(lang, sampleRoster(), fixedNow());
  edit(wb);
  return toBytes(wb);
}
const setCell = (sheet: string, cell: string, value: string) => (wb: ExcelJS.Workbook) => {
  wb.getWorksheet(sheet)!.getCell(cell).value = value;
};

describe('the sample roster', () => {
  it('is consistent: 25 assessed units, 23 subordinates, 8 assessors, an assignment per unit', () => {
    const r = sampleRoster();
    expect(validateRoster(r, () => ({ sheet: 's', cell: 'A1' }))).toEqual([]);
    expect(r.units.filter((u) => u.parent === undefined)).toHaveLength(25);
    expect(r.units.filter((u) => u.parent !== undefined)).toHaveLength(23);
    expect(r.assessors.filter((a) => a.lead).map((a) => a.id)).toEqual(['A01', 'A02']);
    expect(r.assignments).toHaveLength(25);
    for (const a of r.assignments) {
      expect(a.precheck).toHaveLength(2);
      expect([4, 5]).toContain(a.formal.length);
      expect(a.formal.some((id) => id === 'A01' || id === 'A02')).toBe(true);
    }
    expect(sampleRoster()).toEqual(r);
  });

  it('reads back from templates/rosters/roster-sample.xlsx with no issues, equal to sampleRoster()', async () => {
    const r = await readRoster(readFileSync('templates/rosters/roster-sample.xlsx'));
    expect(r.issues).toEqual([]);
    expect(r.roster).toEqual(sampleRoster());
  });

  it.each(['zh', 'en'] as const)('reads back unchanged when written in %s', async (lang) => {
    const r = await readRoster(await sampleWith(lang, () => {}));
    expect(r).toEqual({ roster: sampleRoster(), issues: [] });
  });
});

describe('the empty roster template', () => {
  it('is templates/rosters/roster-template.xlsx, which reads as having no units (an error at 单位!A2)', async () => {
    const r = await readRoster(readFileSync('templates/rosters/roster-template.xlsx'));
    expect(r.roster).toBeNull();
    expect(found(r.issues)).toEqual([{ code: 'roster.empty', sheet: '单位', cell: 'A2', params: {} }]);
  });

  it.each(['zh', 'en'] as const)(
    'in %s has frozen, filtered headers, A4 pages and a 是/否 list',
    async (lang) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await toBytes(buildRosterTemplate(lang))) as unknown as ExcelJS.Buffer);
      const w = where(lang);
      expect(wb.worksheets.map((s) => s.name)).toEqual([
        lang === 'zh' ? '填表说明' : 'Instructions',
        w.u,
        w.a,
        w.s,
      ]);
      for (const name of [w.u, w.a, w.s]) {
        const ws = wb.getWorksheet(name)!;
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(ws.autoFilter).toBeTruthy();
        expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
        expect(ws.getCell('A1').font?.bold).toBe(true);
      }
      expect(wb.getWorksheet(w.u)!.getCell('C1').value).toBe(
        lang === 'zh' ? '上级单位编号' : 'Parent unit code',
      );
      expect(wb.getWorksheet(w.a)!.getCell('C2').dataValidation).toMatchObject({
        type: 'list',
        formulae: [lang === 'zh' ? '"是,否"' : '"Yes,No"'],
      });
      const r = await readRoster(await toBytes(wb));
      expect(r.roster).toBeNull();
      expect(found(r.issues)).toEqual([{ code: 'roster.empty', sheet: w.u, cell: 'A2', params: {} }]);
    },
  );
});

describe('a broken roster names the sheet and cell of the problem', () => {
  const zh = where('zh');
  const en = where('en');
  it.each([
    {
      problem: 'a duplicate unit code',
      bytes: () => sampleWith('zh', setCell(zh.u, 'A7', 'DC02-01')),
      issue: { code: 'roster.duplicate', sheet: '单位', cell: 'A7', params: { value: 'DC02-01' } },
    },
    {
      problem: 'a parent that does not exist',
      bytes: () => sampleWith('zh', setCell(zh.u, 'C4', 'DC99')),
      issue: { code: 'roster.unknown-unit', sheet: '单位', cell: 'C4', params: { value: 'DC99' } },
    },
    {
      problem: 'an unknown assessor in an assignment',
      bytes: () => sampleWith('en', setCell(en.s, 'B2', 'A01, A99')),
      issue: { code: 'roster.unknown-assessor', sheet: 'Assignments', cell: 'B2', params: { value: 'A99' } },
    },
    {
      problem: 'only one formal assessor',
      bytes: () => sampleWith('zh', setCell(zh.s, 'C3', 'A02')),
      issue: { code: 'roster.formal-count', sheet: '测评分工', cell: 'C3', params: { count: 1 } },
    },
    {
      problem: 'a spot-checked unit that is not a subordinate',
      bytes: () => sampleWith('zh', setCell(zh.s, 'D3', 'DC02-02、DC04-01')),
      issue: {
        code: 'roster.not-subordinate',
        sheet: '测评分工',
        cell: 'D3',
        params: { value: 'DC04-01', unit: 'DC02' },
      },
    },
    {
      problem: 'a panel-lead answer that is not yes or no',
      bytes: () => sampleWith('zh', setCell(zh.a, 'C2', '也许')),
      issue: { code: 'input.not-a-choice', sheet: '测评员', cell: 'C2', params: { value: '也许' } },
    },
    {
      problem: 'a problem below a blank row (blank rows are skipped, rows still counted)',
      bytes: () =>
        sampleWith('zh', (wb) => {
          wb.getWorksheet(zh.s)!.spliceRows(3, 0, []);
          setCell(zh.s, 'C4', 'A02')(wb);
        }),
      issue: { code: 'roster.formal-count', sheet: '测评分工', cell: 'C4', params: { count: 1 } },
    },
    {
      problem: 'a missing sheet (zh)',
      bytes: () => sampleWith('zh', (wb) => wb.removeWorksheet(wb.getWorksheet(zh.a)!.id)),
      issue: {
        code: 'roster.sheet-missing',
        sheet: undefined,
        cell: undefined,
        params: { expected: '测评员' },
      },
    },
    {
      problem: 'a missing sheet (en)',
      bytes: () => sampleWith('en', (wb) => wb.removeWorksheet(wb.getWorksheet(en.s)!.id)),
      issue: {
        code: 'roster.sheet-missing',
        sheet: undefined,
        cell: undefined,
        params: { expected: 'Assignments' },
      },
    },
    {
      problem: 'a file that is not a workbook',
      bytes: async () => new TextEncoder().encode('单位编号,单位名称\nDC01,东城区发展和改革委员会\n'),
      issue: { code: 'file.text', sheet: 'roster.xlsx', cell: undefined, params: {} },
    },
  ])('$problem', async ({ bytes, issue }) => {
    const r = await readRoster(await bytes(), 'roster.xlsx');
    expect(r.roster).toBeNull();
    expect(found(r.issues)).toEqual([issue]);
  });

  it('reads full-width ids and any separator: ，、；, spaces', async () => {
    const r = await readRoster(await sampleWith('zh', setCell(zh.s, 'C2', ' Ａ01，A03；A04 A05、A06　')));
    expect(r.issues).toEqual([]);
    expect(r.roster?.assignments[0]?.formal).toEqual(['A01', 'A03', 'A04', 'A05', 'A06']);
  });
});

describe('cepin template --roster', () => {
  it.each(['zh', 'en'] as const)('writes the empty roster workbook in %s', async (lang) => {
    const file = join(dir, `roster-${lang}.xlsx`);
    const r = await cepin('template', '--roster', '--lang', lang, '--out', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(file);
    const read = await readRoster(readFileSync(file));
    expect(found(read.issues)).toEqual([
      { code: 'roster.empty', sheet: where(lang).u, cell: 'A2', params: {} },
    ]);
  });

  it('exits 2 without --rules or --phase (and no --roster), and for --roster with rule options', async () => {
    const out = join(dir, 'x.xlsx');
    const noRules = await cepin('template', '--phase', 'formal', '--out', out);
    expect(noRules.code).toBe(2);
    expect(noRules.err).toContain('--rules');
    expect((await cepin('template', '--rules', 'municipal-sample', '--out', out)).code).toBe(2);
    const both = await cepin('template', '--roster', '--rules', 'municipal-sample', '--out', out);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--rules');
  });
});
