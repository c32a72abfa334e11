import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { HANDLERS } from '../../shared/use-cases/api/dispatch.ts';
import { DOCUMENT_HANDLERS } from '../../shared/use-cases/api/documents.ts';
import type { ApiDeps } from '../../shared/use-cases/api/deps.ts';
import type { AuditEntry, RoundRecord } from '../../shared/use-cases/ports.ts';
import { shippedRubrics } from '../support/rules.ts';

/**
 * docs/security.md, "Who may do what": permissions are decided before any work — a caller who may
 * not see a unit's scores does not make cepin read them. The store below has the round and roster;
 * reading any submission fails the test.
 */
const round: RoundRecord = {
  round: '2026',
  rules: 'dongcheng-sample',
  ruleVersion: 1,
  fingerprint: 'x',
  phases: { self: 'open', precheck: 'open', formal: 'open', spotcheck: 'pending' },
  createdAt: '2026-01-01',
  createdBy: 'a',
};

function deps(): { d: ApiDeps; audited: AuditEntry[]; reads: string[] } {
  const audited: AuditEntry[] = [];
  const reads: string[] = [];
  const touch = (what: string) => async () => {
    reads.push(what);
    throw new Error(`${what} read before the permission check`);
  };
  const store = {
    getRound: async () => round,
    getRoster: async () => sampleRoster(),
    unitRecords: touch('unitRecords'),
    unitSubmissions: touch('unitSubmissions'),
    roundSummary: touch('roundSummary'),
    audit: async (e: AuditEntry) => void audited.push(e),
  } as unknown as ApiDeps['store'];
  return {
    audited,
    reads,
    d: {
      store,
      objects: {} as ApiDeps['objects'],
      rubrics: shippedRubrics,
      district: 'dongcheng',
      districtName: '东城区',
      maxBytes: 1,
      now: () => new Date('2026-12-01T00:00:00Z'),
      newId: () => 'id1',
    },
  };
}

const event = (routeKey: string, query: Record<string, string>, claims: Record<string, string>) =>
  ({
    routeKey,
    rawPath: '/x',
    pathParameters: { round: '2026' },
    queryStringParameters: query,
    requestContext: { authorizer: { jwt: { claims: { 'custom:district': 'dongcheng', ...claims } } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const unit = { sub: 'u1', 'cognito:groups': '[unit]', 'custom:ref': 'DC01' };
const lead = { sub: 'a1', 'cognito:groups': '[assessor]', 'custom:ref': 'A01' };

describe('a refused caller costs no reading of scores', () => {
  it.each([
    [
      'a unit asking for its results before the formal phase closed',
      'GET /rounds/{round}/results',
      { unit: 'DC01' },
      unit,
    ],
    [
      'a unit asking for its feedback before the formal phase closed',
      'GET /rounds/{round}/feedback',
      { unit: 'DC01' },
      unit,
    ],
    [
      'the panel lead asking for the 合议表 while scoring is open',
      'GET /rounds/{round}/reconciliation-sheet',
      { unit: 'DC01', phase: 'formal' },
      lead,
    ],
    ['an assessor asking for results', 'GET /rounds/{round}/results', { unit: 'DC01' }, lead],
  ] as const)('%s', async (_name, route, query, claims) => {
    const { d, reads, audited } = deps();
    const r = await handleApi(event(route, query, claims), d, { ...HANDLERS, ...DOCUMENT_HANDLERS });
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body!).error.code).toBe('api.forbidden');
    expect(reads).toEqual([]);
    // ...and the refusal is in the audit trail.
    expect(audited).toMatchObject([{ action: route, outcome: '403', unit: 'DC01' }]);
  });
});
