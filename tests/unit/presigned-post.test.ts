import { createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3Objects } from '../../shared/adapters/s3-objects.ts';
import { requestUpload } from '../../shared/use-cases/api/uploads.ts';
import type { ApiDeps } from '../../shared/use-cases/api/deps.ts';
import type { Caller, Objects, UploadRecord } from '../../shared/use-cases/ports.ts';
import { shippedRubrics } from '../support/rules.ts';

// What S3 checks a browser POST against: the policy document the form carries, signed with SigV4.
// s3rver does not check it (it stores any form), so these tests are what prove the limits.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KEY = 'uploads/2026/u-1/DC01 自评.xlsx';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function objects(): S3Objects {
  const s3 = new S3Client({
    region: 'ap-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
  });
  return new S3Objects(s3, 'cepin-dongcheng-files');
}

describe('a presigned upload POST', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T08:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('signs a policy binding the exact key, the xlsx type, 1..max bytes and a 15-minute expiry', async () => {
    const post = await objects().presignPost(KEY, {
      expiresIn: 900,
      maxBytes: 10_485_760,
      contentType: XLSX,
    });
    const policy = JSON.parse(Buffer.from(post.fields.Policy!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.expiration).toBe('2026-03-01T08:15:00Z');
    expect(policy.conditions).toContainEqual({ key: KEY });
    expect(policy.conditions).toContainEqual(['content-length-range', 0, 10_485_760]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': XLSX });
    expect(policy.conditions).toContainEqual({ bucket: 'cepin-dongcheng-files' });
    // Nothing loosens the key or lets other fields through: no starts-with condition at all.
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
    // Exactly one size range, so no second condition widens it.
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'content-length-range')).toHaveLength(
      1,
    );
    // The form sends the same key and type the policy names.
    expect(post.fields.key).toBe(KEY);
    expect(post.fields['Content-Type']).toBe(XLSX);
  });

  it('carries a SigV4 signature of that policy for the client’s credentials, date and region', async () => {
    const post = await objects().presignPost(KEY, { expiresIn: 900, maxBytes: 1000, contentType: XLSX });
    expect(post.fields['X-Amz-Algorithm']).toBe('AWS4-HMAC-SHA256');
    expect(post.fields['X-Amz-Credential']).toBe('AKIDEXAMPLE/20260301/ap-east-1/s3/aws4_request');
    expect(post.fields['X-Amz-Date']).toBe('20260301T080000Z');
    // The signing key derivation of Signature Version 4, by hand.
    const kDate = hmac(`AWS4${SECRET}`, '20260301');
    const kSigning = hmac(hmac(hmac(kDate, 'ap-east-1'), 's3'), 'aws4_request');
    expect(post.fields['X-Amz-Signature']).toBe(hmac(kSigning, post.fields.Policy!).toString('hex'));
  });

  it('posts to the bucket’s regional host, the one the portal’s CSP allows', async () => {
    const post = await objects().presignPost(KEY, { expiresIn: 900, maxBytes: 1000, contentType: XLSX });
    // infra/constructs/web.ts: connect-src https://<bucket>.s3.<region>.amazonaws.com
    expect(post.url).toBe('https://cepin-dongcheng-files.s3.ap-east-1.amazonaws.com/');
  });
});

describe('POST /rounds/{round}/uploads', () => {
  const caller: Caller = { sub: 'local-unit-DC01', role: 'unit', ref: 'DC01', district: 'dongcheng' };
  const setup = (maxBytes: number) => {
    const uploads: UploadRecord[] = [];
    const presigned: { key: string; o: unknown }[] = [];
    const objectsFake = {
      bucket: 'b',
      presignPost: async (key: string, o: unknown) => {
        presigned.push({ key, o });
        return { url: 'http://s3.test/b', fields: { key, Policy: 'p' } };
      },
    } as unknown as Objects;
    const deps = {
      store: {
        getRound: async (round: string) => (round === '2026' ? { round: '2026' } : undefined),
        putUpload: async (u: UploadRecord) => void uploads.push(u),
      } as unknown as ApiDeps['store'],
      objects: objectsFake,
      rubrics: shippedRubrics,
      district: 'dongcheng',
      districtName: '东城区',
      maxBytes,
      now: () => new Date('2026-03-01T08:00:00Z'),
      newId: () => 'u-1',
    } as unknown as ApiDeps;
    return { deps, uploads, presigned };
  };
  const req = (body: unknown) => ({ caller, params: { round: '2026' }, query: {}, body });

  it('answers a POST form: url, signed fields and the size limit every kind of sheet shares', async () => {
    const { deps, uploads, presigned } = setup(10 * 1024 * 1024);
    const r = await requestUpload(req({ fileName: 'DC01.xlsx', size: 2048 }), deps);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      uploadId: 'u-1',
      key: 'uploads/2026/u-1/DC01.xlsx',
      method: 'POST',
      url: 'http://s3.test/b',
      fields: { key: 'uploads/2026/u-1/DC01.xlsx', Policy: 'p' },
      expiresIn: 900,
      maxBytes: 10_485_760,
    });
    expect(presigned).toEqual([
      { key: 'uploads/2026/u-1/DC01.xlsx', o: { expiresIn: 900, maxBytes: 10_485_760, contentType: XLSX } },
    ]);
    expect(uploads).toHaveLength(1);
  });

  it('refuses a declared size over the limit with 413 before it records a slot or signs anything', async () => {
    const { deps, uploads, presigned } = setup(1000);
    await expect(requestUpload(req({ fileName: 'big.xlsx', size: 1001 }), deps)).rejects.toMatchObject({
      status: 413,
      code: 'api.upload-too-large',
      params: { size: 1001, max: 1000 },
    });
    expect(uploads).toEqual([]);
    expect(presigned).toEqual([]);
    // Exactly the limit is allowed.
    expect((await requestUpload(req({ fileName: 'edge.xlsx', size: 1000 }), deps)).status).toBe(201);
  });
});
