import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistrictStack } from '../../../infra/district-stack.ts';

/**
 * Admins' second factor (docs/security.md, "Sign-in"): the district's user pool offers TOTP by an
 * authenticator app, never SMS, optional per user; an ID token lives one hour and the refresh token
 * an assessment day (12 hours), so the portal and CLI refresh silently; a sign-in step may take 10
 * minutes (typing a TOTP secret into an app).
 */
let tmp: string;
let app: App;
let stack: DistrictStack;
let template: Template;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cepin-mfa-'));
  mkdirSync(join(tmp, 'assets'), { recursive: true });
  writeFileSync(join(tmp, 'index.html'), '<!doctype html>');
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new DistrictStack(app, 'Cepin-mfa', {
    district: {
      code: 'mfadistrict',
      name: { zh: '测试区', en: 'Test District' },
      rules: 'dongcheng-sample',
      adminEmail: 'admin@example.gov.cn',
    } as never,
    webDir: tmp,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  template = Template.fromStack(stack);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const onlyOne = (type: string) => {
  const all = Object.values(template.findResources(type));
  expect(all).toHaveLength(1);
  return all[0]!.Properties as Record<string, unknown>;
};

describe("the user pool's second factor", () => {
  it('is optional per user and is an authenticator app (TOTP) only, with no SMS', () => {
    const pool = onlyOne('AWS::Cognito::UserPool');
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool).not.toHaveProperty('SmsConfiguration');
  });

  it('leaves cdk-nag clean: COG2 (MFA required) acknowledged with the reason that admins enrol TOTP', () => {
    expect(() => app.synth()).not.toThrow();
    const acks = Object.assign(
      {},
      ...stack.districtApi
        .userPool!.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((m) => m.data as Record<string, string>),
    ) as Record<string, string>;
    const cog2 = Object.entries(acks).find(([id]) => id.endsWith('AwsSolutions-COG2'))?.[1];
    expect(cog2).toMatch(/TOTP only/);
    expect(cog2).toMatch(/admins enrol an authenticator app/);
  });
});

describe('the app client the portal and CLI sign in with', () => {
  it('issues ID and access tokens for one hour and refresh tokens for twelve hours', () => {
    const client = onlyOne('AWS::Cognito::UserPoolClient');
    // CloudFormation's default unit is hours for ID/access tokens and days for refresh tokens; CDK
    // states its units, so the numbers are read with them.
    const minutes = (n: unknown, unit: unknown) =>
      Number(n) * ({ minutes: 1, hours: 60, days: 1440 } as Record<string, number>)[String(unit)]!;
    const units = client.TokenValidityUnits as Record<string, string>;
    expect(minutes(client.IdTokenValidity, units.IdToken)).toBe(60);
    expect(minutes(client.AccessTokenValidity, units.AccessToken)).toBe(60);
    expect(minutes(client.RefreshTokenValidity, units.RefreshToken)).toBe(12 * 60);
    expect(client.AuthSessionValidity).toBe(10);
  });

  it('allows password sign-in (with its challenges) and the silent refresh, without a client secret', () => {
    const client = onlyOne('AWS::Cognito::UserPoolClient');
    expect(client.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
    expect(client.GenerateSecret).toBe(false);
    // REFRESH_TOKEN_AUTH is refused by clients that rotate refresh tokens.
    expect(client).not.toHaveProperty('RefreshTokenRotation');
  });
});
