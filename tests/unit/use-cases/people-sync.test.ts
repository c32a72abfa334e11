import { describe, expect, it } from 'vitest';
import { syncPeople, UnknownRound } from '../../../shared/use-cases/people-sync.ts';
import {
  PASSWORD_DIGITS,
  PASSWORD_LOWER,
  PASSWORD_SYMBOLS,
  PASSWORD_UPPER,
  tempPassword,
} from '../../../shared/use-cases/temp-password.ts';
import { directoryStore, MemoryAccounts, person, roster, round } from '../../support/people-fakes.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');

/** A fresh password source giving pw-1, pw-2, ... */
const passwords = () => {
  let n = 0;
  return () => `pw-${++n}`;
};

/**
 * The district: R1 (open) names DC01, DC02, A01, A02; R0 (all closed) names DC09; R2 (open) names DC05.
 */
function district() {
  const people = [
    person('dc01', 'unit', 'DC01'), // in R1, no account: created
    person('dc02', 'unit', 'DC02', { active: false }), // in R1 but disabled in the directory: account disabled
    person('a01', 'assessor', 'A01'), // in R1, signed in already: existing
    person('a02', 'assessor', 'A02'), // in R1, account disabled: existing and enabled
    person('dc09', 'unit', 'DC09'), // only in the closed R0: account disabled
    person('dc05', 'unit', 'DC05'), // only in the open R2, account disabled: enabled (kept)
    person('dc05b', 'unit', 'DC05'), // in R2 without an account: not created by a sync of R1
    person('boss', 'admin', ''), // an admin: never touched
    person('dc03', 'unit', 'DC03'), // in no round, no account: nothing
  ];
  const store = directoryStore(people, [
    { record: round('R1', 'open'), roster: roster(['DC01', 'DC02'], ['A01', 'A02']) },
    { record: round('R0', 'closed'), roster: roster(['DC09'], ['A09']) },
    { record: round('R2', 'pending'), roster: roster(['DC05'], []) },
  ]);
  const accounts = new MemoryAccounts()
    .seed('dc02', 'unit', true)
    .seed('a01', 'assessor', true)
    .seed('a02', 'assessor', false)
    .seed('dc09', 'unit', true)
    .seed('dc05', 'unit', false)
    .seed('boss', 'admin', true);
  return { store, accounts };
}

describe('people sync', () => {
  it('creates the missing accounts of the round, enables the kept ones and disables the rest', async () => {
    const { store, accounts } = district();
    const r = await syncPeople({
      store,
      accounts,
      round: 'R1',
      now: () => NOW,
      by: 'admin-1',
      password: passwords(),
    });
    expect(r).toEqual({
      round: 'R1',
      at: '2026-03-02T08:00:00.000Z',
      by: 'admin-1',
      created: [{ login: 'dc01', name: 'dc01 name', role: 'unit', ref: 'DC01', tempPassword: 'pw-1' }],
      existing: ['a01', 'a02'],
      enabled: ['a02', 'dc05'],
      disabled: ['dc02', 'dc09'],
      failed: [],
    });
    expect(accounts.accounts.get('dc01')).toMatchObject({ password: 'pw-1', group: 'unit', enabled: true });
    expect(accounts.accounts.get('boss')?.enabled).toBe(true);
    expect(accounts.accounts.has('dc05b')).toBe(false);
    expect(accounts.accounts.has('dc03')).toBe(false);
  });

  it('changes nothing the second time', async () => {
    const { store, accounts } = district();
    await syncPeople({ store, accounts, round: 'R1', now: () => NOW, by: 'a', password: passwords() });
    accounts.calls.length = 0;
    const again = await syncPeople({
      store,
      accounts,
      round: 'R1',
      now: () => NOW,
      by: 'a',
      password: passwords(),
    });
    expect(again.created).toEqual([]);
    // dc01 waits for its first sign-in: created again (nothing changes, its group is made sure of).
    expect(again.existing).toEqual(['a01', 'a02', 'dc01']);
    expect([again.enabled, again.disabled, again.failed]).toEqual([[], [], []]);
    expect(accounts.calls).toEqual(['create dc01']);
  });

  it('reports an account whose provider call fails and goes on with the others', async () => {
    const { store } = district();
    const accounts = new MemoryAccounts(new Set(['dc01', 'dc09']))
      .seed('a02', 'assessor', false)
      .seed('dc09', 'unit', true);
    const r = await syncPeople({
      store,
      accounts,
      round: 'R1',
      now: () => NOW,
      by: 'a',
      password: passwords(),
    });
    expect(r.failed).toEqual([
      { login: 'dc01', error: 'provider down for dc01' },
      { login: 'dc09', error: 'provider down for dc09' },
    ]);
    // a01 has no account in this provider: created with the next password.
    expect(r.created.map((c) => [c.login, c.tempPassword])).toEqual([['a01', 'pw-2']]);
    expect(r.enabled).toEqual(['a02']);
  });

  it('lists created accounts units first, then assessors, each by code', async () => {
    const people = [
      person('z-a02', 'assessor', 'A02'),
      person('y-dc02', 'unit', 'DC02'),
      person('x-a01', 'assessor', 'A01'),
      person('w-dc01', 'unit', 'DC01'),
    ];
    const store = directoryStore(people, [
      { record: round('R1', 'open'), roster: roster(['DC01', 'DC02'], ['A01', 'A02']) },
    ]);
    const r = await syncPeople({
      store,
      accounts: new MemoryAccounts(),
      round: 'R1',
      now: () => NOW,
      by: 'a',
      password: passwords(),
    });
    expect(r.created.map((c) => c.login)).toEqual(['w-dc01', 'y-dc02', 'x-a01', 'z-a02']);
  });

  it('refuses a round without a roster', async () => {
    const { store, accounts } = district();
    await expect(
      syncPeople({ store, accounts, round: 'R9', now: () => NOW, by: 'a', password: passwords() }),
    ).rejects.toBeInstanceOf(UnknownRound);
    expect(accounts.calls).toEqual([]);
  });
});

describe('temporary passwords', () => {
  it('are 12 characters with an upper, a lower, a digit and a symbol, a letter first, and no look-alikes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = tempPassword();
      expect(p).toHaveLength(12);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[2-9]/);
      expect(p).toMatch(/[#%+=@]/);
      expect(p).not.toMatch(/[0Oo1lI]/);
      expect(p[0]).toMatch(/[A-Za-z]/);
      for (const c of p)
        expect(PASSWORD_UPPER + PASSWORD_LOWER + PASSWORD_DIGITS + PASSWORD_SYMBOLS).toContain(c);
      seen.add(p);
    }
    expect(seen.size).toBe(2000);
  });
});
