import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/api/routes.ts';
import { buildApp } from '../../../infra/app.ts';
import { DistrictSchema, type District } from '../../../infra/district.ts';
import { DistrictStack } from '../../../infra/district-stack.ts';
import { loadConfig, ConfigError } from '../../../shared/config.ts';

// Skip esbuild in unit tests (`npx cdk synth` bundles for real), and fail synthesis on any
// CloudFormation Validate finding, such as a dependency cycle between resources.
const context = {
  'aws:cdk:bundling-stacks': [],
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

let tmp: string;
let webDir: string;
let app: App;
let assembly: CloudAssembly;
let stack: DistrictStack;
let dongcheng: Template;
let xicheng: Template;

beforeAll(() => {
  // A stand-in for the Vite build in web/dist.
  tmp = mkdtempSync(join(tmpdir(), 'cepin-infra-'));
  webDir = join(tmp, 'dist');
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-abc.js"></script>',
  );
  writeFileSync(join(webDir, 'assets', 'app-abc.js'), 'console.log("cepin")');
  app = buildApp(new App({ context }), { webDir });
  assembly = app.synth(); // throws if cdk-nag reports any unacknowledged finding
  stack = app.node.findChild('Cepin-dongcheng') as DistrictStack;
  dongcheng = Template.fromStack(stack);
  xicheng = Template.fromStack(app.node.findChild('Cepin-xicheng') as Stack);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const idOf = (s: Stack, c: { node: { defaultChild?: unknown } }) =>
  s.getLogicalId(c.node.defaultChild as CfnElement);
/** A CloudFormation string (plain or Fn::Join) as text, with `<Id>` for Ref and `<Id.Attr>` for Fn::GetAtt. */
const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if ('Ref' in o) return `<${o.Ref as string}>`;
  if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in o) return (o['Fn::Join'] as [string, unknown[]])[1].map(text).join('');
  throw new Error(`unexpected ${JSON.stringify(v)}`);
};
const portalBucketId = () => idOf(stack, stack.portal.bucket);
const distributionId = () => idOf(stack, stack.portal.distribution);
const deployments = (t: Template) =>
  Object.values(t.findResources('Custom::CDKBucketDeployment')).map((r) => r.Properties);
/** A district stack built on its own (no cdk-nag unless asked), for variants of the props. */
const soloStack = (props: Partial<ConstructorParameters<typeof DistrictStack>[2]> = {}, nag = false) => {
  const solo = new App({ context });
  const district: District = {
    code: 'solo',
    name: { zh: '测试区', en: 'Test District' },
    rules: 'municipal-sample',
    adminEmail: 'admin@example.gov.cn',
  };
  const s = new DistrictStack(solo, 'Cepin-solo', { district, webDir, ...props });
  if (nag) Validations.of(solo).addPlugins(new AwsSolutionsChecks(solo));
  return { solo, s };
};

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
    ).toEqual(['Cepin-chaoyang', 'Cepin-dongcheng', 'Cepin-xicheng']);
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
          // Account slips (temporary passwords) go after a day.
          Match.objectLike({ Prefix: 'generated/slips/', Status: 'Enabled', ExpirationInDays: 1 }),
          Match.objectLike({ Prefix: 'rejections/', Status: 'Enabled' }),
        ],
      },
    });
    const files = Object.values(
      dongcheng.findResources('AWS::S3::Bucket', {
        Properties: { LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files/' }) },
      }),
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

  it('wires S3 uploads/ and evidence/ -> SQS -> ingest with partial batch failures and a dead-letter queue after 3 receives', () => {
    dongcheng.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
          // Evidence files (佐证材料): docs/security.md, "Evidence files".
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'evidence/' }] } },
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
        ...[
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          // the rubric versions, on the index
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        ...[
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
          'secretsmanager:GetSecretValue',
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
        // Sign-in accounts (people sync), on the district's own user pool only.
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminSetUserPassword',
        'cognito-idp:ListUsers',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    // The feedback route: a unit's records in, its .docx out under generated/feedback/ (presigned GET);
    // the district's rounds listed on the index, for the comparison with the last earlier round.
    expect(actions(dongcheng, 'DocumentsRoleDefaultPolicy')).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Query',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
      ].sort(),
    );
    const documentsPolicy = JSON.stringify(statementsOf(dongcheng, 'DocumentsRoleDefaultPolicy'));
    expect(documentsPolicy).toContain('/generated/feedback/*');
    for (const other of ['/uploads/', '/rejections/', '/generated/*'])
      expect(documentsPolicy).not.toContain(other);
    // The index only for Query (the round listing); nothing else of it.
    expect(
      statementsOf(dongcheng, 'DocumentsRoleDefaultPolicy')
        .filter((st) => JSON.stringify(st.Resource).includes('/index/'))
        .map((st) => st.Action),
    ).toEqual(['dynamodb:Query']);
    // It writes audit entries only: new items whose partition key is an audit partition.
    expect(
      statementsOf(dongcheng, 'DocumentsRoleDefaultPolicy').find((st) => st.Action === 'dynamodb:PutItem'),
    ).toMatchObject({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } });
    for (const role of [
      'IngestRoleDefaultPolicy',
      'ApiFunctionRoleDefaultPolicy',
      'DocumentsRoleDefaultPolicy',
    ]) {
      for (const s of statementsOf(dongcheng, role)) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    }
    const ingestPolicy = JSON.stringify(statementsOf(dongcheng, 'IngestRoleDefaultPolicy'));
    expect(ingestPolicy).toContain('/uploads/*');
    expect(ingestPolicy).toContain('/rejections/*');
    expect(ingestPolicy).toContain('/evidence/*');
    expect(ingestPolicy).not.toContain('/generated/*');
    // Evidence files: ingest reads them; the api presigns their POST (PutObject) and GET (GetObject).
    const objectActions = (role: string, suffix: string) =>
      statementsOf(dongcheng, role)
        .filter((st) => JSON.stringify(st.Resource).includes(suffix))
        .flatMap((st) => [st.Action].flat() as string[])
        .sort();
    expect(objectActions('IngestRoleDefaultPolicy', '/evidence/*')).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
    expect(objectActions('ApiFunctionRoleDefaultPolicy', '/evidence/*')).toEqual([
      's3:GetObject',
      's3:PutObject',
    ]);
    expect(objectActions('DocumentsRoleDefaultPolicy', '/evidence/')).toEqual([]);
  });

  it('lets the api function manage sign-in accounts of its own user pool only, and tells it the pool', () => {
    const pools = Object.keys(dongcheng.findResources('AWS::Cognito::UserPool'));
    expect(pools).toHaveLength(1);
    const cognito = statementsOf(dongcheng, 'ApiFunctionRoleDefaultPolicy').filter((st) =>
      [st.Action].flat().some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toHaveLength(1);
    expect(cognito[0]!.Resource).toEqual({ 'Fn::GetAtt': [pools[0], 'Arn'] });
    dongcheng.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CEPIN_USER_POOL_ID: { Ref: pools[0] } }) },
    });
    for (const role of ['IngestRoleDefaultPolicy', 'DocumentsRoleDefaultPolicy'])
      expect(actions(dongcheng, role).filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
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
    expect(text(dongcheng.findOutputs('PortalUrl').PortalUrl!.Value)).toBe(
      `https://<${distributionId()}.DomainName>`,
    );
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

describe('the web portal of a district', () => {
  it('is served by CloudFront from a private bucket through origin access control, over HTTPS only', () => {
    const site = portalBucketId();
    const bucket = dongcheng.toJSON().Resources[site];
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 'web/' },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    // Only CloudFront, and only this distribution, may read; nothing else is allowed.
    const policy = Object.values(
      dongcheng.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: site } } }),
    )[0]!;
    const allows = policy.Properties.PolicyDocument.Statement.filter(
      (st: { Effect: string }) => st.Effect === 'Allow',
    );
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [site, 'Arn'] }, '/*']] },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      },
    ]);
    expect(text(allows[0].Condition.StringEquals['AWS:SourceArn'])).toMatch(
      new RegExp(`:cloudfront::<AWS::AccountId>:distribution/<${distributionId()}>$`),
    );
    dongcheng.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    dongcheng.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        HttpVersion: 'http2and3',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [site, 'RegionalDomainName'] },
            OriginAccessControlId: Match.anyValue(),
          }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('deploys hashed assets with a year-long immutable cache and never prunes them; index.html and config.json are revalidated and invalidated', () => {
    const [assets, pages] = deployments(dongcheng);
    expect(assets).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(assets.DistributionId).toBeUndefined();
    expect(pages).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: distributionId() },
      DistributionPaths: ['/*'],
    });
    expect(pages.DestinationBucketKeyPrefix).toBeUndefined();
    // New assets are in place before the new index.html that asks for them.
    const [assetsId, pagesId] = Object.keys(dongcheng.findResources('Custom::CDKBucketDeployment'));
    expect(dongcheng.toJSON().Resources[pagesId!].DependsOn).toContain(assetsId);
  });

  it('serves /config.json naming the API URL, region, user pool client and district', () => {
    const pages = deployments(dongcheng)[1]!;
    const i = pages.SourceMarkers.findIndex((m: object) => Object.keys(m).length > 0);
    const key = (pages.SourceObjectKeys[i] as string).replace(/\.zip$/, '');
    const raw = readFileSync(join(assembly.directory, `asset.${key}`, 'config.json'), 'utf8');
    const markers = pages.SourceMarkers[i] as Record<string, unknown>;
    const config = JSON.parse(raw, (_k, v: unknown) =>
      typeof v === 'string' && v in markers ? markers[v] : v,
    );
    expect(config).toEqual({
      mode: 'cognito',
      api: { 'Fn::GetAtt': [idOf(stack, stack.districtApi.api), 'ApiEndpoint'] },
      region: { Ref: 'AWS::Region' },
      userPoolClientId: { Ref: idOf(stack, stack.districtApi.client!) },
      district: 'dongcheng',
      districtName: { zh: '东城区', en: 'Dongcheng District' },
    });
  });

  it('sends security headers, with a CSP whose connect-src names only the API, the upload bucket and Cognito', () => {
    const policy = Object.values(dongcheng.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const h = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(h).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const files = idOf(stack, stack.storage.bucket);
    const api = idOf(stack, stack.districtApi.api);
    expect(text(h.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        `connect-src 'self' <${api}.ApiEndpoint> https://<${files}>.s3.<AWS::Region>.<AWS::URLSuffix> https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>`,
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ].join('; '),
    );
    dongcheng.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: Match.anyValue() }),
      }),
    });
  });

  it('leaves API and bucket CORS open on the CloudFront domain, since naming it there would be a dependency cycle', () => {
    dongcheng.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'] }),
    });
    dongcheng.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['*'], AllowedMethods: ['POST', 'GET', 'HEAD'] })],
      },
    });
    // The CSP names the bucket, the distribution carries the CSP: the bucket cannot name the distribution.
    const { solo, s } = soloStack();
    s.storage.bucket.addCorsRule({ allowedOrigins: [s.portal.origin], allowedMethods: [HttpMethods.POST] });
    expect(() => solo.synth()).toThrow(/Circular dependency/);
  });

  it('with its own domain, allows only that origin in API and bucket CORS and requires TLS 1.2', () => {
    const { solo, s } = soloStack(
      {
        portalDomain: {
          domainName: 'cepin.solo.example.gov.cn',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      },
      true,
    );
    solo.synth(); // no CFR4 finding to acknowledge, no cycle
    const t = Template.fromStack(s);
    const origin = 'https://cepin.solo.example.gov.cn';
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [origin] }),
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedOrigins: [origin],
            AllowedMethods: ['POST', 'GET', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
          }),
        ],
      },
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['cepin.solo.example.gov.cn'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
    expect(t.findOutputs('PortalUrl').PortalUrl!.Value).toBe(origin);
  });

  it('is not built without a built portal, saying how to build it', () => {
    const empty = mkdtempSync(join(tmp, 'empty-'));
    expect(() => buildApp(new App({ context }), { webDir: empty })).toThrow(
      `${empty}/index.html not found: build the portal first with \`npm run build:web\``,
    );
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
