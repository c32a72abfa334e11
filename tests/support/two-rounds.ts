/**
 * A round of the municipal rules (2026) with a pre-check and a formal result for U01 and a formal
 * result only for U02, U01's formal result in an earlier round (2025), and U01's own rectification
 * claims: the worked example of the rectification and year-over-year tests. Every figure below is
 * worked by hand in the comments (municipal items' points: 1.3.1 = 2, 2.1.2 = 3, 2.2.2 = 3,
 * 3.1.1 = 3, 3.2.1 = 5, 1.1.1 = 2; categories 25 + 45 + 20 + 10 = 100 = the scale, so a total is
 * 100 less the points lost when every item applies).
 */
import { reconcile } from '../../shared/domain/reconcile.ts';
import type { AssessorSheet } from '../../shared/domain/results.ts';
import type { RectClaim } from '../../shared/domain/round-report.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import type { PreviousResult } from '../../shared/use-cases/previous-round.ts';
import { buildRoundReport } from '../../shared/use-cases/round-report-builder.ts';
import type { RoundResults } from '../../shared/use-cases/round-results.ts';
import { municipal } from './rules.ts';

type Edits = Record<string, number>;

/** Three identical sheets: full marks except the edited scores. */
function sheets(rs: RuleSet, edits: Edits): AssessorSheet[] {
  return ['A01', 'A02', 'A03'].map((assessor) => ({
    assessor,
    uploadId: `up-${assessor}`,
    receivedAt: '2026-06-01T09:00:00Z',
    items: rs.leaves.map((l) => ({ code: l.code, score: edits[l.code] ?? l.maxPoints, na: false })),
  }));
}

const opts = { method: 'mean' as const, spotcheckPercents: [100, 100] };

/**
 * U01 pre-check: 1.3.1 = 1, 2.1.2 = 1, 2.2.2 = 2 → total 96.
 * U01 formal: 2.1.2 = 2, 2.2.2 = 2, 3.1.1 = 2 → total 97, 优秀 (every category ≥ 85%).
 *   1.3.1 fixed (1 → 2 of 2), 2.1.2 partly (1 → 2 of 3), 2.2.2 not (2 → 2 of 3), 3.1.1 new (3 → 2).
 * U02 formal only: 1.1.1 = 1 → 99.
 * U01 in 2025: 1.3.1 = 1, 2.2.2 = 1, 2.1.1 = 4, 3.2.1 = 0 → 90, 合格 (category 3 at 15/20 < 85%).
 *   Change +7; categories 24 → 25 (+1), 41 → 43 (+2), 15 → 19 (+4), 10 → 10 (0); recurring 2.2.2.
 */
export function twoRounds(previousRubric?: { id: string; version: number }) {
  const rs = municipal();
  const rr: RoundResults = {
    round: {
      round: '2026',
      rules: rs.id,
      method: 'mean',
      ruleVersion: rs.version,
      fingerprint: rs.fingerprint,
      phases: { self: 'closed', precheck: 'closed', formal: 'closed', spotcheck: 'closed' },
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: 'admin',
    },
    roster: {
      units: [
        { code: 'U01', name: '单位U01' },
        { code: 'U02', name: '单位U02' },
      ],
      assessors: ['A01', 'A02', 'A03'].map((id, i) => ({ id, name: `测评员${id}`, lead: i === 0 })),
      assignments: ['U01', 'U02'].map((unit) => ({
        unit,
        precheck: ['A01', 'A02'],
        formal: ['A01', 'A02', 'A03'],
        spotchecked: [],
        spotcheckers: [],
      })),
    },
    rs,
    units: [
      {
        unit: 'U01',
        precheck: reconcile(rs, 'U01', 'precheck', sheets(rs, { '1.3.1': 1, '2.1.2': 1, '2.2.2': 2 }), opts),
        formal: reconcile(rs, 'U01', 'formal', sheets(rs, { '2.1.2': 2, '2.2.2': 2, '3.1.1': 2 }), opts),
        spotchecks: [],
        latest: [],
        reconciled: [],
      },
      {
        unit: 'U02',
        formal: reconcile(rs, 'U02', 'formal', sheets(rs, { '1.1.1': 1 }), opts),
        spotchecks: [],
        latest: [],
        reconciled: [],
      },
    ],
  };
  const before = reconcile(
    rs,
    'U01',
    'formal',
    sheets(rs, { '1.3.1': 1, '2.2.2': 1, '2.1.1': 4, '3.2.1': 0 }),
    opts,
  );
  const previous = new Map<string, PreviousResult>([
    [
      'U01',
      {
        round: '2025',
        rules: previousRubric?.id ?? rs.id,
        ruleVersion: previousRubric?.version ?? rs.version,
        result: before,
      },
    ],
  ]);
  const claims = new Map([
    [
      'U01',
      new Map<string, RectClaim>([
        ['1.3.1', 'fixed'],
        ['2.1.2', 'fixed'],
      ]),
    ],
  ]);
  return { rs, rr, previous, claims };
}

/** The report of `twoRounds` in a language. */
export function twoRoundsReport(lang: 'zh' | 'en', previousRubric?: { id: string; version: number }) {
  const { rr, previous, claims } = twoRounds(previousRubric);
  return buildRoundReport(rr, {
    lang,
    district: 'dc',
    districtName: '东城区',
    now: new Date('2026-07-01T00:00:00Z'),
    previous,
    claims,
  });
}
