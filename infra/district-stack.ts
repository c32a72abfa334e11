import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { keys } from '../shared/adapters/table-keys.ts';
import { identityOf, isChinaRegion, type District } from './district.ts';
import { DistrictApi } from './constructs/api.ts';
import { CepinFunction } from './constructs/lambdas.ts';
import { Storage } from './constructs/storage.ts';
import { Portal, type PortalDomain } from './constructs/web.ts';

/** Props of a district stack. */
export interface DistrictStackProps extends StackProps {
  readonly district: District;
  /** The built web portal (normally web/dist), served by CloudFront. */
  readonly webDir: string;
  /**
   * The portal's own domain. With it, CORS on the API and the bucket allows only that origin; without
   * it they allow any origin, since the CloudFront domain is only known after the distribution exists
   * and the distribution's CSP names the API and the bucket (restricting CORS to it would be a cycle).
   * @default the distribution's *.cloudfront.net domain
   */
  readonly portalDomain?: PortalDomain;
}

/**
 * Everything one district runs on: storage, the S3 -> SQS -> ingest wiring with a dead-letter
 * queue, the API behind a JWT authorizer (Cognito, or the district's own OpenID Connect provider),
 * the web portal on CloudFront, least-privilege roles, alarms and the outputs an operator needs. A
 * district in an AWS China region (the aws-cn partition) gets only what those regions offer
 * (docs/deploy-china.md).
 */
export class DistrictStack extends Stack {
  public readonly storage: Storage;
  public readonly ingest: CepinFunction;
  public readonly apiFunction: CepinFunction;
  public readonly documents: CepinFunction;
  public readonly districtApi: DistrictApi;
  public readonly queue: Queue;
  public readonly deadLetters: Queue;
  public readonly portal: Portal;
  /** The HMAC key signing reconciliation sheets (read by api and ingest). */
  public readonly signingSecret: Secret;

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    super(scope, id, props);
    const d = props.district;
    const china = isChinaRegion(d.region);
    const identity = identityOf(d);
    const portalOrigins = props.portalDomain ? [`https://${props.portalDomain.domainName}`] : undefined;
    this.storage = new Storage(this, 'Storage', {
      tableName: `cepin-${d.code}`,
      corsOrigins: portalOrigins,
    });
    const { bucket, table } = this.storage;
    const environment = {
      CEPIN_DISTRICT: d.code,
      CEPIN_TABLE: table.tableName,
      CEPIN_BUCKET: bucket.bucketName,
      // The API takes no role from an OpenID Connect provider's claims: the district's people
      // directory decides, binding a first sign-in by `bindBy` (shared/adapters/claims.ts).
      ...(identity.kind === 'oidc'
        ? {
            CEPIN_IDENTITY: 'oidc',
            CEPIN_OIDC_ISSUER: identity.issuer,
            CEPIN_OIDC_BIND_BY: identity.bindBy,
          }
        : {}),
    };

    // Uploads notify SQS; ingest reads batches and reports partial failures; 3 receives, then the DLQ.
    this.deadLetters = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: 'uploads/',
    });
    // Evidence files (佐证材料) take the same path: ingest judges each from its bytes.
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: 'evidence/',
    });

    // The district's HMAC key for sheets cepin later trusts (reconciliation sheets): api signs the
    // sheets it generates, ingest verifies the uploads. Documents never sees it.
    this.signingSecret = new Secret(this, 'SigningKey', {
      description: `cepin ${d.code}: HMAC key signing the metadata of generated reconciliation sheets`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    const signing = { CEPIN_SIGNING_SECRET_ARN: this.signingSecret.secretArn };

    this.ingest = new CepinFunction(this, 'Ingest', {
      name: 'ingest',
      china,
      memorySize: 1024,
      timeout: Duration.seconds(30),
      environment: { ...environment, ...signing },
    });
    this.ingest.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(1),
      }),
    );
    this.apiFunction = new CepinFunction(this, 'ApiFunction', {
      name: 'api',
      china,
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: {
        ...environment,
        ...signing,
        // The first admin of an oidc district's empty directory (docs/security.md, "People and sign-in").
        ...(identity.kind === 'oidc' ? { CEPIN_ADMIN_EMAIL: d.adminEmail } : {}),
      },
    });
    this.documents = new CepinFunction(this, 'Documents', {
      name: 'documents',
      china,
      memorySize: 512,
      timeout: Duration.seconds(30),
      environment,
    });
    this.districtApi = new DistrictApi(this, 'HttpApi', {
      handler: this.apiFunction.fn,
      documents: this.documents.fn,
      district: d.code,
      identity,
      allowOrigins: portalOrigins,
    });
    this.portal = new Portal(this, 'Portal', {
      webDir: props.webDir,
      // An oidc district's portal signs in with the authorization-code flow + PKCE (web/src/oidc-client.ts).
      config:
        identity.kind === 'oidc'
          ? {
              mode: 'oidc',
              api: this.districtApi.url,
              region: this.region,
              identity: { kind: 'oidc', issuer: identity.issuer, clientId: identity.clientId },
              district: d.code,
              districtName: { zh: d.name.zh, en: d.name.en },
            }
          : {
              mode: 'cognito',
              api: this.districtApi.url,
              region: this.region,
              userPoolClientId: this.districtApi.client?.userPoolClientId,
              district: d.code,
              districtName: { zh: d.name.zh, en: d.name.en },
            },
      apiOrigin: this.districtApi.url,
      // The host the SDK's presigned URLs use (virtual-hosted style, regional endpoint).
      uploadBucketDomain: `${bucket.bucketName}.s3.${this.region}.${this.urlSuffix}`,
      logBucket: this.storage.logBucket,
      domain: props.portalDomain,
      signInOrigin: identity.kind === 'oidc' ? new URL(identity.issuer).origin : undefined,
      china,
    });

    // Least privilege: each function gets only the actions and keys it uses. The IAM replay check
    // (tests/integration/iam-replay.test.ts) evaluates every AWS call each handler makes against these.
    const index = `${table.tableArn}/index/*`;
    this.ingest.fn.addToRolePolicy(
      allow(
        ['s3:GetObject', 's3:GetObjectVersion'],
        [bucket.arnForObjects('uploads/*'), bucket.arnForObjects('evidence/*')],
      ),
    );
    this.ingest.fn.addToRolePolicy(allow(['s3:PutObject'], [bucket.arnForObjects('rejections/*')]));
    this.ingest.fn.addToRolePolicy(
      allow(
        [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
          // A 合议表 is checked against the unit's current sheets (one Query of its partition).
          'dynamodb:Query',
        ],
        [table.tableArn],
      ),
    );
    // The district's rubric versions are listed on the index (once per container).
    this.ingest.fn.addToRolePolicy(allow(['dynamodb:Query'], [index]));
    this.apiFunction.fn.addToRolePolicy(
      allow(
        ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        [table.tableArn],
      ),
    );
    this.apiFunction.fn.addToRolePolicy(allow(['dynamodb:Query'], [index]));
    // Presigned URLs carry the API role's rights: PUT for uploads (evidence files too), GET for
    // templates, annotated rejections and evidence files.
    this.apiFunction.fn.addToRolePolicy(
      allow(
        ['s3:PutObject'],
        [
          bucket.arnForObjects('uploads/*'),
          bucket.arnForObjects('generated/*'),
          bucket.arnForObjects('evidence/*'),
        ],
      ),
    );
    this.apiFunction.fn.addToRolePolicy(
      allow(
        ['s3:GetObject'],
        [
          bucket.arnForObjects('generated/*'),
          bucket.arnForObjects('rejections/*'),
          // A rubric version's source workbook, handed to admins as it was uploaded.
          bucket.arnForObjects('uploads/_rubrics/*'),
          // Evidence files, handed to the unit, its assessors and admins (presigned GET).
          bucket.arnForObjects('evidence/*'),
        ],
      ),
    );
    // Documents reads a unit's records and writes its feedback, handed out as a presigned GET.
    this.documents.fn.addToRolePolicy(allow(['dynamodb:GetItem', 'dynamodb:Query'], [table.tableArn]));
    // Feedback compares with the unit's last earlier round: the district's rounds are listed on the index.
    this.documents.fn.addToRolePolicy(allow(['dynamodb:Query'], [index]));
    this.documents.fn.addToRolePolicy(
      allow(['s3:PutObject', 's3:GetObject'], [bucket.arnForObjects('generated/feedback/*')]),
    );
    // …and appends each call to the audit trail: new items in the audit partitions only.
    this.documents.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keys.auditPartition('')}*`] },
        },
      }),
    );
    // Sign-in accounts (people sync, password resets): six actions on the district's own pool only.
    const pool = this.districtApi.userPool;
    if (pool) {
      this.apiFunction.fn.addEnvironment('CEPIN_USER_POOL_ID', pool.userPoolId);
      this.apiFunction.fn.addToRolePolicy(
        allow(
          [
            'cognito-idp:AdminCreateUser',
            'cognito-idp:AdminAddUserToGroup',
            'cognito-idp:AdminEnableUser',
            'cognito-idp:AdminDisableUser',
            'cognito-idp:AdminSetUserPassword',
            'cognito-idp:ListUsers',
          ],
          [pool.userPoolArn],
        ),
      );
    }
    // The address printed on the account slips, when the portal has its own domain.
    if (props.portalDomain)
      this.apiFunction.fn.addEnvironment('CEPIN_PORTAL_URL', `https://${props.portalDomain.domainName}`);
    // The signing key: read only, by the two functions that sign (api) and verify (ingest).
    for (const f of [this.apiFunction, this.ingest])
      f.fn.addToRolePolicy(allow(['secretsmanager:GetSecretValue'], [this.signingSecret.secretArn]));

    const alarms = new Topic(this, 'Alarms', { enforceSSL: true, displayName: `cepin ${d.code} alarms` });
    alarms.addSubscription(new EmailSubscription(d.adminEmail));
    const notify = new SnsAction(alarms);
    new Alarm(this, 'DeadLettersAlarm', {
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Uploads failed ingest three times and wait in the dead-letter queue',
    }).addAlarmAction(notify);
    for (const [name, f] of [
      ['Ingest', this.ingest],
      ['Api', this.apiFunction],
      ['Documents', this.documents],
    ] as const) {
      new Alarm(this, `${name}ErrorsAlarm`, {
        metric: f.fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `The ${name.toLowerCase()} function failed`,
      }).addAlarmAction(notify);
    }

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
    acknowledge(this);
  }
}

function allow(actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({ effect: Effect.ALLOW, actions, resources });
}

/** cdk-nag findings this design accepts, each with its reason. */
function acknowledge(stack: DistrictStack): void {
  const v = (scope: Construct, id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });
  const files = stack.resolve(
    (stack.storage.bucket.node.defaultChild as unknown as { logicalId: string }).logicalId,
  ) as string;
  const table = stack.resolve(
    (stack.storage.table.node.defaultChild as unknown as { logicalId: string }).logicalId,
  ) as string;
  const prefix = (p: string) => `AwsSolutions-IAM5[Resource::<${files}.Arn>/${p}/*]`;
  const why =
    'Object rights are scoped to one key prefix of the district bucket, the narrowest S3 allows for per-upload keys';
  for (const p of ['uploads', 'rejections', 'evidence']) v(stack.ingest, prefix(p), why);
  for (const p of ['uploads', 'rejections', 'generated', 'uploads/_rubrics', 'evidence'])
    v(stack.apiFunction, prefix(p), why);
  v(stack.documents, prefix('generated/feedback'), why);
  for (const fn of [stack.apiFunction, stack.ingest, stack.documents])
    v(
      fn,
      `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`,
      'Query on this table’s own indexes (GSI1: the round index, the rubric versions)',
    );
  v(
    stack.signingSecret,
    'AwsSolutions-SMG4',
    'Rotating the signing key would invalidate every reconciliation sheet handed out and not yet returned; an operator rotates it between rounds (docs/security.md)',
  );
  v(stack.deadLetters, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the ingest queue');
  v(
    stack.storage.logBucket,
    'AwsSolutions-S1',
    'This is the access-log bucket; logging it to itself would loop',
  );
  if (stack.districtApi.userPool)
    v(
      stack.districtApi.userPool,
      'AwsSolutions-COG2',
      'MFA is optional, TOTP only: unit archive staff share office PCs without phones; admins enrol an authenticator app (docs/deploy.md) and the portal and CLI then ask for its code at every sign-in',
    );
  v(
    stack.districtApi.api,
    'AwsSolutions-APIG4',
    'Every route has the district’s JWT authorizer as default authorizer; only CORS preflight (OPTIONS) is open, as browsers require',
  );
  const notifications = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (notifications) {
    v(
      notifications,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK’s own custom resource that configures the S3 -> SQS notification; its role is created by aws-cdk-lib',
    );
    v(
      notifications,
      'AwsSolutions-IAM5',
      'CDK’s S3 notifications custom resource needs s3:PutBucketNotification',
    );
  }
}
