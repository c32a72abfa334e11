import { resolveRuleSet, type RuleSet } from '../../shared/domain/rule-set.ts';
import type { Issue } from '../../shared/domain/issues.ts';

const noBase = () => {
  throw new Error('no base');
};

/** Resolves an inline rule file, failing the test with its issues when it does not resolve. */
export function ruleSet(raw: Record<string, unknown>): RuleSet {
  const r = resolveRuleSet(raw, noBase);
  if (!r.ok) throw new Error(`rule set does not resolve: ${JSON.stringify(r.issues)}`);
  return r.ruleSet;
}

/** The issues of an inline rule file (empty when it resolves cleanly). */
export function ruleIssues(raw: Record<string, unknown>): Issue[] {
  return resolveRuleSet(raw, noBase).issues;
}

/** A direct-scored leaf. */
export const direct = (code: string, maxPoints: number, extra: Record<string, unknown> = {}) => ({
  code,
  title: `Item ${code}`,
  maxPoints,
  method: { type: 'direct', step: 0.5 },
  ...extra,
});

/** A compliance (符合/不符合/不适用) leaf worth one point. */
export const compliance = (code: string) => ({
  code,
  title: { zh: `检查项 ${code}`, en: `Check ${code}` },
  maxPoints: 1,
  method: { type: 'compliance' },
  naAllowed: true,
});

export const fail = { code: 'fail', label: { zh: '不合格', en: 'Fail' } };

/**
 * A rule set using every new leaf pattern (compliance with 核查方式/见证材料, counts with and without a
 * list, a sample of 12, per-defect parts with a floor), 40 points; 良好 ≥ 30, 合格 ≥ 20.
 */
export const patternRules = (): RuleSet =>
  ruleSet({
    id: 'patterns',
    version: 1,
    title: { zh: '模式测试', en: 'Patterns' },
    scale: 40,
    grading: {
      grades: [
        { code: 'good', label: '良好', minTotal: 30 },
        { code: 'pass', label: '合格', minTotal: 20 },
      ],
      fallback: fail,
    },
    categories: [
      {
        code: '1',
        title: '检查',
        maxPoints: 40,
        children: [
          {
            code: '1.1',
            title: { zh: '建立档案工作责任制', en: 'Responsibility set' },
            maxPoints: 2,
            method: { type: 'compliance' },
            verify: { zh: '查阅文件', en: 'Read the documents' },
            evidence: { zh: '责任制文件', en: 'The responsibility document' },
          },
          {
            code: '1.2',
            title: '配备专职档案人员',
            maxPoints: 2,
            method: { type: 'compliance' },
            naAllowed: true,
          },
          {
            code: '1.3',
            title: '设备配备',
            maxPoints: 5,
            method: {
              type: 'count',
              each: 1,
              things: ['空调', '除湿机', '灭火器', '温湿度计', '防磁柜', '监控'],
            },
          },
          { code: '1.4', title: '登记簿册', maxPoints: 2, method: { type: 'count', each: 0.5 } },
          { code: '1.5', title: '抽查案卷', maxPoints: 24, method: { type: 'sampling', size: 12, each: 2 } },
          {
            code: '1.6',
            title: '整理质量',
            maxPoints: 5,
            method: {
              type: 'defects',
              per: 0.1,
              parts: [
                { title: '文书', points: 3 },
                { title: '科技', points: 2, floor: 0.5 },
              ],
            },
          },
        ],
      },
    ],
  });
