import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR } from '../../../shared/adapters/rule-set-files.ts';
import { formatIssue } from '../../../shared/domain/messages.ts';
import { leavesOf, resolveRuleSet } from '../../../shared/domain/rule-set.ts';
import { dongcheng, municipal, shippedRules } from '../../support/rules.ts';

const raw = (id: string) =>
  JSON.parse(readFileSync(join(DEFAULT_RULES_DIR, `${id}.json`), 'utf8')) as Record<string, unknown>;
const noBase = () => {
  throw new Error('no base');
};

describe('shipped rule sets', () => {
  it.each(shippedRules.ids())('%s loads without issues', (id) => {
    const r = shippedRules.load(id);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('the municipal sample has the 38 scored items of the published outline, 100 points', () => {
    const rs = municipal();
    expect(rs.leaves).toHaveLength(38);
    expect(rs.leaves.reduce((s, l) => s + l.maxPoints, 0)).toBe(100);
    expect(rs.categories.map((c) => [c.code, c.maxPoints])).toEqual([
      ['1', 25],
      ['2', 45],
      ['3', 20],
      ['4', 10],
    ]);
  });

  it('the municipal sample uses every scoring method and every flag', () => {
    const rs = municipal();
    const methods = new Set(rs.leaves.map((l) => l.method?.type));
    expect([...methods].sort()).toEqual(['checklist', 'deduction', 'direct', 'scale', 'spotcheck']);
    expect(rs.leaves.filter((l) => l.key).map((l) => l.code)).toEqual(['1.2.2', '1.4.1', '2.4.2']);
    expect(rs.leaves.filter((l) => l.veto).map((l) => l.code)).toEqual(['2.4.2', '2.5.3']);
    expect(rs.nodes.filter((n) => n.naAllowed).map((n) => n.code)).toEqual(['2.2.3', '2.5.2', '4']);
  });

  it('the Dongcheng overlay splits 2.1.1 and 2.2.1 into parts that sum to the parent', () => {
    const rs = dongcheng();
    expect(rs.base).toEqual({ id: 'municipal-sample', version: 1 });
    expect(rs.leaves).toHaveLength(42);
    for (const [code, parts] of [
      ['2.1.1', [2, 2, 2]],
      ['2.2.1', [1.5, 1.5, 2]],
    ] as const) {
      const node = rs.byCode.get(code)!;
      expect(node.method).toBeUndefined();
      expect(node.children.map((c) => c.maxPoints)).toEqual(parts);
      expect(leavesOf(node).reduce((s, l) => s + l.maxPoints, 0)).toBe(node.maxPoints);
    }
    expect(rs.byCode.get('2.1.1a')?.method?.type).toBe('scale');
    expect(rs.byCode.get('2.2.1c')?.method?.type).toBe('deduction');
  });

  it('fingerprints are stable for the same content and change with any rule', () => {
    const a = resolveRuleSet(raw('municipal-sample'), noBase);
    const b = resolveRuleSet(raw('municipal-sample'), noBase);
    const edited = raw('municipal-sample') as { grading: { grades: { minTotal: number }[] } };
    edited.grading.grades[1]!.minTotal = 75;
    const c = resolveRuleSet(edited, noBase);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.ruleSet.fingerprint).toBe(b.ruleSet.fingerprint);
    expect(a.ruleSet.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(c.ruleSet.fingerprint).not.toBe(a.ruleSet.fingerprint);
    expect(dongcheng().fingerprint).not.toBe(a.ruleSet.fingerprint);
  });
});

type Mutation = [string, (rs: any) => void, string, string]; // eslint-disable-line @typescript-eslint/no-explicit-any

const cat = (rs: any, i: number) => rs.categories[i]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('rule set validation reports every inconsistency with its path', () => {
  const cases: Mutation[] = [
    [
      'children not summing to their parent',
      (rs) => (cat(rs, 0).children[0].maxPoints = 7),
      'rules.sum-mismatch',
      'categories.0.children.0',
    ],
    [
      'categories not summing to the scale',
      (rs) => (cat(rs, 2).maxPoints = 21),
      'rules.sum-mismatch',
      'categories',
    ],
    [
      'a duplicate code',
      (rs) => (cat(rs, 0).children[1].children[0].code = '1.1.1'),
      'rules.duplicate-code',
      'categories.0.children.1.children.0',
    ],
    [
      'a leaf without a method',
      (rs) => delete cat(rs, 0).children[2].children[0].method,
      'rules.leaf-without-method',
      'categories.0.children.2.children.0',
    ],
    [
      'a checklist whose clauses do not sum to the points',
      (rs) => (cat(rs, 0).children[0].children[0].method.clauses[0].points = 2),
      'rules.sum-mismatch',
      'categories.0.children.0.children.0.method.clauses',
    ],
    [
      'a scale table out of order',
      (rs) => cat(rs, 1).children[0].children[0].method.bands.reverse(),
      'rules.band-order',
      'categories.1.children.0.children.0.method.bands',
    ],
    [
      'a band worth more than the item',
      (rs) => (cat(rs, 1).children[0].children[0].method.bands[2].points = 9),
      'rules.band-points',
      'categories.1.children.0.children.0.method.bands.2.points',
    ],
    [
      'a grade above the maximum',
      (rs) => (rs.grading.grades[0].minTotal = 120),
      'rules.grade-above-max',
      'grading.grades.0.minTotal',
    ],
    [
      'grades not listed highest first',
      (rs) => (rs.grading.grades[1].minTotal = 95),
      'rules.grade-order',
      'grading.grades.1.minTotal',
    ],
    [
      'a deduction larger than the item',
      (rs) => (cat(rs, 0).children[0].children[1].method.deductions[0].points = 5),
      'rules.deduction-too-large',
      'categories.0.children.0.children.1.method.deductions.0',
    ],
    [
      'points off the scoring step',
      (rs) => (cat(rs, 0).children[2].children[2].method.step = 0.3),
      'rules.step-mismatch',
      'categories.0.children.2.children.2.method.step',
    ],
    ['an unknown field (typo)', (rs) => (cat(rs, 0).maxpoints = 25), 'rules.schema', 'categories.0'],
  ];
  it.each(cases)('rejects %s', (_name, mutate, code, path) => {
    const rs = raw('municipal-sample');
    mutate(rs);
    const r = resolveRuleSet(rs, noBase);
    expect(r.ok).toBe(false);
    const hit = r.issues.find((i) => i.code === code && i.path?.startsWith(path));
    expect(hit, JSON.stringify(r.issues)).toBeDefined();
    for (const lang of ['zh', 'en'] as const) expect(formatIssue(hit!, lang)).not.toMatch(/\{\w+\}/);
  });

  it('collects all problems at once instead of stopping at the first', () => {
    const rs = raw('municipal-sample');
    cat(rs, 0).children[0].maxPoints = 7;
    rs.grading = { ...(rs.grading as object), grades: [{ code: 'x', label: 'X', minTotal: 200 }] };
    cat(rs, 1).children[0].children[0].method.bands.reverse();
    const r = resolveRuleSet(rs, noBase);
    expect(r.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['rules.sum-mismatch', 'rules.grade-above-max', 'rules.band-order']),
    );
  });

  it('rejects an overlay that splits an unknown item or whose parts do not add up', () => {
    const overlay = raw('dongcheng-sample') as {
      splits: { code: string; children: { maxPoints: number }[] }[];
    };
    overlay.splits[0]!.children[0]!.maxPoints = 3;
    overlay.splits[1]!.code = '9.9.9';
    const r = resolveRuleSet(overlay, (id) => raw(id));
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.code).sort()).toEqual(['rules.overlay-unknown-code']);
    overlay.splits[1]!.code = '2.2.1';
    const r2 = resolveRuleSet(overlay, (id) => raw(id));
    expect(r2.issues.map((i) => [i.code, i.item])).toEqual([['rules.sum-mismatch', '2.1.1']]);
  });

  it('rejects an overlay whose base does not exist', () => {
    const overlay = { ...raw('dongcheng-sample'), extends: 'nowhere' };
    const r = resolveRuleSet(overlay, noBase);
    expect(r.issues.map((i) => i.code)).toEqual(['rules.extends-unknown']);
  });
});
