import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteKey } from '../../shared/api-routes.ts';
import type { ApiClient } from '../../shared/client/api-client.ts';
import { secretFor, type LocalStack } from '../../shared/local/stack.ts';
import { signLocalToken } from '../../shared/local/tokens.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * Every route of the HTTP API against every kind of caller, on the local stack (the same handler
 * as Lambda behind a gateway that verifies JWTs like API Gateway's authorizer).
 *
 * The sample roster: DC01's formal panel is A01 (lead), A03, A04, A05, A06; its pre-check pair
 * A01, A02; A07 is on none of DC01's panels.
 */

const ROUND = 'acc';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');

const CALLERS = [
  'admin',
  'assessor (assigned)',
  'assessor (unassigned)',
  'unit (own)',
  'unit (other)',
  'other district',
  'expired token',
  'forged token',
  'no token',
] as const;
type CallerName = (typeof CALLERS)[number];

let stack: LocalStack;
let tokens: Record<CallerName, string | undefined>;
let selfUploadId: string;
let clients: Record<'admin' | 'a01' | 'a02' | 'a03' | 'a07' | 'dc01' | 'dc02', ApiClient>;

const sheet = (phase: 'self' | 'formal', unit: string, assessor: string | undefined, seed: number) =>
  makeSample(dongcheng(), { phase, unit, assessor, lang: 'zh', now: fixedNow, seed });

async function call(token: string | undefined, method: string, path: string, body?: unknown) {
  const r = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: { error?: { code?: string } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON
  }
  return { status: r.status, json };
}

const tokenOf = (c: ApiClient) => (c as unknown as { token: string }).token;

beforeAll(async () => {
  stack = await startTestStack();
  const [admin, a01, a02, a03, a07, dc01, dc02] = await Promise.all(
    ['admin', 'assessor:A01', 'assessor:A02', 'assessor:A03', 'assessor:A07', 'unit:DC01', 'unit:DC02'].map(
      (as) => clientAs(stack, as),
    ),
  );
  clients = { admin: admin!, a01: a01!, a02: a02!, a03: a03!, a07: a07!, dc01: dc01!, dc02: dc02! };
  const secret = secretFor(stack.dataDir);
  const adminWho = { role: 'admin', ref: '' };
  tokens = {
    admin: tokenOf(admin!),
    'assessor (assigned)': tokenOf(a01!),
    'assessor (unassigned)': tokenOf(a07!),
    'unit (own)': tokenOf(dc01!),
    'unit (other)': tokenOf(dc02!),
    // The strongest role each time: only the district, expiry or key is wrong.
    'other district': await signLocalToken(secret, adminWho, 'xicheng'),
    'expired token': await signLocalToken(secret, adminWho, 'dongcheng', -60),
    'forged token': await signLocalToken(new Uint8Array(randomBytes(32)), adminWho, 'dongcheng'),
    'no token': undefined,
  };
  await admin!.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['self', 'precheck', 'formal'],
  });
  const self = await upload(
    stack,
    dc01!,
    ROUND,
    'self.xlsx',
    (await sheet('self', 'DC01', undefined, 1)).bytes,
  );
  expect(self.state).toBe('accepted');
  selfUploadId = self.uploadId;
  for (const [c, id, seed] of [
    [a01!, 'A01', 2],
    [a03!, 'A03', 3],
  ] as const) {
    const r = await upload(stack, c, ROUND, `${id}.xlsx`, (await sheet('formal', 'DC01', id, seed)).bytes);
    expect(r.state).toBe('accepted');
  }
});
afterAll(async () => stack?.stop());

interface Row {
  request: () => { method: string; path: string; body?: unknown };
  expect: Partial<Record<CallerName, number>>;
}

/** Outsiders get the same answer on every route: 401 at the gateway, 403 for another district. */
const OUTSIDERS = {
  'other district': 403,
  'expired token': 401,
  'forged token': 401,
  'no token': 401,
} as const;

const all = (status: number) => ({
  admin: status,
  'assessor (assigned)': status,
  'assessor (unassigned)': status,
  'unit (own)': status,
  'unit (other)': status,
});
const adminOnly = (status: number) => ({ ...all(403), admin: status });

let roundSeq = 0;
/** Expected status per (route, caller) while the round's phases are open (blind scoring on). */
const MATRIX: Record<RouteKey, Row> = {
  'GET /rounds': { request: () => ({ method: 'GET', path: '/rounds' }), expect: all(200) },
  'POST /rounds': {
    request: () => ({
      method: 'POST',
      path: '/rounds',
      body: { round: `m${++roundSeq}`, rules: 'dongcheng-sample', roster: ROSTER },
    }),
    expect: adminOnly(201),
  },
  'GET /rounds/{round}': { request: () => ({ method: 'GET', path: `/rounds/${ROUND}` }), expect: all(200) },
  'POST /rounds/{round}/phases/{phase}': {
    // pending -> open for the admin (once); everybody else is refused before the transition.
    request: () => ({ method: 'POST', path: `/rounds/${ROUND}/phases/spotcheck`, body: { action: 'open' } }),
    expect: adminOnly(200),
  },
  'POST /rounds/{round}/uploads': {
    request: () => ({ method: 'POST', path: `/rounds/${ROUND}/uploads`, body: { fileName: 'x.xlsx' } }),
    expect: all(201),
  },
  'GET /rounds/{round}/uploads': {
    // Everyone lists only their own uploads (see the tests of the portal's API).
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/uploads` }),
    expect: all(200),
  },
  'GET /rounds/{round}/status': {
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/status` }),
    expect: all(200),
  },
  'GET /rounds/{round}/submissions': {
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/submissions?unit=DC01` }),
    expect: { ...all(200), 'assessor (unassigned)': 403, 'unit (other)': 403 },
  },
  'GET /rounds/{round}/template': {
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/template?phase=formal&unit=DC01&assessor=A01` }),
    expect: { ...all(403), admin: 200, 'assessor (assigned)': 200 },
  },
  'GET /roster-template': { request: () => ({ method: 'GET', path: '/roster-template' }), expect: all(200) },
  'GET /uploads/{uploadId}': {
    request: () => ({ method: 'GET', path: `/uploads/${selfUploadId}` }),
    expect: { ...all(403), admin: 200, 'unit (own)': 200 },
  },
  'GET /rounds/{round}/results': {
    // The unit's own results only once the formal phase is closed (see below).
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/results?unit=DC01` }),
    expect: adminOnly(200),
  },
  'GET /rounds/{round}/workbook': {
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/workbook` }),
    expect: adminOnly(200),
  },
  'GET /rounds/{round}/feedback': {
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/feedback?unit=DC01` }),
    expect: adminOnly(200),
  },
  'GET /rounds/{round}/reconciliation-sheet': {
    // Only the lead of DC01's formal panel (A01) or an admin.
    request: () => ({ method: 'GET', path: `/rounds/${ROUND}/reconciliation-sheet?unit=DC01&phase=formal` }),
    expect: { ...all(403), admin: 200, 'assessor (assigned)': 200 },
  },
};

describe('access matrix: every route × every caller (local stack)', () => {
  it('covers every route of shared/api-routes.ts', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ROUTES].sort());
  });

  it.each(ROUTES.map((r) => [r]))('%s', async (route) => {
    const row = MATRIX[route];
    const expected = { ...row.expect, ...OUTSIDERS } as Record<CallerName, number>;
    const actual = {} as Record<CallerName, number>;
    for (const caller of CALLERS) {
      const req = row.request();
      const r = await call(tokens[caller], req.method, req.path, req.body);
      actual[caller] = r.status;
      if (caller === 'other district' && r.status === 403)
        expect(r.json.error?.code).toBe('api.wrong-district');
      if (r.status === 403 && caller !== 'other district') expect(r.json.error?.code).toBe('api.forbidden');
    }
    expect(actual).toEqual(expected);
  });
});

describe('blind scoring and impersonation (local stack)', () => {
  const formalSeen = async (c: ApiClient) =>
    (
      await c.call<{ submissions: { phase: string; assessor: string }[] }>(
        'GET',
        `/rounds/${ROUND}/submissions?unit=DC01`,
      )
    ).submissions
      .filter((s) => s.phase === 'formal')
      .map((s) => s.assessor)
      .sort();
  const status = async (c: ApiClient, path: string) => (await call(tokenOf(c), 'GET', path)).status;

  it('rejects an assessor uploading a sheet that names another assessor (upload.impersonation)', async () => {
    const r = await upload(
      stack,
      clients.a01,
      ROUND,
      'a03.xlsx',
      (await sheet('formal', 'DC01', 'A03', 9)).bytes,
    );
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => i.code)).toContain('upload.impersonation');
    const listed = await formalSeen(clients.admin);
    expect(listed).toEqual(['A01', 'A03']); // nothing stored for the impersonated slot
  });

  it('shows a panel assessor only its own sheets until scoring closes, then all of them', async () => {
    const { admin, a01, a02, a03, a07, dc01 } = clients;
    // Before: own sheets only (and the unit's self-assessment); the admin sees all.
    expect(await formalSeen(a01)).toEqual(['A01']);
    expect(await formalSeen(a03)).toEqual(['A03']);
    expect(await formalSeen(a02)).toEqual([]); // pre-check assessor of DC01, not on the formal panel
    expect(await formalSeen(admin)).toEqual(['A01', 'A03']);
    expect(await formalSeen(dc01)).toEqual([]);
    const selfSeen = await a01.call<{ submissions: { phase: string }[] }>(
      'GET',
      `/rounds/${ROUND}/submissions?unit=DC01`,
    );
    expect(selfSeen.submissions.some((s) => s.phase === 'self')).toBe(true);
    expect(await status(a07, `/rounds/${ROUND}/submissions?unit=DC01`)).toBe(403);

    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close-scoring' });
    expect(await formalSeen(a01)).toEqual(['A01', 'A03']);
    expect(await formalSeen(a03)).toEqual(['A01', 'A03']);
    // Only the formal panel sees the formal sheets; DC01's pre-check assessor A02 still does not.
    expect(await formalSeen(a02)).toEqual([]);
    expect(await formalSeen(dc01)).toEqual([]); // the unit only once the phase is closed
    expect(await status(a07, `/rounds/${ROUND}/submissions?unit=DC01`)).toBe(403);
    expect(await status(dc01, `/rounds/${ROUND}/results?unit=DC01`)).toBe(403);
  });

  it('opens a unit its own results and feedback once the formal phase is closed, and nobody else’s', async () => {
    const { admin, a01, dc01, dc02 } = clients;
    await admin.call('POST', `/rounds/${ROUND}/phases/formal`, { action: 'close' });
    expect(await formalSeen(dc01)).toEqual(['A01', 'A03']);
    expect(await status(dc01, `/rounds/${ROUND}/results?unit=DC01`)).toBe(200);
    expect(await status(dc01, `/rounds/${ROUND}/feedback?unit=DC01`)).toBe(200);
    expect(await status(dc01, `/rounds/${ROUND}/results`)).toBe(403); // the whole district: admins only
    expect(await status(dc02, `/rounds/${ROUND}/results?unit=DC01`)).toBe(403);
    expect(await status(dc02, `/rounds/${ROUND}/feedback?unit=DC01`)).toBe(403);
    expect(await status(a01, `/rounds/${ROUND}/results?unit=DC01`)).toBe(403);
    expect(await status(a01, `/rounds/${ROUND}/workbook`)).toBe(403);
  });
});
