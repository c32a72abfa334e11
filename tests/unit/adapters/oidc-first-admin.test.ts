import { describe, expect, it } from 'vitest';
import { DirectoryCallers, type Claims, type PeopleAccess } from '../../../shared/adapters/claims.ts';
import type { Person } from '../../../shared/domain/people.ts';
import { ApiError } from '../../../shared/use-cases/api/errors.ts';

/**
 * docs/security.md, "People and sign-in", the first admin of an OpenID Connect district: a token that
 * binds nobody becomes a new admin (sign-in name = the e-mail) only when the directory has no admin at
 * all and the token's verified `email` is CEPIN_ADMIN_EMAIL; otherwise 403 api.person-unknown as
 * before. Expected values are worked out from that rule.
 */
const ISSUER = 'https://id.chaoyang.example.gov.cn';
const ADMIN_EMAIL = 'Archives.Admin@chaoyang.example.gov.cn';
const clock = new Date('2026-03-01T08:00:00Z');

const person = (login: string, over: Partial<Person> = {}): Person => ({
  login,
  name: `name of ${login}`,
  role: 'unit',
  ref: login.toUpperCase(),
  active: true,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'admin',
  ...over,
});

/** The directory in memory, with the store's rules for binding and a plain put. */
class Directory implements Required<PeopleAccess> {
  puts: Person[] = [];
  constructor(readonly people: Person[]) {}
  async listPeople() {
    return this.people.map((p) => ({ ...p }));
  }
  async personBySubject(issuer: string, subject: string) {
    const p = this.people.find((x) => x.bound?.issuer === issuer && x.bound.subject === subject);
    return p && { ...p };
  }
  async putPerson(p: Person) {
    this.puts.push({ ...p });
    const i = this.people.findIndex((x) => x.login === p.login);
    if (i >= 0) this.people[i] = { ...p };
    else this.people.push({ ...p });
  }
  async bindPerson(login: string, issuer: string, subject: string, at: string) {
    const p = this.people.find((x) => x.login === login);
    const held = this.people.some((x) => x.bound?.issuer === issuer && x.bound.subject === subject);
    if (!p || p.bound || !p.active || held) return 'taken' as const;
    p.bound = { issuer, subject, at };
    return 'bound' as const;
  }
}

const callers = (dir: PeopleAccess, adminEmail: string | null = ADMIN_EMAIL) =>
  new DirectoryCallers(
    dir,
    { issuer: ISSUER, bindBy: 'phone_number', ttlMs: 60_000, adminEmail: adminEmail ?? undefined },
    'chaoyang',
    () => clock,
  );
const token = (over: Claims): Claims => ({
  iss: ISSUER,
  sub: 'first',
  name: '档案局 管理员',
  email: ' archives.admin@CHAOYANG.example.gov.cn ',
  email_verified: 'true',
  ...over,
});

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { status: (e as ApiError).status, code: (e as ApiError).code };
  }
  throw new Error('not refused');
}

describe('the first admin of an OpenID Connect district (CEPIN_ADMIN_EMAIL)', () => {
  it('makes the verified admin e-mail the first admin, bound to its subject, when no admin exists', async () => {
    const dir = new Directory([person('cy01', { phone: '13800000001' })]);
    const caller = await callers(dir).caller(token({}));
    expect(caller).toEqual({ sub: 'first', role: 'admin', ref: '', district: 'chaoyang' });
    expect(dir.people.find((p) => p.role === 'admin')).toEqual({
      login: 'archives.admin@chaoyang.example.gov.cn',
      name: '档案局 管理员',
      role: 'admin',
      ref: '',
      email: 'archives.admin@chaoyang.example.gov.cn',
      active: true,
      bound: { issuer: ISSUER, subject: 'first', at: '2026-03-01T08:00:00.000Z' },
      updatedAt: '2026-03-01T08:00:00.000Z',
      updatedBy: 'first-admin',
    });
  });

  it('takes a boolean email_verified too, and names the admin by the e-mail when the token has no name', async () => {
    const dir = new Directory([]);
    await callers(dir).caller(token({ name: undefined, email_verified: true }));
    expect(dir.puts.map((p) => [p.login, p.name])).toEqual([
      ['archives.admin@chaoyang.example.gov.cn', 'archives.admin@chaoyang.example.gov.cn'],
    ]);
  });

  it('keeps refusing as unknown once any admin exists, even a disabled one', async () => {
    for (const admin of [
      person('boss', { role: 'admin', ref: '' }),
      person('old', { role: 'admin', ref: '', active: false }),
    ]) {
      const dir = new Directory([admin]);
      expect(await refusal(callers(dir).caller(token({})))).toEqual({
        status: 403,
        code: 'api.person-unknown',
      });
      expect(dir.puts).toEqual([]);
    }
  });

  it('makes nobody admin from an unverified or missing email_verified, another e-mail, or without CEPIN_ADMIN_EMAIL', async () => {
    const cases: [Claims, string | null][] = [
      [token({ email_verified: 'false' }), ADMIN_EMAIL],
      [token({ email_verified: false }), ADMIN_EMAIL],
      [token({ email_verified: undefined }), ADMIN_EMAIL],
      [token({ email: 'someone.else@chaoyang.example.gov.cn' }), ADMIN_EMAIL],
      [token({ email: undefined }), ADMIN_EMAIL],
      [token({}), null],
    ];
    for (const [claims, adminEmail] of cases) {
      const dir = new Directory([person('cy01', { phone: '13800000001' })]);
      expect(await refusal(callers(dir, adminEmail).caller(claims))).toEqual({
        status: 403,
        code: 'api.person-unknown',
      });
      expect(dir.puts).toEqual([]);
    }
  });

  it('refuses a token of another issuer with 401 before any of this', async () => {
    const dir = new Directory([]);
    expect(await refusal(callers(dir).caller(token({ iss: 'https://elsewhere.example' })))).toEqual({
      status: 401,
      code: 'api.unauthorized',
    });
    expect(dir.puts).toEqual([]);
  });

  it('still binds a person the bind claim matches, without making an admin', async () => {
    const dir = new Directory([person('cy01', { phone: '13800000001' })]);
    const caller = await callers(dir).caller(token({ phone_number: '+86 138 0000 0001' }));
    expect(caller).toEqual({ sub: 'first', role: 'unit', ref: 'CY01', district: 'chaoyang' });
    expect(dir.puts).toEqual([]);
  });
});
