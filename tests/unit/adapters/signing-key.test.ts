import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { fileKey, secretsManagerKey, signingKeyFor } from '../../../shared/adapters/signing-key.ts';
import { loadConfig } from '../../../shared/config.ts';
import { signingKeyFile } from '../../../shared/local/stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'cepin-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in Secrets Manager client answering `answers` in turn, counting calls. */
function fakeClient(...answers: (Record<string, unknown> | Error)[]) {
  const calls: unknown[] = [];
  const client = {
    send: async (command: { input: unknown }) => {
      calls.push(command.input);
      const a = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { client: client as unknown as SecretsManagerClient, calls };
}

describe('the signing key adapter', () => {
  it('reads the secret once per container: its string’s UTF-8 bytes', async () => {
    const { client, calls } = fakeClient({ SecretString: 'k'.repeat(64) });
    const key = secretsManagerKey(client, 'arn:secret');
    expect(Buffer.from(await key()).toString('utf8')).toBe('k'.repeat(64));
    await key();
    expect(calls).toEqual([{ SecretId: 'arn:secret' }]);
  });

  it('tries again after a failed read instead of remembering the failure', async () => {
    const { client, calls } = fakeClient(new Error('throttled'), { SecretString: 'k'.repeat(64) });
    const key = secretsManagerKey(client, 'arn:secret');
    await expect(key()).rejects.toThrow('throttled');
    expect((await key()).length).toBe(64);
    expect(calls).toHaveLength(2);
  });

  it('refuses a secret shorter than 16 bytes', async () => {
    const { client } = fakeClient({ SecretString: 'short' });
    await expect(secretsManagerKey(client, 'arn:secret')()).rejects.toThrow(/shorter than 16 bytes/);
  });

  it('makes the local key once, 32 random bytes in hex, readable by its owner only, and keeps it', async () => {
    const file = signingKeyFile(dir);
    const hex = readFileSync(file, 'utf8');
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(signingKeyFile(dir)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(hex);
    expect(Buffer.from(await fileKey(file)()).toString('hex')).toBe(hex);
  });

  it('refuses a local key file that is not hex', async () => {
    const bad = join(dir, 'bad-key');
    writeFileSync(bad, 'not a key');
    await expect(fileKey(bad)()).rejects.toThrow(/not hex/);
  });

  it('fails loudly when no key is configured, never falling back to a default key', async () => {
    const config = loadConfig({
      CEPIN_DISTRICT: 'dongcheng',
      CEPIN_TABLE: 'cepin-x',
      CEPIN_BUCKET: 'cepin-x-files',
    });
    await expect(signingKeyFor(config)()).rejects.toThrow(/CEPIN_SIGNING_SECRET_ARN/);
  });
});
