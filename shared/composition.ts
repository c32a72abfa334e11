import { randomBytes } from 'node:crypto';
import { makeClients } from './adapters/aws-clients.ts';
import { DynamoStore } from './adapters/dynamo-store.ts';
import { RuleSetFiles } from './adapters/rule-set-files.ts';
import { S3Objects } from './adapters/s3-objects.ts';
import { signingKeyFor } from './adapters/signing-key.ts';
import { DynamoDevAccounts } from './adapters/dynamo-dev-accounts.ts';
import { lazyAccounts, type SignInAccounts } from './use-cases/accounts.ts';
import { DevLoginAccounts } from './use-cases/dev-accounts.ts';
import type { Config } from './config.ts';
import type { ApiDeps } from './use-cases/api/deps.ts';
import type { IngestDeps } from './use-cases/ingest-upload.ts';
import { StoredRubrics } from './use-cases/rubrics.ts';

/** Time-ordered unique ids: base-36 milliseconds then 12 random hex digits. */
export function newId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * Wires the real adapters for a configuration (AWS, or the local services), on the given SDK clients
 * (tests pass clients carrying middleware; every AWS call goes through them).
 */
export function buildDeps(
  config: Config,
  clients: ReturnType<typeof makeClients> = makeClients(config),
): ApiDeps & IngestDeps {
  const { ddb, s3 } = clients;
  const store = new DynamoStore(ddb, config.CEPIN_TABLE);
  // The shipped samples, seeded into the district's store the first time it is used.
  const samples = config.CEPIN_RULES_DIR ? new RuleSetFiles(config.CEPIN_RULES_DIR) : new RuleSetFiles();
  const now = () => new Date();
  return {
    store,
    objects: new S3Objects(s3, config.CEPIN_BUCKET),
    rubrics: new StoredRubrics(store, () => samples.ids().flatMap((id) => samples.get(id) ?? []), now),
    district: config.CEPIN_DISTRICT,
    districtName: config.CEPIN_DISTRICT_NAME ?? config.CEPIN_DISTRICT,
    identity: config.CEPIN_IDENTITY,
    oidc:
      config.CEPIN_OIDC_ISSUER && config.CEPIN_OIDC_BIND_BY
        ? {
            issuer: config.CEPIN_OIDC_ISSUER,
            bindBy: config.CEPIN_OIDC_BIND_BY,
            adminEmail: config.CEPIN_ADMIN_EMAIL,
          }
        : undefined,
    maxBytes: config.CEPIN_MAX_UPLOAD_BYTES,
    evidenceLimits: {
      maxFileBytes: config.CEPIN_MAX_EVIDENCE_BYTES,
      maxUnitBytes: config.CEPIN_MAX_EVIDENCE_UNIT_BYTES,
    },
    signingKey: signingKeyFor(config),
    accounts: accountsFor(config, clients, now),
    portalUrl: config.CEPIN_PORTAL_URL,
    now,
    newId,
  };
}

/**
 * The district's sign-in accounts: its Cognito user pool when CEPIN_USER_POOL_ID is set; on the local
 * services (a DynamoDB endpoint) the dev login's accounts in the district table, until the local
 * stack passes its own (ApiDeps.accounts); none otherwise (an `oidc` district in AWS).
 */
function accountsFor(
  config: Config,
  { ddb, cognito }: ReturnType<typeof makeClients>,
  now: () => Date,
): SignInAccounts | undefined {
  const pool = config.CEPIN_USER_POOL_ID;
  if (pool)
    // Loaded on first use: the Cognito SDK stays out of every function's start-up.
    return lazyAccounts('cognito', async () => {
      const { CognitoAccounts } = await import('./adapters/cognito-accounts.ts');
      return new CognitoAccounts(await cognito(), pool, config.CEPIN_DISTRICT);
    });
  if (config.CEPIN_DYNAMODB_ENDPOINT)
    return new DevLoginAccounts(new DynamoDevAccounts(ddb, config.CEPIN_TABLE), now);
  return undefined;
}
