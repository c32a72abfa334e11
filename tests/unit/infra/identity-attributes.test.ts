import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistrictStack } from '../../../infra/district-stack.ts';

/**
 * The rule (docs/security.md, "Identity"): who a person is — role group, `custom:ref` (the unit
 * code or assessor id), `custom:district`, e-mail and phone — is set by an admin only. Cognito lets
 * a user write, with their own access token (UpdateUserAttributes), every mutable attribute the app
 * client's WriteAttributes allows, and *every* mutable attribute when WriteAttributes is absent or
 * empty. So the client must list its write attributes, and the list must name none of these.
 */
const IDENTITY = ['custom:ref', 'custom:district', 'email', 'phone_number', 'preferred_username'];

let tmp: string;
let template: Template;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cepin-idattr-'));
  mkdirSync(join(tmp, 'assets'), { recursive: true });
  writeFileSync(join(tmp, 'index.html'), '<!doctype html>');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DistrictStack(app, 'Cepin-test', {
    district: {
      code: 'testdistrict',
      name: { zh: '测试区', en: 'Test District' },
      rules: 'dongcheng-sample',
      adminEmail: 'admin@example.gov.cn',
    } as never,
    webDir: tmp,
  });
  template = Template.fromStack(stack);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('who a person is cannot be rewritten by that person', () => {
  it('gives the app client an explicit, non-empty list of write attributes without any identity attribute', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const write = clients[0]!.Properties.WriteAttributes as string[] | undefined;
    expect(Array.isArray(write) && write.length > 0).toBe(true);
    for (const a of IDENTITY) expect(write).not.toContain(a);
    expect(write!.filter((a) => a.startsWith('custom:'))).toEqual([]);
  });

  it('still lets the client read the identity claims the API and portal need', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]!;
    const read = client.Properties.ReadAttributes as string[];
    expect(read).toEqual(expect.arrayContaining(['custom:ref', 'custom:district']));
  });

  it('keeps the district attribute immutable and the ref attribute changeable only by an admin', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!;
    const schema = pool.Properties.Schema as { Name: string; Mutable: boolean }[];
    expect(schema.find((a) => a.Name === 'district')?.Mutable).toBe(false);
    // Mutable so an admin can correct it (AdminUpdateUserAttributes ignores the client's list).
    expect(schema.find((a) => a.Name === 'ref')?.Mutable).toBe(true);
    expect(pool.Properties.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  });
});

describe('the API access log', () => {
  it('names the caller of every request (the token subject the audit trail records)', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const format = JSON.parse(stages[0]!.Properties.AccessLogSettings.Format as string) as Record<
      string,
      string
    >;
    expect(format.callerSub).toBe('$context.authorizer.claims.sub');
    expect(format.routeKey).toBe('$context.routeKey');
    expect(format.status).toBe('$context.status');
  });
});
