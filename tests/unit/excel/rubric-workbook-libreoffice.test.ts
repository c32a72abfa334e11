import { describe, expect, it } from 'vitest';
import { resolveRuleSet } from '../../../shared/domain/rule-set.ts';
import {
  readRubricWorkbook,
  resolveRubric,
  writeRubricWorkbook,
} from '../../../shared/excel/rubric-workbook.ts';
import { demoFile, editWorkbook, setCells, shippedFile } from '../../fixtures/rubrics/rubric-files.ts';
import { hasSoffice, libreOfficeConvert } from '../../support/libreoffice.ts';

// CI installs LibreOffice (.ci/run), so there the test must run; elsewhere it is skipped when absent.
const run = hasSoffice || process.env.CI ? describe : describe.skip;
if (!hasSoffice && !process.env.CI)
  console.warn(
    'rubric-workbook-libreoffice: skipped, `soffice` is not on the PATH (Debian: libreoffice-calc-nogui)',
  );

const fingerprint = (raw: unknown, load: (id: string) => unknown) => {
  const r = resolveRuleSet(raw, load);
  return r.ok ? r.ruleSet.fingerprint : 'invalid';
};

run('a rubric workbook opened and saved again by LibreOffice', () => {
  it.each([
    ['the municipal rubric in Chinese', 'municipal-sample', 'zh', shippedFile],
    ['an overlay in English', 'demo-district', 'en', demoFile],
  ] as const)(
    '%s reads back to the same fingerprint',
    async (_name, id, lang, load) => {
      const saved = libreOfficeConvert(
        await writeRubricWorkbook(load(id) as never, lang),
        'rubric.xlsx',
        'xlsx',
      );
      const read = await readRubricWorkbook(saved, 'rubric.xlsx');
      expect(read.issues).toEqual([]);
      if (!read.ok) return;
      const r = resolveRubric(read, load);
      expect(r.ok && r.ruleSet.fingerprint).toBe(fingerprint(load(id), load));
    },
    60_000,
  );

  it('still names the cell of a problem typed before saving', async () => {
    const edited = await editWorkbook(
      await writeRubricWorkbook(demoFile('demo-rubric') as never, 'zh'),
      (wb) => setCells(wb, '细则', { E5: '三分' }),
    );
    const read = await readRubricWorkbook(libreOfficeConvert(edited, 'rubric.xlsx', 'xlsx'), 'rubric.xlsx');
    expect(read.issues.map((i) => [i.code, i.sheet, i.cell, i.item])).toEqual([
      ['rubric.not-a-number', '细则', 'E5', '1.3'],
    ]);
  }, 60_000);
});
