import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RoundReport } from '../../../shared/domain/round-report.ts';
import { readRoundWorkbook, writeDistrictComparison } from '../../../shared/excel/district-compare.ts';
import { toBytes } from '../../../shared/excel/fill-workbook.ts';
import { writeRoundWorkbook } from '../../../shared/excel/round-workbook.ts';
import {
  ABOUT_ROWS,
  ROUND_SHEETS,
  ROUND_WORKBOOK_MARK,
} from '../../../shared/excel/round-workbook-format.ts';
import { makeReport, NAMES } from '../../support/round-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'cepin-round-wb-'));
const HYPERLINK = '=HYPERLINK("http://x")';
const PHONE = '+86 10 1234';

const readBack = async (file: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
};

describe('the consolidated round workbook', () => {
  const report = makeReport(5);
  const file = join(dir, 'round-zh.xlsx');

  it('has every sheet, frozen headers, A4 landscape print setup and the About marker', async () => {
    await writeRoundWorkbook(report, file);
    const wb = await readBack(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(ROUND_SHEETS).map((s) => s.zh));
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen' });
      expect((ws.views[0] as { ySplit?: number }).ySplit, ws.name).toBeGreaterThanOrEqual(1);
      expect(ws.pageSetup, ws.name).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToWidth: 1,
        fitToHeight: 0,
      });
      expect(ws.pageSetup.printTitlesRow, ws.name).toMatch(/^\d+:\d+$/);
      expect(ws.headerFooter.oddFooter, ws.name).toContain('&P');
    }
    const about = wb.getWorksheet('说明')!;
    expect(about.getCell(`B${ABOUT_ROWS.format}`).value).toBe(ROUND_WORKBOOK_MARK);
    expect(about.getCell(`B${ABOUT_ROWS.formatVersion}`).value).toBe(2);
    expect(about.getCell(`B${ABOUT_ROWS.fingerprint}`).value).toBe(report.ruleSet.fingerprint);
    expect(wb.getWorksheet('汇总')!.autoFilter).toBe('A1:M6');
  });

  it('keeps formula-like user text as text', async () => {
    const wb = await readBack(file);
    const cells: ExcelJS.Cell[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
    const risky = [HYPERLINK, PHONE, NAMES[3]!, '-现场复核归档率为 92%', '@赵敏'];
    for (const text of risky) {
      const found = cells.filter((c) => c.value === text);
      expect(found.length, text).toBeGreaterThan(0);
      for (const c of found) {
        expect(c.type, text).toBe(ExcelJS.ValueType.String);
        expect(c.formula, text).toBeUndefined();
        expect(c.numFmt, text).toBe('@');
      }
    }
    expect(
      cells.some((c) => c.type === ExcelJS.ValueType.Formula && /HYPERLINK/.test(String(c.formula))),
    ).toBe(false);
  });

  it('lists every unit on the summary exactly as the model has it, with an average row', async () => {
    const wb = await readBack(file);
    const ws = wb.getWorksheet('汇总')!;
    const k = report.categories.length;
    const ordered = [...report.units].sort((a, b) => a.rank! - b.rank! || a.code.localeCompare(b.code));
    ordered.forEach((u, n) => {
      const row = ws.getRow(n + 2);
      expect(row.getCell(1).value).toBe(u.rank);
      expect(row.getCell(2).value).toBe(u.code);
      expect(row.getCell(3).value).toBe(u.name);
      report.categories.forEach((c, i) =>
        expect(row.getCell(4 + i).value).toBe(u.formal!.categories.find((x) => x.code === c.code)!.score),
      );
      expect(row.getCell(k + 4).value).toBe(u.formal!.total);
      expect(row.getCell(k + 5).value).toBe(u.formal!.gradeLabel);
      expect(row.getCell(k + 7).value).toBe(u.plaque ? '是' : '否');
      expect(row.getCell(k + 8).value).toBe(u.precheck!.total);
      expect(row.getCell(k + 9).value).toBe(u.self!.total);
    });
    const avg = ws.getRow(report.units.length + 2).getCell(k + 4).value as ExcelJS.CellFormulaValue;
    expect(avg.formula).toBe(`IFERROR(SUBTOTAL(101,H2:H6),"")`);
    expect(avg.result).toBeCloseTo(report.units.reduce((s, u) => s + u.formal!.total, 0) / 5, 2);
    const cf = (name: string) =>
      (wb.getWorksheet(name) as unknown as { conditionalFormattings: { rules: { type: string }[] }[] })
        .conditionalFormattings;
    expect(cf('汇总').map((c) => c.rules[0]!.type)).toEqual(['colorScale']);
    expect(cf('评分明细').map((c) => c.rules[0]!.type)).toEqual(['expression']);
    const recon = wb.getWorksheet('合议记录')!.getRow(2);
    expect([
      recon.getCell(3).value,
      recon.getCell(7).value,
      recon.getCell(8).value,
      recon.getCell(9).value,
      recon.getCell(11).value,
    ]).toEqual(['2.1.1', 4.67, 5, '已合议,按合议得分', '王伟(组长)']);
    expect(wb.getWorksheet('缺交')!.getRow(2).getCell(1).value).toBe('DC0004');
  });

  it('reads as a district officer would: two-decimal totals, grade reasons beside grades, reconciliation status', async () => {
    const reasons = ['关键项 1.2.2 未得满分(1.5/2),不能评优秀', '总分 91.6 达到合格线 80'];
    const first = report.units.find((u) => u.rank === 1)!;
    const r = {
      ...report,
      units: report.units.map((u) =>
        u === first
          ? {
              ...u,
              formal: { ...u.formal!, total: 91.6, gradeLabel: '合格', gradeReasons: reasons },
              flagged: [
                { ...report.units[0]!.flagged[0]!, agreed: undefined, status: 'computed-stands' as const },
                {
                  ...report.units[0]!.flagged[0]!,
                  code: '2.1.2',
                  agreed: undefined,
                  status: 'not-reconciled' as const,
                },
              ],
            }
          : { ...u, flagged: [] },
      ),
    };
    const out = join(dir, 'officer.xlsx');
    await writeRoundWorkbook(r, out);
    const wb = await readBack(out);
    const sum = wb.getWorksheet('汇总')!;
    const k = report.categories.length;
    expect(sum.getRow(1).getCell(k + 6).value).toBe('评定依据');
    const row = sum.getRow(2);
    expect(row.getCell(k + 4).value).toBe(91.6);
    expect(row.getCell(k + 4).numFmt).toBe('0.00'); // shows 91.60 beside 91.63
    for (let c = 4; c < 4 + k; c++) expect(row.getCell(c).numFmt).toBe('0.00');
    expect(row.getCell(k + 6).value).toBe(reasons.join(';'));
    const recon = wb.getWorksheet('合议记录')!;
    const statuses = [2, 3].map((n) => [recon.getRow(n).getCell(3).value, recon.getRow(n).getCell(9).value]);
    expect(statuses).toEqual([
      ['2.1.1', '已合议,无需合议得分(按计算得分)'],
      ['2.1.2', '尚未合议(合议表未交回)'],
    ]);
    const matrix = wb.getWorksheet('评分明细')!;
    expect(matrix.pageSetup).toMatchObject({ fitToPage: false, printTitlesColumn: 'A:B' });
    expect(matrix.getRow(3).getCell(3).numFmt).toBe('0.00');
    const consistency = wb.getWorksheet('测评员一致性')!;
    expect([2, 3, 4].map((n) => consistency.getRow(n).getCell(1).value)).toEqual([
      "Krippendorff's α",
      'ICC(2,1)',
      'ICC(3,1)',
    ]);
    expect(consistency.getRow(3).getCell(2).value).toBe(0.62);
    expect(consistency.getRow(6).getCell(1).value).toBe('测评员编号');
  });

  it('reads back through readRoundWorkbook', async () => {
    const { summary, issues } = await readRoundWorkbook(readFileSync(file), 'round-zh.xlsx');
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({
      district: 'DC',
      round: '2026',
      ruleSet: report.ruleSet.id,
      ruleVersion: 1,
      fingerprint: report.ruleSet.fingerprint,
    });
    expect(summary!.units).toHaveLength(5);
    for (const u of report.units) {
      expect(summary!.units.find((x) => x.code === u.code)).toEqual({
        code: u.code,
        name: u.name,
        total: u.formal!.total,
        grade: u.formal!.gradeLabel,
        plaque: u.plaque,
        categories: Object.fromEntries(u.formal!.categories.map((c) => [c.code, c.score])),
      });
    }
  });

  it('still reads format-version 1 workbooks (no grade-reasons column) for the district comparison', async () => {
    const wb = await readBack(file);
    wb.getWorksheet('汇总')!.spliceColumns(report.categories.length + 6, 1);
    wb.getWorksheet('说明')!.getCell(`B${ABOUT_ROWS.formatVersion}`).value = 1;
    const v1 = new Uint8Array(await wb.xlsx.writeBuffer());
    const { summary, issues } = await readRoundWorkbook(v1, 'v1.xlsx');
    expect(issues).toEqual([]);
    const u = report.units[0]!;
    expect(summary!.units.find((x) => x.code === u.code)).toMatchObject({
      total: u.formal!.total,
      grade: u.formal!.gradeLabel,
      plaque: u.plaque,
    });
  });

  it('writes an English workbook under English sheet names that reads back too', async () => {
    const en = join(dir, 'round-en.xlsx');
    await writeRoundWorkbook(makeReport(3, { lang: 'en' }), en);
    const wb = await readBack(en);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(ROUND_SHEETS).map((s) => s.en));
    const { summary } = await readRoundWorkbook(readFileSync(en), 'round-en.xlsx');
    expect(summary?.units.map((u) => u.plaque)).toHaveLength(3);
  });

  it('streams into a writable stream, as into an S3 upload', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await writeRoundWorkbook(makeReport(2), sink);
    const { summary, issues } = await readRoundWorkbook(new Uint8Array(Buffer.concat(chunks)), 'stream.xlsx');
    expect(issues).toEqual([]);
    expect(summary?.units.map((u) => u.code)).toEqual(expect.arrayContaining(['DC0001', 'DC0002']));
  });

  it('writes a round without units', async () => {
    const empty: RoundReport = {
      ...makeReport(1),
      units: [],
      assessors: [],
      missing: [],
      sources: [],
      distribution: {
        count: 0,
        mean: null,
        median: null,
        min: null,
        max: null,
        passRate: null,
        excellentRate: null,
        bins: [],
      },
    };
    const out = join(dir, 'empty.xlsx');
    await writeRoundWorkbook(empty, out);
    const { summary, issues } = await readRoundWorkbook(readFileSync(out), 'empty.xlsx');
    expect(issues).toEqual([]);
    expect(summary?.units).toEqual([]);
  });

  it('compares districts on totals and grades when their rule sets differ, and says so', async () => {
    const west = join(dir, 'round-xc.xlsx');
    await writeRoundWorkbook(makeReport(4, { district: 'XC', fingerprint: 'f'.repeat(64), seed: 11 }), west);
    const a = (await readRoundWorkbook(readFileSync(file), 'dc.xlsx')).summary!;
    const b = (await readRoundWorkbook(readFileSync(west), 'xc.xlsx')).summary!;
    const out = join(dir, 'compare.xlsx');
    const { notes } = await writeDistrictComparison([a, b], 'zh', out);
    expect(notes.join('\n')).toMatch(/测评细则不同.*只比较总分和等级/);
    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['区县对比', '全市排名', '说明']);
    const noteTexts: string[] = [];
    wb.getWorksheet('说明')!.eachRow((r) => noteTexts.push(String(r.getCell(1).value)));
    expect(noteTexts.join('\n')).toContain('只比较总分和等级');
    const districts = wb.getWorksheet('区县对比')!;
    expect(districts.getRow(2).getCell(4).value).toBe(5);
    expect(districts.getRow(1).getCell(districts.columnCount).text).toMatch(/\*$/);
    expect(wb.getWorksheet('全市排名')!.actualRowCount).toBe(1 + 5 + 4);
    const same = await writeDistrictComparison([a, a], 'en', join(dir, 'compare-same.xlsx'));
    expect(same.notes.join('\n')).toContain('same rule set');
  });

  it('gives issues, not exceptions, for files that are not consolidated workbooks', async () => {
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    const plain = await readRoundWorkbook(await toBytes(other), 'other.xlsx');
    expect(plain.summary).toBeNull();
    expect(plain.issues.map((i) => i.code)).toEqual(['sheet.not-template']);
    const text = await readRoundWorkbook(new TextEncoder().encode('unit,total\nDC01,90\n'), 'x.csv');
    expect(text.summary).toBeNull();
    expect(text.issues[0]!.severity).toBe('error');
    const broken = readFileSync(file).subarray(0, 3000);
    const cut = await readRoundWorkbook(broken, 'cut.xlsx');
    expect(cut.summary).toBeNull();
    expect(cut.issues.length).toBeGreaterThan(0);
  });

  it('streams a 1,000-unit round', async () => {
    const big = makeReport(1000, { seed: 3 });
    const out = join(dir, 'round-1000.xlsx');
    const started = Date.now();
    await writeRoundWorkbook(big, out);
    const ms = Date.now() - started;
    console.log(`1,000-unit round workbook: ${ms} ms, ${(statSync(out).size / 1024).toFixed(0)} KiB`);
    const wb = await readBack(out);
    const ws = wb.getWorksheet('汇总')!;
    let units = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value) units++;
    });
    expect(units).toBe(1000);
    const { summary } = await readRoundWorkbook(readFileSync(out), 'round-1000.xlsx');
    expect(summary?.units).toHaveLength(1000);
  });
});
