import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrationDocx } from '../../../shared/documents/calibration-docx.ts';
import { calibrationReport } from '../../../shared/domain/calibration.ts';
import type { CalibrationDocInput } from '../../../shared/use-cases/api/calibration.ts';
import { AFTER_SHEETS, CASES, calibrationInput, NAMES, REPORT, RS } from '../../support/calibration-input.ts';

async function parts(bytes: Uint8Array): Promise<{ xml: string; text: string; footnotes: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const footnotes = (await zip.file('word/footnotes.xml')?.async('string')) ?? '';
  const plain = (s: string) => s.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, '');
  return { xml, text: plain(xml), footnotes: plain(footnotes) };
}

/** The texts of the cells of the document's tables, row by row (cells' lines joined by newlines). */
function tables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>|<w:tr [^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? r[2])!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        [...c[1]!.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)]
          .map((p) => (p[1] ?? p[2])!.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''))
          .join('\n'),
      ),
    ),
  );
}

/**
 * About the longest the document gets: eight items and assessors (it lists five of each), every item
 * with a long title, a long key reason and five long reasons, three cases with long titles, and notes.
 */
function longest(): CalibrationDocInput {
  const input = calibrationInput('zh');
  const long = (n: number) => `第 ${n} 条理由:${'库房温湿度记录不全,部分月份缺失,未见整改措施'.repeat(2)}`;
  const items = [...REPORT.items, ...REPORT.items].map((i, n) => ({
    ...i,
    code: `${i.code}.${n}`,
    reasons: [1, 2, 3, 4, 5].map((k) => ({ assessor: `a${k}`, case: 'CASE1', text: long(k) })),
    keyReasons: [{ case: 'CASE1', text: long(0) }],
  }));
  const assessors = [...REPORT.assessors, ...REPORT.assessors].map((a, n) => ({
    ...a,
    assessor: `assessor-${n}`,
  }));
  const cases = [...REPORT.cases, { ...REPORT.cases[1]!, code: 'CASE3' }].map((c) => ({
    ...c,
    title: `${c.title}(含文书、会计、科技档案及照片、录音录像等各门类档案)`,
  }));
  const notes = [
    ...REPORT.notes,
    { code: 'calibration.duplicate-sheet' as const, params: { case: 'CASE1', assessor: 'a2' } },
  ];
  const titles = Object.fromEntries(items.map((i) => [i.code, '档案库房“八防”措施落实情况及温湿度监控记录']));
  return { ...input, titles, report: { ...REPORT, items, assessors, cases, notes } };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const hasPdfinfo = spawnSync('pdfinfo', ['-v'], { stdio: 'ignore' }).status === 0;

describe('the calibration document for the training session', () => {
  it('titles the district, the round and 校准报告, and says what was done and how well the assessors agree', async () => {
    const { text } = await parts(await calibrationDocx(calibrationInput('zh')));
    expect(text).toContain('东城区 · 2025-cal2');
    expect(text).toContain('校准报告');
    expect(text).toContain('校准演示细则 (cal-demo v3, ');
    expect(text).toContain('2025年3月15日');
    expect(text).toContain(
      '本次校准共 2 个参考案例,6 名测评员各自独立、背对背为每个案例评分,再与参照比较。参照:CASE1 某局 2025 年档案工作(标准答案);CASE2 某中心 2025 年档案工作(全体中位数)。',
    );
    // alpha 0.0618 is below 0.667: poor agreement.
    expect(text).toContain('Krippendorff’s alpha 为 0.0618,ICC(2,1) 为 0.2009:一致性不足');
  });

  it('lists the items read most differently, widest spread first, with reasons quoted unattributed', async () => {
    const { xml } = await parts(await calibrationDocx(calibrationInput('en')));
    const [items] = tables(xml);
    // By hand (tests/support/calibration-input.ts): B1 38.64%, A1 15.71%, A2 14.43%, B2 12.67% of the points.
    expect(items!.slice(1).map((r) => r[0])).toEqual(['B1', 'A1', 'A2', 'B2']);
    expect(items![0]).toEqual([
      'Item',
      'Requirement',
      'Spread\n(points)',
      'Matched the key',
      'Reasons quoted',
    ]);
    expect(items![1]).toEqual([
      'B1',
      'Rules on the wall',
      '0.77\n38.63%',
      '81.82%',
      'Key: 制度齐全并上墙\n“=未见制度上墙”\n“无库房,不适用”',
    ]);
  });

  it('quotes at most two reasons an item, each cut to about two lines', async () => {
    const { xml } = await parts(await calibrationDocx(longest()));
    const reasons = tables(xml)[0]![1]![4]!.split('\n');
    // Cut where the width (a Chinese character counts two) would pass 59, then an ellipsis: 58 + …
    expect(reasons).toEqual([
      '参照:第 0 条理由:库房温湿度记录不全,部分月份缺失,未见整改措施库…',
      '“第 1 条理由:库房温湿度记录不全,部分月份缺失,未见整改措施库…”',
      '“第 2 条理由:库房温湿度记录不全,部分月份缺失,未见整改措施库…”',
    ]);
  });

  it('lists the assessors furthest from the key by id only, with a footnote on who sees what', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { xml, text, footnotes } = await parts(await calibrationDocx(calibrationInput(lang)));
      const assessors = tables(xml)[1]!;
      // By MAD as a share of the points: a4 33.33%, a6 12.5%, a2 and a5 8.33%, a3 4.76% (a1, 0, is sixth).
      expect(assessors.slice(1).map((r) => r[0])).toEqual(['a4', 'a6', 'a2', 'a5', 'a3']);
      expect(assessors[1]).toEqual(['a4', '−0.88', '−33.33%', '0.88', '33.33%', '2']);
      for (const name of Object.values(NAMES)) expect(text, name).not.toContain(name);
      expect(xml).toContain('w:footnoteReference');
      expect(footnotes).toContain(
        lang === 'zh' ? '每位测评员只能看到本人的偏差' : 'each assessor sees their own deviations',
      );
    }
  });

  it('says whether the spread shrank since the round before, and leaves that out without one', async () => {
    // Mean spread before (1.67 + 0.98 + 0.58 + 0.77) / 4 = 1, after (0.94 + 0.76 + 0.58 + 0.77) / 4 = 0.7625.
    const { text } = await parts(await calibrationDocx(calibrationInput('en')));
    expect(text).toContain(
      'Against calibration round 2025-cal1: of 4 items, 2 spread narrower, 0 wider and 2 about the same; the mean spread went from 1 to 0.76 points: the spread shrank.',
    );
    expect(text).toContain('Of 6 assessors, 5 came closer to the key, 1 moved further from it');
    const alone = await parts(await calibrationDocx(calibrationInput('en', false)));
    expect(alone.text).not.toContain('Before and after training');
  });

  it('says so when only one assessor scored', async () => {
    const report = calibrationReport(
      RS,
      CASES,
      AFTER_SHEETS.filter((s) => s.assessor === 'a1' || s.assessor === 'KEY'),
    );
    const { text } = await parts(await calibrationDocx({ ...calibrationInput('zh', false), report }));
    expect(text).toContain('只有一名测评员(a1)评分');
    expect(text).toContain('测评员之间的一致性无法计算。');
    expect(text).toContain('各评分项的给分没有差异。');
  });

  it('fits on at most three A4 pages in LibreOffice, even with long texts', async (ctx) => {
    if (!hasSoffice || !hasPdfinfo) {
      if (process.env.CI) throw new Error('soffice or pdfinfo is not on the PATH');
      console.warn(
        'calibration-docx: page count skipped, soffice or pdfinfo (poppler-utils) is not on the PATH',
      );
      return ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cepin-calibration-docx-'));
    dirs.push(dir);
    const files = ['zh', 'en', 'long'].map((name) => join(dir, `calibration-${name}.docx`));
    writeFileSync(files[0]!, await calibrationDocx(calibrationInput('zh')));
    writeFileSync(files[1]!, await calibrationDocx(calibrationInput('en')));
    writeFileSync(files[2]!, await calibrationDocx(longest()));
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const out = spawnSync(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files],
      { encoding: 'utf8', timeout: 120_000 },
    );
    for (const file of files) {
      const pdf = file.replace(/\.docx$/, '.pdf');
      // LibreOffice without Writer (only libreoffice-calc-nogui) cannot load a .docx at all.
      if (!existsSync(pdf) && /could not be loaded/.test(out.stderr) && !process.env.CI) return ctx.skip();
      expect(existsSync(pdf), `soffice: ${out.stderr}`).toBe(true);
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/Page size:.*\(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages, file).toBeGreaterThanOrEqual(1);
      expect(pages, file).toBeLessThanOrEqual(3);
    }
  }, 150_000);
});
