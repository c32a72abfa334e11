import { randomBytes } from 'node:crypto';
import { makeClients } from './adapters/aws-clients.ts';
import { DynamoStore } from './adapters/dynamo-store.ts';
import { RuleSetFiles } from './adapters/rule-set-files.ts';
import { S3Objects } from './adapters/s3-objects.ts';
import { signingKeyFor } from './adapters/signing-key.ts';
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
    maxBytes: config.CEPIN_MAX_UPLOAD_BYTES,
    evidenceLimits: {
      maxFileBytes: config.CEPIN_MAX_EVIDENCE_BYTES,
      maxUnitBytes: config.CEPIN_MAX_EVIDENCE_UNIT_BYTES,
    },
    signingKey: signingKeyFor(config),
    now,
    newId,
  };
}
