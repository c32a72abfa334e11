import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedbackModel } from '../../../shared/domain/round-report.ts';
import { feedbackDocx, feedbackFileName } from '../../../shared/documents/feedback-docx.ts';

const strength = (code: string, title: string, max: number, score = max) => ({ code, title, score, max });
// code | requirement | max | score | problems (" // " between) | suggestions
const LOSSES = `
1.3.2|档案人员参加业务培训|2|1|档案人员近两年未参加区级以上业务培训。|每年安排档案人员参加业务培训并留存证明。
1.4.3|温湿度监控设备及记录|2|1|库房配有温湿度计，但2024年3月至6月无记录。|坚持每日记录温湿度，超标时采取措施。
2.1.1a|近三年归档率（原东城）|2|0|2022年度归档率92%，低于95%。\u0007|对照归档范围补充归档2022年度文件。
2.2.1|文书档案按《归档文件整理规则》整理（抽查20件）|5|3|抽查20件中3件未按件装订； // 2件题名著录不规范。|按DA/T 22—2015重新整理； // 规范题名著录，逐件核对。
2.2.4|编制检索工具（全引目录、案卷目录等）|2|1|仅有案卷目录，缺全引目录。|补编全引目录。
2.3.3|重要档案和电子档案异地备份|3|1.5|电子档案仅在本单位服务器备份。|与区档案馆签订异地备份协议，定期备份。
3.2.1|大事记、组织机构沿革、其他编研材料|5|3.5|大事记只编到2021年。|续编2022—2024年大事记。
4.1|每年对下属单位档案工作检查指导并有记录|4|2|2023年对下属单位的检查无书面记录。|每次检查形成书面记录并归档。`
  .trim()
  .split('\n')
  .map((line) => {
    const [code, title, max, score, problems, suggestions] = line.split('|') as [string, ...string[]];
    const [m, sc] = [Number(max), Number(score)];
    return {
      code,
      title: title!,
      max: m,
      score: sc,
      lost: m - sc,
      problems: problems!.split(' // '),
      suggestions: suggestions!.split(' // '),
    };
  });

/** A unit with strengths, eight point-loss items and rectification since the pre-check. */
const model: FeedbackModel = {
  district: '东城区',
  round: '2024',
  unit: 'DC03',
  unitName: '东城区财政局',
  ruleSetTitle: '东城区机关档案工作测评细则（量化拆分样例）',
  date: '2024-11-20',
  total: 82.5,
  gradeLabel: '合格',
  gradeReasons: ['总分82.5分，未达到“优秀”所需的90分', '“基础业务”得分率80%，低于“优秀”要求的85%'],
  strengths: [
    strength('1.1.1', '分管领导明确；档案工作纳入年度工作计划和考核', 2),
    strength('1.2.1', '归档、保管、利用、保密、鉴定销毁、统计六项制度', 3),
    strength('1.4.2', '“八防”（防火、防盗、防光、防潮、防尘、防虫、防鼠、防高温）落实', 3),
    strength('2.1.2', '次年6月底前完成上年度归档', 3),
    strength('2.5.3', '未发生档案丢失、泄密等安全事故', 2),
    strength('3.1.3', '借阅归还手续完备', 2),
  ],
  losses: LOSSES,
  nearFull: 0,
  // 1 + 1 + 2 + 2 + 1 + 1.5 + 1.5 + 2, by hand
  lost: 12,
  fixedSincePrecheck: [
    { code: '1.2.1', title: '归档、保管、利用、保密、鉴定销毁、统计六项制度' },
    { code: '2.1.2', title: '次年6月底前完成上年度归档' },
    { code: '3.1.3', title: '借阅归还手续完备' },
  ],
};

/** A unit that lost nothing and whose grade is not settled yet. */
const clean: FeedbackModel = {
  ...model,
  unit: 'DC07',
  unitName: '东城区审计局',
  total: 100,
  gradeLabel: null,
  gradeReasons: [],
  losses: [],
  nearFull: 0,
  lost: 0,
  fixedSincePrecheck: [],
};

async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('feedbackDocx', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`writes every loss, the unit and the total (${lang})`, async () => {
      const xml = await documentXml(await feedbackDocx(model, lang));
      expect(xml).toContain('东城区财政局');
      expect(xml).toContain('DC03');
      expect(xml).toContain('82.5');
      for (const l of model.losses) {
        expect(xml).toContain(`>${l.code}<`);
        for (const p of l.problems) expect(xml).toContain(p.replace('\u0007', ''));
        for (const s of l.suggestions) expect(xml).toContain(s);
      }
      for (const s of model.strengths) expect(xml).toContain(s.title);
      expect(xml).toContain(lang === 'zh' ? '四、整改成效' : 'Rectification since the pre-check');
      expect(xml).not.toContain('\u0007');
      expect(xml).toMatch(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/);
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    });

    it(`counts strengths and losses once each, and titles every rectified item (${lang})`, async () => {
      const nearly: FeedbackModel = {
        ...model,
        losses: [...model.losses, { ...model.losses[0]!, code: '1.3.3', score: 1.83, max: 2, lost: 0.17 }],
        nearFull: 1,
        lost: 12.17,
      };
      const text = (await documentXml(await feedbackDocx(nearly, lang))).replace(/<[^>]+>/g, '');
      expect(text).toContain(
        lang === 'zh'
          ? '共有6个项目得满分，9个项目失分（其中1个接近满分），合计失分12.17分。'
          : '6 items scored full marks; 9 items (1 of them nearly full) lost 12.17 points in all.',
      );
      for (const f of model.fixedSincePrecheck) expect(text).toContain(`${f.code}  ${f.title}`);
    });

    it(`says so when nothing was lost and the grade is pending (${lang})`, async () => {
      const xml = await documentXml(await feedbackDocx(clean, lang));
      expect(xml).toContain('东城区审计局');
      expect(xml).toContain(lang === 'zh' ? '等级待定' : 'grade pending');
      expect(xml).toContain(lang === 'zh' ? '本次测评无失分项目' : 'No item lost points');
      expect(xml).not.toContain('w:tblHeader');
      expect(xml).not.toContain(lang === 'zh' ? '整改成效' : 'Rectification');
    });
  }

  it('drops control characters and bidirectional overrides, and escapes markup', async () => {
    const nasty: FeedbackModel = {
      ...model,
      unitName: '东城区\u202E财政局\u0000',
      losses: [{ ...model.losses[0]!, problems: ['<w:p>&\u0001\u2066=SUM(A1)\u2069'] }],
    };
    const bytes = await feedbackDocx(nasty, 'zh');
    const xml = await documentXml(bytes);
    expect(xml).toContain('东城区财政局');
    expect(xml).toContain('&lt;w:p&gt;&amp;=SUM(A1)');
    const unsafe = (c: string) =>
      /[\u202A-\u202E\u2066-\u2069]/.test(c) || (c < ' ' && c !== '\n' && c !== '\t');
    expect([...xml].filter(unsafe)).toEqual([]);
  });

  it('names files in safe ASCII', () => {
    expect(feedbackFileName(model, 'zh')).toBe('feedback-DC03-2024-zh.docx');
    const odd = feedbackFileName({ ...model, unit: '财政/局 01', round: '2024 春' }, 'en');
    expect(odd).toMatch(/^feedback-01-[0-9a-f]{8}-2024-[0-9a-f]{8}-en\.docx$/);
    expect(feedbackFileName({ ...model, unit: '财政局' }, 'en')).toMatch(
      /^feedback-unit-[0-9a-f]{8}-2024-en\.docx$/,
    );
  });

  it('converts to PDF with LibreOffice', async (ctx) => {
    if (!hasSoffice()) {
      if (process.env.CI) throw new Error('soffice is not on the PATH');
      return ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cepin-feedback-'));
    dirs.push(dir);
    const file = join(dir, feedbackFileName(model, 'zh'));
    writeFileSync(file, await feedbackDocx(model, 'zh'));
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const out = spawnSync(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const pdf = file.replace(/\.docx$/, '.pdf');
    // LibreOffice without Writer (only libreoffice-calc-nogui) cannot load a .docx at all.
    if (!existsSync(pdf) && /could not be loaded/.test(out.stderr) && !process.env.CI) return ctx.skip();
    expect(existsSync(pdf), `soffice: ${out.stderr}`).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 150_000);
});
