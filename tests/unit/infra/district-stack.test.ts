import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/api-routes.ts';
import { buildApp } from '../../../infra/app.ts';
import { DistrictSchema } from '../../../infra/district.ts';
import { loadConfig, ConfigError } from '../../../shared/config.ts';

let app: App;
let dongcheng: Template;
let xicheng: Template;

beforeAll(() => {
  // Skip esbuild in unit tests; `npx cdk synth` bundles for real.
  app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  app.synth(); // throws if cdk-nag reports any unacknowledged finding
  dongcheng = Template.fromStack(app.node.findChild('Cepin-dongcheng') as Stack);
  xicheng = Template.fromStack(app.node.findChild('Cepin-xicheng') as Stack);
});

const statementsOf = (t: Template, rolePath: string) => {
  const policies = t.findResources('AWS::IAM::Policy');
  const entry = Object.entries(policies).find(([id]) => id.startsWith(rolePath));
  return (entry?.[1].Properties.PolicyDocument.Statement ?? []) as {
    Action: string | string[];
    Resource: unknown;
  }[];
};
const actions = (t: Template, rolePath: string) =>
  statementsOf(t, rolePath)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();

describe('a district stack', () => {
  it('is one stack per district, named so operators can tell them apart, with zero cdk-nag findings', () => {
    expect(
      app.node.children
        .filter((c) => c instanceof Stack)
        .map((c) => c.node.id)
        .sort(),
    ).toEqual(['Cepin-dongcheng', 'Cepin-xicheng']);
  });

  it('keeps uploads in a versioned, encrypted, private bucket with access logs and lifecycle rules for generated files only', () => {
    dongcheng.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files/' }),
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ Prefix: 'generated/', Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'rejections/', Status: 'Enabled' }),
        ],
      },
    });
    const files = Object.values(
      dongcheng.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } }),
    )[0]!;
    expect(files.DeletionPolicy).toBe('Retain');
  });

  it('refuses plain HTTP to its buckets', () => {
    dongcheng.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('has an on-demand table with point-in-time recovery and deletion protection, retained on stack deletion', () => {
    dongcheng.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'cepin-dongcheng',
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'GSI1' })],
      }),
    });
  });

  it('wires S3 uploads/ -> SQS -> ingest with partial batch failures and a dead-letter queue after 3 receives', () => {
    dongcheng.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
        ],
      },
    });
    dongcheng.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
    });
    dongcheng.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs every function on arm64 and the current Node runtime with log retention', () => {
    const fns = Object.values(dongcheng.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.CEPIN_TABLE,
    );
    expect(fns).toHaveLength(3);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs24.x' });
      expect(f.Properties.Environment.Variables).toMatchObject({
        CEPIN_DISTRICT: 'dongcheng',
        CEPIN_RULES_DIR: '/var/task/rules',
      });
    }
    dongcheng.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('puts the Cognito JWT authorizer on every route', () => {
    const routes = Object.values(dongcheng.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([...ROUTES].sort());
    for (const r of routes)
      expect(r.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
    dongcheng.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const g of ['admin', 'assessor', 'unit'])
      dongcheng.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: g });
    dongcheng.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('grants each function only the actions it uses, on named resources', () => {
    expect(actions(dongcheng, 'IngestRoleDefaultPolicy')).toEqual(
      [
        ...['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        ...[
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
        ],
        // consuming the ingest queue
        ...[
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
      ].sort(),
    );
    expect(actions(dongcheng, 'ApiFunctionRoleDefaultPolicy')).toEqual(
      [
        'dynamodb:ConditionCheckItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
      ].sort(),
    );
    for (const role of ['IngestRoleDefaultPolicy', 'ApiFunctionRoleDefaultPolicy']) {
      for (const s of statementsOf(dongcheng, role)) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    }
    const ingestPolicy = JSON.stringify(statementsOf(dongcheng, 'IngestRoleDefaultPolicy'));
    expect(ingestPolicy).toContain('/uploads/*');
    expect(ingestPolicy).toContain('/rejections/*');
    expect(ingestPolicy).not.toContain('/generated/*');
  });

  it('alarms on dead letters and function errors, and outputs what an operator needs', () => {
    dongcheng.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
    expect(
      Object.values(
        dongcheng.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
      ),
    ).toHaveLength(3);
    const outputs = Object.keys(dongcheng.findOutputs('*')).join(' ');
    for (const o of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'BucketName', 'TableName'])
      expect(outputs).toContain(o);
  });

  it('two districts share no data resource', () => {
    const tables = [dongcheng, xicheng].map(
      (t) => Object.values(t.findResources('AWS::DynamoDB::GlobalTable'))[0]!.Properties.TableName,
    );
    expect(tables).toEqual(['cepin-dongcheng', 'cepin-xicheng']);
    for (const t of [dongcheng, xicheng]) {
      const json = JSON.stringify(t.toJSON());
      expect(json).not.toContain('Fn::ImportValue');
      expect(json).not.toContain(t === dongcheng ? 'xicheng' : 'dongcheng');
    }
  });
});

describe('districts and configuration are data, validated', () => {
  it.each([
    ['a code with capitals', { code: 'DongCheng' }],
    ['a bad e-mail', { adminEmail: 'nobody' }],
    ['an unknown field', { extra: 1 }],
  ])('rejects a district file with %s', (_n, change) => {
    const base = {
      code: 'dongcheng',
      name: { zh: '东城', en: 'Dongcheng' },
      rules: 'dongcheng-sample',
      adminEmail: 'a@b.cn',
    };
    expect(DistrictSchema.safeParse(base).success).toBe(true);
    expect(DistrictSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });

  it('fails loudly at start-up when a handler variable is missing, naming it', () => {
    expect(() => loadConfig({ CEPIN_DISTRICT: 'dongcheng', CEPIN_TABLE: 'cepin-dongcheng' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ CEPIN_DISTRICT: 'dongcheng', CEPIN_TABLE: 'cepin-dongcheng' })).toThrow(
      /CEPIN_BUCKET/,
    );
  });
});

describe('cdk-nag in synth', () => {
  it('fails synthesis on an unacknowledged finding', async () => {
    const { Validations } = await import('aws-cdk-lib');
    const { AwsSolutionsChecks } = await import('cdk-nag');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const bare = new App();
    new Bucket(new Stack(bare, 'Bare'), 'NoSslNoLogs');
    Validations.of(bare).addPlugins(new AwsSolutionsChecks(bare));
    expect(() => bare.synth()).toThrow(/AwsSolutions-S10/);
  });
});
