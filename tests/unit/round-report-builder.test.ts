import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Phase } from '../../shared/domain/layout.ts';
import { reconcile } from '../../shared/domain/reconcile.ts';
import type { AssessorSheet, ReconcileMethod } from '../../shared/domain/results.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { tr } from '../../shared/domain/text.ts';
import { buildRoundReport } from '../../shared/use-cases/round-report-builder.ts';
import type { RoundResults } from '../../shared/use-cases/round-results.ts';
import { municipal } from '../support/rules.ts';

type Entry = AssessorSheet['items'][number];
const IDS = ['A01', 'A02', 'A03', 'A04', 'A05'];

/** An assessor's sheet: full marks everywhere (spot-check item blank) except the edits. */
function sheet(rs: RuleSet, assessor: string, edits: Record<string, Partial<Entry>> = {}): AssessorSheet {
  return {
    assessor,
    uploadId: `up-${assessor}`,
    receivedAt: '2026-06-01T09:00:00Z',
    items: rs.leaves.map((l) => ({
      code: l.code,
      score: l.method?.type === 'spotcheck' ? null : l.maxPoints,
      na: false,
      ...edits[l.code],
    })),
  };
}

interface UnitSpec {
  code: string;
  formal: AssessorSheet[];
  precheck?: AssessorSheet[];
  reconciled?: Phase[];
}

/** A round of the municipal rules from per-unit sheets, reconciled as round-results.ts does. */
function round(rs: RuleSet, units: UnitSpec[], method: ReconcileMethod = 'trimmed-mean'): RoundResults {
  const opts = { spotcheckPercents: [100, 100] };
  return {
    round: {
      round: '2026',
      rules: rs.id,
      method,
      ruleVersion: rs.version,
      fingerprint: rs.fingerprint,
      phases: { self: 'closed', precheck: 'closed', formal: 'closed', spotcheck: 'closed' },
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: 'admin',
    },
    roster: {
      units: units.map((u) => ({ code: u.code, name: `单位${u.code}` })),
      assessors: IDS.map((id, i) => ({ id, name: `测评员${id}`, lead: i === 0 })),
      assignments: units.map((u) => ({
        unit: u.code,
        precheck: ['A01', 'A02'],
        formal: u.formal.map((s) => s.assessor),
        spotchecked: [],
        spotcheckers: [],
      })),
    },
    rs,
    units: units.map((u) => ({
      unit: u.code,
      formal: reconcile(rs, u.code, 'formal', u.formal, { method, ...opts }),
      precheck: u.precheck && reconcile(rs, u.code, 'precheck', u.precheck, { method: 'mean', ...opts }),
      spotchecks: [],
      latest: [],
      reconciled: u.reconciled ?? [],
    })),
  };
}

const build = (rr: RoundResults, lang: 'zh' | 'en' = 'zh') =>
  buildRoundReport(rr, {
    lang,
    district: 'dc',
    districtName: '东城区',
    now: new Date('2026-07-01T00:00:00Z'),
  });

describe('written feedback: strengths and losses', () => {
  const rs = municipal();

  it('an item at 1.83 of 2 is a loss (near full), not a strength as well', () => {
    // 1.3.1 is worth 2 points. Mean of 2, 2, 1.5 (three assessors) = 5.5 / 3 = 1.83.
    const sheets = [sheet(rs, 'A01'), sheet(rs, 'A02'), sheet(rs, 'A03', { '1.3.1': { score: 1.5 } })];
    const fb = build(round(rs, [{ code: 'U01', formal: sheets }])).units[0]!.feedback;
    expect(fb.losses.map((l) => [l.code, l.score, l.lost])).toEqual([['1.3.1', 1.83, 0.17]]);
    expect(fb.strengths.map((s) => s.code)).not.toContain('1.3.1');
    expect(fb.nearFull).toBe(1);
    expect(fb.lost).toBe(0.17);
    // 38 leaves, of which 4.3 (spot-check derived) is scored from the subordinates: 37 strengths.
    expect(fb.strengths.length + fb.losses.length).toBe(rs.leaves.length);
  });

  it('partition the applicable, scored items, whatever the panel scored (property)', () => {
    const leaves = rs.leaves.filter((l) => l.method?.type === 'direct');
    const edit = fc.record({
      leaf: fc.integer({ min: 0, max: leaves.length - 1 }),
      assessor: fc.integer({ min: 0, max: 2 }),
      kind: fc.constantFrom('na', 'half', 'zero', 'tenth'),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 25 }), (edits) => {
        const per = [{}, {}, {}] as Record<string, Partial<Entry>>[];
        for (const e of edits) {
          const l = leaves[e.leaf]!;
          per[e.assessor]![l.code] =
            e.kind === 'na'
              ? { na: true, score: null }
              : { score: e.kind === 'zero' ? 0 : e.kind === 'half' ? l.maxPoints - 0.5 : l.maxPoints - 0.1 };
        }
        const rr = round(rs, [{ code: 'U01', formal: per.map((p, i) => sheet(rs, IDS[i]!, p)) }]);
        const fb = build(rr).units[0]!.feedback;
        const applicable = rr.units[0]!.formal!.items.filter((i) => !i.na && !i.pending && i.score !== null);
        const strengths = fb.strengths.map((s) => s.code);
        const losses = fb.losses.map((l) => l.code);
        expect(strengths.filter((c) => losses.includes(c))).toEqual([]);
        expect([...strengths, ...losses].sort()).toEqual(applicable.map((i) => i.code).sort());
        for (const s of fb.strengths) expect(s.score).toBe(s.max);
        for (const l of fb.losses) expect(l.score).toBeLessThan(l.max);
        expect(fb.nearFull).toBe(fb.losses.filter((l) => l.score >= 0.9 * l.max).length);
      }),
      { numRuns: 200 },
    );
  });

  it('reports rectification only for items applicable in both phases, each with its title', () => {
    // 1.3.1 lost at pre-check, full at formal: fixed. 2.2.3 lost at pre-check, N/A at formal: not
    // fixed. 1.1.1 N/A at pre-check, lost at formal: not a new loss.
    const pre = [
      sheet(rs, 'A01', { '1.3.1': { score: 1 }, '2.2.3': { score: 1 }, '1.1.1': { na: true, score: null } }),
      sheet(rs, 'A02', { '1.3.1': { score: 1 }, '2.2.3': { score: 1 }, '1.1.1': { na: true, score: null } }),
    ];
    const formal = [1, 2, 3].map((k) =>
      sheet(rs, `A0${k}`, { '2.2.3': { na: true, score: null }, '1.1.1': { score: 1 } }),
    );
    const u = build(round(rs, [{ code: 'U01', formal, precheck: pre }])).units[0]!;
    expect(u.precheckVsFormal).toMatchObject({ fixed: ['1.3.1'], stillLosing: [], newLosses: [] });
    expect(u.feedback.fixedSincePrecheck).toEqual([
      { code: '1.3.1', title: tr(rs.byCode.get('1.3.1')!.title, 'zh') },
    ]);
  });
});

describe('labels of the round report', () => {
  const rs = municipal();

  it('names an N/A split as such, not as a spread over 20%, and says where reconciliation stands', () => {
    const na = { '2.2.3': { na: true, score: null } };
    const spread = { '2.1.2': { score: 1 } };
    const sheets = (extra = {}) => [
      sheet(rs, 'A01', { ...na, ...extra }),
      sheet(rs, 'A02'),
      sheet(rs, 'A03'),
      sheet(rs, 'A04', spread),
    ];
    const r = build(
      round(rs, [
        { code: 'U01', formal: sheets(), reconciled: ['formal'] },
        { code: 'U02', formal: sheets() },
      ]),
    );
    const [u1, u2] = r.units;
    expect(u1!.flagged.map((f) => [f.code, f.reasons, f.status])).toEqual([
      ['2.1.2', ['分差超过 20%'], 'computed-stands'],
      ['2.2.3', ['是否适用判断不一致(部分测评员标为不适用)'], 'computed-stands'],
    ]);
    expect(u2!.flagged.map((f) => f.status)).toEqual(['not-reconciled', 'not-reconciled']);
  });

  it('says the reconciliation method for the whole round: who was trimmed, who fell back to the mean', () => {
    const five = IDS.map((id) => sheet(rs, id));
    const four = IDS.slice(0, 4).map((id) => sheet(rs, id));
    const r = build(
      round(rs, [
        { code: 'U01', formal: five },
        { code: 'U02', formal: four },
        { code: 'U03', formal: four },
      ]),
    );
    expect(r.method).toBe(
      '去掉一个最高分和一个最低分后平均(1 个单位有至少 5 名测评员,按此方法合议;2 个单位测评员少于 5 名,改用算术平均:U02、U03)',
    );
    expect(r.method).not.toContain('本单位');
  });

  it('counts for alpha only the (unit, item) pairs that can contribute, leaving out spot-check items', () => {
    // Two units × 38 leaves; 4.3 is spot-check derived (2 pairs out); U02's 2.2.3 has one score
    // (two of three assessors marked it N/A: the item is N/A, out). 76 − 2 − 1 = 73.
    const twoNa = { '2.2.3': { na: true, score: null } };
    const r = build(
      round(rs, [
        {
          code: 'U01',
          formal: [sheet(rs, 'A01'), sheet(rs, 'A02', { '1.3.1': { score: 1 } }), sheet(rs, 'A03')],
        },
        { code: 'U02', formal: [sheet(rs, 'A01', twoNa), sheet(rs, 'A02', twoNa), sheet(rs, 'A03')] },
      ]),
    );
    expect(r.agreement.units).toBe(73);
  });

  it('gives ICC(2,1) and ICC(3,1) per panel and pooled, from the Shrout & Fleiss table', () => {
    // Six items of 10 "points" each would be the published table; here six leaves scored as the
    // table's ratings × points/10 (shares of points equal ratings/10, and ICC ignores the scale),
    // every other leaf N/A for everyone. Published: ICC(2,1) = 0.2898, ICC(3,1) = 0.7148.
    const table = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const six = rs.leaves.filter((l) => l.method?.type === 'direct').slice(0, 6);
    const sheets = IDS.slice(0, 4).map((id, j) =>
      sheet(
        rs,
        id,
        Object.fromEntries(
          rs.leaves.map((l) => {
            const k = six.indexOf(l);
            return [
              l.code,
              k < 0 ? { na: true, score: null } : { score: (table[k]![j]! * l.maxPoints) / 10 },
            ];
          }),
        ),
      ),
    );
    const r = build(round(rs, [{ code: 'U01', formal: sheets }], 'mean'));
    const p = r.icc.panels[0]!;
    expect(p).toMatchObject({ unit: 'U01', assessors: ['A01', 'A02', 'A03', 'A04'], items: 6 });
    expect(p.icc21).toBeCloseTo(0.2898, 4);
    expect(p.icc31).toBeCloseTo(0.7148, 4);
    expect(r.icc.round).toMatchObject({ panels: 1, items: 6 });
    expect(r.icc.round.icc21).toBeCloseTo(0.2898, 4);
  });
});
