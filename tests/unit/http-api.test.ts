import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { HANDLERS } from '../../shared/use-cases/api/dispatch.ts';
import type { ApiDeps } from '../../shared/use-cases/api/deps.ts';
import { shippedRubrics } from '../support/rules.ts';

const event = (routeKey: string, claims: Record<string, string>) =>
  ({
    routeKey,
    rawPath: '/rounds/2026/status',
    pathParameters: { round: '2026' },
    requestContext: { authorizer: { jwt: { claims } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const admin = { sub: 'a', 'cognito:groups': '[admin]', 'custom:district': 'dongcheng' };

function depsFailingWith(error: Error): ApiDeps {
  const fail = async () => {
    throw error;
  };
  return {
    store: { getRound: fail, getRoster: fail } as unknown as ApiDeps['store'],
    objects: {} as ApiDeps['objects'],
    rubrics: shippedRubrics,
    district: 'dongcheng',
    districtName: '东城区',
    maxBytes: 1,
    now: () => new Date(),
    newId: () => 'x',
  };
}

describe('the HTTP API adapter', () => {
  it('answers 503 with Retry-After when AWS throttles, with the message in both languages', async () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ProvisionedThroughputExceededException',
    });
    const r = await handleApi(
      event('GET /rounds/{round}/status', admin),
      depsFailingWith(throttled),
      HANDLERS,
    );
    expect(r.statusCode).toBe(503);
    expect(r.headers).toMatchObject({ 'retry-after': '2' });
    expect(JSON.parse(r.body!)).toMatchObject({
      error: { code: 'api.busy', message: { zh: expect.any(String), en: expect.any(String) } },
    });
  });

  it('answers 500 with a stable code, never a stack trace, for anything unexpected', async () => {
    const r = await handleApi(
      event('GET /rounds/{round}/status', admin),
      depsFailingWith(new Error('boom at line 3')),
      HANDLERS,
    );
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('boom');
    expect(JSON.parse(r.body!).error.code).toBe('api.internal');
  });

  it('refuses claims without a role (401) and a token of another district (403)', async () => {
    const deps = depsFailingWith(new Error('unused'));
    expect(
      (await handleApi(event('GET /rounds/{round}/status', { sub: 'x' }), deps, HANDLERS)).statusCode,
    ).toBe(401);
    const other = { ...admin, 'custom:district': 'xicheng' };
    expect((await handleApi(event('GET /rounds/{round}/status', other), deps, HANDLERS)).statusCode).toBe(
      403,
    );
  });
});
