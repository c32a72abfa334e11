import { describe, expect, it } from 'vitest';
import { reconcile } from '../../shared/domain/reconcile.ts';
import type { Roster } from '../../shared/domain/roster.ts';
import type { RoundRecord, Store, Submission } from '../../shared/use-cases/ports.ts';
import { previousResults } from '../../shared/use-cases/previous-round.ts';
import { municipal, shippedRubrics } from '../support/rules.ts';
import { twoRoundsReport } from '../support/two-rounds.ts';

describe('the round report: rectification checked and the last round (figures in tests/support/two-rounds.ts)', () => {
  const report = twoRoundsReport('zh');
  const u01 = report.units.find((u) => u.code === 'U01')!;
  const u02 = report.units.find((u) => u.code === 'U02')!;

  it('classifies U01’s pre-check losses and carries its claims', () => {
    expect(u01.precheckVsFormal).toMatchObject({
      fixed: ['1.3.1'],
      partlyFixed: ['2.1.2'],
      stillLosing: ['2.2.2'],
      newLosses: ['3.1.1'],
      totalDelta: 1, // 97 − 96
    });
    expect(u01.precheckVsFormal!.items.map((i) => [i.code, i.verdict, i.claimed])).toEqual([
      ['1.3.1', 'fixed', 'fixed'],
      ['2.1.2', 'partly', 'fixed'],
      ['2.2.2', 'not', undefined],
      ['3.1.1', 'new', undefined],
    ]);
    expect(u02.precheckVsFormal).toBeUndefined();
  });

  it('counts the district’s items over the units with both phases (U01 only)', () => {
    expect(report.rectification).toEqual({ units: 1, fixed: 1, partly: 1, not: 1, new: 1 });
  });

  it('compares U01 with 2025: total, grades with labels, categories, recurring problems', () => {
    expect(u01.previous).toEqual({
      previousRound: '2025',
      comparable: true,
      notes: [],
      previousTotal: 90,
      total: 97,
      totalDelta: 7,
      previousGrade: 'pass',
      grade: 'excellent',
      previousGradeLabel: '合格',
      gradeLabel: '优秀',
      categoryDeltas: [
        { code: '1', previous: 24, current: 25, delta: 1 },
        { code: '2', previous: 41, current: 43, delta: 2 },
        { code: '3', previous: 15, current: 19, delta: 4 },
        { code: '4', previous: 10, current: 10, delta: 0 },
      ],
      recurring: ['2.2.2'],
      unmatched: 0,
    });
    expect(u02.previous).toBeUndefined();
  });

  it('gives the feedback model the classified items and the comparison, with titles', () => {
    expect(u01.feedback.rectification!.map((r) => [r.code, r.title, r.pre, r.formal, r.verdict])).toEqual([
      ['1.3.1', '配备专职档案人员且相对稳定', 1, 2, 'fixed'],
      ['2.1.2', '次年6月底前完成上年度归档', 1, 2, 'partly'],
      ['2.2.2', '会计、基建等专门档案整理规范', 2, 2, 'not'],
      ['3.1.1', '利用登记完整', 3, 2, 'new'],
    ]);
    expect(u01.feedback.fixedSincePrecheck.map((f) => f.code)).toEqual(['1.3.1']);
    expect(u01.feedback.previous!.recurringItems).toEqual([
      { code: '2.2.2', title: '会计、基建等专门档案整理规范' },
    ]);
    expect(u01.feedback.previous!.categories[2]).toEqual({ code: '3', title: '信息开发利用', delta: 4 });
    expect(u02.feedback.rectification).toBeUndefined();
    expect(u02.feedback.previous).toBeUndefined();
  });

  it('says another version of the rubric, and another rubric, apart', () => {
    const rs = municipal();
    const version = twoRoundsReport('zh', { id: rs.id, version: rs.version + 1 }).units[0]!.previous!;
    expect(version).toMatchObject({ comparable: true, notes: ['version-changed'], recurring: ['2.2.2'] });
    const other = twoRoundsReport('zh', { id: 'dongcheng-sample', version: 1 }).units[0]!.previous!;
    expect(other).toMatchObject({ comparable: false, notes: ['rubric-changed'], recurring: ['2.2.2'] });
  });
});

describe('finding each unit’s last earlier round', () => {
  const rs = municipal();
  const roster = (units: string[]): Roster => ({
    units: units.map((code) => ({ code, name: code })),
    assessors: [{ id: 'A01', name: 'A01', lead: true }],
    assignments: units.map((unit) => ({
      unit,
      precheck: [],
      formal: ['A01'],
      spotchecked: [],
      spotcheckers: [],
    })),
  });
  const rec = (round: string, createdAt: string, o: Partial<RoundRecord> = {}): RoundRecord => ({
    round,
    rules: rs.id,
    ruleVersion: rs.version,
    fingerprint: rs.fingerprint,
    method: 'mean',
    phases: { self: 'closed', precheck: 'closed', formal: 'closed', spotcheck: 'closed' },
    createdAt,
    createdBy: 'admin',
    ...o,
  });
  /** A formal sheet of A01 for a unit: full marks but 1.3.1 at `score` (tells the rounds apart). */
  const formal = (round: string, unit: string, score: number): Submission =>
    ({
      round,
      phase: 'formal',
      unit,
      assessor: 'A01',
      uploadId: `${round}-${unit}`,
      receivedAt: `${round}-06-01T00:00:00Z`,
      failedFacts: [],
      items: rs.leaves.map((l) => ({
        code: l.code,
        score: l.code === '1.3.1' ? score : l.maxPoints,
        na: false,
        inputs: {},
      })),
    }) as unknown as Submission;

  const current = rec('2026', '2026-01-10T00:00:00Z');
  const rounds: { record: RoundRecord; roster: Roster; subs: Submission[] }[] = [
    // Newest first, as the store lists them. A later round and a calibration are never "earlier".
    {
      record: rec('2027', '2027-01-10T00:00:00Z'),
      roster: roster(['U01']),
      subs: [formal('2027', 'U01', 0)],
    },
    { record: current, roster: roster(['U01', 'U02', 'U03']), subs: [] },
    {
      record: rec('cal', '2025-12-01T00:00:00Z', { kind: 'calibration' }),
      roster: roster(['U01']),
      subs: [formal('cal', 'U01', 0)],
    },
    // 2025: U01 has a formal result; U02 is on the roster without one; U03 is not on it.
    {
      record: rec('2025', '2025-01-10T00:00:00Z'),
      roster: roster(['U01', 'U02']),
      subs: [formal('2025', 'U01', 1.5)],
    },
    // 2024b: its rubric version is gone — passed over.
    {
      record: rec('2024b', '2024-06-10T00:00:00Z', { ruleVersion: 99 }),
      roster: roster(['U02']),
      subs: [formal('2024b', 'U02', 0)],
    },
    // 2024: U01 and U02 have formal results, its formal phase is not closed.
    {
      record: rec('2024', '2024-01-10T00:00:00Z', {
        phases: { self: 'closed', precheck: 'closed', formal: 'open', spotcheck: 'closed' },
      }),
      roster: roster(['U01', 'U02']),
      subs: [formal('2024', 'U01', 1), formal('2024', 'U02', 0.5)],
    },
    {
      record: rec('2023', '2023-01-10T00:00:00Z'),
      roster: roster(['U02']),
      subs: [formal('2023', 'U02', 1)],
    },
  ];
  const store = () => {
    const reads: string[] = [];
    const s = {
      listRounds: async () => rounds.map((r) => r.record),
      getRound: async (id: string) => rounds.find((r) => r.record.round === id)?.record,
      getRoster: async (id: string) => rounds.find((r) => r.record.round === id)?.roster,
      unitRecords: async (id: string, unit: string) => {
        reads.push(`${id}/${unit}`);
        const subs = rounds.find((r) => r.record.round === id)!.subs.filter((x) => x.unit === unit);
        return { submissions: subs, agreed: [] };
      },
    } as unknown as Store;
    return { s, reads };
  };
  const score = (r: { result: { items: { code: string; score: number | null }[] } } | undefined) =>
    r?.result.items.find((i) => i.code === '1.3.1')?.score;

  it('takes the most recent earlier assessment round with a formal result for each unit', async () => {
    const { s, reads } = store();
    const found = await previousResults(current, ['U01', 'U02', 'U03'], {
      store: s,
      rubrics: shippedRubrics,
    });
    expect(found.get('U01')).toMatchObject({ round: '2025', rules: rs.id, ruleVersion: rs.version });
    expect(score(found.get('U01'))).toBe(1.5);
    // U02: none in 2025, 2024b cannot be computed, so 2024 (its formal phase is still open).
    expect(found.get('U02')?.round).toBe('2024');
    expect(score(found.get('U02'))).toBe(0.5);
    expect(found.has('U03')).toBe(false);
    // Each earlier round read once, only for the units still without a result; never 2027 or cal.
    // (2023 holds only U02, found by then: nothing of it is read.)
    expect(reads).toEqual(['2025/U01', '2025/U02', '2024/U02']);
  });

  it('for a unit, looks only at rounds whose formal phase is closed', async () => {
    const { s } = store();
    const found = await previousResults(
      current,
      ['U02'],
      { store: s, rubrics: shippedRubrics },
      { formalClosed: true },
    );
    expect(found.get('U02')?.round).toBe('2023');
  });

  it('reads nothing when no unit has a formal result this round', async () => {
    const { s, reads } = store();
    expect((await previousResults(current, [], { store: s, rubrics: shippedRubrics })).size).toBe(0);
    expect(reads).toEqual([]);
  });

  it('reconciles the earlier result as roundResults does (the same machinery)', async () => {
    const { s } = store();
    const found = await previousResults(current, ['U01'], { store: s, rubrics: shippedRubrics });
    const direct = reconcile(
      rs,
      'U01',
      'formal',
      [
        {
          assessor: 'A01',
          uploadId: '2025-U01',
          receivedAt: '2025-06-01T00:00:00Z',
          items: rs.leaves.map((l) => ({
            code: l.code,
            score: l.code === '1.3.1' ? 1.5 : l.maxPoints,
            na: false,
          })),
        },
      ],
      { method: 'mean' },
    );
    expect(found.get('U01')!.result.score.total).toBe(direct.score.total);
    // 100 less 0.5 on 1.3.1 and the 3 points of 4.3, pending without spot-checks (0 until known).
    expect(found.get('U01')!.result.score.total).toBe(96.5);
  });
});
