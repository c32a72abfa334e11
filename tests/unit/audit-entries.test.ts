import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { auditLine } from '../../shared/cli/commands/audit.ts';
import { AUDITED_ROUTES, auditTrail, routeAuditEntry } from '../../shared/use-cases/api/audit.ts';
import { HANDLERS } from '../../shared/use-cases/api/dispatch.ts';
import type { ApiDeps, ApiRequest } from '../../shared/use-cases/api/deps.ts';
import type { AuditEntry } from '../../shared/use-cases/ports.ts';
import { shippedRubrics } from '../support/rules.ts';

/** docs/security.md, "Audit trail": what an entry holds, whatever a caller sends. */
const unitCaller = { sub: 's', role: 'unit' as const, ref: 'DC02', district: 'dongcheng' };
const req = (
  query: Record<string, string>,
  params: Record<string, string> = { round: '2026' },
): ApiRequest => ({
  caller: unitCaller,
  params,
  query,
  body: undefined,
});

describe('audit entries', () => {
  it('keep no control or bidirectional characters a caller put in the query (they could forge a printed line)', () => {
    const e = routeAuditEntry(
      'GET /rounds/{round}/status',
      req({
        x: '\u001b[2J\u001b[31mFAKE\n2026-01-01  admin  POST  200',
        unit: 'DC01\u001b]0;pwned\u0007\u202e',
      }),
      200,
      {},
      '2026-12-01T00:00:00.000Z',
      'id',
    )!;
    // eslint-disable-next-line no-control-regex
    const unprintable = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;
    for (const text of [e.detail!, e.unit!, auditLine(e)]) expect(text).not.toMatch(unprintable);
    expect(e.detail).toContain('FAKE');
    expect(auditLine({ ...e, detail: 'old\u001b[2Jentry' })).not.toContain('\u001b');
  });

  it('record reads of the roster and of the caller’s own uploads, not only of results', () => {
    expect(AUDITED_ROUTES.has('GET /rounds/{round}')).toBe(true);
    expect(AUDITED_ROUTES.has('GET /rounds/{round}/uploads')).toBe(true);
  });

  it('record a call that failed inside (500) as well as answers and refusals', async () => {
    const audited: AuditEntry[] = [];
    const deps = {
      store: {
        getRound: async () => {
          throw new Error('boom');
        },
        getRoster: async () => undefined,
        audit: async (e: AuditEntry) => void audited.push(e),
      },
      objects: {},
      rubrics: shippedRubrics,
      district: 'dongcheng',
      districtName: '东城区',
      maxBytes: 1,
      now: () => new Date('2026-12-01T00:00:00Z'),
      newId: () => 'x',
    } as unknown as ApiDeps;
    const event = {
      routeKey: 'GET /rounds/{round}/results',
      rawPath: '/rounds/2026/results',
      pathParameters: { round: '2026' },
      queryStringParameters: { unit: 'DC01' },
      requestContext: {
        authorizer: {
          jwt: { claims: { sub: 'a', 'cognito:groups': '[admin]', 'custom:district': 'dongcheng' } },
        },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    const r = await handleApi(event, deps, HANDLERS);
    expect(r.statusCode).toBe(500);
    expect(audited).toMatchObject([{ action: 'GET /rounds/{round}/results', outcome: '500', unit: 'DC01' }]);
  });

  it('page at most 1000 at a time, and say where the next page starts even when more was asked', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: `e${i}`,
      at: `2026-12-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    }));
    let asked = 0;
    const deps = {
      store: {
        getRound: async () => ({ round: '2026' }),
        auditTrail: async (_r: string, q: { limit: number }) => {
          asked = q.limit;
          return many.slice(0, q.limit);
        },
      },
    } as unknown as ApiDeps;
    const admin = { ...req({ limit: '5000' }), caller: { ...unitCaller, role: 'admin' as const, ref: '' } };
    const r = await auditTrail(admin, deps);
    expect(asked).toBe(1000);
    expect((r.body as { next: string | null }).next).toBe(`${many[999]!.at}#e999`);
  });
});
