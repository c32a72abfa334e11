import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../shared/domain/messages.ts';
import { compliance, direct, fail, ruleIssues } from '../../support/rule-builders.ts';
import { cepin } from '../../support/cli.ts';

/**
 * Ambiguity is an authoring error: every kind is reported with its path and a message that says what
 * to write instead, in zh and en, and `cepin rules check` lists every one.
 */

const AMBIGUOUS = 'tests/fixtures/rules/ambiguous.json';

/** Every problem planted in the fixture, by code and path (see the file). */
const PLANTED = [
  // 100%得3分,96%—99%按比例扣分,95%以下不计分: holes at 95–96 and 99–100, 按比例 without a formula.
  ['rules.proportional-formula', 'categories.0.children.0.method.bands.1.points'],
  ['rules.band-hole', 'categories.0.children.0.method.bands.1.min'],
  ['rules.band-hole', 'categories.0.children.0.method.bands.2.min'],
  // bands 0–60 and 50–100: 50–60 in both.
  ['rules.band-overlap', 'categories.0.children.1.method.bands.1.min'],
  // 0–80 with 80 included, then 80–100 with 80 included: exactly 80 in both.
  ['rules.band-edge-both', 'categories.0.children.2.method.bands.1.min'],
  // clauses 1 + 1 for 3 points; parts 2 + 1 for 4 points; 12 × 2 = 24 for 20 points.
  ['rules.sum-mismatch', 'categories.0.children.3.method.clauses'],
  // "制定归档制度(2分)" worth points: 1.
  ['rules.clause-inline-points', 'categories.0.children.3.method.clauses.1.points'],
  ['rules.sum-mismatch', 'categories.0.children.4.method.parts'],
  ['rules.sampling-points', 'categories.0.children.5.method.each'],
  // 3 things × 1 point for 5 points, and a key item: it can never be full.
  ['rules.count-unreachable', 'categories.0.children.6.method.things'],
  ['rules.requirement-unknown', 'grading.grades.0.requires.0.met'],
  ['rules.requirement-excluded', 'grading.grades.0.requires.1.met'],
  ['rules.key-unreachable', 'grading.grades.0.keyItemsFull'],
  // 良好 70–80 with 80 included while 优秀 starts at 80 included; 合格 60–75 overlaps 良好 from 70.
  ['rules.grade-edge-both', 'grading.grades.1.maxShare'],
  ['rules.grade-overlap', 'grading.grades.2.maxShare'],
];

describe('ambiguity in a rule set is an authoring error with its path', () => {
  it('reports every planted problem, and nothing else, each in zh and en without placeholders', () => {
    const issues = ruleIssues(JSON.parse(readFileSync(AMBIGUOUS, 'utf8')) as Record<string, unknown>);
    expect(issues.map((i) => [i.code, i.path]).sort()).toEqual([...PLANTED].sort());
    for (const i of issues) {
      expect(i.severity).toBe('error');
      for (const lang of ['zh', 'en'] as const) expect(formatIssue(i, lang)).not.toMatch(/\{\w+\}/);
    }
  });

  it('says what to write instead', () => {
    const issues = ruleIssues(JSON.parse(readFileSync(AMBIGUOUS, 'utf8')) as Record<string, unknown>);
    const en = (code: string, path: string) =>
      formatIssue(
        issues.find((i) => i.code === code && i.path === path)!,
        'en',
      );
    expect(en('rules.band-hole', 'categories.0.children.0.method.bands.1.min')).toContain(
      'Write min: 95 on band 2, or max: 96 on band 1',
    );
    expect(en('rules.proportional-formula', 'categories.0.children.0.method.bands.1.points')).toContain(
      'points: [from, to]',
    );
    expect(en('rules.grade-edge-both', 'grading.grades.1.maxShare')).toContain(
      'Write includeMax: false on good (80 is excellent)',
    );
  });

  const base = (grades: unknown[], children: unknown[] = ['1', '2', '3'].map(compliance)) => ({
    id: 'g',
    version: 1,
    title: 'g',
    scale: children.length,
    grading: { grades, fallback: fail },
    categories: [{ code: 'A', title: 'A', maxPoints: children.length, children }],
  });

  it.each([
    [
      'a gap between grade ranges',
      [
        { code: 'good', label: '良好', minShare: 80 },
        { code: 'pass', label: '合格', minShare: 60, maxShare: 75 },
      ],
      'rules.grade-gap',
      'grading.grades.1.maxShare',
    ],
    [
      'a boundary value in no grade',
      [
        { code: 'good', label: '良好', minShare: 80, includeMin: false },
        { code: 'pass', label: '合格', minShare: 60, maxShare: 80 },
      ],
      'rules.grade-edge-none',
      'grading.grades.1.maxShare',
    ],
    [
      'a share threshold without compliance items',
      [{ code: 'pass', label: '合格', minShare: 60 }],
      'rules.share-without-compliance',
      'grading.grades.0.minShare',
    ],
    [
      'a requirement on a category instead of an item',
      [{ code: 'pass', label: '合格', minTotal: 1, requires: [{ any: [{ met: '1' }, { met: 'A' }] }] }],
      'rules.requirement-not-item',
      'grading.grades.0.requires.0.any.1.met',
    ],
  ])('rejects %s', (_name, grades, code, path) => {
    const children = code === 'rules.share-without-compliance' ? [direct('1', 1)] : undefined;
    const issues = ruleIssues(base(grades, children));
    expect(issues.map((i) => [i.code, i.path])).toEqual([[code, path]]);
  });

  it('rejects a band a value exactly on its edge falls out of, and bands that stop short of the maximum', () => {
    const rs = base(
      [{ code: 'pass', label: '合格', minTotal: 1 }],
      [
        {
          code: '1',
          title: 'rate',
          maxPoints: 1,
          method: {
            type: 'scale',
            input: { unit: 'percent', min: 0, max: 100 },
            bands: [
              { min: 0, max: 95, points: 0 },
              { min: 95, max: 99, includeMin: false, points: [0.5, 1] },
            ],
          },
        },
      ],
    );
    expect(ruleIssues(rs).map((i) => [i.code, i.path])).toEqual([
      ['rules.band-edge-none', 'categories.0.children.0.method.bands.1.min'],
      ['rules.band-end', 'categories.0.children.0.method.bands.1.max'],
    ]);
  });

  it('rejects a floor at or above its part, a bonus below the top level and countsFor of an unknown grade', () => {
    const rs = base(
      [{ code: 'pass', label: '合格', minTotal: 1 }],
      [
        {
          code: '1',
          title: 'defects',
          maxPoints: 2,
          countsFor: ['top'],
          method: { type: 'defects', per: 0.1, parts: [{ title: '文书', points: 2, floor: 2 }] },
        },
        { code: 'B', title: 'bonus', maxPoints: 1, bonus: { cap: 1 }, children: [direct('B1', 1)] },
      ],
    );
    rs.scale = 3;
    rs.categories[0]!.maxPoints = 3;
    expect(ruleIssues(rs).map((i) => [i.code, i.path])).toEqual([
      ['rules.counts-for-unknown', 'categories.0.children.0.countsFor.0'],
      ['rules.floor-too-high', 'categories.0.children.0.method.parts.0.floor'],
      ['rules.bonus-not-category', 'categories.0.children.1.bonus'],
    ]);
  });

  it('accepts unambiguous ranges: 优秀 ≥ 80, 良好 70–80, 合格 60–70 with the default sides', () => {
    const issues = ruleIssues(
      base([
        { code: 'excellent', label: '优秀', minShare: 80 },
        { code: 'good', label: '良好', minShare: 70, maxShare: 80 },
        { code: 'pass', label: '合格', minShare: 60, maxShare: 70 },
      ]),
    );
    expect(issues).toEqual([]);
  });
});

describe('cepin rules check on an ambiguous rule set', () => {
  it.each(['zh', 'en'])('lists every problem with its path (%s, exit 1)', async (lang) => {
    const r = await cepin('rules', 'check', AMBIGUOUS, '--lang', lang);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.startsWith('  ✘'));
    expect(lines).toHaveLength(PLANTED.length);
    for (const [, path] of PLANTED) expect(r.out).toContain(path);
  });
});
