import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { callerFromClaims } from '../../../shared/adapters/claims.ts';
import { handleApi } from '../../../shared/adapters/http-api.ts';
import { ConfigError, loadConfig } from '../../../shared/config.ts';
import { HANDLERS } from '../../../shared/use-cases/api/dispatch.ts';
import type { ApiDeps } from '../../../shared/use-cases/api/deps.ts';
import { ApiError } from '../../../shared/use-cases/api/errors.ts';
import { shippedRubrics } from '../../support/rules.ts';

/**
 * The rule (issue 17, item 4): in a district that signs in through its own OpenID Connect provider,
 * a token proves only who signed in. Until the people directory decides role and ref, the API trusts
 * none of the provider's claims, whatever they say: every call is refused with a clear 403.
 */
const ADMIN = { sub: 'a', 'cognito:groups': '[admin]', 'custom:district': 'chaoyang' };
const UNIT = { sub: 'u', 'cognito:groups': '[unit]', 'custom:ref': 'CY01', 'custom:district': 'chaoyang' };

const event = (claims: Record<string, string>) =>
  ({
    routeKey: 'GET /rounds/{round}/status',
    rawPath: '/rounds/2026/status',
    pathParameters: { round: '2026' },
    requestContext: { authorizer: { jwt: { claims } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

/** Deps whose store fails any read: a refused call must never reach it. */
const deps = (identity?: 'cognito' | 'oidc'): ApiDeps => {
  const untouched = async () => {
    throw new Error('the store was read');
  };
  return {
    store: new Proxy({}, { get: () => untouched }) as ApiDeps['store'],
    objects: {} as ApiDeps['objects'],
    rubrics: shippedRubrics,
    district: 'chaoyang',
    districtName: '朝阳区',
    maxBytes: 1,
    identity,
    now: () => new Date(),
    newId: () => 'x',
  };
};

describe('an OIDC district before the people directory exists', () => {
  it('takes no role from any claim: even claims naming an admin or a unit of this district are refused', () => {
    for (const claims of [ADMIN, UNIT]) {
      // The same claims name a caller where the district's own Cognito pool issued them…
      expect(callerFromClaims(claims)).toMatchObject({ sub: claims.sub, district: 'chaoyang' });
      // …and nobody where an OpenID Connect provider did.
      let refusal: unknown;
      try {
        callerFromClaims(claims, 'oidc');
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(ApiError);
      expect(refusal).toMatchObject({ status: 403, code: 'api.directory-missing' });
    }
  });

  it('answers every call 403 api.directory-missing in both languages, before reading anything', async () => {
    for (const claims of [ADMIN, UNIT, { sub: 'x' }]) {
      const r = await handleApi(event(claims), deps('oidc'), HANDLERS);
      expect(r.statusCode).toBe(403);
      expect(JSON.parse(r.body!)).toEqual({
        error: {
          code: 'api.directory-missing',
          message: {
            zh: '本区通过自己的身份认证服务登录;将登录账号对应到角色的人员名录尚未建立,暂不能使用',
            en: 'This district signs in through its own identity service; the people directory that maps sign-ins to roles is not set up yet',
          },
        },
      });
    }
  });

  it('leaves a Cognito district as it was: its claims still name the caller', async () => {
    // The store is reached (and fails here), so the caller was accepted: 500, not a refusal.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await handleApi(event(ADMIN), deps('cognito'), HANDLERS);
    expect(r.statusCode).toBe(500);
    expect((await handleApi(event(ADMIN), deps(), HANDLERS)).statusCode).toBe(500);
    logged.mockRestore();
  });

  it('is told by CEPIN_IDENTITY, Cognito unless it says oidc, and a wrong value fails the cold start', () => {
    const env = { CEPIN_DISTRICT: 'chaoyang', CEPIN_TABLE: 'cepin-chaoyang', CEPIN_BUCKET: 'b-chaoyang' };
    expect(loadConfig(env).CEPIN_IDENTITY).toBe('cognito');
    expect(loadConfig({ ...env, CEPIN_IDENTITY: 'oidc' }).CEPIN_IDENTITY).toBe('oidc');
    expect(() => loadConfig({ ...env, CEPIN_IDENTITY: 'saml' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CEPIN_IDENTITY: 'saml' })).toThrow(/CEPIN_IDENTITY/);
  });
});
