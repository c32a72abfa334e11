import { describe, expect, it } from 'vitest';
import {
  checkReconciliationUpload,
  maySeeReconciliation,
} from '../../../shared/domain/reconciliation-rules.ts';
import { sampleRoster } from '../../../shared/domain/sample-roster.ts';

// The sample roster: DC01's formal panel is A01 (lead), A03, A04, A05, A06; its pre-check pair A01
// and A02 (both leads on the roster); A07 is on none of DC01's panels.
const roster = sampleRoster();
const admin = { role: 'admin' as const, ref: '' };
const as = (ref: string) => ({ role: 'assessor' as const, ref });
const unit = { role: 'unit' as const, ref: 'DC01' };
const STATES = ['pending', 'open', 'scoring-closed', 'closed'] as const;

describe('who may download a 合议表, by phase state', () => {
  it.each([
    ['admin', admin, 'formal', [true, true, true, true]],
    ['the formal lead A01', as('A01'), 'formal', [false, false, true, true]],
    ['a formal member A03', as('A03'), 'formal', [false, false, false, false]],
    ['the pre-check lead A02, on formal', as('A02'), 'formal', [false, false, false, false]],
    ['the pre-check lead A02', as('A02'), 'precheck', [false, false, true, true]],
    ['an outsider A07', as('A07'), 'formal', [false, false, false, false]],
    ['the unit itself', unit, 'formal', [false, false, false, false]],
  ] as const)('%s (%s): pending, open, scoring-closed, closed → %j', (_who, caller, phase, allowed) => {
    expect(STATES.map((s) => maySeeReconciliation(roster, 'DC01', phase, s, caller))).toEqual(allowed);
  });

  it('a lead of another unit’s panel is refused', () => {
    // DC02's formal lead is A02; A01 leads DC01, not DC02.
    expect(maySeeReconciliation(roster, 'DC02', 'formal', 'scoring-closed', as('A01'))).toBe(false);
    expect(maySeeReconciliation(roster, 'DC02', 'formal', 'scoring-closed', as('A02'))).toBe(true);
  });
});

describe('what refuses an uploaded 合议表 before its cells count', () => {
  const where = { sheet: '合议表', cell: 'A1' };
  const phases = (formal: string, precheck = 'open') => ({
    self: 'open',
    precheck,
    formal,
    spotcheck: 'open',
  });
  const codes = (...a: Parameters<typeof checkReconciliationUpload>) =>
    checkReconciliationUpload(...a).map((i) => [i.code, i.params]);

  it.each(['self', 'spotcheck'] as const)('a %s-phase sheet: that phase has no panel', (phase) => {
    expect(codes({ phase, unit: 'DC01' }, phases('scoring-closed'), roster, as('A01'), where)).toEqual([
      ['recon.phase-not-reconcilable', { phase }],
    ]);
  });

  it.each(['pending', 'open', 'closed'])(
    'the formal phase %s: only between close-scoring and close',
    (state) => {
      expect(codes({ phase: 'formal', unit: 'DC01' }, phases(state), roster, as('A01'), where)).toEqual([
        ['recon.phase-state', { phase: 'formal', state }],
      ]);
    },
  );

  it('the formal lead while scoring is closed: nothing to refuse; an admin likewise', () => {
    expect(
      codes({ phase: 'formal', unit: 'DC01' }, phases('scoring-closed'), roster, as('A01'), where),
    ).toEqual([]);
    expect(codes({ phase: 'formal', unit: 'DC01' }, phases('scoring-closed'), roster, admin, where)).toEqual(
      [],
    );
  });

  it('a panel member who is not the lead, or a unit, is refused as not the lead', () => {
    expect(
      codes({ phase: 'formal', unit: 'DC01' }, phases('scoring-closed'), roster, as('A03'), where),
    ).toEqual([['recon.not-lead', { caller: 'A03' }]]);
    expect(codes({ phase: 'formal', unit: 'DC01' }, phases('scoring-closed'), roster, unit, where)).toEqual([
      ['recon.not-lead', { caller: 'DC01' }],
    ]);
  });

  it('the pre-check lead on the pre-check sheet while its scoring is closed', () => {
    const p = phases('open', 'scoring-closed');
    expect(codes({ phase: 'precheck', unit: 'DC01' }, p, roster, as('A02'), where)).toEqual([]);
    expect(codes({ phase: 'formal', unit: 'DC01' }, p, roster, as('A02'), where)).toEqual([
      ['recon.phase-state', { phase: 'formal', state: 'open' }],
      ['recon.not-lead', { caller: 'A02' }],
    ]);
  });

  it('names the sheet and cell given', () => {
    const [issue] = checkReconciliationUpload(
      { phase: 'self', unit: 'DC01' },
      phases('open'),
      roster,
      admin,
      where,
    );
    expect(issue).toMatchObject({ sheet: '合议表', cell: 'A1', severity: 'error' });
  });
});
