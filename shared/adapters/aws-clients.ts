import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';

/** The AWS SDK clients for a configuration: real AWS, or the local services when endpoints are set. */
export function makeClients(config: Config): {
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  /**
   * The district's user pool service (sign-in accounts), made on first use: only the api function's
   * account routes need it, so no function loads the Cognito SDK at start-up.
   */
  cognito: () => Promise<CognitoIdentityProviderClient>;
} {
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
  let made: Promise<CognitoIdentityProviderClient> | undefined;
  const cognito = () =>
    (made ??= import('@aws-sdk/client-cognito-identity-provider').then(
      ({ CognitoIdentityProviderClient }) =>
        new CognitoIdentityProviderClient({
          region: config.AWS_REGION,
          ...(config.CEPIN_COGNITO_ENDPOINT
            ? {
                endpoint: config.CEPIN_COGNITO_ENDPOINT,
                credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
              }
            : {}),
        }),
    ));
  return {
    ddb: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    s3,
    cognito,
  };
}
