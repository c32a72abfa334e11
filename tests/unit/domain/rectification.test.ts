import { describe, expect, it } from 'vitest';
import { isLate, noticeItems, parseRectStatus } from '../../../shared/domain/rectification.ts';
import type { ReconciledItem, UnitPhaseResult } from '../../../shared/domain/results.ts';
import type { SheetScore } from '../../../shared/domain/scoring.ts';
import { compliance, direct, ruleSet } from '../../support/rule-builders.ts';

/**
 * Category 1 (10 points): 1.1 direct 4, 1.2 direct 3, 1.3 compliance 1, 1.4 direct 2 (N/A allowed).
 * Category 2 (10 points): 2.1 direct 5 with a veto, 2.2 direct 4, 2.3 compliance 1.
 */
const rs = ruleSet({
  id: 'rect-test',
  version: 1,
  title: '整改测试',
  scale: 20,
  grading: {
    grades: [{ code: 'pass', label: '合格', minTotal: 12 }],
    fallback: { code: 'fail', label: '不合格' },
  },
  categories: [
    {
      code: '1',
      title: '基础',
      maxPoints: 10,
      children: [
        direct('1.1', 4),
        direct('1.2', 3),
        compliance('1.3'),
        direct('1.4', 2, { naAllowed: true }),
      ],
    },
    {
      code: '2',
      title: '业务',
      maxPoints: 10,
      children: [
        direct('2.1', 5, { veto: { condition: '发生档案安全事故' } }),
        direct('2.2', 4),
        compliance('2.3'),
      ],
    },
  ],
});

const item = (code: string, max: number, score: number | null, extra: Partial<ReconciledItem> = {}) =>
  ({
    code,
    max,
    score,
    computed: score,
    na: false,
    pending: score === null,
    key: false,
    vetoed: false,
    vetoYes: 0,
    vetoPending: false,
    assessorScores: [],
    flagged: false,
    flagReasons: [],
    problems: [],
    suggestions: [],
    ...extra,
  }) satisfies ReconciledItem;

/** A pre-check result, items deliberately listed out of rubric order. */
const pre: UnitPhaseResult = {
  unit: 'DC03',
  phase: 'precheck',
  method: 'mean',
  assessors: ['A01', 'A02'],
  score: {} as SheetScore, // not read by noticeItems
  sources: [],
  items: [
    item('2.3', 1, 1), // compliance met: out
    item('2.2', 4, null), // pending: out
    item('2.1', 5, 5, { vetoed: true, vetoYes: 2, problems: ['库房漏水致档案受损'] }), // full but vetoed: in
    item('1.4', 2, 0, { na: true }), // N/A: out
    item('1.3', 1, 0, { problems: ['未建立责任制'], suggestions: ['制定责任制文件'] }), // not met: in
    item('1.2', 3, 3), // full marks: out
    item('1.1', 4, 2.5, {
      problems: ['制度不全', '未按期修订'],
      suggestions: ['补充保密制度', '每三年修订一次'],
    }), // lost 1.5: in
  ],
};

describe('noticeItems', () => {
  it('lists lost, not-met and vetoed items in rubric order, leaving out full, N/A and pending ones', () => {
    expect(noticeItems(pre, rs, 'zh')).toEqual([
      {
        code: '1.1',
        title: 'Item 1.1',
        max: 4,
        score: 2.5,
        compliance: false,
        met: undefined,
        problem: '制度不全；未按期修订',
        suggestion: '补充保密制度；每三年修订一次',
        vetoed: undefined,
      },
      {
        code: '1.3',
        title: '检查项 1.3',
        max: 1,
        score: 0,
        compliance: true,
        met: false,
        problem: '未建立责任制',
        suggestion: '制定责任制文件',
        vetoed: undefined,
      },
      {
        code: '2.1',
        title: 'Item 2.1',
        max: 5,
        score: 5,
        compliance: false,
        met: undefined,
        problem: '库房漏水致档案受损',
        suggestion: '',
        vetoed: true,
      },
    ]);
  });

  it('joins the assessors’ texts with "; " and takes English titles in English', () => {
    const items = noticeItems(pre, rs, 'en');
    expect(items.map((i) => [i.code, i.title])).toEqual([
      ['1.1', 'Item 1.1'],
      ['1.3', 'Check 1.3'],
      ['2.1', 'Item 2.1'],
    ]);
    expect(items[0]!.problem).toBe('制度不全; 未按期修订');
  });

  it('counts a score a hair below full marks (float noise) as full, and 0.01 below as lost', () => {
    const near = { ...pre, items: [item('1.2', 3, 3 - 1e-12), item('2.2', 4, 3.99)] };
    expect(noticeItems(near, rs, 'zh').map((i) => i.code)).toEqual(['2.2']);
  });

  it('lists nothing for a unit with every item full, N/A or pending', () => {
    const clean = { ...pre, items: [item('1.1', 4, 4), item('1.3', 1, 1), item('2.2', 4, null)] };
    expect(noticeItems(clean, rs, 'zh')).toEqual([]);
  });
});

describe('parseRectStatus', () => {
  it.each([
    ['已整改', 'fixed'],
    [' 部分整改 ', 'partly'],
    ['未整改', 'not'],
    ['Fixed', 'fixed'],
    ['partly fixed', 'partly'],
    ['NOT   FIXED', 'not'],
    ['Ｆｉｘｅｄ', 'fixed'], // full-width letters
    ['\u200b已整改\u3000', 'fixed'], // a zero-width space and an ideographic space
  ])('reads %j as %s', (text, status) => {
    expect(parseRectStatus(text)).toBe(status);
  });

  it.each(['', '整改', 'done', 'partly', '已整改了'])('refuses %j', (text) => {
    expect(parseRectStatus(text)).toBeUndefined();
  });
});

describe('isLate', () => {
  // The deadline day 2026-05-10 ends at 24:00 China time (UTC+8) = 2026-05-10T16:00:00Z.
  it.each([
    ['2026-05-10T15:59:59.999Z', false],
    ['2026-05-10T16:00:00.000Z', true],
    ['2026-05-10T23:59:59.999+08:00', false],
    ['2026-05-11T00:00:00+08:00', true],
    ['2026-05-09T20:00:00Z', false], // 04:00 on the deadline day in China
    ['2026-05-11T02:00:00Z', true],
  ])('an answer received at %s is late: %s', (receivedAt, late) => {
    expect(isLate(receivedAt, '2026-05-10')).toBe(late);
  });

  it('ends a month’s last day at its own midnight (2026-02-28)', () => {
    expect(isLate('2026-02-28T15:59:59Z', '2026-02-28')).toBe(false);
    expect(isLate('2026-02-28T16:00:00Z', '2026-02-28')).toBe(true);
  });

  it('throws on a deadline that is not a calendar date, or a timestamp that is not one', () => {
    expect(() => isLate('2026-03-01T00:00:00Z', '2026-02-30')).toThrow();
    expect(() => isLate('2026-03-01T00:00:00Z', '2026-5-1')).toThrow();
    expect(() => isLate('yesterday', '2026-05-10')).toThrow();
  });
});
