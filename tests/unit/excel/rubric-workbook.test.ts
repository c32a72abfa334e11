import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../shared/domain/messages.ts';
import { resolveRuleSet } from '../../../shared/domain/rule-set.ts';
import { openWorkbookParts } from '../../../shared/excel/open-workbook.ts';
import {
  blankRubricWorkbook,
  isRubricWorkbookParts,
  readRubricWorkbook,
  resolveRubric,
  writeRubricWorkbook,
} from '../../../shared/excel/rubric-workbook.ts';
import { makeTemplate } from '../../../shared/use-cases/make-template.ts';
import { demoFile, shippedFile, SHIPPED_IDS } from '../../fixtures/rubrics/rubric-files.ts';
import { fixedNow, municipal } from '../../support/rules.ts';

const fingerprintOf = (raw: unknown, load: (id: string) => unknown) => {
  const r = resolveRuleSet(raw, load);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.ruleSet.fingerprint;
};

async function roundTrip(raw: unknown, lang: 'zh' | 'en', load: (id: string) => unknown) {
  const bytes = await writeRubricWorkbook(raw as never, lang);
  const read = await readRubricWorkbook(bytes, 'rubric.xlsx');
  if (!read.ok) throw new Error(read.issues.map((i) => formatIssue(i, 'en')).join('\n'));
  const r = resolveRubric(read, load);
  if (!r.ok) throw new Error(r.issues.map((i) => formatIssue(i, 'en')).join('\n'));
  return { read, rs: r.ruleSet };
}

describe('a rule file exported to a rubric workbook reads back to the same rule set', () => {
  it.each(SHIPPED_IDS.flatMap((id) => [[id, 'zh'] as const, [id, 'en'] as const]))(
    '%s (%s headers) keeps its resolved fingerprint',
    async (id, lang) => {
      const raw = shippedFile(id);
      const { read, rs } = await roundTrip(raw, lang, shippedFile);
      expect(rs.fingerprint).toBe(fingerprintOf(raw, shippedFile));
      expect(rs.id).toBe(id);
      expect(read.issues).toEqual([]);
    },
  );

  it('gives back the rule file exactly as written, an overlay staying an overlay', async () => {
    for (const [id, load] of [
      ['dongcheng-sample', shippedFile],
      ['national-checklist-sample', shippedFile],
      ['demo-rubric', demoFile],
      ['demo-district', demoFile],
    ] as const) {
      const raw = load(id);
      const { read } = await roundTrip(raw, 'zh', load);
      // demo-district's deduction title is a plain string in the file: it stays one.
      expect(read.file).toEqual(raw);
      expect(read.versionGiven).toBe(true);
    }
  });

  it('round-trips the worked example of docs/rubric-workbook.md in both languages', async () => {
    for (const lang of ['zh', 'en'] as const)
      for (const id of ['demo-rubric', 'demo-district']) {
        const { rs } = await roundTrip(demoFile(id), lang, demoFile);
        expect(rs.fingerprint).toBe(fingerprintOf(demoFile(id), demoFile));
      }
  });
});

describe('the exported workbook', () => {
  it('has the sheets of the format, headers in row 1, frozen, lists, A4 landscape and the hidden marker', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeRubricWorkbook(demoFile('demo-rubric') as never, 'zh')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      '基本信息',
      '细则',
      '评分细项',
      '等级',
      '否决事实',
      '_cepin_rubric',
    ]);
    const marker = wb.getWorksheet('_cepin_rubric')!;
    expect(marker.state).toBe('veryHidden');
    expect([marker.getCell('A1').value, marker.getCell('B1').value]).toEqual(['format', 1]);
    const items = wb.getWorksheet('细则')!;
    expect(['A1', 'B1', 'C1', 'E1', 'F1'].map((a) => items.getCell(a).value)).toEqual([
      '编号',
      '上级编号',
      '名称',
      '分值',
      '评分方法',
    ]);
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 3,
    });
    expect(wb.getWorksheet('等级')!.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
    });
    expect(items.getCell('F5').dataValidation).toMatchObject({ type: 'list' });
    expect(items.getCell('F5').value).toBe('直接打分');
    expect(items.getCell('M5').value).toBe('是');
    expect(items.getCell('C3').alignment?.wrapText).toBe(true);
    expect(items.getColumn(3).width).toBeGreaterThan(20);
    expect(wb.getWorksheet('等级')!.getCell('M2').value).toBe('1.3 且 (2.2 或 2.3)');
    expect(wb.getWorksheet('评分细项')!.getCell('E6').value).toBe('3~4');
  });

  it('in English has English sheet names, headers and words', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeRubricWorkbook(demoFile('demo-rubric') as never, 'en')) as never);
    expect(wb.worksheets.map((w) => w.name).slice(0, 6)).toEqual([
      'Instructions',
      'About',
      'Items',
      'Details',
      'Grades',
      'Fail facts',
    ]);
    const items = wb.getWorksheet('Items')!;
    expect([items.getCell('A1').value, items.getCell('F5').value, items.getCell('M5').value]).toEqual([
      'Code',
      'direct',
      'yes',
    ]);
    expect(wb.getWorksheet('Grades')!.getCell('M2').value).toBe('1.3 and (2.2 or 2.3)');
  });
});

describe('the blank rubric workbook', () => {
  it.each(['zh', 'en'] as const)(
    '(%s) has instructions and headers, and reads as empty, not broken',
    async (lang) => {
      const bytes = await blankRubricWorkbook(lang);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      expect(wb.worksheets[0]!.getCell('A1').value).toBe(
        lang === 'zh' ? '细则工作簿填写说明' : 'How to fill in the rubric workbook',
      );
      const read = await readRubricWorkbook(bytes, 'blank.xlsx');
      expect(read.ok).toBe(false);
      // Nothing filled in: the id, the title, the items and the grades are asked for, nothing else.
      expect(read.issues.map((i) => [i.code, i.cell])).toEqual([
        ['rubric.required', 'B1'],
        ['rubric.required', 'B3'],
        ['rubric.items-empty', 'A2'],
        ['rubric.grades-missing', 'A2'],
      ]);
    },
  );
});

describe('telling rubric workbooks and score sheets apart', () => {
  const parts = (bytes: Uint8Array) => openWorkbookParts(bytes, 'x.xlsx').parts!;

  it('knows an exported or blank rubric workbook from its parts, and a score template is not one', async () => {
    expect(
      isRubricWorkbookParts(parts(await writeRubricWorkbook(shippedFile('municipal-sample') as never, 'en'))),
    ).toBe(true);
    expect(isRubricWorkbookParts(parts(await blankRubricWorkbook('zh')))).toBe(true);
    const template = await makeTemplate(municipal(), { phase: 'formal', lang: 'zh', now: fixedNow });
    expect(isRubricWorkbookParts(parts(template.bytes))).toBe(false);
  });

  it('knows a rubric workbook built by hand (no marker sheet) by its 基本信息 and 细则 sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('基本信息');
    wb.addWorksheet('细则');
    expect(isRubricWorkbookParts(parts(new Uint8Array(await wb.xlsx.writeBuffer())))).toBe(true);
    const other = new ExcelJS.Workbook();
    other.addWorksheet('细则');
    expect(isRubricWorkbookParts(parts(new Uint8Array(await other.xlsx.writeBuffer())))).toBe(false);
  });

  it('says a score sheet given as a rubric is a score sheet, in one issue', async () => {
    const template = await makeTemplate(municipal(), { phase: 'formal', lang: 'zh', now: fixedNow });
    const read = await readRubricWorkbook(template.bytes, 'score.xlsx');
    expect(read).toEqual({
      ok: false,
      issues: [{ code: 'rubric.is-score-sheet', severity: 'error', sheet: 'score.xlsx', params: {} }],
    });
    expect(formatIssue(read.issues[0]!, 'zh')).toContain('这是 cepin 评分表');
    expect(formatIssue(read.issues[0]!, 'en')).toContain('is a cepin score sheet');
  });

  it('refuses a workbook with neither rubric sheet in one issue naming the sheets it has', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const read = await readRubricWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), 'book.xlsx');
    expect(read.ok ? [] : read.issues.map((i) => [i.code, i.params.found])).toEqual([
      ['rubric.not-rubric', 'Sheet1'],
    ]);
  });

  it('never throws on files that are not workbooks', async () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(), 'file.empty'],
      [new TextEncoder().encode('编号,名称\n1,组织保障\n'), 'file.text'],
      [new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]), 'file.corrupt'],
    ];
    for (const [bytes, code] of cases) {
      const read = await readRubricWorkbook(bytes, 'x.xlsx');
      expect(read.ok ? [] : read.issues.map((i) => i.code)).toEqual([code]);
    }
  });
});
