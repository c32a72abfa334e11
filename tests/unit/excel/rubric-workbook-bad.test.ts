import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issues.ts';
import { formatIssue, MESSAGES } from '../../../shared/domain/messages.ts';
import { resolveRuleSet } from '../../../shared/domain/rule-set.ts';
import {
  readRubricWorkbook,
  resolveRubric,
  writeRubricWorkbook,
} from '../../../shared/excel/rubric-workbook.ts';
import { demoFile, editWorkbook, setCells } from '../../fixtures/rubrics/rubric-files.ts';

/**
 * Bad rubric workbooks, each made by editing an export of the worked example (tests/fixtures/rubrics/
 * demo-rubric.json) as a person would, in both languages. Where things are in the export:
 * 细则/Items rows 2 "1", 3 "1.1", 4 "1.2", 5 "1.3" (direct, key), 6 "2", 7 "2.1" (scale), 8 "2.2",
 * 9 "2.3", 10 "2.4"; columns A code, B parent, C title, D title (English), E points, F method,
 * G points per, M key. 评分细项/Details rows 5–7 the bands of 2.1 (G min, H max, E points).
 * 等级/Grades rows 2 excellent, 3 pass, 4 the fallback; D min total, M requires, O fallback.
 * 基本信息/About B6 extends. The overlay demo-district: Items rows 2 "1.2a", 3 "1.2b" (add), 4 "2.2" (patch).
 */

const SHEETS = {
  zh: { about: '基本信息', items: '细则', details: '评分细项', grades: '等级' },
  en: { about: 'About', items: 'Items', details: 'Details', grades: 'Grades' },
} as const;
type Lang = keyof typeof SHEETS;
type Sheets = (typeof SHEETS)[Lang];

async function readEdited(lang: Lang, edit: (wb: ExcelJS.Workbook, s: Sheets) => void, id = 'demo-rubric') {
  const bytes = await editWorkbook(await writeRubricWorkbook(demoFile(id) as never, lang), (wb) =>
    edit(wb, SHEETS[lang]),
  );
  return readRubricWorkbook(bytes, 'rubric.xlsx');
}

/** Every issue's text exists in both languages, with every parameter filled in. */
function expectWorded(issues: readonly Issue[]) {
  for (const i of issues) {
    expect(MESSAGES, i.code).toHaveProperty([i.code]);
    for (const lang of ['zh', 'en'] as const) expect(formatIssue(i, lang)).not.toMatch(/\{\w+\}/);
  }
}

const where = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.sheet, i.cell, i.item]);
const issuesOf = (read: Awaited<ReturnType<typeof readRubricWorkbook>>) => {
  const issues = read.issues;
  expectWorded(issues);
  return issues;
};

describe.each(['zh', 'en'] as const)(
  'a bad rubric workbook (%s) is refused with every problem at its cell',
  (lang) => {
    const s = SHEETS[lang];

    it('parts that do not add up to their parent: the parent’s points cell', async () => {
      const read = await readEdited(lang, (wb) => setCells(wb, s.items, { E5: 3.5 }));
      // Category 1: 2 + 3 + 3.5 = 8.5, not its 8.
      expect(where(issuesOf(read))).toEqual([['rules.sum-mismatch', s.items, 'E2', '1']]);
      expect(formatIssue(read.issues[0]!, lang)).toContain(lang === 'zh' ? '合计 8.5' : 'add up to 8.5');
    });

    it('a code used twice: the second row, naming the first', async () => {
      const read = await readEdited(lang, (wb) => setCells(wb, s.items, { A9: '2.2' }));
      const issues = issuesOf(read);
      expect(issues).toContainEqual(
        expect.objectContaining({
          code: 'rubric.duplicate-code',
          sheet: s.items,
          cell: 'A9',
          item: '2.2',
          params: expect.objectContaining({ first: `${s.items}!A8` }),
        }),
      );
      // The grade that required 2.3 now names an item that is not there.
      expect(where(issues)).toContainEqual(['rules.requirement-unknown', s.grades, 'M2', '2.3']);
    });

    it('a malformed code', async () => {
      const read = await readEdited(lang, (wb) => setCells(wb, s.items, { A5: '1.3#' }));
      expect(where(issuesOf(read))).toContainEqual(['rubric.bad-code', s.items, 'A5', undefined]);
      expect(read.issues.find((i) => i.code === 'rubric.bad-code')!.params.value).toBe('1.3#');
    });

    it('a parent that names no row, and one that is below', async () => {
      const read = await readEdited(lang, (wb) =>
        setCells(wb, s.items, { B9: '9.9', B3: '2' /* category 2 is on row 6, below 1.1 */ }),
      );
      expect(where(issuesOf(read))).toEqual(
        expect.arrayContaining([
          ['rubric.parent-below', s.items, 'B3', '1.1'],
          ['rubric.parent-unknown', s.items, 'B9', '2.3'],
        ]),
      );
    });

    it('an unknown method, with the one meant', async () => {
      const typo = lang === 'zh' ? '直接打份' : 'drect';
      const read = await readEdited(lang, (wb) => setCells(wb, s.items, { F5: typo }));
      const issues = issuesOf(read);
      expect(where(issues)).toEqual([['rubric.unknown-choice-suggest', s.items, 'F5', '1.3']]);
      expect(issues[0]!.params.suggestion).toBe(lang === 'zh' ? '直接打分' : 'direct');
      expect(formatIssue(issues[0]!, 'zh')).toContain(`您是不是要写“${issues[0]!.params.suggestion}”`);
      expect(formatIssue(issues[0]!, 'en')).toContain(`Did you mean “${issues[0]!.params.suggestion}”`);
    });

    it('an unknown yes/no value', async () => {
      const read = await readEdited(lang, (wb) =>
        setCells(wb, s.items, { M5: lang === 'zh' ? '也许' : 'maybe' }),
      );
      expect(where(issuesOf(read))).toEqual([['rubric.not-a-boolean', s.items, 'M5', '1.3']]);
    });

    it('bands with a hole or an overlap: the band’s min cell on the details sheet', async () => {
      const hole = await readEdited(lang, (wb) => setCells(wb, s.details, { G6: 92 }));
      expect(where(issuesOf(hole))).toEqual([['rubric.band-hole', s.details, 'G6', '2.1']]);
      expect(hole.issues[0]!.params).toMatchObject({ previous: 1, band: 2, from: 90, to: 92 });
      expect(formatIssue(hole.issues[0]!, 'zh')).toContain('请把第 2 档的“下限”改为 90');
      const overlap = await readEdited(lang, (wb) => setCells(wb, s.details, { G6: 85 }));
      expect(where(issuesOf(overlap))).toEqual([['rubric.band-overlap', s.details, 'G6', '2.1']]);
    });

    it('grades out of order, and no fallback', async () => {
      const order = await readEdited(lang, (wb) => setCells(wb, s.grades, { D3: 19 }));
      expect(where(issuesOf(order))).toEqual([['rules.grade-order', s.grades, 'D3', undefined]]);
      const fallback = await readEdited(lang, (wb) => setCells(wb, s.grades, { O4: null }));
      expect(where(issuesOf(fallback))).toEqual([['rubric.fallback-missing', s.grades, 'A5', undefined]]);
    });

    it('a title with English but no Chinese', async () => {
      const read = await readEdited(lang, (wb) => setCells(wb, s.items, { C7: null }));
      expect(where(issuesOf(read))).toEqual([['rubric.zh-missing', s.items, 'C7', '2.1']]);
    });

    it('a formula where the points belong', async () => {
      const read = await readEdited(lang, (wb) =>
        setCells(wb, s.items, { E5: { formula: 'E4', result: 3 } }),
      );
      expect(where(issuesOf(read))).toEqual([['rubric.formula', s.items, 'E5', '1.3']]);
      expect(read.issues[0]!.params.value).toBe('=E4');
    });

    it('merged cells in the data area', async () => {
      const read = await readEdited(lang, (wb) => wb.getWorksheet(s.items)!.mergeCells('C3:D3'));
      expect(where(issuesOf(read))).toEqual([['rubric.merged', s.items, 'C3', undefined]]);
      expect(read.issues[0]!.params.cell).toBe('D3');
    });

    it('a requirement mixing 且 and 或 without parentheses', async () => {
      const expr = lang === 'zh' ? '1.3 且 2.2 或 2.3' : '1.3 and 2.2 or 2.3';
      const read = await readEdited(lang, (wb) => setCells(wb, s.grades, { M2: expr }));
      expect(where(issuesOf(read))).toEqual([['rubric.expr-mixed', s.grades, 'M2', 'excellent']]);
      expect(formatIssue(read.issues[0]!, 'zh')).toContain('含义不明确');
    });

    it('an overlay naming an unknown base: the 基于 cell', async () => {
      const read = await readEdited(
        lang,
        (wb) => setCells(wb, s.about, { B6: 'demo-rubrik' }),
        'demo-district',
      );
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      const r = resolveRubric(read, demoFile);
      expect(r.ok ? [] : where(issuesOf(r))).toEqual([['rules.extends-unknown', s.about, 'B6', undefined]]);
    });

    it('an overlay changing or splitting items the base does not have: their rows', async () => {
      const read = await readEdited(
        lang,
        (wb) => setCells(wb, s.items, { A4: '2.9', B2: '1.9', B3: '1.9' }),
        'demo-district',
      );
      if (!read.ok) throw new Error(JSON.stringify(read.issues));
      const r = resolveRubric(read, demoFile);
      expect(r.ok ? [] : where(issuesOf(r))).toEqual([
        ['rules.overlay-unknown-code', s.items, 'B2', '1.9'],
        ['rules.overlay-unknown-code', s.items, 'A4', '2.9'],
      ]);
    });
  },
);

describe('what a person types that is accepted', () => {
  it('full-width digits, a trailing 分 and 85% read as the numbers meant', async () => {
    const read = await readEdited('zh', (wb) => {
      setCells(wb, '细则', { E5: '３', E4: '3分', E8: '３分' });
      setCells(wb, '等级', { J2: '85%' });
    });
    expect(read.issues).toEqual([]);
    if (!read.ok) return;
    const r = resolveRubric(read, demoFile);
    // The same rubric with minCategoryRatio 0.85 on 优秀: the edits changed nothing else.
    const expected = structuredClone(demoFile('demo-rubric')) as {
      grading: { grades: Record<string, unknown>[] };
    };
    expected.grading.grades[0]!.minCategoryRatio = 0.85;
    const want = resolveRuleSet(expected, demoFile);
    expect(r.ok && want.ok && r.ruleSet.fingerprint === want.ruleSet.fingerprint).toBe(true);
  });

  it('English words in a Chinese workbook, and 是/✓/1 for yes', async () => {
    const read = await readEdited('zh', (wb) => {
      setCells(wb, '细则', { F5: 'Direct', M5: '✓', N8: 1 });
      setCells(wb, '等级', { M2: '1.3 and (2.2 | 2.3)' });
    });
    expect(read.issues).toEqual([]);
    if (!read.ok) return;
    const r = resolveRubric(read, demoFile);
    expect(r.ok && r.ruleSet.fingerprint).toBe(
      (resolveRuleSet(demoFile('demo-rubric'), demoFile) as { ruleSet: { fingerprint: string } }).ruleSet
        .fingerprint,
    );
  });

  it('a blank version reads as version 1, saying it was not given', async () => {
    const read = await readEdited('zh', (wb) => setCells(wb, '基本信息', { B2: null }));
    expect(read.ok && [read.file.version, read.versionGiven]).toEqual([1, false]);
  });
});
