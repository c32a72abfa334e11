import { readFileSync } from 'node:fs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config.ts';
import { MIN_SIGNING_KEY_BYTES } from '../domain/reconciliation-meta.ts';
import type { SigningKey } from '../use-cases/ports.ts';

/**
 * The district's signing key (HMAC-SHA256 over the metadata of sheets cepin later trusts): in AWS a
 * Secrets Manager secret the stack generates (CEPIN_SIGNING_SECRET_ARN), locally a random key in the
 * data folder (CEPIN_SIGNING_KEY_FILE, written by the local stack). Read once per container; a
 * failed read is not remembered, so the next request tries again.
 */

function once(read: () => Promise<Uint8Array>): SigningKey {
  let pending: Promise<Uint8Array> | undefined;
  return () =>
    (pending ??= read().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
}

function checked(key: Uint8Array, from: string): Uint8Array {
  if (key.length < MIN_SIGNING_KEY_BYTES)
    throw new Error(`the signing key in ${from} is shorter than ${MIN_SIGNING_KEY_BYTES} bytes`);
  return key;
}

/** The key held in a Secrets Manager secret (its string's UTF-8 bytes, or its binary value). */
export function secretsManagerKey(client: SecretsManagerClient, secretId: string): SigningKey {
  return once(async () => {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const r = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (r.SecretString) return checked(new Uint8Array(Buffer.from(r.SecretString, 'utf8')), secretId);
    if (r.SecretBinary) return checked(r.SecretBinary, secretId);
    throw new Error(`the secret ${secretId} has no value`);
  });
}

/** The key in a local file of hex digits (see `signingKeyFile` in shared/local/stack.ts). */
export function fileKey(path: string): SigningKey {
  return once(async () => {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new Error(`the signing key file ${path} is not hex`);
    return checked(new Uint8Array(Buffer.from(hex, 'hex')), path);
  });
}

/** The signing key of a configuration; without one configured, every use fails loudly (never a default key). */
export function signingKeyFor(config: Config): SigningKey {
  const arn = config.CEPIN_SIGNING_SECRET_ARN;
  if (arn) {
    // The SDK's Secrets Manager client is loaded at the key's first use (reconciliation sheets only),
    // not at every cold start of the functions.
    let key: SigningKey | undefined;
    return async () => {
      if (!key) {
        const { SecretsManagerClient: Client } = await import('@aws-sdk/client-secrets-manager');
        key ??= secretsManagerKey(new Client({ region: config.AWS_REGION }), arn);
      }
      return key();
    };
  }
  if (config.CEPIN_SIGNING_KEY_FILE) return fileKey(config.CEPIN_SIGNING_KEY_FILE);
  return () =>
    Promise.reject(
      new Error(
        'no signing key configured: set CEPIN_SIGNING_SECRET_ARN (AWS) or CEPIN_SIGNING_KEY_FILE (local)',
      ),
    );
}
