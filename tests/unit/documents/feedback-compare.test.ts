import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { feedbackDocx } from '../../../shared/documents/feedback-docx.ts';
import type { FeedbackModel } from '../../../shared/domain/round-report.ts';
import { shippedRules } from '../../support/rules.ts';
import { twoRoundsReport } from '../../support/two-rounds.ts';

/**
 * The feedback document's 整改核查 / Rectification checked and 与上一轮比较 / Compared with the last
 * round sections, for U01 of tests/support/two-rounds.ts (figures worked there).
 */

const textOf = async (model: FeedbackModel, lang: 'zh' | 'en') => {
  const zip = await JSZip.loadAsync(await feedbackDocx(model, lang));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
};
const u01 = (lang: 'zh' | 'en', previousRubric?: { id: string; version: number }) =>
  twoRoundsReport(lang, previousRubric).units.find((u) => u.code === 'U01')!.feedback;

describe('the feedback document compares (zh)', async () => {
  const text = await textOf(u01('zh'), 'zh');

  it('checks every pre-check loss: item, pre-check → formal score, verdict, and a claim that differs', () => {
    expect(text).toContain('四、整改核查');
    expect(text).toContain(
      '对照预检发现的失分项目，正式测评逐项核查了整改情况：已整改1项，部分整改1项，未整改1项；另有1个项目预检时得满分、正式测评时失分。',
    );
    // Rows: code, title, scores, verdict (+ the unit's claim where it differs).
    expect(text).toContain('1.3.1配备专职档案人员且相对稳定1 → 2（满分2分）已整改');
    expect(text).toContain('2.1.2次年6月底前完成上年度归档1 → 2（满分3分）部分整改单位自述：已整改');
    expect(text).toContain('2.2.2会计、基建等专门档案整理规范2 → 2（满分3分）未整改');
    expect(text).toContain('3.1.1利用登记完整3 → 2（满分3分）新增失分');
    expect(text).not.toContain('整改成效');
  });

  it('compares with the last round: total, grade, categories, recurring problems', () => {
    expect(text).toContain('五、与上一轮比较');
    expect(text).toContain('与上一轮（2025）相比，测评总分由90分变为97分（+7分）。等级由“合格”变为“优秀”。');
    expect(text).toContain(
      '各类别得分变化：1  档案工作保障：+1分2  基础业务：+2分3  信息开发利用：+4分4  下属单位管理：0分',
    );
    expect(text).toContain(
      '以下1个项目在两轮测评中均有失分，属反复出现的问题，请重点整改：2.2.2  会计、基建等专门档案整理规范',
    );
  });

  it('has no comparison section without an earlier round', async () => {
    const u02 = twoRoundsReport('zh').units.find((u) => u.code === 'U02')!.feedback;
    const t = await textOf(u02, 'zh');
    expect(t).not.toContain('与上一轮比较');
    expect(t).not.toContain('整改核查');
  });
});

describe('the feedback document compares (en)', () => {
  it('names both sections and says when the last round is not comparable', async () => {
    const text = await textOf(u01('en', { id: 'dongcheng-sample', version: 1 }), 'en');
    expect(text).toContain('4. Rectification checked');
    expect(text).toContain('Partly fixedThe unit says: fixed');
    expect(text).toContain('5. Compared with the last round');
    expect(text).toContain(
      'The last round (2025) used a different rubric: totals, grades and category scores are not comparable. Only the items losing points in both rounds are listed, matched by code.',
    );
    expect(text).not.toContain('the total went from');
    expect(text).toContain('2.2.2  Accounting, construction and other special records properly arranged');
  });
});

describe('the feedback document of a compliance checklist', () => {
  it('checks rectification as met / not met, without points', async () => {
    const rs = shippedRules.require('national-checklist-sample');
    const [a, b] = rs.leaves;
    const model: FeedbackModel = {
      district: '东城区',
      round: '2026',
      unit: 'U01',
      unitName: '单位一',
      ruleSetTitle: '检查清单',
      date: '2026-07-01',
      total: 90,
      gradeLabel: '合格',
      gradeReasons: [],
      strengths: [],
      losses: [],
      nearFull: 0,
      lost: 0,
      share: { met: 9, applicable: 10, percent: 90 },
      fixedSincePrecheck: [],
      rectification: [
        { code: a!.code, title: 'A', pre: 0, formal: a!.maxPoints, max: a!.maxPoints, verdict: 'fixed' },
        { code: b!.code, title: 'B', pre: 0, formal: 0, max: b!.maxPoints, verdict: 'not', claimed: 'fixed' },
      ],
    };
    const text = await textOf(model, 'zh');
    expect(text).toContain('四、整改核查');
    expect(text).toContain('对照预检发现的不符合项目，正式测评逐项核查了整改情况：已整改1项，未整改1项。');
    expect(text).toContain(`${a!.code}A不符合 → 符合已整改`);
    expect(text).toContain(`${b!.code}B不符合 → 不符合未整改单位自述：已整改`);
  });
});
