import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { FeedbackModel } from '../../../shared/domain/round-report.ts';
import { feedbackDocx } from '../../../shared/documents/feedback-docx.ts';

/** A unit checked against a compliance checklist: 24 of 29 applicable items met, 82.76%. */
const model: FeedbackModel = {
  district: '东城区',
  round: '2026',
  unit: 'DC05',
  unitName: '东城区教育委员会',
  ruleSetTitle: '机关档案工作检查评价标准(示例)',
  date: '2026-11-20',
  total: 24.83,
  gradeLabel: '良好',
  gradeReasons: ['必备项 12+(16/27) 未全部符合,不能评优秀(“+”为且,“/”为或)'],
  strengths: [
    { code: '1', title: '档案工作纳入本单位发展规划和年度工作计划', score: 1, max: 1 },
    { code: '3', title: '建立档案工作责任制,明确各部门、岗位档案工作职责', score: 1, max: 1 },
  ],
  losses: [
    {
      code: '16',
      title: '电子文件按规定归档,元数据完整',
      score: 0,
      max: 1,
      lost: 1,
      problems: ['电子公文未归档,仍保存在办公系统中。'],
      suggestions: ['建立电子文件归档流程,按年度在线归档。'],
    },
  ],
  nearFull: 0,
  lost: 1,
  share: { met: 24, applicable: 29, percent: 82.76 },
  fixedSincePrecheck: [],
};

const text = async (lang: 'zh' | 'en', m: FeedbackModel = model) => {
  const zip = await JSZip.loadAsync(await feedbackDocx(m, lang));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
};

describe('feedback on a compliance checklist', () => {
  it('gives the share of items met, the strengths, then each item not met with problem and suggestion (zh)', async () => {
    const t = await text('zh');
    expect(t).toContain('符合项比例：24/29（82.76%）；检查等级：良好。');
    expect(t).toContain('共有2个项目符合要求，1个项目不符合要求。');
    expect(t).toContain('以下项目符合要求');
    expect(t).toContain('三、不符合项目及整改意见');
    expect(t).toContain('不符合电子公文未归档');
    expect(t).toContain('建立电子文件归档流程');
    expect(t).not.toContain('失分');
    expect(t).not.toContain('得分1/1');
    expect(t.indexOf('二、主要成绩')).toBeLessThan(t.indexOf('三、不符合项目及整改意见'));
  });

  it('speaks of items met and not met, not points (en)', async () => {
    const t = await text('en');
    expect(t).toContain('Items met: 24 of 29 (82.76%); grade: 良好.');
    expect(t).toContain('2 items met; 1 item not met.');
    expect(t).toContain('3. Items not met and suggestions');
    expect(t).toContain('Not met');
    expect(t).not.toContain('lost');
  });

  it('says items put right since the pre-check now meet the requirements, not that they no longer lose points', async () => {
    const fixed: FeedbackModel = {
      ...model,
      fixedSincePrecheck: [
        { code: '1', title: '档案工作纳入本单位发展规划和年度工作计划' },
        { code: '3', title: '建立档案工作责任制,明确各部门、岗位档案工作职责' },
      ],
    };
    const zh = await text('zh', fixed);
    expect(zh).toContain('四、整改成效');
    expect(zh).toContain('与预检相比，以下2个项目经整改已符合要求：');
    expect(zh).not.toContain('失分');
    const en = await text('en', fixed);
    expect(en).toContain('Compared with the pre-check, 2 items meet the requirements after rectification:');
    expect(en).not.toContain('points');
  });

  it('gives the finding column room for 不符合, and the code column for 编号, on one line', async () => {
    const zip = await JSZip.loadAsync(await feedbackDocx(model, 'zh'));
    const xml = await zip.file('word/document.xml')!.async('string');
    const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
    // Three characters of 10.5 pt table text are 3 × 210 twips, plus the cell's 90-twip margins each side.
    expect(grid).toHaveLength(5);
    expect(grid[2]).toBeGreaterThanOrEqual(3 * 210 + 2 * 90);
    expect(grid[0]).toBeGreaterThanOrEqual(2 * 210 + 2 * 90);
  });
});
