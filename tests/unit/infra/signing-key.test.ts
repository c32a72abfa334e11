import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistrictStack } from '../../../infra/district-stack.ts';
import { loadConfig } from '../../../shared/config.ts';

/**
 * The district's signing key for reconciliation sheets (合议表): a secret the stack generates, named
 * to the api function (which signs the sheets it makes) and the ingest function (which verifies
 * uploads), each allowed secretsmanager:GetSecretValue on that secret only; documents gets neither.
 */

let tmp: string;
let stack: DistrictStack;
let template: Template;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cepin-signing-'));
  mkdirSync(join(tmp, 'assets'), { recursive: true });
  writeFileSync(join(tmp, 'index.html'), '<!doctype html>');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new DistrictStack(app, 'Cepin-signing', {
    district: {
      code: 'signing',
      name: { zh: '测试区', en: 'Test District' },
      rules: 'dongcheng-sample',
      adminEmail: 'admin@example.gov.cn',
    } as never,
    webDir: tmp,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth(); // throws on an unacknowledged cdk-nag finding (e.g. the secret's rotation)
  template = Template.fromStack(stack);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const secretId = () => stack.getLogicalId(stack.signingSecret.node.defaultChild as never);
const fnOf = (f: { fn: { node: { defaultChild?: unknown } } }) =>
  template.findResources('AWS::Lambda::Function')[stack.getLogicalId(f.fn.node.defaultChild as never)]!;
const statements = (f: { fn: { role?: unknown } }) => {
  const roleId = Stack.of(stack).getLogicalId(
    (f.fn.role as { node: { defaultChild: never } }).node.defaultChild,
  );
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
};
const secretStatements = (f: Parameters<typeof statements>[0]) =>
  statements(f).filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));

describe('the district’s signing key', () => {
  it('is a secret the stack generates: 64 characters, no punctuation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual([secretId()]);
  });

  it('is named to the api and ingest functions only (CEPIN_SIGNING_SECRET_ARN, which the configuration reads)', () => {
    for (const f of [stack.apiFunction, stack.ingest]) {
      const env = fnOf(f).Properties.Environment.Variables as Record<string, unknown>;
      expect(env.CEPIN_SIGNING_SECRET_ARN).toEqual({ Ref: secretId() });
    }
    const arn = 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:SigningKey-AbCdEf';
    const base = {
      CEPIN_DISTRICT: 'signing',
      CEPIN_TABLE: 'cepin-signing',
      CEPIN_BUCKET: 'cepin-signing-files',
    };
    expect(loadConfig({ ...base, CEPIN_SIGNING_SECRET_ARN: arn }).CEPIN_SIGNING_SECRET_ARN).toBe(arn);
    const docs = fnOf(stack.documents).Properties.Environment.Variables as Record<string, unknown>;
    expect(docs.CEPIN_SIGNING_SECRET_ARN).toBeUndefined();
  });

  it('may be read (GetSecretValue, nothing more) by api and ingest, on that secret only; documents cannot', () => {
    for (const f of [stack.apiFunction, stack.ingest])
      expect(secretStatements(f)).toEqual([
        expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId() } }),
      ]);
    expect(secretStatements(stack.documents)).toEqual([]);
  });
});
