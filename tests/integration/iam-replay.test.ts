import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDistricts } from '../../infra/district.ts';
import { DistrictStack } from '../../infra/district-stack.ts';
import { matchRoute, ROUTES, type RouteKey } from '../../shared/api/routes.ts';
import { ApiClient } from '../../shared/client/api-client.ts';
import { uploadAndWait, uploadEvidenceAndWait, uploadRubricAndWait } from '../../shared/client/upload.ts';
import { writeRubricWorkbook } from '../../shared/excel/rubric-workbook.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate } from '../../shared/excel/roster-workbook.ts';
import type { LocalFunction, LocalStack } from '../../shared/local/stack.ts';
import { runDemoRound, type DemoRoundSummary } from '../../shared/cli/demo-driver.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { AwsCallRecorder, iamRequests, type AwsCall, type IamRequest } from '../support/aws-call-recorder.ts';
import {
  evaluate,
  stackPolicies,
  unusedGrants,
  withoutAction,
  type CfnTemplate,
  type FunctionPolicy,
  type StackPolicies,
} from '../support/iam-policies.ts';
import { districtPool, startCognitoLocal, type CognitoLocal } from '../support/cognito-local.ts';
import { startTestStack } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The IAM replay check: every AWS call each function makes while it serves every route and ingests
 * uploads on the local stack is evaluated, with real IAM semantics, against that function's role in
 * the synthesized district stack. A call its role does not allow would fail in AWS.
 */

const FUNCTIONS: LocalFunction[] = ['api', 'documents', 'ingest'];
const where = { region: 'us-east-1', account: '123456789012' };

// Two units of the sample roster (DC02 with its subordinates): every phase, a formal panel of 4-5.
const keep = new Set(['DC01', 'DC02']);
const full = sampleRoster();
const roster = {
  units: full.units.filter((u) => keep.has(u.code) || (u.parent !== undefined && keep.has(u.parent))),
  // The sample's home units (回避) lie outside this subset: its assessors come from outside here.
  assessors: full.assessors.map(({ home: _home, ...a }) => a),
  assignments: full.assignments.filter((a) => keep.has(a.unit)),
};

let tmp: string;
let stack: LocalStack;
/** The district's user pool, on cognito-local: the api function's sign-in accounts (people sync). */
let cognito: CognitoLocal;
let userPool: { CEPIN_USER_POOL_ID: string; CEPIN_COGNITO_ENDPOINT: string };
let policies: StackPolicies;
let demo: DemoRoundSummary;
const recorder = new AwsCallRecorder();
const routesHit = new Set<RouteKey>();
/** Each request a recorded call needs, with the call it came from. */
let requests: { fn: LocalFunction; request: IamRequest; call?: AwsCall }[];
/** IAM's verdict on each distinct fn|action|resource|context. */
const verdicts = new Map<string, string>();
const id = (fn: string, r: IamRequest) =>
  `${fn}|${r.action}|${r.resource}|${JSON.stringify(r.context ?? {})}`;

/** Signs in locally, keeping note of every route the client calls. */
async function login(as: string): Promise<ApiClient> {
  const { token } = await new ApiClient(stack.apiUrl, undefined).call<{ token: string }>(
    'POST',
    '/local/login',
    {
      as,
    },
  );
  return new Proxy(new ApiClient(stack.apiUrl, token), {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'call') return value;
      return (method: string, path: string, body?: unknown) => {
        const route = matchRoute(method, path.split('?')[0]!);
        if (route) routesHit.add(route.routeKey);
        return target.call(method, path, body);
      };
    },
  });
}

/** A synthesized district stack (no bundling, no cdk-nag: the infra unit tests run those). */
function synthesize(): { template: Template; ids: Record<LocalFunction, string> } {
  tmp = mkdtempSync(join(tmpdir(), 'cepin-iam-'));
  const webDir = join(tmp, 'dist');
  mkdirSync(webDir, { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html>');
  const here = dirname(fileURLToPath(import.meta.url));
  const district = loadDistricts(join(here, '..', '..', 'infra', 'districts')).find(
    (d) => d.code === 'dongcheng',
  )!;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const s = new DistrictStack(app, 'Cepin-dongcheng', { district, webDir });
  const logicalId = (f: { fn: { node: { defaultChild?: unknown } } }) =>
    s.getLogicalId(f.fn.node.defaultChild as CfnElement);
  return {
    template: Template.fromStack(s),
    ids: { api: logicalId(s.apiFunction), documents: logicalId(s.documents), ingest: logicalId(s.ingest) },
  };
}

/** A representative workload through every route and the ingest path. */
async function workload() {
  const rs = dongcheng();
  const rosterBytes = await toBytes(buildRosterTemplate('zh', roster, fixedNow()));
  const admin = await login('admin');
  const unit = await login('unit:DC01');
  // Round 2025, self-assessment only: a template, a rejected sheet with its annotated copy, an accepted one, a duplicate.
  await admin.call('POST', '/rounds', {
    round: '2025',
    rules: rs.id,
    roster: Buffer.from(rosterBytes).toString('base64'),
    open: ['self'],
  });
  await unit.download((await unit.call<{ url: string }>('GET', '/rounds/2025/template?phase=self')).url);
  const spec = { phase: 'self' as const, unit: 'DC01', lang: 'zh' as const, now: fixedNow, seed: 7 };
  const bad = await makeSample(rs, spec, (v, layout) =>
    v.set(layout.rows.flatMap((r) => r.inputs).find((c) => c.kind === 'score')!.address, '良好'),
  );
  const rejected = await uploadAndWait(unit, '2025', 'DC01-draft.xlsx', bad.bytes);
  const good = await makeSample(rs, spec);
  const accepted = await uploadAndWait(unit, '2025', 'DC01.xlsx', good.bytes);
  const duplicate = await uploadAndWait(unit, '2025', 'DC01-again.xlsx', good.bytes);
  const outcome = await unit.call<{ annotatedUrl: string | null }>('GET', `/uploads/${rejected.uploadId}`);
  await unit.download(outcome.annotatedUrl!);
  await unit.call('GET', '/rounds/2025/uploads');
  // Rubrics: the listing, the blank workbook, a sample's export, an upload stored as a new version
  // (then handed out as it came) and one rejected with its annotated copy.
  await admin.call('GET', '/rubrics');
  await admin.download((await admin.call<{ url: string }>('GET', '/rubric-template')).url);
  await admin.download(
    (await admin.call<{ url: string }>('GET', '/rubrics/municipal-sample/1/workbook')).url,
  );
  const raw = JSON.parse(readFileSync('templates/rules/national-checklist-sample.json', 'utf8')) as object;
  const storedRubric = await uploadRubricAndWait(
    admin,
    'national-v2.xlsx',
    await writeRubricWorkbook({ ...raw, title: '国家清单(本区)' } as never, 'zh'),
  );
  expect(storedRubric.state).toBe('duplicate');
  const municipalRaw = JSON.parse(readFileSync('templates/rules/municipal-sample.json', 'utf8')) as {
    categories: { children?: { children?: { code: string; maxPoints: number }[] }[] }[];
  };
  const v2 = structuredClone(municipalRaw);
  for (const item of v2.categories[1]!.children![1]!.children!)
    if (item.code === '2.2.2') item.maxPoints = 2;
    else if (item.code === '2.2.3') item.maxPoints = 3;
  const created = await uploadRubricAndWait(
    admin,
    'municipal-v2.xlsx',
    await writeRubricWorkbook({ ...v2, version: 2 } as never, 'zh'),
  );
  expect(created.state, JSON.stringify(created.issues)).toBe('accepted');
  await admin.download(
    (await admin.call<{ url: string }>('GET', '/rubrics/municipal-sample/2/workbook')).url,
  );
  const fresh = await uploadRubricAndWait(
    admin,
    'national-v2b.xlsx',
    await writeRubricWorkbook({ ...raw, scale: 60 } as never, 'zh'),
  );
  expect(fresh.state).toBe('rejected');
  await admin.download(
    (await admin.call<{ annotatedUrl: string }>('GET', `/uploads/${fresh.uploadId}`)).annotatedUrl,
  );
  // A calibration round: one case, one assessor's sheet, its report, release, workbook and .docx.
  await admin.call('POST', '/rounds', {
    round: 'cal-iam',
    rules: rs.id,
    roster: Buffer.from(rosterBytes).toString('base64'),
    kind: 'calibration',
    cases: [{ code: 'CASE1', title: '参考案例' }],
  });
  const a01 = await login('assessor:A01');
  const calSheet = await makeSample(rs, {
    phase: 'formal',
    unit: 'CASE1',
    assessor: 'A01',
    lang: 'zh',
    now: fixedNow,
    seed: 9,
  });
  expect((await uploadAndWait(a01, 'cal-iam', 'CASE1-A01.xlsx', calSheet.bytes)).state).toBe('accepted');
  await admin.call('POST', '/rounds/cal-iam/phases/formal', { action: 'close-scoring' });
  await admin.call('GET', '/rounds/cal-iam/calibration');
  await admin.call('POST', '/rounds/cal-iam/calibration/release');
  await a01.call('GET', '/rounds/cal-iam/calibration');
  for (const kind of ['workbook', 'docx'])
    await admin.download(
      (await admin.call<{ url: string }>('GET', `/rounds/cal-iam/calibration/${kind}`)).url,
    );
  // Round 2026: the demo round (every phase, rejections, close-scoring, a reconciliation sheet, close).
  demo = await runDemoRound({
    login,
    rs,
    roster,
    rosterBytes,
    round: '2026',
    lang: 'zh',
    now: fixedNow,
    write: () => {},
  });
  for (const path of [
    '/rounds',
    '/rounds/2026',
    '/rounds/2026/status',
    '/rounds/2026/rubric',
    '/rounds/2026/submissions?unit=DC01',
    '/rounds/2026/results',
    '/roster-template?lang=en',
    '/rounds/2026/reconciliation-sheet?unit=DC01&phase=formal',
    '/rounds/2026/audit',
    '/rounds/2026/audit?unit=DC01',
  ])
    await admin.call('GET', path);
  await admin.download((await admin.call<{ url: string }>('GET', '/rounds/2026/workbook')).url);
  await admin.download((await admin.call<{ url: string }>('GET', '/rounds/2026/feedback?unit=DC01')).url);
  // Evidence files (佐证材料): one accepted, one refused (a renamed program), the unit's list, a download.
  const pdf = new TextEncoder().encode('%PDF-1.4\n%evidence\ntrailer << >>\n%%EOF\n');
  const exe = new Uint8Array([0x4d, 0x5a, ...new Array<number>(62).fill(0)]);
  const evidence = [
    await uploadEvidenceAndWait(unit, '2026', { unit: 'DC01', item: '1.1.1' }, 'proof.pdf', pdf),
    await uploadEvidenceAndWait(unit, '2026', { unit: 'DC01' }, 'scan.pdf', exe),
  ];
  await unit.call('GET', '/rounds/2026/evidence?unit=DC01');
  await admin.download(
    (await admin.call<{ url: string }>('GET', `/rounds/2026/evidence/${evidence[0]!.uploadId}`)).url,
  );
  // Sign-in accounts in the user pool: a sync creates the open round's (2025), a person disabled is
  // disabled at the next sync and enabled again at the one after; a reset; the listing; a slip.
  const sync = async () =>
    admin.call<{
      created: unknown[];
      disabled: string[];
      enabled: string[];
      slips: { docx: { url: string } } | null;
    }>('POST', '/people/sync', { round: '2025' });
  const synced = [await sync()];
  await admin.download(synced[0]!.slips!.docx.url);
  await admin.call('POST', '/people/dc02/active', { active: false });
  synced.push(await sync());
  await admin.call('POST', '/people/dc02/active', { active: true });
  synced.push(await sync());
  await admin.call('POST', '/people/a01/password', {});
  await admin.call('GET', '/people/accounts');
  // The people directory: the listing, and a person added by hand.
  await admin.call('GET', '/people');
  await admin.call('POST', '/people', { login: 'bureau2', name: '区档案局', role: 'admin' });
  return {
    accounts: synced.map((s) => [s.created.length, s.disabled, s.enabled]),
    rejected,
    accepted,
    duplicate,
    evidence: evidence.map((e) => e.state),
  };
}

let outcomes: Awaited<ReturnType<typeof workload>>;

beforeAll(async () => {
  const { template, ids } = synthesize();
  cognito = await startCognitoLocal();
  const client = cognito.client();
  userPool = {
    CEPIN_USER_POOL_ID: await districtPool(client, 'dongcheng'),
    CEPIN_COGNITO_ENDPOINT: cognito.endpoint,
  };
  client.destroy();
  stack = await startTestStack('dongcheng', {
    depsFor: (fn, config) => recorder.depsFor(fn, { ...config, ...userPool }),
  });
  policies = stackPolicies(template.toJSON() as CfnTemplate, ids, { ...stack.config, ...userPool }, where);
  outcomes = await workload();
  await stack.queue.idle();
  requests = [
    ...recorder.calls.flatMap((call) =>
      iamRequests(call, where, policies.functions[call.fn].env).map((request) => ({
        fn: call.fn,
        request,
        call,
      })),
    ),
    ...FUNCTIONS.flatMap((fn) => policies.functions[fn].platform.map((request) => ({ fn, request }))),
  ];
  for (const { fn, request } of requests)
    if (!verdicts.has(id(fn, request)))
      verdicts.set(
        id(fn, request),
        await evaluate(policies.functions[fn], request, policies.bucketPolicies, where),
      );
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await cognito?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** One line per denied request: which function, action, resource and key, and where to grant it. */
async function denials(fp: Record<LocalFunction, FunctionPolicy>, reqs: typeof requests): Promise<string[]> {
  const out = new Set<string>();
  const seen = new Map<string, string>();
  for (const { fn, request, call } of reqs) {
    const key = id(fn, request);
    if (fp[fn] !== policies.functions[fn] && !seen.has(key))
      seen.set(key, await evaluate(fp[fn], request, policies.bucketPolicies, where));
    const verdict = seen.get(key) ?? verdicts.get(key)!;
    if (verdict === 'Allowed') continue;
    const via = call
      ? `SDK ${call.service}:${call.operation}${call.presigned ? ` (presigned ${call.presigned})` : ''}`
      : 'the Lambda service';
    out.add(
      `${fn}: ${request.action} on ${request.resource}${request.key ? ` (key ${request.key})` : ''} via ${via}: ${verdict}`,
    );
  }
  return [...out];
}

describe('IAM replay: every AWS call of every function is allowed by its role in the synthesized stack', () => {
  it('drives every route and the ingest path, and each function calls AWS', () => {
    expect([...routesHit].sort()).toEqual([...ROUTES].sort());
    expect([outcomes.rejected.state, outcomes.accepted.state, outcomes.duplicate.state]).toEqual([
      'rejected',
      'accepted',
      'duplicate',
    ]);
    expect(demo.reconciled).not.toBeNull();
    expect(outcomes.evidence).toEqual(['accepted', 'rejected']);
    for (const fn of FUNCTIONS)
      expect(recorder.calls.filter((c) => c.fn === fn).length, fn).toBeGreaterThan(0);
    // Uploads are presigned by the api function and then performed with its rights.
    expect(
      recorder.calls.some(
        (c) =>
          c.fn === 'api' &&
          c.presigned &&
          c.operation === 'PutObject' &&
          String(c.input.Key).startsWith('uploads/'),
      ),
    ).toBe(true);
    // …evidence files too, which ingest then reads, and the api hands out with a presigned GET.
    const evidenceCall = (fn: LocalFunction, operation: string, presigned: boolean) =>
      recorder.calls.some(
        (c) =>
          c.fn === fn &&
          Boolean(c.presigned) === presigned &&
          c.operation === operation &&
          String(c.input.Key).startsWith('evidence/'),
      );
    expect(evidenceCall('api', 'PutObject', true)).toBe(true);
    expect(evidenceCall('api', 'GetObject', true)).toBe(true);
    expect(evidenceCall('ingest', 'GetObject', false)).toBe(true);
  });

  it('manages sign-in accounts through the api function alone, on the district’s user pool', () => {
    // The roster's 10 people with a sign-in name (dc01, dc02, a01…a08) get accounts; dc02 is
    // disabled while inactive, then enabled.
    expect(outcomes.accounts).toEqual([
      [10, [], []],
      [0, ['dc02'], []],
      [0, [], ['dc02']],
    ]);
    const cognitoCalls = new Set(
      recorder.calls.filter((c) => c.service === 'cognito-idp').map((c) => `${c.fn} ${c.operation}`),
    );
    expect([...cognitoCalls].sort()).toEqual(
      [
        'AdminAddUserToGroup',
        'AdminCreateUser',
        'AdminDisableUser',
        'AdminEnableUser',
        'AdminSetUserPassword',
        'ListUsers',
      ].map((o) => `api ${o}`),
    );
  });

  it('allows every recorded call by the policy of the function that made it', async () => {
    const denied = await denials(policies.functions, requests);
    const unused = FUNCTIONS.flatMap((fn) =>
      unusedGrants(
        policies.functions[fn],
        requests
          .filter((r) => r.fn === fn && verdicts.get(id(fn, r.request)) === 'Allowed')
          .map((r) => r.request),
      ).map((g) => `${fn}: ${g}`),
    );
    console.log(
      `IAM replay: ${verdicts.size} distinct requests evaluated; granted but never used:\n  ${unused.join('\n  ') || '(none)'}`,
    );
    expect(denied, 'grant these to the function’s role in infra/district-stack.ts (least privilege)').toEqual(
      [],
    );
  });

  it('denies a recorded call as soon as any permission a function uses is removed from its role', async () => {
    const used = new Set(
      requests
        .filter((r) => verdicts.get(id(r.fn, r.request)) === 'Allowed')
        .map((r) => `${r.fn}|${r.request.action}`),
    );
    expect(used.size).toBeGreaterThan(10);
    for (const pair of used) {
      const [fn, action] = pair.split('|') as [LocalFunction, string];
      const fewer = { ...policies.functions, [fn]: withoutAction(policies.functions[fn], action) };
      const denied = await denials(
        fewer,
        requests.filter((r) => r.fn === fn && r.request.action === action),
      );
      expect(denied.length, `${fn} without ${action}`).toBeGreaterThan(0);
    }
  });

  it('lets the documents function write audit entries and no other item (dynamodb:LeadingKeys)', async () => {
    const writes = requests.filter((r) => r.fn === 'documents' && r.request.action === 'dynamodb:PutItem');
    expect(writes.length).toBeGreaterThan(0);
    // The audit partitions of the rounds whose documents it made (feedback of 2026, the calibration's .docx).
    for (const w of writes)
      expect(['AUDIT#2026', 'AUDIT#cal-iam']).toContainEqual(
        (w.request.context?.['dynamodb:LeadingKeys'] as string[])[0],
      );
    for (const w of writes) expect(w.request.context?.['dynamodb:LeadingKeys']).toHaveLength(1);
    const elsewhere = {
      ...writes[0]!.request,
      context: { 'dynamodb:LeadingKeys': ['ROUND#2026#UNIT#DC01'] },
    };
    const verdict = (r: IamRequest) =>
      evaluate(policies.functions.documents, r, policies.bucketPolicies, where);
    expect(await verdict(writes[0]!.request)).toBe('Allowed');
    expect(await verdict(elsewhere)).toBe('ImplicitlyDenied');
  });

  it('says which function, action, resource and key was denied', async () => {
    const fewer = { ...policies.functions, ingest: withoutAction(policies.functions.ingest, 's3:GetObject') };
    const denied = await denials(
      fewer,
      requests.filter((r) => r.fn === 'ingest' && r.request.action === 's3:GetObject'),
    );
    expect(denied[0]).toMatch(
      new RegExp(
        `^ingest: s3:GetObject on arn:aws:s3:::${stack.config.CEPIN_BUCKET}/uploads/2025/\\S+ \\(key uploads/2025/\\S+\\) via SDK s3:GetObject: ImplicitlyDenied$`,
      ),
    );
  });
});
