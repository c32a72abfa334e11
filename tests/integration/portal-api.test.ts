import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import type { Layout } from '../../shared/domain/layout.ts';
import { expectedSlots, type Roster } from '../../shared/domain/roster.ts';
import { tr } from '../../shared/domain/text.ts';
import { readRoster } from '../../shared/excel/roster-workbook.ts';
import { startGateway } from '../../shared/local/gateway.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { checkSheet } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow, shippedRules } from '../support/rules.ts';

/**
 * The API routes and fields the web portal uses, and the local gateway serving the portal, on the
 * real local stack (DynamoDB Local + s3rver). One stack for the whole file: the tests run in order
 * and build on each other's uploads.
 *
 * The sample roster: DC01's formal panel is A01 (lead), A03, A04, A05, A06; its pre-check pair A01, A02.
 */

const ROUND = '2026';
const OLDER = '2025';
const ROSTER_BYTES = readFileSync('templates/rosters/roster-sample.xlsx');

let stack: LocalStack;
let roster: Roster;
/** A temp folder holding the fake portal build (`dist/`) and a canary `package.json` beside it. */
let root: string;
let webDir: string;
let c: Record<'admin' | 'a01' | 'a03' | 'dc01' | 'dc02', ApiClient>;

/** What the list and the outcome routes answer about an upload. */
interface Summary {
  uploadId: string;
  round: string;
  fileName: string;
  state: 'pending' | 'accepted' | 'duplicate' | 'rejected';
  createdAt: string;
  settledAt: string | null;
  phase: string | null;
  unit: string | null;
  assessor: string | null;
  total: number | null;
  grade: string | null;
  gradeLabel: string | null;
  categories: { code: string; score: number; max: number; na: boolean; title: string }[];
  duplicateOf: string | null;
  issueCount: number;
}
interface Outcome extends Summary {
  issues?: {
    code: string;
    severity: string;
    sheet: string | null;
    cell: string | null;
    item: string | null;
  }[];
  annotatedUrl?: string | null;
}
interface RoundList {
  district: string;
  districtName: string;
  rounds: {
    round: string;
    rules: string;
    ruleVersion: number;
    phases: Record<string, string>;
    createdAt: string;
  }[];
  ruleSets?: { id: string; title: unknown; version: number }[];
}
interface Status {
  round: string;
  submissions: { phase: string; unit: string; assessor: string; state: string }[];
  names: { units: Record<string, string>; assessors: Record<string, string> };
  rejections?: {
    uploadId: string;
    phase?: string;
    unit?: string;
    assessor?: string;
    receivedAt: string;
    issueCount: number;
    open: boolean;
  }[];
}

/** A filled sheet of the Dongcheng rules; `noSubordinates` marks category 4 N/A (no spot-check item pending). */
const sheet = (
  phase: 'self' | 'formal',
  unit: string,
  assessor: string | undefined,
  seed: number,
  o: { noSubordinates: boolean; edit?: (values: Map<string, string | number>, layout: Layout) => void },
) =>
  makeSample(
    dongcheng(),
    { phase, unit, assessor, lang: 'zh', now: fixedNow, seed, noSubordinates: o.noSubordinates },
    o.edit,
  );

/** Sets an item's score input to an impossible value. */
const scoreOf = (item: string, value: number) => (values: Map<string, string | number>, layout: Layout) => {
  const cell = layout.rows.find((r) => r.node.code === item)?.inputs.find((i) => i.kind === 'score');
  if (!cell) throw new Error(`no score cell for ${item}`);
  values.set(cell.address, value);
};

const offlineCheck = (bytes: Uint8Array) => checkSheet(bytes, { rules: shippedRules, fileName: 'x.xlsx' });

const listUploads = (client: ApiClient, round = ROUND, query = '') =>
  client.call<{ round: string; uploads: Summary[] }>('GET', `/rounds/${round}/uploads${query}`);
const outcome = (client: ApiClient, uploadId: string, query = '') =>
  client.call<Outcome>('GET', `/uploads/${uploadId}${query}`);
const status = (client: ApiClient) => client.call<Status>('GET', `/rounds/${ROUND}/status`);

/** A request with the path sent exactly as written (fetch would resolve `..` and `%2e%2e` before sending). */
function rawRequest(
  url: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head></html>';
const APP_JS = 'console.log("portal");';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cepin-portal-'));
  webDir = join(root, 'dist');
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(webDir, 'assets', 'app.js'), APP_JS);
  // A file one level above the web root: a traversal that escaped webDir would serve it.
  writeFileSync(join(root, 'package.json'), '{"name":"canary-outside-webdir"}');
  const read = await readRoster(ROSTER_BYTES, 'roster-sample.xlsx');
  roster = read.roster!;
  stack = await startTestStack('dongcheng', { webDir });
  const [admin, a01, a03, dc01, dc02] = await Promise.all(
    ['admin', 'assessor:A01', 'assessor:A03', 'unit:DC01', 'unit:DC02'].map((as) => clientAs(stack, as)),
  );
  c = { admin: admin!, a01: a01!, a03: a03!, dc01: dc01!, dc02: dc02! };
});
afterAll(async () => {
  await stack?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the portal’s API on the local stack', () => {
  /** Upload ids of the tests' uploads, in the order they were made. */
  const ids = {} as Record<
    'dc01Rejected' | 'dc01Accepted' | 'dc02Self' | 'a03Rejected' | 'a01Formal' | 'dc01Pending',
    string
  >;
  let accepted: { total: number; raw: number; categories: { code: string; score: number; max: number }[] };

  it('GET /rounds lists no rounds before the first one is created', async () => {
    const list = await c.admin.call<RoundList>('GET', '/rounds');
    expect(list).toMatchObject({ district: 'dongcheng', districtName: '东城区', rounds: [] });
    expect((await c.dc01.call<RoundList>('GET', '/rounds')).rounds).toEqual([]);
  });

  it('GET /rounds lists rounds newest first; only admins get the rule sets a round may use', async () => {
    for (const [round, open] of [
      [OLDER, []],
      [ROUND, ['self', 'formal']],
    ] as const)
      await c.admin.call('POST', '/rounds', {
        round,
        rules: 'dongcheng-sample',
        roster: ROSTER_BYTES.toString('base64'),
        open,
      });
    const list = await c.admin.call<RoundList>('GET', '/rounds');
    expect(list.district).toBe('dongcheng');
    expect(list.districtName).toBe('东城区');
    expect(list.rounds.map((r) => r.round)).toEqual([ROUND, OLDER]);
    expect(list.rounds[0]!.createdAt > list.rounds[1]!.createdAt).toBe(true);
    expect(list.rounds[0]).toEqual({
      round: ROUND,
      rules: 'dongcheng-sample',
      ruleVersion: dongcheng().version,
      phases: { self: 'open', precheck: 'pending', formal: 'open', spotcheck: 'pending' },
      createdAt: expect.any(String),
    });
    const shipped = readdirSync('templates/rules')
      .filter((f) => f.endsWith('.json'))
      .map((f) => basename(f, '.json'))
      .sort();
    expect(list.ruleSets?.map((r) => r.id)).toEqual(shipped);
    expect(list.ruleSets?.find((r) => r.id === 'dongcheng-sample')).toEqual({
      id: 'dongcheng-sample',
      title: dongcheng().title,
      version: dongcheng().version,
    });
    for (const client of [c.a01, c.dc01]) {
      const seen = await client.call<RoundList>('GET', '/rounds');
      expect(seen.rounds.map((r) => r.round)).toEqual([ROUND, OLDER]);
      expect(seen.districtName).toBe('东城区');
      expect('ruleSets' in seen).toBe(false);
    }
  });

  it('GET /uploads/{id} explains a rejected sheet: issues by cell and item, and an annotated copy', async () => {
    const bad = await sheet('self', 'DC01', undefined, 3, {
      noSubordinates: true,
      edit: scoreOf('1.3.1', 9),
    });
    const offline = await offlineCheck(bad.bytes);
    const wrong = offline.issues.find((i) => i.code === 'input.out-of-range');
    expect(wrong).toMatchObject({ item: '1.3.1' });
    const r = await upload(stack, c.dc01, ROUND, '自评.xlsx', bad.bytes);
    ids.dc01Rejected = r.uploadId;
    const out = await outcome(c.dc01, r.uploadId);
    expect(out).toMatchObject({
      state: 'rejected',
      phase: 'self',
      unit: 'DC01',
      total: null,
      grade: null,
      gradeLabel: null,
      categories: [],
      issueCount: offline.issues.length,
    });
    expect(out.issues).toHaveLength(offline.issues.length);
    expect(out.issues).toContainEqual(
      expect.objectContaining({ code: 'input.out-of-range', cell: wrong!.cell, item: '1.3.1' }),
    );
    const annotated = await c.dc01.download(out.annotatedUrl!);
    expect(Buffer.from(annotated.subarray(0, 2)).toString('latin1')).toBe('PK'); // an .xlsx (zip)
  });

  it('GET /rounds/{round}/status shows admins the rejection as an open follow-up', async () => {
    const s = await status(c.admin);
    expect(s.rejections).toHaveLength(1);
    expect(s.rejections![0]).toMatchObject({
      uploadId: ids.dc01Rejected,
      phase: 'self',
      unit: 'DC01',
      issueCount: (await outcome(c.admin, ids.dc01Rejected)).issueCount,
      open: true,
    });
    expect(s.submissions.find((x) => x.phase === 'self' && x.unit === 'DC01')?.state).toBe('rejected');
  });

  it('GET /uploads/{id} of an accepted sheet: categories add up to the offline score, with the grade’s label', async () => {
    const good = await sheet('self', 'DC01', undefined, 3, { noSubordinates: true });
    const offline = await offlineCheck(good.bytes);
    expect(offline.score!.complete).toBe(true);
    const r = await upload(stack, c.dc01, ROUND, '自评-改.xlsx', good.bytes);
    ids.dc01Accepted = r.uploadId;
    const out = await outcome(c.dc01, r.uploadId);
    const rs = dongcheng();
    const grade = offline.score!.grade!;
    expect(out).toMatchObject({
      state: 'accepted',
      phase: 'self',
      unit: 'DC01',
      total: offline.score!.total,
      grade: grade.code,
      gradeLabel: tr(grade.label, 'zh'),
      issueCount: 0,
    });
    expect(out.gradeLabel).not.toBe(out.grade); // a label, not a code
    expect(out.categories).toEqual(
      offline.score!.categories.map((k) => ({
        code: k.code,
        score: k.score,
        max: k.max,
        na: k.na,
        title: tr(rs.byCode.get(k.code)!.title, 'zh'),
      })),
    );
    const raw = out.categories.reduce((sum, k) => sum + k.score, 0);
    const applicable = out.categories.reduce((sum, k) => sum + k.max, 0);
    expect(raw).toBeCloseTo(offline.score!.raw, 2);
    expect(applicable).toBeCloseTo(offline.score!.applicableMax, 2);
    expect((raw / applicable) * rs.scale).toBeCloseTo(out.total!, 2);
    expect('issues' in out).toBe(false);
    accepted = { total: out.total!, raw, categories: out.categories };

    const en = await outcome(c.dc01, r.uploadId, '?lang=en');
    expect(en.gradeLabel).toBe(tr(grade.label, 'en'));
    expect(en.categories.map((k) => k.title)).toEqual(rs.categories.map((k) => tr(k.title, 'en')));
  });

  it('GET /rounds/{round}/status closes the follow-up once a corrected sheet for the slot is accepted', async () => {
    const s = await status(c.admin);
    expect(s.rejections?.find((r) => r.uploadId === ids.dc01Rejected)).toMatchObject({
      phase: 'self',
      unit: 'DC01',
      open: false,
    });
    expect(s.submissions.find((x) => x.phase === 'self' && x.unit === 'DC01')?.state).toBe('accepted');
  });

  it('GET /uploads/{id} of a self-assessment with a spot-check item pending: a total, but no grade yet', async () => {
    // Category 4 applies, so its spot-check item (4.3) cannot be scored from this sheet alone:
    // the sheet is accepted (with a warning) but incomplete, and incomplete sheets are not graded.
    const s = await sheet('self', 'DC02', undefined, 1, { noSubordinates: false });
    const offline = await offlineCheck(s.bytes);
    expect(offline.valid).toBe(true);
    expect(offline.score).toMatchObject({ complete: false, pending: ['4.3'], grade: null });
    const r = await upload(stack, c.dc02, ROUND, 'dc02.xlsx', s.bytes);
    ids.dc02Self = r.uploadId;
    const out = await outcome(c.dc02, r.uploadId);
    expect(out).toMatchObject({
      state: 'accepted',
      total: offline.score!.total,
      grade: null,
      gradeLabel: null,
      issueCount: 0,
    });
    expect(out.categories.reduce((sum, k) => sum + k.score, 0)).toBeCloseTo(offline.score!.raw, 2);
  });

  it('GET /rounds/{round}/status lists rejections newest first, each open until its own slot is filled', async () => {
    const bad = await sheet('formal', 'DC01', 'A03', 4, { noSubordinates: true, edit: scoreOf('1.3.1', 9) });
    const r = await upload(stack, c.a03, ROUND, 'A03.xlsx', bad.bytes);
    expect(r.state).toBe('rejected');
    ids.a03Rejected = r.uploadId;
    const s = await status(c.admin);
    expect(s.rejections?.map((x) => [x.uploadId, x.phase, x.unit, x.assessor, x.open])).toEqual([
      [ids.a03Rejected, 'formal', 'DC01', 'A03', true],
      [ids.dc01Rejected, 'self', 'DC01', '', false],
    ]);
    expect(s.rejections![0]!.receivedAt >= s.rejections![1]!.receivedAt).toBe(true);
  });

  it('GET /uploads/{id} of a slot with nothing uploaded yet is pending, with no total', async () => {
    const a = await upload(
      stack,
      c.a01,
      ROUND,
      'A01.xlsx',
      (await sheet('formal', 'DC01', 'A01', 2, { noSubordinates: true })).bytes,
    );
    expect(a.state).toBe('accepted');
    ids.a01Formal = a.uploadId;
    const slot = await c.dc01.call<{ uploadId: string }>('POST', `/rounds/${ROUND}/uploads`, {
      fileName: 'later.xlsx',
    });
    ids.dc01Pending = slot.uploadId;
    expect(await outcome(c.dc01, slot.uploadId)).toMatchObject({
      state: 'pending',
      total: null,
      gradeLabel: null,
      categories: [],
      issueCount: 0,
    });
  });

  it('GET /rounds/{round}/uploads lists only the caller’s own uploads, oldest first', async () => {
    const mine = await listUploads(c.dc01);
    expect(mine.round).toBe(ROUND);
    expect(mine.uploads.map((u) => [u.uploadId, u.state])).toEqual([
      [ids.dc01Rejected, 'rejected'],
      [ids.dc01Accepted, 'accepted'],
      [ids.dc01Pending, 'pending'],
    ]);
    const created = mine.uploads.map((u) => u.createdAt);
    expect([...created].sort()).toEqual(created);
    // DC02's upload of the same round and A01's sheet about DC01 are not DC01's.
    expect(mine.uploads.map((u) => u.uploadId)).not.toContain(ids.dc02Self);
    expect(mine.uploads.map((u) => u.uploadId)).not.toContain(ids.a01Formal);
    expect(mine.uploads.map((u) => u.uploadId)).not.toContain(ids.a03Rejected);
    const [rejected, ok, pending] = mine.uploads as [Summary, Summary, Summary];
    expect(rejected).toMatchObject({
      fileName: '自评.xlsx',
      total: null,
      gradeLabel: null,
      categories: [],
      issueCount: (await outcome(c.dc01, ids.dc01Rejected)).issues!.length,
    });
    expect(rejected.issueCount).toBeGreaterThan(0);
    expect('issues' in rejected).toBe(false); // issues only on GET /uploads/{id}
    expect(ok).toMatchObject({ total: accepted.total, gradeLabel: '合格', issueCount: 0 });
    expect(ok.categories.map((k) => k.title)).toEqual(dongcheng().categories.map((k) => tr(k.title, 'zh')));
    expect(ok.categories.map(({ code, score, max }) => ({ code, score, max }))).toEqual(
      accepted.categories.map(({ code, score, max }) => ({ code, score, max })),
    );
    expect(pending).toMatchObject({
      state: 'pending',
      total: null,
      grade: null,
      gradeLabel: null,
      categories: [],
    });

    expect((await listUploads(c.dc02)).uploads.map((u) => u.uploadId)).toEqual([ids.dc02Self]);
    expect((await listUploads(c.dc01, OLDER)).uploads).toEqual([]); // per round
  });

  it('GET /rounds/{round}/uploads?lang=en gives category titles and grade labels in English', async () => {
    const en = await listUploads(c.dc01, ROUND, '?lang=en');
    const ok = en.uploads.find((u) => u.uploadId === ids.dc01Accepted)!;
    expect(ok.gradeLabel).toBe('Pass');
    expect(ok.categories.map((k) => k.title)).toEqual(dongcheng().categories.map((k) => tr(k.title, 'en')));
  });

  it('GET /rounds/{round}/uploads shows an assessor only its own uploads', async () => {
    expect((await listUploads(c.a01)).uploads.map((u) => [u.uploadId, u.state, u.assessor])).toEqual([
      [ids.a01Formal, 'accepted', 'A01'],
    ]);
    expect((await listUploads(c.a03)).uploads.map((u) => [u.uploadId, u.state, u.assessor])).toEqual([
      [ids.a03Rejected, 'rejected', 'A03'],
    ]);
  });

  it('GET /rounds/{round}/status names only the unit itself for a unit', async () => {
    const s = await status(c.dc01);
    const dc01 = roster.units.find((u) => u.code === 'DC01')!;
    expect(s.names).toEqual({ units: { DC01: dc01.name }, assessors: {} });
    expect(s.submissions.map((x) => [x.phase, x.unit])).toEqual([['self', 'DC01']]);
  });

  it('GET /rounds/{round}/status names an assessor’s own units and itself, nobody else', async () => {
    const s = await status(c.a01);
    const units = new Set(
      expectedSlots(roster)
        .filter((x) => x.assessor === 'A01')
        .map((x) => x.unit),
    );
    expect(units.size).toBeGreaterThan(1);
    expect(s.names.units).toEqual(
      Object.fromEntries(roster.units.filter((u) => units.has(u.code)).map((u) => [u.code, u.name])),
    );
    expect(s.names.assessors).toEqual({ A01: roster.assessors.find((a) => a.id === 'A01')!.name });
    expect(Object.keys(s.names.units).length).toBeLessThan(roster.units.length);
  });

  it('GET /rounds/{round}/status gives rejections to admins only, and admins every name', async () => {
    for (const client of [c.dc01, c.dc02, c.a01]) {
      const s = await status(client);
      expect(s.rejections).toBeUndefined();
      expect('rejections' in s).toBe(false);
    }
    const all = await status(c.admin);
    expect(all.rejections).toHaveLength(2);
    expect(Object.keys(all.names.units).length).toBeGreaterThan(1);
    expect(Object.keys(all.names.assessors).sort()).toEqual(
      [...new Set(expectedSlots(roster).map((x) => x.assessor))].filter(Boolean).sort(),
    );
  });
});

describe('the local gateway serving the portal', () => {
  it('serves index.html at / with the security headers and no caching', async () => {
    expect(stack.webDir).toBe(webDir);
    const r = await fetch(`${stack.apiUrl}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(INDEX_HTML);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The browser POSTs sheets straight to s3rver: its origin must be allowed to connect.
    const slot = await c.admin.call<{ url: string }>('POST', `/rounds/${ROUND}/uploads`, {
      fileName: 'x.xlsx',
    });
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${new URL(slot.url).origin}[; ]`));
    const again = await fetch(`${stack.apiUrl}/index.html`);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves hashed assets as immutable JavaScript', async () => {
    const r = await fetch(`${stack.apiUrl}/assets/app.js`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(APP_JS);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%2F..%2Fpackage.json',
    '/..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2fetc%2fpasswd',
    `/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f${process.cwd().slice(1).replaceAll('/', '%2f')}%2fpackage.json`,
  ])('never serves a file outside the web root: %s is 404', async (path) => {
    const r = await rawRequest(stack.apiUrl, path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('canary-outside-webdir');
    expect(r.body).not.toContain('"name": "cepin"');
    expect(r.body).not.toContain('root:');
  });

  it('answers 404 to unknown paths and to folders', async () => {
    for (const path of ['/nope.html', '/assets/missing.js', '/assets', '/assets/']) {
      const r = await fetch(`${stack.apiUrl}${path}`);
      expect(r.status, path).toBe(404);
    }
  });

  // A malformed escape such as `%zz` once threw in the gateway and answered 500.
  it('answers 404, not 500, to a path with a malformed percent-escape', async () => {
    const r = await rawRequest(stack.apiUrl, '/%zz');
    expect(r.status).toBe(404);
  });

  // A malformed escape in a path parameter once threw in matchRoute, before the token was checked.
  it('answers an API path with a malformed percent-escape with a client error, not 500', async () => {
    const r = await rawRequest(stack.apiUrl, `/rounds/%zz/status`);
    expect([400, 401, 404]).toContain(r.status);
  });

  // A web folder given with a trailing slash once never matched the containment check (503).
  it('answers HEAD like GET without a body, and marks only real assets immutable', async () => {
    const head = await fetch(`${stack.apiUrl}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('no-cache');
    const sneaky = await rawRequest(stack.apiUrl, '/assets/..%2findex.html');
    if (sneaky.status === 200) expect(sneaky.headers['cache-control']).toBe('no-cache');
  });

  it('serves the portal when its web folder is given with a trailing slash', async () => {
    const server = await startGateway({
      port: 0,
      secret: new Uint8Array(32),
      district: 'dongcheng',
      webDir: `${webDir}/`,
      api: () => Promise.resolve({ statusCode: 404 }),
    });
    try {
      const { port } = server.address() as AddressInfo;
      const r = await fetch(`http://127.0.0.1:${port}/`);
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(INDEX_HTML);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('tells the portal to use the local API and the dev login in /config.json', async () => {
    const r = await fetch(`${stack.apiUrl}/config.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({
      mode: 'local',
      api: '',
      district: 'dongcheng',
      districtName: { zh: '东城区', en: 'Dongcheng District' },
    });
  });

  it('lists admin first, then the roster’s assessors and units with their names, at /local/identities', async () => {
    const r = await fetch(`${stack.apiUrl}/local/identities`);
    expect(r.status).toBe(200);
    const { identities } = (await r.json()) as {
      identities: { as: string; role: string; ref: string; name: string }[];
    };
    // Two rounds share the roster: everyone is listed once.
    expect(identities).toEqual([
      { as: 'admin', role: 'admin', ref: '', name: '' },
      ...roster.assessors.map((a) => ({ as: `assessor:${a.id}`, role: 'assessor', ref: a.id, name: a.name })),
      ...roster.units.map((u) => ({ as: `unit:${u.code}`, role: 'unit', ref: u.code, name: u.name })),
    ]);
    expect(identities.every((i) => i.role === 'admin' || i.name.length > 0)).toBe(true);
  });

  it('answers / with 503 and how to build the portal when the web folder does not exist', async () => {
    // The gateway looks for the build on every request, so moving it away is a stack without one.
    const away = `${webDir}-moved`;
    renameSync(webDir, away);
    try {
      const r = await fetch(`${stack.apiUrl}/`);
      expect(r.status).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await r.text()).toContain('npm run build:web');
      expect((await fetch(`${stack.apiUrl}/assets/app.js`)).status).toBe(404);
      // The API itself still answers.
      expect((await c.admin.call<RoundList>('GET', '/rounds')).rounds).toHaveLength(2);
    } finally {
      renameSync(away, webDir);
    }
    expect((await fetch(`${stack.apiUrl}/`)).status).toBe(200);
  });
});

describe('s3rver CORS for uploads from the portal', () => {
  const preflight = async (origin: string) => {
    const slot = await c.dc01.call<{ url: string; fields: Record<string, string> }>(
      'POST',
      `/rounds/${OLDER}/uploads`,
      { fileName: 'cors.xlsx' },
    );
    const u = new URL(slot.url);
    // What a browser asks before an XMLHttpRequest with upload progress listeners posts a form.
    const r = await rawRequest(slot.url, `${u.pathname}${u.search}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    return { slot, r };
  };

  it('lets the portal’s origin POST a presigned upload form', async () => {
    const other = await preflight(stack.apiUrl.replace('127.0.0.1', 'localhost'));
    expect(other.r.status).toBe(200); // the portal opened as http://localhost:<port>
    const { slot, r } = await preflight(stack.apiUrl);
    expect(r.status).toBe(200);
    // s3rver answers every allowed preflight with `*` (S3 itself echoes the origin); either lets the
    // browser go on. The POST's own answer names the origin, as S3's does.
    expect([stack.apiUrl, '*']).toContain(r.headers['access-control-allow-origin']);
    expect(String(r.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(r.headers['access-control-allow-methods'])).not.toContain('PUT');
    expect(String(r.headers['access-control-allow-headers'])).toContain('content-type');
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
    form.append('file', new Blob(['not a workbook']), 'cors.xlsx');
    const post = await fetch(slot.url, { method: 'POST', body: form, headers: { origin: stack.apiUrl } });
    expect(post.status).toBe(204);
    expect(post.headers.get('access-control-allow-origin')).toBe(stack.apiUrl);
    expect(post.headers.get('access-control-expose-headers')).toContain('ETag');
    await new Promise((r) => setTimeout(r, 50));
    await stack.queue.idle();
  });

  it('refuses another origin', async () => {
    const { r } = await preflight('http://evil.example');
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});
