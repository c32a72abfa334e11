import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openWorkbookParts } from '../../shared/excel/open-workbook.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { INGEST_LIMITS } from '../../shared/use-cases/ingest-upload.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { handZip } from '../support/hand-zip.ts';
import { fixedNow, municipal, shippedRules } from '../support/rules.ts';

/**
 * docs/security.md, "Uploaded files": ingest unpacks at most 20 MB of one upload. A template whose
 * score sheet is padded with millions of plain cells compresses ~10:1 — no zip-bomb ratio, under the
 * 10 MB upload limit — yet 94 MB of cells cost the reader 6.7 s and 740 MB: it is refused unread.
 */
async function paddedTemplate(sheetXmlBytes: number): Promise<Uint8Array> {
  const s = await makeSample(municipal(), {
    phase: 'formal',
    unit: 'U01',
    assessor: 'A01',
    lang: 'zh',
    now: fixedNow,
    seed: 1,
  });
  const parts = [...openWorkbookParts(s.bytes, 'x').parts!].map(([name, data]) => ({ name, data }));
  const row = (r: number) =>
    `<row r="${r}">${'ABCDEFGHIJ'
      .split('')
      .map((c) => `<c r="${c}${r}"><v>1</v></c>`)
      .join('')}</row>`;
  const rows: string[] = [];
  for (let r = 1, size = 0; size < sheetXmlBytes; r++) {
    rows.push(row(r));
    size += rows.at(-1)!.length;
  }
  const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const i = parts.findIndex((p) => p.name === 'xl/worksheets/sheet2.xml');
  parts[i] = { name: parts[i]!.name, data: new TextEncoder().encode(xml) };
  return handZip(parts);
}

describe('what ingest unpacks of one upload', () => {
  it('refuses, unread, a template padded to 21 MB of cells', async () => {
    const bytes = await paddedTemplate(21 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(INGEST_LIMITS.maxBytes);
    const r = await checkSheet(bytes, {
      rules: shippedRules,
      fileName: 'padded.xlsx',
      limits: INGEST_LIMITS,
    });
    expect(r.issues.map((i) => i.code)).toEqual(['file.zip-bomb']);
  });

  it('still reads the largest honest sheet we know: 50,000 rows typed below the total (8.7 MB unpacked)', async () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/bad/rows-50000-after-total.xlsx'));
    const r = await checkSheet(bytes, { rules: shippedRules, fileName: 'rows.xlsx', limits: INGEST_LIMITS });
    expect(r.issues.map((i) => i.code)).not.toContain('file.zip-bomb');
    expect(r.meta).not.toBeNull();
  });
});
