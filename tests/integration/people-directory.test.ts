import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClients } from '../../shared/adapters/aws-clients.ts';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { keys } from '../../shared/adapters/table-keys.ts';
import type { RouteKey } from '../../shared/api/routes.ts';
import { buildDeps } from '../../shared/composition.ts';
import type { Config } from '../../shared/config.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate } from '../../shared/excel/roster-workbook.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { HANDLERS } from '../../shared/use-cases/api/dispatch.ts';
import type { ApiDeps } from '../../shared/use-cases/api/deps.ts';
import { checkResponse } from '../../shared/api/contract.ts';
import { startTestStack } from '../support/local-stack.ts';
import { fixedNow } from '../support/rules.ts';

/**
 * docs/security.md, "People and sign-in", on the real store (DynamoDB Local) through the API
 * handler with the real dispatch table, in an OpenID Connect district: the events carry the claims
 * API Gateway's JWT authorizer would pass (strings), the provider's token having been verified.
 * The district binds by phone. The directory's first admin is put in by the operator (here: the
 * store), as a district would before its first sign-in.
 */

const ISSUER = 'https://id.dongcheng.example.gov.cn';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
let stack: LocalStack;
let config: Config;
let deps: ApiDeps;
let clock = new Date('2026-03-01T08:00:00Z');
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

/** A container of the api function: its own deps, hence its own 60-second cache. */
function container(): ApiDeps {
  const base = buildDeps(config);
  return { ...base, oidc: { ...base.oidc!, ttlMs: 60_000 }, now: () => clock };
}

const ADMIN = { iss: ISSUER, sub: 'op-admin', aud: 'cepin-dongcheng', phone_number: '+8613800000000' };
const DC01 = { iss: ISSUER, sub: 'sub-dc01', aud: 'cepin-dongcheng', phone_number: '+86 139 0000 0101' };

/** Calls one route as API Gateway would; the answer is checked against the API contract. */
async function call(
  claims: Record<string, string>,
  routeKey: RouteKey,
  o: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
  on: ApiDeps = deps,
) {
  let rawPath = routeKey.split(' ')[1]!;
  for (const [k, v] of Object.entries(o.params ?? {})) rawPath = rawPath.replace(`{${k}}`, v);
  const event = {
    routeKey,
    rawPath,
    pathParameters: o.params,
    queryStringParameters: o.query,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    isBase64Encoded: false,
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const r = await handleApi(event, on, HANDLERS);
  const json = JSON.parse(r.body as string) as Record<string, unknown> & { error?: { code: string } };
  expect(checkResponse(routeKey, r.statusCode!, json)).toEqual([]);
  return { status: r.statusCode!, json };
}

beforeAll(async () => {
  stack = await startTestStack('dongcheng');
  config = {
    ...stack.config,
    CEPIN_IDENTITY: 'oidc',
    CEPIN_OIDC_ISSUER: ISSUER,
    CEPIN_OIDC_BIND_BY: 'phone_number',
  };
  deps = container();
  await deps.store.putPerson({
    login: 'boss',
    name: '档案局管理员',
    role: 'admin',
    ref: '',
    phone: '13800000000',
    active: true,
    updatedAt: clock.toISOString(),
    updatedBy: 'operator',
  });
}, 120_000);
afterAll(async () => stack?.stop());

describe('an OpenID Connect district’s people directory', () => {
  it('adds the roster’s people when a round is created: 25 units’ archive staff and 8 assessors', async () => {
    const r = await call(ADMIN, 'POST /rounds', {
      body: { round: 'p1', rules: 'dongcheng-sample', roster: ROSTER, open: ['self', 'formal'] },
    });
    expect(r.status).toBe(201);
    expect(r.json.people).toEqual({ added: 33, updated: 0, unchanged: 0 });
    const list = await call(ADMIN, 'GET /people');
    const people = list.json.people as { login: string; role: string; ref: string; bound?: unknown }[];
    const pad = (n: number) => String(n).padStart(2, '0');
    // By role (admin, assessor, unit), then ref.
    expect(people.map((p) => p.login)).toEqual([
      'boss',
      ...Array.from({ length: 8 }, (_, i) => `a${pad(i + 1)}`),
      ...Array.from({ length: 25 }, (_, i) => `dc${pad(i + 1)}`),
    ]);
    expect(people.find((p) => p.login === 'dc01')).toEqual({
      login: 'dc01',
      name: '孙晓燕',
      role: 'unit',
      ref: 'DC01',
      phone: '13900000101',
      email: 'dc01@dongcheng.example.gov.cn',
      active: true,
      updatedAt: '2026-03-01T08:00:00.000Z',
      updatedBy: 'op-admin',
    });
  });

  it('binds DC01’s archive staff by phone on first sign-in, then knows them by the binding alone', async () => {
    const first = await call(DC01, 'GET /rounds/{round}/status', { params: { round: 'p1' } });
    expect(first.status).toBe(200);
    const bound = await deps.store.getPerson('dc01');
    expect(bound?.bound).toEqual({ issuer: ISSUER, subject: 'sub-dc01', at: '2026-03-01T08:00:00.000Z' });
    // Another container (no cache), a token without any phone: the binding decides.
    const { phone_number: _, ...noPhone } = DC01;
    const second = await call(
      noPhone,
      'GET /rounds/{round}/status',
      { params: { round: 'p1' } },
      container(),
    );
    expect(second.status).toBe(200);
    const slots = second.json.submissions as { unit: string }[];
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.unit === 'DC01')).toBe(true); // a unit's own slots only
  });

  it('ignores claims naming another unit, role or district: the directory decides', async () => {
    const hostile = {
      ...DC01,
      'cognito:groups': '[admin]',
      'custom:ref': 'DC02',
      'custom:district': 'xicheng',
    };
    expect((await call(hostile, 'GET /people')).json.error?.code).toBe('api.forbidden');
    const other = await call(hostile, 'GET /rounds/{round}/submissions', {
      params: { round: 'p1' },
      query: { unit: 'DC02' },
    });
    expect(other.status).toBe(403);
    const own = await call(hostile, 'GET /rounds/{round}/submissions', {
      params: { round: 'p1' },
      query: { unit: 'DC01' },
    });
    expect(own.status).toBe(200);
  });

  it('refuses a token of another issuer (401) and a person nobody added (403, naming the phone)', async () => {
    const foreign = await call({ ...DC01, iss: 'https://id.xicheng.example.gov.cn' }, 'GET /rounds');
    expect([foreign.status, foreign.json.error?.code]).toEqual([401, 'api.unauthorized']);
    const stranger = await call({ ...DC01, sub: 'sub-x', phone_number: '+8613911112222' }, 'GET /rounds');
    expect(stranger.status).toBe(403);
    expect(stranger.json.error).toMatchObject({
      code: 'api.person-unknown',
      message: {
        en: 'Nobody in the people directory matches your sign-in (phone_number: +8613911112222); ask the district’s archives bureau to add you to the people directory',
      },
    });
  });

  it('refuses a person the admin disabled mid-session once the 60-second cache has passed, and lets them in again when enabled', async () => {
    expect((await call(DC01, 'GET /rounds')).status).toBe(200); // cached from now on
    const off = await call(ADMIN, 'POST /people/{login}/active', {
      params: { login: 'dc01' },
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect(off.json.person).toMatchObject({ login: 'dc01', active: false, updatedBy: 'op-admin' });
    tick(59);
    expect((await call(DC01, 'GET /rounds')).status).toBe(200); // still the cached person
    tick(2);
    const refused = await call(DC01, 'GET /rounds');
    expect([refused.status, refused.json.error?.code]).toEqual([403, 'api.person-disabled']);
    await call(ADMIN, 'POST /people/{login}/active', { params: { login: 'dc01' }, body: { active: true } });
    tick(61);
    expect((await call(DC01, 'GET /rounds')).status).toBe(200);
  });

  it('will not let an admin disable itself, and answers 404 for an unknown sign-in name', async () => {
    const self = await call(ADMIN, 'POST /people/{login}/active', {
      params: { login: 'boss' },
      body: { active: false },
    });
    expect([self.status, self.json.error?.code]).toEqual([409, 'api.person-self']);
    const nobody = await call(ADMIN, 'POST /people/{login}/active', {
      params: { login: 'nobody' },
      body: { active: false },
    });
    expect(nobody.status).toBe(404);
  });

  it('lets the admin add a person, checked like a roster row, keeping a binding when it changes one', async () => {
    const bad = await call(ADMIN, 'POST /people', {
      body: { login: 'a 09', name: '新测评员', role: 'assessor', ref: 'A09', phone: '12345', email: 'x@' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error?.code).toBe('api.person-invalid');
    const details = (bad.json.error as unknown as { details: { code: string; path: string }[] }).details;
    expect(details.map((d) => [d.code, d.path])).toEqual([
      ['roster.bad-login', 'login'],
      ['roster.bad-phone', 'phone'],
      ['roster.bad-email', 'email'],
    ]);
    const added = await call(ADMIN, 'POST /people', {
      body: { login: 'a09', name: '新测评员', role: 'assessor', ref: 'A09', phone: '+86 139 0000 0009' },
    });
    expect(added.json).toEqual({
      created: true,
      person: {
        login: 'a09',
        name: '新测评员',
        role: 'assessor',
        ref: 'A09',
        phone: '13900000009',
        active: true,
        updatedAt: clock.toISOString(),
        updatedBy: 'op-admin',
      },
    });
    const changed = await call(ADMIN, 'POST /people', {
      body: {
        login: 'dc01',
        name: '孙晓燕',
        role: 'unit',
        ref: 'DC01',
        phone: '13900000101',
        email: 'sun@dongcheng.example.gov.cn',
      },
    });
    expect(changed.json).toMatchObject({ created: false, person: { bound: { subject: 'sub-dc01' } } });
    expect((await deps.store.getPerson('dc01'))?.bound?.subject).toBe('sub-dc01');
  });

  it('never lets a roster move a person: a sign-in name the directory gives another unit refuses the round at its cell', async () => {
    const moved = sampleRoster();
    moved.units[0]!.login = 'dc99'; // DC01's row (单位!E2)
    moved.units[1]!.login = 'dc01'; // DC02's row (单位!E3): dc01 is DC01's person in the directory
    const roster = Buffer.from(await toBytes(buildRosterTemplate('zh', moved, fixedNow()))).toString(
      'base64',
    );
    const r = await call(ADMIN, 'POST /rounds', { body: { round: 'p2', rules: 'dongcheng-sample', roster } });
    expect([r.status, r.json.error?.code]).toEqual([422, 'api.roster-invalid']);
    const details = (r.json.error as unknown as { details: { code: string; cell: string; item: string }[] })
      .details;
    expect(details.map((d) => [d.code, d.cell, d.item])).toEqual([['roster.login-moved', 'E3', 'DC02']]);
    expect((await call(ADMIN, 'GET /rounds/{round}', { params: { round: 'p2' } })).status).toBe(404);
    expect(await deps.store.getPerson('dc99')).toBeUndefined();
  });

  it('updates the people of a later round’s roster without touching a binding', async () => {
    // dc01's e-mail was changed by the admin above: the roster sets it back; nobody else changed.
    const r = await call(ADMIN, 'POST /rounds', {
      body: { round: 'p3', rules: 'dongcheng-sample', roster: ROSTER },
    });
    expect(r.json.people).toEqual({ added: 0, updated: 1, unchanged: 32 });
    const dc01 = await deps.store.getPerson('dc01');
    expect(dc01?.email).toBe('dc01@dongcheng.example.gov.cn');
    expect(dc01?.bound?.subject).toBe('sub-dc01');
  });

  it('refuses a person removed from the directory mid-session once the cache has passed', async () => {
    const c = container();
    expect((await call(DC01, 'GET /rounds', {}, c)).status).toBe(200);
    await makeClients(config).ddb.send(
      new DeleteCommand({ TableName: config.CEPIN_TABLE, Key: keys.person('dc01') }),
    );
    expect((await call(DC01, 'GET /rounds', {}, c)).status).toBe(200);
    tick(61);
    const gone = await call(DC01, 'GET /rounds', {}, c);
    // The marker of its binding names nobody now; the phone matches nobody either.
    expect([gone.status, gone.json.error?.code]).toEqual([403, 'api.person-unknown']);
  });
});
