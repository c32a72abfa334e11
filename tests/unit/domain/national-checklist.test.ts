import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import { scoreSheet, type ItemInputs } from '../../../shared/domain/scoring.ts';
import { checkSheet } from '../../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../../shared/use-cases/make-template.ts';
import { runOfflineDemo } from '../../../shared/use-cases/offline-demo.ts';
import { fixedNow, shippedRules } from '../../support/rules.ts';

/**
 * The third shipped sample: a compliance checklist in the national pattern (档案检查工作办法 /
 * 检查评价标准), 30 items judged 符合/不符合/不适用. 优秀 ≥ 80% with items 3, 8, 18 and "12 and one of
 * 16 or 27" met; 良好 70–80% with item 18 met; 合格 60–70%; 不合格 below, or on any of facts F1–F3.
 */

const rs = shippedRules.require('national-checklist-sample');

/** Every item met except those listed; the N/A ones not applicable; facts answered no unless given. */
function answers(notMet: number[], na: number[] = [], facts: string[] = []) {
  const m = new Map<string, ItemInputs>();
  for (const l of rs.leaves) {
    const n = Number(l.code);
    m.set(l.code, na.includes(n) ? { na: true } : { met: !notMet.includes(n) });
  }
  for (const f of ['F1', 'F2', 'F3']) m.set(f, { veto: facts.includes(f) });
  return scoreSheet(rs, m);
}

describe('the national checklist sample', () => {
  it('has 30 compliance items in 6 categories, each with zh and en titles, 核查方式 and 见证材料', () => {
    expect(rs.leaves).toHaveLength(30);
    expect(rs.categories.map((c) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const l of rs.leaves) {
      expect(l.method?.type).toBe('compliance');
      expect(l.title).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      expect(l.verify).toBeDefined();
      expect(l.evidence).toBeDefined();
    }
    expect(rs.grading.facts?.map((f) => f.code)).toEqual(['F1', 'F2', 'F3']);
    // the items the grades require are marked ★ on the sheet
    expect(rs.leaves.filter((l) => l.key).map((l) => l.code)).toEqual(['3', '8', '12', '16', '18', '27']);
  });

  it('24 of 30 met with every key item met: exactly 80%, 优秀', () => {
    const s = answers([5, 6, 14, 20, 24, 25]);
    // 24 / 30 = 80.00% ≥ 80; 3, 8, 18 met; 12 and 16 met.
    expect(s.share).toEqual({ met: 24, applicable: 30, percent: 80 });
    expect(s.grade?.code).toBe('excellent');
  });

  it('the combination "12 and one of 16 or 27" failing caps an 82.76% result at 良好', () => {
    // not met 5, 6, 14, 16, 27; 26 N/A: 24 of 29 = 82.758…% → 82.76; 12 met but neither 16 nor 27.
    const s = answers([5, 6, 14, 16, 27], [26]);
    expect(s.share).toEqual({ met: 24, applicable: 29, percent: 82.76 });
    expect(s.grade?.code).toBe('good');
    expect(s.grade?.reasons[0]).toEqual({
      code: 'grade.requirement',
      params: { grade: 'excellent', rule: '12+(16/27)' },
    });
  });

  it('item 18 (storage protection) not met caps a 90% result at 合格', () => {
    // 27 / 30 = 90%, but 18 is required for both 优秀 and 良好 → 合格 (90 ≥ 60).
    const s = answers([5, 6, 18]);
    expect(s.share?.percent).toBe(90);
    expect(s.grade?.code).toBe('pass');
  });

  it('exactly 70% is 良好, 69.57% is 合格, 58.62% fails', () => {
    // 21 / 30 = 70 → good.
    expect(answers([1, 2, 4, 5, 6, 7, 9, 10, 13]).grade?.code).toBe('good');
    // the same with 26 N/A: 9 not met of 29 applicable, 20 / 29 = 68.965… → 68.97 → pass.
    const p = answers([1, 2, 4, 5, 6, 7, 9, 10, 13], [26]);
    expect(p.share).toEqual({ met: 20, applicable: 29, percent: 68.97 });
    expect(p.grade?.code).toBe('pass');
    // 12 not met of 29 applicable: 17 / 29 = 58.620… → 58.62 → fail.
    const f = answers([1, 2, 4, 5, 6, 7, 9, 10, 13, 14, 19, 20], [26]);
    expect(f.share?.percent).toBe(58.62);
    expect(f.grade?.code).toBe('fail');
  });

  it('an archive-safety incident (F3) fails a unit with every item met', () => {
    const s = answers([], [], ['F3']);
    expect(s.share?.percent).toBe(100);
    expect(s.grade).toMatchObject({
      code: 'fail',
      reasons: [{ code: 'grade.fact', params: { fact: 'F3' } }],
    });
  });

  it('the sheet asks for each fact below the totals; 是 on one fails the unit, a blank one is named by cell', async () => {
    const sheet = (
      edit: (facts: { input: { address: string } }[], v: Map<string, string | number>) => void,
    ) =>
      makeSample(
        rs,
        { phase: 'formal', lang: 'zh', unit: 'U01', assessor: 'A01', now: fixedNow, seed: 9, lossRate: 0 },
        (values, layout) => edit(layout.facts, values),
      );
    const incident = await sheet((facts, v) => v.set(facts[2]!.input.address, '是'));
    expect(incident.layout.facts[0]!.row).toBe(incident.layout.totalRow + 3);
    const r = await checkSheet(incident.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    expect(r.valid).toBe(true);
    expect(r.inputs!.get('F3')).toEqual({ veto: true });
    expect(r.score!.failedFacts).toEqual(['F3']);
    expect(r.score!.grade?.code).toBe('fail');
    const blank = await sheet((facts, v) => v.delete(facts[0]!.input.address));
    const b = await checkSheet(blank.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    expect(b.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.cell, i.item])).toEqual([
      ['input.fact-missing', blank.layout.facts[0]!.input.address, 'F1'],
    ]);
  });

  it('reconciled, a fact applies when every assessor recorded it', () => {
    const sheet = (assessor: string, facts: string[]) => ({
      assessor,
      uploadId: `u-${assessor}`,
      receivedAt: '2026-01-01T00:00:00Z',
      items: rs.leaves.map((l) => ({ code: l.code, score: 1, na: false })),
      failedFacts: facts,
    });
    const both = reconcile(rs, 'U01', 'formal', [sheet('A01', ['F2']), sheet('A02', ['F2'])], {
      method: 'mean',
    });
    expect(both.score.grade).toMatchObject({
      code: 'fail',
      reasons: [{ code: 'grade.fact', params: { fact: 'F2' } }],
    });
    // 30 of 30 met = 100% → excellent when only one of the two recorded the fact.
    const one = reconcile(rs, 'U01', 'formal', [sheet('A01', ['F2']), sheet('A02', [])], { method: 'mean' });
    expect(one.score.grade?.code).toBe('excellent');
  });

  it('reconciled, a compliance item is met by the majority of the panel, a tie is not met, and both go to the panel', () => {
    const sheet = (assessor: string, notMet: string[]) => ({
      assessor,
      uploadId: `u-${assessor}`,
      receivedAt: '2026-01-01T00:00:00Z',
      items: rs.leaves.map((l) => ({ code: l.code, score: notMet.includes(l.code) ? 0 : 1, na: false })),
    });
    // 3 assessors: item 5 met by 2 of 3 → met (1, not the mean 0.67); item 6 met by 1 of 3 → not met.
    const three = reconcile(
      rs,
      'U01',
      'formal',
      [sheet('A01', ['6']), sheet('A02', ['5', '6']), sheet('A03', [])],
      {
        method: 'mean',
      },
    );
    const item = (r: typeof three, code: string) => r.items.find((i) => i.code === code)!;
    expect([item(three, '5').score, item(three, '6').score]).toEqual([1, 0]);
    expect([item(three, '5').flagged, item(three, '6').flagged]).toEqual([true, true]);
    // 2 assessors split on item 5: a tie → not met; 29 of 30 = 96.67%.
    const two = reconcile(rs, 'U01', 'formal', [sheet('A01', ['5']), sheet('A02', [])], { method: 'mean' });
    expect(item(two, '5').score).toBe(0);
    expect(two.score.share).toEqual({ met: 29, applicable: 30, percent: 96.67 });
  });

  it.each(['zh', 'en'] as const)('a sample sheet in %s checks as valid', async (lang) => {
    const made = await makeSample(rs, {
      phase: 'formal',
      lang,
      unit: 'U01',
      assessor: 'A01',
      now: fixedNow,
      seed: 9,
    });
    const r = await checkSheet(made.bytes, { rules: shippedRules, fileName: 's.xlsx' });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.score!.share?.applicable).toBeGreaterThan(25);
  });

  it('runs through the offline demo: the mistyped judgement (基本符合) is refused at its cell, the rest graded', async () => {
    const { sheets } = await runOfflineDemo({
      rs,
      rules: shippedRules,
      lang: 'zh',
      units: 1,
      assessors: 2,
      now: fixedNow,
      write: () => {},
    });
    const rejected = sheets.filter((s) => !s.result.valid);
    expect(rejected.map((s) => [s.file, s.result.issues[0]?.code, s.result.issues[0]?.item])).toEqual([
      ['sheets/U01-formal-A02.xlsx', 'input.not-a-compliance', '1'],
    ]);
    for (const s of sheets.filter((x) => x.result.valid))
      expect(s.result.score!.grade, s.file).not.toBeNull();
  });
});
