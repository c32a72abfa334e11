import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  callerFromClaims,
  DirectoryCallers,
  type Claims,
  type PeopleReads,
} from '../../../shared/adapters/claims.ts';
import { handleApi } from '../../../shared/adapters/http-api.ts';
import { ConfigError, loadConfig } from '../../../shared/config.ts';
import { bindKey, type Person } from '../../../shared/domain/people.ts';
import { HANDLERS } from '../../../shared/use-cases/api/dispatch.ts';
import type { ApiDeps } from '../../../shared/use-cases/api/deps.ts';
import { ApiError } from '../../../shared/use-cases/api/errors.ts';
import { shippedRubrics } from '../../support/rules.ts';

/**
 * docs/security.md, "People and sign-in". A Cognito district takes role and ref from the claims its
 * admins set; an OpenID Connect district takes the token's issuer and subject only, and role and ref
 * from the person of its people directory bound to them — bound on first sign-in by the district's
 * bind claim. Expected values are worked out from that rule.
 */
const ISSUER = 'https://id.chaoyang.example.gov.cn';
const ADMIN = { sub: 'a', 'cognito:groups': '[admin]', 'custom:district': 'chaoyang' };
const UNIT = { sub: 'u', 'cognito:groups': '[unit]', 'custom:ref': 'CY01', 'custom:district': 'chaoyang' };

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

/** The directory in memory, with the store's rules for binding; counts reads of a subject. */
class Directory implements PeopleReads {
  subjectReads = 0;
  binds = 0;
  constructor(readonly people: Person[]) {}
  async listPeople() {
    return this.people.map((p) => ({ ...p }));
  }
  async personBySubject(issuer: string, subject: string) {
    this.subjectReads++;
    const p = this.people.find((x) => x.bound?.issuer === issuer && x.bound.subject === subject);
    return p && { ...p };
  }
  async bindPerson(login: string, issuer: string, subject: string, at: string) {
    this.binds++;
    const p = this.people.find((x) => x.login === login);
    const held = this.people.some((x) => x.bound?.issuer === issuer && x.bound.subject === subject);
    if (!p || p.bound || !p.active || held) return 'taken' as const;
    p.bound = { issuer, subject, at };
    return 'bound' as const;
  }
}

let clock = new Date('2026-03-01T08:00:00Z');
const callers = (
  dir: PeopleReads,
  bindBy: 'email' | 'phone_number' | 'preferred_username' = 'phone_number',
) => new DirectoryCallers(dir, { issuer: ISSUER, bindBy, ttlMs: 60_000 }, 'chaoyang', () => clock);
const token = (over: Claims): Claims => ({ iss: ISSUER, sub: 's1', aud: 'cepin-chaoyang', ...over });

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const { status, code, params } = e as ApiError;
    return { status, code, params };
  }
  throw new Error('not refused');
}

describe('a Cognito district (CEPIN_IDENTITY=cognito, the default): as before', () => {
  it('takes role from cognito:groups, ref from custom:ref, district from custom:district', () => {
    expect(callerFromClaims(ADMIN)).toEqual({ sub: 'a', role: 'admin', ref: '', district: 'chaoyang' });
    expect(callerFromClaims(UNIT)).toEqual({ sub: 'u', role: 'unit', ref: 'CY01', district: 'chaoyang' });
    expect(callerFromClaims({ sub: 'x' })).toBeUndefined();
    expect(callerFromClaims({ sub: 'x', 'cognito:groups': '[unit]' })).toBeUndefined(); // a unit needs its ref
  });
});

describe('the bind claim, normalised for an exact match', () => {
  it.each([
    ['email', ' DC01@Chaoyang.Example.gov.cn ', 'dc01@chaoyang.example.gov.cn'],
    ['phone_number', '+8613900000101', '13900000101'],
    ['phone_number', '+86 139-0000-0101', '13900000101'],
    ['phone_number', '008613900000101', '13900000101'],
    ['phone_number', '13900000101', '13900000101'],
    ['phone_number', '+86 10 6512 3456', '01065123456'],
    ['phone_number', '010-65123456', '01065123456'],
    ['preferred_username', ' cy01 ', 'cy01'],
    ['preferred_username', 'CY01', 'CY01'], // sign-in names match exactly
  ] as const)('%s %j → %j', (claim, value, key) => expect(bindKey(claim, value)).toBe(key));
});

describe('an OpenID Connect district: the directory decides', () => {
  it('binds a first sign-in by phone (+86 tolerated), then knows the subject without matching again', async () => {
    const dir = new Directory([
      person('cy01', { phone: '13900000101' }),
      person('cy02', { phone: '13900000102' }),
    ]);
    const c = callers(dir);
    const first = await c.caller(token({ phone_number: '+8613900000101' }));
    expect(first).toEqual({ sub: 's1', role: 'unit', ref: 'CY01', district: 'chaoyang' });
    expect(dir.people[0]!.bound).toEqual({ issuer: ISSUER, subject: 's1', at: '2026-03-01T08:00:00.000Z' });
    expect(dir.people[1]!.bound).toBeUndefined();
    // A later token of the same subject binds nothing more, whatever its phone now says.
    const fresh = callers(dir);
    expect(await fresh.caller(token({ phone_number: '+8613900000102' }))).toEqual(first);
    expect(dir.binds).toBe(1);
  });

  it('binds by e-mail, lower-cased and trimmed, when the district binds by e-mail', async () => {
    const dir = new Directory([
      person('cy01', { email: 'dc01@chaoyang.example.gov.cn', role: 'assessor', ref: 'A01' }),
    ]);
    const c = callers(dir, 'email');
    expect(await c.caller(token({ email: ' DC01@Chaoyang.Example.GOV.cn' }))).toEqual({
      sub: 's1',
      role: 'assessor',
      ref: 'A01',
      district: 'chaoyang',
    });
  });

  it('takes role and ref from the directory alone: hostile claims naming another unit, role or district change nothing', async () => {
    const dir = new Directory([person('dc01', { phone: '13900000101', ref: 'DC01' })]);
    const hostile = token({
      phone_number: '+8613900000101',
      'cognito:groups': ['admin'],
      'custom:ref': 'DC02',
      'custom:district': 'xicheng',
      role: 'admin',
      ref: 'DC02',
    });
    const c = callers(dir);
    expect(await c.caller(hostile)).toEqual({ sub: 's1', role: 'unit', ref: 'DC01', district: 'chaoyang' });
    expect(await c.caller(hostile)).toEqual({ sub: 's1', role: 'unit', ref: 'DC01', district: 'chaoyang' });
  });

  it('refuses a token of another issuer with 401, before reading the directory', async () => {
    const dir = new Directory([person('cy01', { phone: '13900000101' })]);
    for (const iss of ['https://id.evil.example', `${ISSUER}/`, undefined])
      expect(await refusal(callers(dir).caller(token({ iss, phone_number: '+8613900000101' })))).toEqual({
        status: 401,
        code: 'api.unauthorized',
        params: {},
      });
    expect(dir.subjectReads).toBe(0);
    expect(dir.people[0]!.bound).toBeUndefined();
  });

  it('binds nobody when the claim matches two people (403 api.person-ambiguous)', async () => {
    const dir = new Directory([
      person('cy01', { phone: '13900000101' }),
      person('cy02', { phone: '139-0000-0101' }),
    ]);
    expect(await refusal(callers(dir).caller(token({ phone_number: '+8613900000101' })))).toEqual({
      status: 403,
      code: 'api.person-ambiguous',
      params: { claim: 'phone_number', value: '+8613900000101', count: 2 },
    });
    expect(dir.binds).toBe(0);
    expect(dir.people.every((p) => !p.bound)).toBe(true);
  });

  it('refuses an unknown person with 403 api.person-unknown, naming the claim (nothing cached: added later, in at once)', async () => {
    const dir = new Directory([person('cy01', { phone: '13900000101' })]);
    const c = callers(dir);
    const t = token({ phone_number: '+8613911112222' });
    expect(await refusal(c.caller(t))).toEqual({
      status: 403,
      code: 'api.person-unknown',
      params: { claim: 'phone_number', value: '+8613911112222' },
    });
    dir.people.push(person('cy09', { phone: '13911112222' }));
    expect(await c.caller(t)).toMatchObject({ role: 'unit', ref: 'CY09' });
  });

  it('refuses a token without the bind claim, or whose provider calls it unverified, and binds nobody', async () => {
    const dir = new Directory([person('cy01', { phone: '13900000101' })]);
    expect(await refusal(callers(dir).caller(token({})))).toMatchObject({
      status: 403,
      code: 'api.person-unknown',
      params: { claim: 'phone_number', value: '—' },
    });
    for (const verified of [false, 'false'])
      expect(
        await refusal(
          callers(dir).caller(token({ phone_number: '+8613900000101', phone_number_verified: verified })),
        ),
      ).toMatchObject({ status: 403, code: 'api.person-unknown' });
    expect(dir.binds).toBe(0);
  });

  it('refuses a person bound to another sign-in already: a second subject with the same phone is unknown', async () => {
    const dir = new Directory([
      person('cy01', { phone: '13900000101', bound: { issuer: ISSUER, subject: 's0', at: 't' } }),
    ]);
    expect(await refusal(callers(dir).caller(token({ phone_number: '+8613900000101' })))).toMatchObject({
      status: 403,
      code: 'api.person-unknown',
    });
  });

  it('refuses a disabled person (403 api.person-disabled), bound or not, and binds nobody', async () => {
    const dir = new Directory([
      person('cy01', { phone: '13900000101', active: false }),
      person('cy02', { active: false, bound: { issuer: ISSUER, subject: 's2', at: 't' } }),
    ]);
    expect(await refusal(callers(dir).caller(token({ phone_number: '13900000101' })))).toEqual({
      status: 403,
      code: 'api.person-disabled',
      params: { login: 'cy01' },
    });
    expect(dir.binds).toBe(0);
    expect(await refusal(callers(dir).caller(token({ sub: 's2' })))).toEqual({
      status: 403,
      code: 'api.person-disabled',
      params: { login: 'cy02' },
    });
  });

  it('keeps who a subject is for 60 s: a person disabled mid-session is refused once that has passed', async () => {
    clock = new Date('2026-03-01T08:00:00Z');
    const dir = new Directory([person('cy01', { phone: '13900000101' })]);
    const c = callers(dir);
    await c.caller(token({ phone_number: '13900000101' }));
    dir.people[0]!.active = false;
    clock = new Date('2026-03-01T08:00:59Z');
    expect(await c.caller(token({}))).toMatchObject({ ref: 'CY01' }); // still the cached person
    clock = new Date('2026-03-01T08:01:00Z');
    expect(await refusal(c.caller(token({})))).toMatchObject({ status: 403, code: 'api.person-disabled' });
    // Removed from the directory altogether: unknown, once the cache has let go of it.
    dir.people.length = 0;
    clock = new Date('2026-03-01T08:02:01Z');
    expect(await refusal(c.caller(token({})))).toMatchObject({ status: 403, code: 'api.person-unknown' });
  });

  it('takes the winner of two first sign-ins of the same subject racing to bind', async () => {
    const won = person('cy01', { phone: '13900000101', bound: { issuer: ISSUER, subject: 's1', at: 't' } });
    let reads = 0;
    // The other call bound the subject between this call's read of it and its own write.
    const racing: PeopleReads = {
      listPeople: async () => [person('cy01', { phone: '13900000101' })],
      personBySubject: async () => (reads++ === 0 ? undefined : won),
      bindPerson: async () => 'taken',
    };
    expect(await callers(racing).caller(token({ phone_number: '13900000101' }))).toMatchObject({
      role: 'unit',
      ref: 'CY01',
    });
    expect(reads).toBe(2);
  });
});

const event = (claims: Record<string, unknown>) =>
  ({
    routeKey: 'GET /rounds/{round}/status',
    rawPath: '/rounds/2026/status',
    pathParameters: { round: '2026' },
    requestContext: { authorizer: { jwt: { claims } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

/** Deps whose store fails any read but the directory's. */
const deps = (identity: 'cognito' | 'oidc' | undefined, dir?: Directory): ApiDeps => {
  const untouched = async () => {
    throw new Error('the store was read');
  };
  const store = new Proxy(
    {},
    {
      get: (_, k: string) =>
        dir && k in Directory.prototype
          ? (dir[k as keyof PeopleReads] as (...a: unknown[]) => unknown).bind(dir)
          : untouched,
    },
  ) as ApiDeps['store'];
  return {
    store,
    objects: {} as ApiDeps['objects'],
    rubrics: shippedRubrics,
    district: 'chaoyang',
    districtName: '朝阳区',
    maxBytes: 1,
    identity,
    oidc: { issuer: ISSUER, bindBy: 'phone_number' },
    now: () => new Date(),
    newId: () => 'x',
  };
};

describe('the API handler', () => {
  it('answers an unknown person 403 in both languages, telling them whom to ask and naming their claim', async () => {
    const dir = new Directory([]);
    const r = await handleApi(
      event({ iss: ISSUER, sub: 'z', phone_number: '+8613900000999' }),
      deps('oidc', dir),
      HANDLERS,
    );
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body!)).toEqual({
      error: {
        code: 'api.person-unknown',
        message: {
          zh: '人员名录中没有与您的登录账号(phone_number:+8613900000999)对应的人员,请联系本区档案局将您加入人员名录',
          en: 'Nobody in the people directory matches your sign-in (phone_number: +8613900000999); ask the district’s archives bureau to add you to the people directory',
        },
      },
    });
  });

  it('refuses a Cognito-shaped token in an oidc district: its claims name nobody there', async () => {
    for (const claims of [ADMIN, UNIT]) {
      const r = await handleApi(event(claims), deps('oidc', new Directory([])), HANDLERS);
      expect(r.statusCode).toBe(401); // no iss of the district's provider
    }
  });

  it('leaves a Cognito district as it was: its claims still name the caller', async () => {
    // The store is reached (and fails here), so the caller was accepted: 500, not a refusal.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await handleApi(event(ADMIN), deps('cognito'), HANDLERS)).statusCode).toBe(500);
    expect((await handleApi(event(ADMIN), deps(undefined), HANDLERS)).statusCode).toBe(500);
    logged.mockRestore();
  });

  it('is told by CEPIN_IDENTITY, and an oidc district without its issuer and bind claim fails the cold start', () => {
    const env = { CEPIN_DISTRICT: 'chaoyang', CEPIN_TABLE: 'cepin-chaoyang', CEPIN_BUCKET: 'b-chaoyang' };
    expect(loadConfig(env).CEPIN_IDENTITY).toBe('cognito');
    const oidc = {
      ...env,
      CEPIN_IDENTITY: 'oidc',
      CEPIN_OIDC_ISSUER: ISSUER,
      CEPIN_OIDC_BIND_BY: 'phone_number',
    };
    expect(loadConfig(oidc)).toMatchObject({ CEPIN_OIDC_ISSUER: ISSUER, CEPIN_OIDC_BIND_BY: 'phone_number' });
    expect(() => loadConfig({ ...env, CEPIN_IDENTITY: 'oidc' })).toThrow(
      /CEPIN_OIDC_ISSUER: required when CEPIN_IDENTITY is oidc; CEPIN_OIDC_BIND_BY: required/,
    );
    expect(() => loadConfig({ ...oidc, CEPIN_OIDC_BIND_BY: 'nickname' })).toThrow(/CEPIN_OIDC_BIND_BY/);
    expect(() => loadConfig({ ...env, CEPIN_IDENTITY: 'saml' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CEPIN_IDENTITY: 'saml' })).toThrow(/CEPIN_IDENTITY/);
  });
});
