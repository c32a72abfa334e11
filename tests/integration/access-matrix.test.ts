import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteKey } from '../../shared/api/routes.ts';
import type { ApiClient } from '../../shared/client/api-client.ts';
import { secretFor, type LocalStack } from '../../shared/local/stack.ts';
import { signLocalToken } from '../../shared/local/tokens.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { expectContract } from '../support/contract.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * Every route of the HTTP API × every kind of caller × every state of the formal phase, on the
 * local stack (the same handler as Lambda behind a gateway that verifies JWTs like API Gateway's
 * authorizer). The expected statuses are the table of docs/security.md ("Who may do what"),
 * written from the rules, not read off the code.
 *
 * The sample roster: DC01's formal panel is A01 (lead), A03, A04, A05, A06; its pre-check pair
 * A01, A02; A07 is on none of DC01's panels. In every round DC01 has an accepted self-assessment
 * and formal sheets from A01 and A03.
 */

const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
const STATES = ['open', 'scoring-closed', 'closed'] as const;
type FormalState = (typeof STATES)[number];
const roundOf = (s: FormalState) => `acc-${s}`;

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
let clients: Record<'admin' | 'a01' | 'a02' | 'a03' | 'a07' | 'dc01' | 'dc02', ApiClient>;
/** Per round: the unit's self-assessment upload, the two formal sheets' and DC01's evidence file's upload ids. */
const seeded: Record<string, { self: string; a01: string; a03: string; evidence: string }> = {};
/** A small PDF (its kind is judged from the bytes). */
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

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
  return { status: r.status, json, text };
}

const tokenOf = (c: ApiClient) => (c as unknown as { token: string }).token;

async function seedRound(state: FormalState) {
  const round = roundOf(state);
  const { admin, a01, a03, dc01 } = clients;
  await admin.call('POST', '/rounds', {
    round,
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['self', 'precheck', 'formal'],
  });
  const self = await upload(
    stack,
    dc01,
    round,
    'self.xlsx',
    (await sheet('self', 'DC01', undefined, 1)).bytes,
  );
  const f1 = await upload(stack, a01, round, 'A01.xlsx', (await sheet('formal', 'DC01', 'A01', 2)).bytes);
  const f3 = await upload(stack, a03, round, 'A03.xlsx', (await sheet('formal', 'DC01', 'A03', 3)).bytes);
  const evidence = await upload(stack, dc01, round, 'proof.pdf', PDF, `/rounds/${round}/evidence`, {
    unit: 'DC01',
    size: PDF.length,
  });
  for (const r of [self, f1, f3, evidence]) expect(r.state).toBe('accepted');
  seeded[round] = { self: self.uploadId, a01: f1.uploadId, a03: f3.uploadId, evidence: evidence.uploadId };
  if (state !== 'open')
    await admin.call('POST', `/rounds/${round}/phases/formal`, { action: 'close-scoring' });
  if (state === 'closed') await admin.call('POST', `/rounds/${round}/phases/formal`, { action: 'close' });
}

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
  for (const s of STATES) await seedRound(s);
}, 120_000);
afterAll(async () => stack?.stop());

interface Row {
  request: (round: string) => { method: string; path: string; body?: unknown };
  expect: (state: FormalState) => Partial<Record<CallerName, number>>;
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

/** A rectification notice not issued yet: the admin's preview; 409 for those who will read it; 403 for the rest. */
const NOTICE_NOT_ISSUED = {
  admin: 200,
  'assessor (assigned)': 409,
  'assessor (unassigned)': 403,
  'unit (own)': 409,
  'unit (other)': 403,
} as const;

let roundSeq = 0;
/**
 * docs/security.md, "Who may do what": the expected status per route, caller and formal-phase
 * state. A request for DC01 is made each time; "assigned" is A01, the lead of DC01's formal panel.
 */
const MATRIX: Record<RouteKey, Row> = {
  'GET /rounds': { request: () => ({ method: 'GET', path: '/rounds' }), expect: () => all(200) },
  'POST /rounds': {
    request: () => ({
      method: 'POST',
      path: '/rounds',
      body: { round: `m${++roundSeq}`, rules: 'dongcheng-sample', roster: ROSTER },
    }),
    expect: () => adminOnly(201),
  },
  'GET /rounds/{round}': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}` }),
    expect: () => all(200),
  },
  'POST /rounds/{round}/phases/{phase}': {
    // pending -> open for the admin (once); everybody else is refused before the transition.
    request: (r) => ({ method: 'POST', path: `/rounds/${r}/phases/spotcheck`, body: { action: 'open' } }),
    expect: () => adminOnly(200),
  },
  'POST /rounds/{round}/uploads': {
    // Anyone may ask for an upload slot; what the sheet may be is decided when it arrives.
    request: (r) => ({ method: 'POST', path: `/rounds/${r}/uploads`, body: { fileName: 'x.xlsx' } }),
    expect: () => all(201),
  },
  'GET /rounds/{round}/uploads': {
    // Everyone lists only their own uploads (see the tests of the portal's API).
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/uploads` }),
    expect: () => all(200),
  },
  'GET /rounds/{round}/status': {
    // Everyone sees only their own slots (checked below).
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/status` }),
    expect: () => all(200),
  },
  'GET /rounds/{round}/submissions': {
    // What each may see of them follows blind scoring (checked below).
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/submissions?unit=DC01` }),
    expect: () => ({ ...all(200), 'assessor (unassigned)': 403, 'unit (other)': 403 }),
  },
  'GET /rounds/{round}/template': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/template?phase=formal&unit=DC01&assessor=A01` }),
    expect: () => ({ ...all(403), admin: 200, 'assessor (assigned)': 200 }),
  },
  'GET /roster-template': {
    request: () => ({ method: 'GET', path: '/roster-template' }),
    expect: () => all(200),
  },
  // The round's rubric is everyone's in the district (units see it in their templates anyway).
  'GET /rounds/{round}/rubric': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/rubric` }),
    expect: () => all(200),
  },
  // An assessment round has no calibration report: admins are told so (409), everyone else refused.
  'GET /rounds/{round}/calibration': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/calibration` }),
    expect: () => adminOnly(409),
  },
  'POST /rounds/{round}/calibration/release': {
    request: (r) => ({ method: 'POST', path: `/rounds/${r}/calibration/release` }),
    expect: () => adminOnly(409),
  },
  'GET /rounds/{round}/calibration/workbook': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/calibration/workbook` }),
    expect: () => adminOnly(409),
  },
  'GET /rounds/{round}/calibration/docx': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/calibration/docx` }),
    expect: () => adminOnly(409),
  },
  'GET /rubrics': {
    request: () => ({ method: 'GET', path: '/rubrics' }),
    expect: () => adminOnly(200),
  },
  'POST /rubrics/uploads': {
    request: () => ({ method: 'POST', path: '/rubrics/uploads', body: { fileName: 'rubric.xlsx' } }),
    expect: () => adminOnly(201),
  },
  'GET /rubrics/{id}/{version}/workbook': {
    request: () => ({ method: 'GET', path: '/rubrics/dongcheng-sample/1/workbook' }),
    expect: () => adminOnly(200),
  },
  'GET /rubric-template': {
    request: () => ({ method: 'GET', path: '/rubric-template' }),
    expect: () => adminOnly(200),
  },
  'GET /uploads/{uploadId}': {
    request: (r) => ({ method: 'GET', path: `/uploads/${seeded[r]!.self}` }),
    expect: () => ({ ...all(403), admin: 200, 'unit (own)': 200 }),
  },
  'GET /rounds/{round}/results': {
    // A unit its own results once the formal phase is closed; admins always.
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/results?unit=DC01` }),
    expect: (s) => (s === 'closed' ? { ...adminOnly(200), 'unit (own)': 200 } : adminOnly(200)),
  },
  'GET /rounds/{round}/workbook': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/workbook` }),
    expect: () => adminOnly(200),
  },
  'GET /rounds/{round}/feedback': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/feedback?unit=DC01` }),
    expect: (s) => (s === 'closed' ? { ...adminOnly(200), 'unit (own)': 200 } : adminOnly(200)),
  },
  'GET /rounds/{round}/reconciliation-sheet': {
    // It shows every panel member's scores: the lead only once scoring is closed; admins always.
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/reconciliation-sheet?unit=DC01&phase=formal` }),
    expect: (s) => (s === 'open' ? adminOnly(200) : { ...adminOnly(200), 'assessor (assigned)': 200 }),
  },
  'GET /rounds/{round}/audit': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/audit?unit=DC01` }),
    expect: () => adminOnly(200),
  },
  // Evidence files (docs/security.md, "Evidence files"): in every phase state alike, since they hold
  // no score. An admin attaches to any unit, a unit to itself, an assessor never.
  'POST /rounds/{round}/evidence': {
    request: (r) => ({
      method: 'POST',
      path: `/rounds/${r}/evidence`,
      body: { unit: 'DC01', fileName: 'x.pdf', size: 10 },
    }),
    expect: () => ({ ...adminOnly(201), 'unit (own)': 201 }),
  },
  // Listed and downloaded by the admin, the unit itself and the assessors assigned to it (A01).
  'GET /rounds/{round}/evidence': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/evidence?unit=DC01` }),
    expect: () => ({ ...all(200), 'assessor (unassigned)': 403, 'unit (other)': 403 }),
  },
  'GET /rounds/{round}/evidence/{id}': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/evidence/${seeded[r]!.evidence}` }),
    expect: () => ({ ...all(200), 'assessor (unassigned)': 403, 'unit (other)': 403 }),
  },
  // Rectification (docs/security.md, "Rectification"): the admin sets the deadline until the formal
  // phase is closed. The notice is issued only once the pre-check is closed, which it never is in
  // these rounds: the admin previews, DC01 and its assessors (A01) are told it is not issued yet
  // (409), another unit and an unassigned assessor are refused (403) before that question.
  'POST /rounds/{round}/rectification': {
    request: (r) => ({
      method: 'POST',
      path: `/rounds/${r}/rectification`,
      body: { deadline: '2026-06-30' },
    }),
    expect: (s) => adminOnly(s === 'closed' ? 409 : 200),
  },
  'GET /rounds/{round}/rectification': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/rectification?unit=DC01` }),
    expect: () => NOTICE_NOT_ISSUED,
  },
  'GET /rounds/{round}/rectification/workbook': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/rectification/workbook?unit=DC01` }),
    expect: () => NOTICE_NOT_ISSUED,
  },
  'GET /rounds/{round}/rectification/docx': {
    request: (r) => ({ method: 'GET', path: `/rounds/${r}/rectification/docx?unit=DC01` }),
    expect: () => NOTICE_NOT_ISSUED,
  },
  // The people directory (docs/security.md, "People and sign-in"): the admin's alone, in every state.
  'GET /people': { request: () => ({ method: 'GET', path: '/people' }), expect: () => adminOnly(200) },
  'POST /people': {
    request: () => ({
      method: 'POST',
      path: '/people',
      body: { login: 'clerk01', name: '档案局办公室', role: 'admin' },
    }),
    expect: () => adminOnly(200),
  },
  'POST /people/{login}/active': {
    // A07's sign-in name on the sample roster; enabling an active person changes nothing.
    request: () => ({ method: 'POST', path: '/people/a07/active', body: { active: true } }),
    expect: () => adminOnly(200),
  },
  // Sign-in accounts (docs/security.md, "Sign-in accounts"): the admin's alone, in every state; on
  // the local stack the dev login's accounts (DevLoginAccounts).
  'GET /people/accounts': {
    request: () => ({ method: 'GET', path: '/people/accounts' }),
    expect: () => adminOnly(200),
  },
  'POST /people/sync': {
    request: (r) => ({ method: 'POST', path: '/people/sync', body: { round: r } }),
    expect: () => adminOnly(200),
  },
  'POST /people/{login}/password': {
    // A07's account exists: the sync above (an earlier route of ROUTES) made it.
    request: () => ({ method: 'POST', path: '/people/a07/password', body: {} }),
    expect: () => adminOnly(200),
  },
};

describe('access matrix: every route × every caller × every formal-phase state (local stack)', () => {
  it('covers every route of shared/api/routes.ts', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ROUTES].sort());
  });

  describe.each(STATES.map((s) => [s]))('formal phase %s', (state) => {
    it.each(ROUTES.map((r) => [r]))('%s', async (route) => {
      const row = MATRIX[route];
      const expected = { ...row.expect(state), ...OUTSIDERS } as Record<CallerName, number>;
      const actual = {} as Record<CallerName, number>;
      for (const caller of CALLERS) {
        const req = row.request(roundOf(state));
        const r = await call(tokens[caller], req.method, req.path, req.body);
        actual[caller] = r.status;
        expectContract(req.method, req.path, r.status, r.json); // every answer, allowed or refused
        if (caller === 'other district' && r.status === 403)
          expect(r.json.error?.code).toBe('api.wrong-district');
        if (r.status === 403 && caller !== 'other district') expect(r.json.error?.code).toBe('api.forbidden');
      }
      expect(actual).toEqual(expected);
    });
  });
});

describe('blind scoring holds on every route while scoring is open', () => {
  /**
   * docs/security.md, "Blind scoring": before close-scoring no assessor — lead or not — sees any
   * colleague's score by any route, download, error message or count. A01 (lead) and A03 both
   * scored DC01: nothing A01 can ask for names A03 or A03's upload, and the reverse.
   */
  const requests = (round: string, unit: string) =>
    ROUTES.filter((r) => r !== 'POST /rounds').flatMap((route) => {
      const base = MATRIX[route].request(round);
      const extra = [
        `/rounds/${round}/reconciliation-sheet?unit=${unit}&phase=formal`,
        `/rounds/${round}/reconciliation-sheet?unit=${unit}&phase=precheck`,
        `/rounds/${round}/results?unit=${unit}`,
        `/rounds/${round}/results`,
        `/rounds/${round}/feedback?unit=${unit}`,
        `/rounds/${round}/submissions?unit=${unit}`,
        `/rounds/${round}/audit`,
        `/uploads/${seeded[round]!.a01}`,
        `/uploads/${seeded[round]!.a03}`,
      ];
      const gets = extra.map((path): { method: string; path: string; body?: unknown } => ({
        method: 'GET',
        path,
      }));
      return route === 'GET /rounds' ? [base, ...gets] : [base];
    });

  it.each([
    ['A01 (the panel lead)', 'a01', 'A03', 'a03'],
    ['A03 (a panel member)', 'a03', 'A01', 'a01'],
  ] as const)('%s learns nothing of its colleague', async (_name, me, colleague, colleagueKey) => {
    const round = roundOf('open');
    const secret = seeded[round]![colleagueKey];
    for (const req of requests(round, 'DC01')) {
      const r = await call(tokenOf(clients[me]), req.method, req.path, req.body);
      expect(r.text, `${req.method} ${req.path}`).not.toContain(secret);
      expect(r.text, `${req.method} ${req.path}`).not.toContain(`"${colleague}"`);
    }
  });

  it('counts on the status page only the caller’s own slots, and no rejection of a sheet naming a colleague', async () => {
    const round = roundOf('open');
    // A01 uploads a sheet that names A03: rejected as impersonation, counted on no one's slot.
    const r = await upload(
      stack,
      clients.a01,
      round,
      'a03.xlsx',
      (await sheet('formal', 'DC01', 'A03', 9)).bytes,
    );
    expect(r.state).toBe('rejected');
    expect(r.issues?.map((i) => i.code)).toEqual(['upload.impersonation']);
    type Status = { submissions: { unit: string; assessor: string; phase: string; rejections: number }[] };
    const mine = await clients.a01.call<Status>('GET', `/rounds/${round}/status`);
    expect(mine.submissions.every((s) => s.assessor === 'A01')).toBe(true);
    const adminView = await clients.admin.call<Status>('GET', `/rounds/${round}/status`);
    const a03Slot = adminView.submissions.find(
      (s) => s.unit === 'DC01' && s.phase === 'formal' && s.assessor === 'A03',
    );
    expect(a03Slot?.rejections).toBe(0);
  });
});

describe('blind scoring lifts for the panel, and results reach the unit, in the right order', () => {
  const formalSeen = async (c: ApiClient, round: string) =>
    (
      await c.call<{ submissions: { phase: string; assessor: string }[] }>(
        'GET',
        `/rounds/${round}/submissions?unit=DC01`,
      )
    ).submissions
      .filter((s) => s.phase === 'formal')
      .map((s) => s.assessor)
      .sort();

  it('shows a panel assessor only its own sheets while open, the panel’s once scoring closes', async () => {
    const { admin, a01, a02, a03, dc01 } = clients;
    const open = roundOf('open');
    expect(await formalSeen(a01, open)).toEqual(['A01']);
    expect(await formalSeen(a03, open)).toEqual(['A03']);
    expect(await formalSeen(a02, open)).toEqual([]); // pre-check assessor of DC01, not on the formal panel
    expect(await formalSeen(admin, open)).toEqual(['A01', 'A03']);
    expect(await formalSeen(dc01, open)).toEqual([]);
    const closedScoring = roundOf('scoring-closed');
    expect(await formalSeen(a01, closedScoring)).toEqual(['A01', 'A03']);
    expect(await formalSeen(a03, closedScoring)).toEqual(['A01', 'A03']);
    expect(await formalSeen(a02, closedScoring)).toEqual([]);
    expect(await formalSeen(dc01, closedScoring)).toEqual([]); // the unit only once the phase is closed
    expect(await formalSeen(dc01, roundOf('closed'))).toEqual(['A01', 'A03']);
  });

  it('gives a unit its pre-check results only once the pre-check is closed too', async () => {
    const { admin, a01, dc01 } = clients;
    const round = roundOf('closed'); // formal closed, pre-check still open
    const pre = await makeSample(dongcheng(), {
      phase: 'precheck',
      unit: 'DC01',
      assessor: 'A01',
      lang: 'zh',
      now: fixedNow,
      seed: 7,
    });
    expect((await upload(stack, a01, round, 'pre.xlsx', pre.bytes)).state).toBe('accepted');
    type R = { units: { precheck?: unknown; precheckVsFormal?: unknown; formal?: unknown }[] };
    const mine = (await dc01.call<R>('GET', `/rounds/${round}/results?unit=DC01`)).units[0]!;
    expect(mine.formal).toBeDefined();
    expect(mine.precheck).toBeUndefined();
    expect(mine.precheckVsFormal).toBeUndefined();
    expect(
      (await admin.call<R>('GET', `/rounds/${round}/results?unit=DC01`)).units[0]!.precheck,
    ).toBeDefined();
  });
});

describe('the audit trail (docs/security.md, "Audit trail")', () => {
  type Trail = {
    entries: {
      action: string;
      outcome: string;
      caller: { role: string; ref: string } | null;
      unit?: string;
    }[];
  };
  it('records who read a unit’s results, who was refused, every upload outcome and every phase change', async () => {
    const round = roundOf('closed');
    await clients.dc02.call('GET', `/rounds/${round}/results?unit=DC01`).catch(() => undefined);
    await clients.dc01.call('GET', `/rounds/${round}/results?unit=DC01`);
    const trail = await clients.admin.call<Trail>('GET', `/rounds/${round}/audit?unit=DC01&limit=1000`);
    const has = (action: string, outcome: string, role: string, ref: string) =>
      trail.entries.some(
        (e) =>
          e.action === action && e.outcome === outcome && e.caller?.role === role && e.caller?.ref === ref,
      );
    expect(has('GET /rounds/{round}/results', '200', 'unit', 'DC01')).toBe(true);
    expect(has('GET /rounds/{round}/results', '403', 'unit', 'DC02')).toBe(true);
    expect(has('upload.accepted', 'accepted', 'assessor', 'A03')).toBe(true);
    expect(has('upload.accepted', 'accepted', 'unit', 'DC01')).toBe(true);
    expect(trail.entries.every((e) => e.unit === 'DC01')).toBe(true);
    const whole = await clients.admin.call<Trail>('GET', `/rounds/${round}/audit?limit=1000`);
    expect(
      whole.entries.filter(
        (e) =>
          e.action === 'POST /rounds/{round}/phases/{phase}' &&
          e.outcome === '200' &&
          (e as { phase?: string }).phase === 'formal',
      ),
    ).toHaveLength(2); // close-scoring, then close
  });

  it('pages back in time with the `next` cursor, newest first, without repeating an entry', async () => {
    const round = roundOf('closed');
    const first = await clients.admin.call<Trail & { next: string }>('GET', `/rounds/${round}/audit?limit=3`);
    expect(first.entries).toHaveLength(3);
    const second = await clients.admin.call<Trail & { next: string }>(
      'GET',
      `/rounds/${round}/audit?limit=3&before=${encodeURIComponent(first.next)}`,
    );
    const at = (t: Trail) =>
      (t.entries as unknown as { at: string; id: string }[]).map((e) => `${e.at}#${e.id}`);
    const ids = [...at(first), ...at(second)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
  });
});

describe('the reconciliation sheet (合议表) waits for close-scoring, even for the panel lead', () => {
  it('refuses the lead while the phase is open with a refusal that tells nothing, then lets only the lead in', async () => {
    const { admin, a01, a02, a03, a07 } = clients;
    const round = 'acc-recon';
    await admin.call('POST', '/rounds', {
      round,
      rules: 'dongcheng-sample',
      roster: ROSTER,
      open: ['precheck'],
    });
    // DC01's pre-check pair: A01 and A02, both leads on the roster; A03 sits on DC01's formal panel only.
    for (const [c, id, seed] of [
      [a01, 'A01', 21],
      [a02, 'A02', 22],
    ] as const) {
      const spec = { phase: 'precheck' as const, unit: 'DC01', assessor: id, lang: 'zh' as const };
      const made = await makeSample(dongcheng(), { ...spec, now: fixedNow, seed, lossRate: 0.5 });
      expect((await upload(stack, c, round, `pre-${id}.xlsx`, made.bytes)).state).toBe('accepted');
    }
    const path = `/rounds/${round}/reconciliation-sheet?unit=DC01&phase=precheck`;
    const get = (c: ApiClient, p = path) => call(tokenOf(c), 'GET', p);
    const refused = {
      error: {
        code: 'api.forbidden',
        message: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
      },
    };
    for (const c of [a01, a02, a03, a07]) {
      const r = await get(c);
      expect(r.status).toBe(403);
      expect(r.json).toEqual(refused); // no count of flagged items, no score, no file
    }
    expect((await get(admin)).status).toBe(200); // an admin at any time
    for (const p of ['self', 'spotcheck'])
      expect((await get(admin, path.replace('phase=precheck', `phase=${p}`))).status).toBe(400);

    await admin.call('POST', `/rounds/${round}/phases/precheck`, { action: 'close-scoring' });
    for (const c of [a01, a02]) {
      const r = await get(c);
      expect(r.status).toBe(200);
      expect(typeof r.json.flagged).toBe('number');
    }
    for (const c of [a03, a07]) expect((await get(c)).json).toEqual(refused);
  });
});
