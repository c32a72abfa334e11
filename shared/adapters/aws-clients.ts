import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';

/** The AWS SDK clients for a configuration: real AWS, or the local services when endpoints are set. */
export function makeClients(config: Config): { ddb: DynamoDBDocumentClient; s3: S3Client } {
  const local = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const ddb = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.CEPIN_DYNAMODB_ENDPOINT
      ? { endpoint: config.CEPIN_DYNAMODB_ENDPOINT, credentials: local }
      : {}),
  });
  const s3 = new S3Client({
    region: config.AWS_REGION,
    // Checksums only when the API requires them: s3rver corrupts streamed uploads otherwise, and
    // presigned PUT URLs would carry an empty-body checksum.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.CEPIN_S3_ENDPOINT
      ? { endpoint: config.CEPIN_S3_ENDPOINT, forcePathStyle: true, credentials: local }
      : {}),
  });
  return {
    ddb: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    s3,
  };
}
