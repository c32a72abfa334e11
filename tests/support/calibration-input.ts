import {
  calibrationReport,
  compareCalibrations,
  type CalibrationItem,
  type CalibrationSheet,
} from '../../shared/domain/calibration.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { tr, type Lang } from '../../shared/domain/text.ts';
import type { CalibrationDocInput } from '../../shared/use-cases/api/calibration.ts';
import type { RoundRecord } from '../../shared/use-cases/ports.ts';
import { ruleSet } from './rule-builders.ts';

/**
 * A calibration round built by hand for the calibration workbook and document tests: a tiny rubric,
 * six assessors on two cases (CASE1 with an answer key, CASE2 without: the panel median), and an
 * earlier round on the same cases to compare with.
 */

/** 18 points: A1 direct (6), A2 deduction (4), B1 compliance (2, N/A allowed), B2 direct (6) with a veto. */
export const RS: RuleSet = ruleSet({
  id: 'cal-demo',
  version: 3,
  title: { zh: '校准演示细则', en: 'Calibration demo rubric' },
  scale: 18,
  grading: {
    grades: [{ code: 'pass', label: '合格', minTotal: 10 }],
    fallback: { code: 'fail', label: '不合格' },
  },
  categories: [
    {
      code: 'A',
      title: { zh: '基础业务', en: 'Basic work' },
      maxPoints: 10,
      children: [
        {
          code: 'A1',
          title: { zh: '制度建设', en: 'Rules in place' },
          maxPoints: 6,
          method: { type: 'direct', step: 0.5 },
        },
        {
          code: 'A2',
          title: { zh: '整理归档', en: 'Filing' },
          maxPoints: 4,
          method: { type: 'deduction', deductions: [{ title: '每发现一处不规范', points: 1 }] },
        },
      ],
    },
    {
      code: 'B',
      title: { zh: '安全保管', en: 'Safekeeping' },
      maxPoints: 8,
      children: [
        {
          code: 'B1',
          title: { zh: '制度上墙', en: 'Rules on the wall' },
          maxPoints: 2,
          naAllowed: true,
          method: { type: 'compliance' },
        },
        {
          code: 'B2',
          title: { zh: '库房安全', en: 'Store safety' },
          maxPoints: 6,
          veto: { condition: '发生档案安全事故' },
          method: { type: 'direct', step: 0.5 },
        },
      ],
    },
  ],
});

export const CASES = [
  {
    code: 'CASE1',
    title: '某局 2025 年档案工作',
    description: '某局文书档案 2024 年度归档情况,附库房照片 6 张。',
  },
  { code: 'CASE2', title: '某中心 2025 年档案工作' },
];

/** The assessors' names on the roster: none of them may appear in a report made from ids. */
export const NAMES: Record<string, string> = {
  a1: '王建国',
  a2: '李秀英',
  a3: '张伟',
  a4: '刘洋',
  a5: '陈静',
  a6: '赵敏',
};

type B1 = 2 | 0 | 'na';
type Row = [
  string,
  string,
  number,
  [number, number, B1, number],
  { veto?: boolean; reasons?: Record<string, string> }?,
];

function sheet([assessor, c, total, [a1, a2, b1, b2], extra = {}]: Row): CalibrationSheet {
  const item = (code: string, score: number | null, max: number, more: Partial<CalibrationItem> = {}) => ({
    code,
    score,
    max,
    na: false,
    reason: extra.reasons?.[code],
    ...more,
  });
  return {
    assessor,
    case: c,
    total,
    vetoed: extra.veto ?? false,
    items: [
      item('A1', a1, 6),
      item('A2', a2, 4),
      b1 === 'na' ? item('B1', null, 2, { na: true }) : item('B1', b1, 2, { met: b1 === 2 }),
      item('B2', b2, 6, { veto: extra.veto ?? false }),
    ],
  };
}

/*
 * The scores, A1 A2 B1 B2 (B1: 2 符合, 0 不符合, na 不适用):
 *   CASE1  KEY 4 3 2 5 | a1 4 3 2 5 | a2 5 3 2 6 | a3 3 3 2 5 (veto) | a4 4 2 0 5 | a5 4 4 2 4 | a6 6 3 2 5
 *   CASE2        —     | a1 3 2 2 4 | a2 4 2 2 5 | a3 2 2 na 4       | a4 3 1 0 3 | a5 3 3 2 4 | a6 5 2 2 6
 *
 * Spread by hand (population SD per case, then the mean over the cases):
 *   A1: CASE1 4 5 3 4 4 6, mean 13/3, SS 16/3, σ = √(8/9) = 0.9428; CASE2 3 4 2 3 3 5, the same shape:
 *       0.9428 → spread 0.94, 15.71% of 6
 *   A2: 3 3 3 2 4 3 and 2 2 2 1 3 2: SS 2, σ = √(1/3) = 0.5774 both → 0.58, 14.43% of 4
 *   B1: CASE1 2 2 2 0 2 2, mean 5/3, SS 10/3, σ = √(5/9) = 0.7454; CASE2 2 2 0 2 2 (a3 N/A), mean 1.6,
 *       SS 3.2, σ = √0.64 = 0.8 → (0.7454 + 0.8)/2 = 0.7727 → 0.77, 38.64% of 2
 *   B2: CASE1 5 6 5 5 4 5: σ = 0.5774; CASE2 4 5 4 3 4 6: σ = 0.9428 → 0.7601 → 0.76, 12.67% of 6
 * so the items read most differently come in the order B1, A1, A2, B2.
 */
const AFTER: Row[] = [
  ['KEY', 'CASE1', 14, [4, 3, 2, 5], { reasons: { B1: '制度齐全并上墙', A1: '缺少保密制度,扣 2 分' } }],
  ['a1', 'CASE1', 14, [4, 3, 2, 5]],
  ['a2', 'CASE1', 16, [5, 3, 2, 6], { reasons: { A1: '制度基本齐全' } }],
  ['a3', 'CASE1', 13, [3, 3, 2, 5], { veto: true, reasons: { B2: '库房漏水,视为安全事故' } }],
  ['a4', 'CASE1', 11, [4, 2, 0, 5], { reasons: { B1: '=未见制度上墙', A2: '一处案卷未编页号' } }],
  ['a5', 'CASE1', 14, [4, 4, 2, 4]],
  ['a6', 'CASE1', 16, [6, 3, 2, 5], { reasons: { A1: '制度齐全' } }],
  ['a1', 'CASE2', 11, [3, 2, 2, 4]],
  ['a2', 'CASE2', 13, [4, 2, 2, 5]],
  ['a3', 'CASE2', 9, [2, 2, 'na', 4], { reasons: { B1: '无库房,不适用' } }],
  ['a4', 'CASE2', 7, [3, 1, 0, 3], { reasons: { B1: '制度未上墙' } }],
  ['a5', 'CASE2', 12, [3, 3, 2, 4]],
  ['a6', 'CASE2', 15, [5, 2, 2, 6]],
];

/** The round before training: the same cases, more spread on A1 and B2; a5 was closer to the key then. */
const BEFORE: Row[] = [
  ['KEY', 'CASE1', 14, [4, 3, 2, 5]],
  ['a1', 'CASE1', 13, [2, 3, 2, 6]],
  ['a2', 'CASE1', 17, [6, 3, 2, 6]],
  ['a3', 'CASE1', 12, [2, 3, 2, 5]],
  ['a4', 'CASE1', 10, [4, 2, 0, 4]],
  ['a5', 'CASE1', 14, [4, 3, 2, 5]],
  ['a6', 'CASE1', 18, [6, 4, 2, 6]],
  ['a1', 'CASE2', 10, [2, 2, 2, 4]],
  ['a2', 'CASE2', 14, [5, 2, 2, 5]],
  ['a3', 'CASE2', 8, [1, 2, 'na', 4]],
  ['a4', 'CASE2', 6, [3, 1, 0, 2]],
  ['a5', 'CASE2', 11, [3, 2, 2, 4]],
  ['a6', 'CASE2', 17, [6, 3, 2, 6]],
];

export const AFTER_SHEETS = AFTER.map(sheet);
export const REPORT = calibrationReport(RS, CASES, AFTER_SHEETS);
export const BEFORE_REPORT = calibrationReport(RS, CASES, BEFORE.map(sheet));

/** The calibration round record (the after round). */
export const ROUND: RoundRecord = {
  round: '2025-cal2',
  rules: RS.id,
  ruleVersion: RS.version,
  fingerprint: RS.fingerprint,
  phases: { self: 'pending', precheck: 'pending', formal: 'scoring-closed', spotcheck: 'pending' },
  createdAt: '2025-03-01T08:00:00.000Z',
  createdBy: 'admin',
  kind: 'calibration',
  cases: CASES,
  released: false,
};

/** The workbook's and document's input, as the API use case makes it; with the comparison unless `compare` is false. */
export function calibrationInput(lang: Lang, compare = true): CalibrationDocInput {
  return {
    round: ROUND,
    rs: RS,
    viewer: 'admin',
    lang,
    report: REPORT,
    comparison: compare ? { before: '2025-cal1', ...compareCalibrations(BEFORE_REPORT, REPORT) } : undefined,
    titles: Object.fromEntries(RS.nodes.map((n) => [n.code, tr(n.title, lang)])),
    districtName: lang === 'zh' ? '东城区' : 'Dongcheng',
    now: new Date('2025-03-15T09:30:00.000Z'),
  };
}
