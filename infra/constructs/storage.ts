import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../shared/adapters/table-keys.ts';

/** Props of a district's storage. */
export interface StorageProps {
  /** Table name; `cepin-<district>`. */
  readonly tableName: string;
  /** Days generated files (templates, annotated rejections) are kept. @default 90 */
  readonly generatedFilesDays?: number;
  /** Origins allowed by the bucket's CORS rule (the portal's). @default ['*'] */
  readonly corsOrigins?: string[];
}

/**
 * The district's records: a versioned, encrypted, SSL-only, private bucket for uploads and reports
 * (uploads are records and are never expired), its access-log bucket, and the single DynamoDB table
 * (on-demand, point-in-time recovery, deletion protection, retained when the stack is deleted).
 */
export class Storage extends Construct {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly table: TableV2;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    // Access logs land in their own bucket (a bucket cannot log to itself).
    this.logBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });
    const days = Duration.days(props.generatedFilesDays ?? 90);
    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'files/',
      // Only generated files expire; uploads/ and evidence/ are the records of the assessment and stay.
      lifecycleRules: [
        { prefix: 'generated/', expiration: days, noncurrentVersionExpiration: days },
        // Account slips carry temporary passwords: gone after a day (docs/security.md, "Sign-in accounts").
        {
          prefix: 'generated/slips/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { prefix: 'rejections/', expiration: Duration.days(365), noncurrentVersionExpiration: days },
      ],
      // Browsers upload with presigned POSTs (whose policy bounds key, type and size) and fetch
      // generated files with presigned GET URLs (the portal). No PUT: cepin signs none.
      cors: [
        {
          allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: props.corsOrigins ?? ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
    });
    const s = TABLE_SCHEMA;
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: s.partitionKey, type: AttributeType.STRING },
      sortKey: { name: s.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: s.gsi.name,
          partitionKey: { name: s.gsi.partitionKey, type: AttributeType.STRING },
          sortKey: { name: s.gsi.sortKey, type: AttributeType.STRING },
        },
      ],
    });
  }
}
