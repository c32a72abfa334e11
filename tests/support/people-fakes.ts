import type { Person, PersonRole } from '../../shared/domain/people.ts';
import type { Roster } from '../../shared/domain/roster.ts';
import type { AccountInfo, SignInAccounts } from '../../shared/use-cases/accounts.ts';
import type { PhaseState, RoundRecord } from '../../shared/use-cases/ports.ts';

/** A directory person with the fields a sync reads. */
export function person(login: string, role: PersonRole, ref: string, extra: Partial<Person> = {}): Person {
  return {
    login,
    name: `${login} name`,
    role,
    ref,
    active: true,
    updatedAt: '2026-03-01T00:00:00.000Z',
    updatedBy: 'test',
    ...extra,
  };
}

/** A roster naming these units and assessors (no assignments: a sync reads only who is named). */
export const roster = (units: string[], assessors: string[]): Roster => ({
  units: units.map((code) => ({ code, name: code })),
  assessors: assessors.map((id) => ({ id, name: id, lead: false })),
  assignments: [],
});

/** A round record whose every phase is `state`. */
export function round(id: string, state: PhaseState): RoundRecord {
  return {
    round: id,
    rules: 'r',
    ruleVersion: 1,
    fingerprint: 'f',
    phases: { self: state, precheck: state, spotcheck: state, formal: state },
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'test',
  };
}

/** The part of the Store a sync reads, in memory. */
export function directoryStore(people: Person[], rounds: { record: RoundRecord; roster: Roster }[]) {
  return {
    listPeople: () => Promise.resolve(people),
    listRounds: () => Promise.resolve(rounds.map((r) => r.record)),
    getRoster: (id: string) => Promise.resolve(rounds.find((r) => r.record.round === id)?.roster),
  };
}

/** Sign-in accounts in memory; `failFor` makes every call on those logins throw. */
export class MemoryAccounts implements SignInAccounts {
  readonly kind = 'local' as const;
  readonly accounts = new Map<string, AccountInfo & { password: string; group: string }>();
  readonly calls: string[] = [];
  constructor(readonly failFor: ReadonlySet<string> = new Set()) {}

  seed(login: string, group: string, enabled: boolean, status = 'CONFIRMED'): this {
    this.accounts.set(login, { login, enabled, status, password: 'old', group });
    return this;
  }
  private fail(login: string) {
    if (this.failFor.has(login)) throw new Error(`provider down for ${login}`);
  }
  list(): Promise<AccountInfo[]> {
    return Promise.resolve(
      [...this.accounts.values()].map(({ login, enabled, status }) => ({ login, enabled, status })),
    );
  }
  create(p: Person, tempPassword: string): Promise<'created' | 'exists'> {
    this.calls.push(`create ${p.login}`);
    this.fail(p.login);
    if (this.accounts.has(p.login)) return Promise.resolve('exists');
    this.accounts.set(p.login, {
      login: p.login,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      password: tempPassword,
      group: p.role,
    });
    return Promise.resolve('created');
  }
  setEnabled(login: string, enabled: boolean): Promise<void> {
    this.calls.push(`${enabled ? 'enable' : 'disable'} ${login}`);
    this.fail(login);
    const a = this.accounts.get(login);
    if (!a) return Promise.reject(new Error(`no account ${login}`));
    a.enabled = enabled;
    return Promise.resolve();
  }
  resetPassword(login: string, tempPassword: string): Promise<void> {
    this.calls.push(`reset ${login}`);
    this.fail(login);
    const a = this.accounts.get(login);
    if (!a) return Promise.reject(new Error(`no account ${login}`));
    a.password = tempPassword;
    a.status = 'FORCE_CHANGE_PASSWORD';
    return Promise.resolve();
  }
}
