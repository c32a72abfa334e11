import { describe, expect, it } from 'vitest';
import { message } from '../../../shared/domain/messages.ts';
import { reconcile } from '../../../shared/domain/reconcile.ts';
import { tr } from '../../../shared/domain/text.ts';
import type { AssessorSheet, ReconcileOptions, VetoDecision } from '../../../shared/domain/results.ts';
import { municipal } from '../../support/rules.ts';

/**
 * Issue 13, defect 1: in a formal round one assessor of four answered the veto condition of 2.5.3
 * (未发生档案丢失、泄密等安全事故, 2 points, “发生档案安全事故”) yes and scored it 0; the others answered
 * no and gave 2. The panel lead agreed 0 with the reason “确认发生安全事故”, and the unit was still 优秀.
 *
 * Worked by hand on municipal-sample (scale 100; 优秀 needs total ≥ 90, every category ≥ 85% and
 * every key item full; the fallback grade is 不合格): every item at full marks except 2.5.3, the
 * spot-check item 4.3 at 100% of 3 points. With 2.5.3 agreed at 0 the raw score is 100 − 2 = 98 of
 * 100 applicable points, total 98; category 2 has 45 − 2 = 43 of 45 = 95.6% ≥ 85%; the key items
 * 1.2.2, 1.4.1 and 2.4.2 are full. So the scores alone earn 优秀 (excellent) at 98; a confirmed veto
 * must make it 不合格 (fail) at the same total.
 */

const ASSESSORS = ['A01', 'A03', 'A04', 'A05'];

function sheetOf(assessor: string): AssessorSheet {
  const rs = municipal();
  const incident = assessor === 'A03';
  return {
    assessor,
    uploadId: `up-${assessor}`,
    receivedAt: '2026-05-01T09:00:00Z',
    items: rs.leaves.map((l) => ({
      code: l.code,
      score: l.method?.type === 'spotcheck' ? null : l.code === '2.5.3' && incident ? 0 : l.maxPoints,
      na: false,
      vetoed: l.veto ? l.code === '2.5.3' && incident : undefined,
    })),
  };
}

const agreedZero = new Map([['2.5.3', { score: 0, reason: '确认发生安全事故', by: 'A01' }]]);

function formal(opts: Partial<ReconcileOptions> = {}) {
  const r = reconcile(municipal(), 'DC07', 'formal', ASSESSORS.map(sheetOf), {
    method: 'trimmed-mean', // four assessors: the mean
    spotcheckPercents: [100, 100],
    agreed: agreedZero,
    ...opts,
  });
  return { r, item: r.items.find((i) => i.code === '2.5.3')! };
}

const decided = (verdict: VetoDecision['verdict'], reason: string) =>
  new Map([['2.5.3', { verdict, reason, by: 'A01' }]]);

describe('a veto one assessor answered yes (issue 13, defect 1)', () => {
  it('is flagged as a veto disagreement and counted: 1 of 4 answered yes', () => {
    const { item } = formal();
    expect(item.flagReasons).toContain('veto-disagreement');
    expect(item.vetoYes).toBe(1);
    expect(item.assessorScores.filter((s) => s.veto).map((s) => s.assessor)).toEqual(['A03']);
  });

  it('is pending until the panel decides: no grade, neither 优秀 nor 不合格 (today: 优秀)', () => {
    const { r, item } = formal();
    expect(item).toMatchObject({ score: 0, vetoed: false, vetoPending: true });
    expect(r.score.total).toBe(98);
    expect(r.score.vetoPending).toEqual(['2.5.3']);
    expect(r.score.complete).toBe(false);
    expect(r.score.grade).toBeNull();
  });

  it('confirmed by the panel, fails the unit whatever its total of 98, and says why with the panel’s reason', () => {
    const { r, item } = formal({ vetoDecisions: decided('confirm', '确认发生安全事故') });
    expect(item).toMatchObject({ vetoed: true, vetoPending: false });
    expect(item.vetoDecision).toEqual({ verdict: 'confirm', reason: '确认发生安全事故', by: 'A01' });
    expect(r.score.total).toBe(98);
    expect(r.score).toMatchObject({ vetoed: true, vetoItems: ['2.5.3'], vetoPending: [], complete: true });
    expect(r.score.grade?.code).toBe('fail');
    expect(tr(r.score.grade!.label, 'zh')).toBe('不合格');
    expect(r.score.grade?.passes).toBe(false);
    expect(r.score.grade?.reasons).toEqual([
      { code: 'grade.veto-confirmed', params: { item: '2.5.3', reason: '确认发生安全事故' } },
    ]);
    expect(message('grade.veto-confirmed', r.score.grade!.reasons[0]!.params, 'zh')).toBe(
      '2.5.3 一票否决经合议确认:确认发生安全事故',
    );
  });

  it('overturned by the panel with a reason, leaves the grade to the scores: 优秀 at 98, the decision named', () => {
    const reason = '经现场核查,未发生安全事故';
    const { r, item } = formal({ vetoDecisions: decided('overturn', reason) });
    expect(item).toMatchObject({ vetoed: false, vetoPending: false });
    expect(r.score.total).toBe(98);
    expect(r.score.grade?.code).toBe('excellent');
    expect(tr(r.score.grade!.label, 'zh')).toBe('优秀');
    expect(r.score.grade?.reasons[0]).toEqual({
      code: 'grade.veto-overturned',
      params: { item: '2.5.3', reason },
    });
    expect(r.score.grade?.reasons.map((x) => x.code)).toEqual(['grade.veto-overturned', 'grade.reached']);
  });

  it('a decision on an item nobody answered yes on changes nothing', () => {
    const sheets = ASSESSORS.map((a) => ({
      ...sheetOf(a),
      items: sheetOf(a).items.map((i) => (i.code === '2.5.3' ? { ...i, score: 2, vetoed: false } : i)),
    }));
    const r = reconcile(municipal(), 'DC07', 'formal', sheets, {
      method: 'mean',
      spotcheckPercents: [100, 100],
      vetoDecisions: decided('confirm', '误填'),
    });
    const item = r.items.find((i) => i.code === '2.5.3')!;
    expect(item).toMatchObject({
      flagged: false,
      vetoed: false,
      vetoPending: false,
      vetoDecision: undefined,
    });
    expect(r.score.total).toBe(100);
    expect(r.score.grade?.code).toBe('excellent');
  });

  it('one yes against assessors who marked the item N/A is still a disagreement for the panel, never dropped', () => {
    const sheets = ASSESSORS.map((a) => ({
      ...sheetOf(a),
      items: sheetOf(a).items.map((i) =>
        i.code === '2.5.3' && a !== 'A03' ? { ...i, na: true, score: null, vetoed: false } : i,
      ),
    }));
    const r = reconcile(municipal(), 'DC07', 'formal', sheets, {
      method: 'mean',
      spotcheckPercents: [100, 100],
    });
    const item = r.items.find((i) => i.code === '2.5.3')!;
    expect(item.flagReasons).toContain('veto-disagreement');
    expect(item).toMatchObject({ na: true, vetoPending: true });
    expect(r.score.grade).toBeNull();
  });
});
