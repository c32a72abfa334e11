import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';
import { dongcheng, fixedNow } from '../support/rules.ts';

/**
 * The local stack against what a web page in the user's browser could do to 127.0.0.1 (another
 * site's scripts, DNS rebinding), and uploads bounded in size, on the real stack.
 */

let stack: LocalStack;
let port: number;
let admin: ApiClient;
const ROUND = '2026';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers exactly as given (fetch does not let a caller set Host or Origin). */
function raw(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: opts.path ?? '/',
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const errorOf = (a: Answer) =>
  (JSON.parse(a.body) as { error: { code: string; message: { zh: string; en: string } } }).error;

const login = (headers: Record<string, string> = {}) =>
  raw(stack.apiUrl, {
    method: 'POST',
    path: '/local/login',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ as: 'admin' }),
  });

beforeAll(async () => {
  stack = await startTestStack();
  port = Number(new URL(stack.apiUrl).port);
  admin = await clientAs(stack, 'admin');
  const roster = readFileSync('templates/rosters/roster-sample.xlsx');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: roster.toString('base64'),
    open: ['self'],
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the local gateway refuses what a web page could send it', () => {
  it('refuses a Host header that is not the gateway’s own (DNS rebinding) with 421, in zh and en', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 7}`, 'localhost', `0.0.0.0:${port}`]) {
      const r = await raw(stack.apiUrl, { path: '/config.json', headers: { host } });
      expect(r.status, host).toBe(421);
      const e = errorOf(r);
      expect(e.code).toBe('local.foreign-host');
      expect(e.message.zh).toContain('DNS');
      expect(e.message.en).toContain('DNS rebinding');
    }
    // The rebound name cannot sign in either: no token in the answer.
    const r = await login({ host: `evil.example:${port}` });
    expect(r.status).toBe(421);
    expect(r.body).not.toContain('token');
  });

  it('answers its own host, by address or as localhost', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const r = await raw(stack.apiUrl, { path: '/config.json', headers: { host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin on every kind of route with 403, even with a valid token', async () => {
    const token = (JSON.parse((await login()).body) as { token: string }).token;
    const evil = { origin: 'http://evil.example' };
    const api = await raw(stack.apiUrl, {
      path: '/rounds',
      headers: { ...evil, authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(403);
    expect(errorOf(api).code).toBe('local.foreign-origin');
    expect(errorOf(api).message.en).toContain('http://evil.example');
    for (const path of ['/config.json', '/health', '/', '/local/identities']) {
      const r = await raw(stack.apiUrl, { path, headers: evil });
      expect(r.status, path).toBe(403);
    }
    // Another port of this machine is another origin; so is a sandboxed frame's `null`.
    for (const origin of [`http://127.0.0.1:${port + 7}`, 'null', `https://127.0.0.1:${port}`]) {
      const r = await raw(stack.apiUrl, {
        path: '/rounds',
        headers: { origin, authorization: `Bearer ${token}` },
      });
      expect(r.status, origin).toBe(403);
    }
  });

  it('mints no token and lists nobody for a foreign Origin at /local/login and /local/identities', async () => {
    const r = await login({ origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(errorOf(r).code).toBe('local.foreign-origin');
    expect(r.body).not.toContain('token');
    const ids = await raw(stack.apiUrl, {
      path: '/local/identities',
      headers: { origin: 'https://evil.example' },
    });
    expect(ids.status).toBe(403);
    expect(ids.body).not.toContain('assessor:');
  });

  it('still serves the portal’s own origin and callers without an Origin (the CLI)', async () => {
    for (const origin of [stack.apiUrl, `http://localhost:${port}`]) {
      const r = await login({ origin });
      expect(r.status, origin).toBe(200);
      const { token } = JSON.parse(r.body) as { token: string };
      const rounds = await raw(stack.apiUrl, {
        path: '/rounds',
        headers: { origin, authorization: `Bearer ${token}` },
      });
      expect(rounds.status).toBe(200);
    }
    expect((await login()).status).toBe(200);
    const ids = await raw(stack.apiUrl, { path: '/local/identities' });
    expect(ids.status).toBe(200);
    expect(ids.body).toContain('unit:DC01');
  });
});

describe('DynamoDB Local of the stack', () => {
  const endpoint = () => stack.config.CEPIN_DYNAMODB_ENDPOINT!;
  const listTables = (headers: Record<string, string>) =>
    raw(endpoint(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=S3RVER/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        ...headers,
      },
      body: '{}',
    });

  it('answers a CORS preflight from a foreign origin without allowing it', async () => {
    const r = await raw(endpoint(), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,authorization',
      },
    });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.status).toBe(403);
  });

  it('refuses any request carrying an Origin, and a foreign Host, but answers cepin’s own calls', async () => {
    expect((await listTables({})).status).toBe(200);
    const page = await listTables({ origin: 'http://evil.example' });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('TableNames');
    const rebound = await listTables({ host: `evil.example:${new URL(endpoint()).port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('TableNames');
  });

  it('listens on 127.0.0.1 only: another address of this machine is refused', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: Number(new URL(endpoint()).port) });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, address).toBe('ECONNREFUSED');
    }
  });
});

describe('s3rver of the stack', () => {
  const bucketUrl = () => `${stack.config.CEPIN_S3_ENDPOINT!}/${stack.config.CEPIN_BUCKET}`;

  it('refuses a foreign Host (DNS rebinding), so no page can list or read the bucket', async () => {
    const s3 = new URL(bucketUrl());
    const r = await raw(bucketUrl(), { path: s3.pathname, headers: { host: `evil.example:${s3.port}` } });
    expect(r.status).toBe(421);
    expect(errorOf(r).code).toBe('local.foreign-host');
    expect(r.body).not.toContain('ListBucketResult');
    // Its own host lists the bucket (s3rver checks no signature: the guard is what holds).
    const own = await raw(bucketUrl(), { path: s3.pathname });
    expect(own.status).toBe(200);
    expect(own.body).toContain('ListBucketResult');
  });

  it('refuses a form posted by another site’s page, and stores nothing', async () => {
    const key = 'uploads/2026/forged/evil.xlsx';
    const form = new FormData();
    form.append('key', key);
    form.append('file', new Blob(['x']), 'evil.xlsx');
    const post = await fetch(bucketUrl(), {
      method: 'POST',
      body: form,
      headers: { origin: 'http://evil.example' },
    });
    expect(post.status).toBe(403);
    const get = await fetch(`${bucketUrl()}/${key}`);
    expect(get.status).toBe(404);
  });
});

describe('upload size', () => {
  it('refuses a declared size over the limit with 413 before making a slot', async () => {
    const dc01 = await clientAs(stack, 'unit:DC01');
    const max = stack.config.CEPIN_MAX_UPLOAD_BYTES;
    expect(max).toBe(10 * 1024 * 1024); // the documented default
    await expect(
      dc01.call('POST', `/rounds/${ROUND}/uploads`, { fileName: 'big.xlsx', size: max + 1 }),
    ).rejects.toMatchObject({ status: 413, body: { error: { code: 'api.upload-too-large' } } });
    const mine = await dc01.call<{ uploads: unknown[] }>('GET', `/rounds/${ROUND}/uploads`);
    expect(mine.uploads).toEqual([]);
  });

  it('hands out a POST form whose fields name the slot’s key and the limit', async () => {
    const dc01 = await clientAs(stack, 'unit:DC01');
    const slot = await dc01.call<{
      method: string;
      key: string;
      url: string;
      fields: Record<string, string>;
      maxBytes: number;
    }>('POST', `/rounds/${ROUND}/uploads`, { fileName: 'DC01.xlsx', size: 1 });
    expect(slot.method).toBe('POST');
    expect(slot.fields.key).toBe(slot.key);
    expect(slot.maxBytes).toBe(10 * 1024 * 1024);
    const policy = JSON.parse(Buffer.from(slot.fields.Policy!, 'base64').toString()) as {
      conditions: unknown[];
    };
    expect(policy.conditions).toContainEqual(['content-length-range', 0, 10 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ key: slot.key });
  });

  // s3rver stores a POSTed form without checking its policy, so locally the oversize file lands and
  // ingest's size check (the backstop in AWS too) must settle it: rejected, never left pending.
  it('rejects an oversize file sent anyway through the whole local path, for its size alone', async () => {
    const dc01 = await clientAs(stack, 'unit:DC01');
    const max = stack.config.CEPIN_MAX_UPLOAD_BYTES;
    const good = await makeSample(dongcheng(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 3,
      noSubordinates: true,
    });
    // A real workbook padded past the limit by one byte (a zip tolerates trailing bytes).
    const big = new Uint8Array(max + 1);
    big.set(good.bytes);
    const out = await upload(stack, dc01, ROUND, 'DC01-big.xlsx', big);
    expect(out.state).toBe('rejected');
    expect(out.issues?.map((i) => i.code)).toEqual(['file.too-large']);
    // The same sheet at its own size is accepted: the limit, not the content, refused it.
    const ok = await upload(stack, dc01, ROUND, 'DC01.xlsx', good.bytes);
    expect(ok.state).toBe('accepted');
    const mine = await dc01.call<{ uploads: { state: string }[] }>('GET', `/rounds/${ROUND}/uploads`);
    expect(mine.uploads.map((u) => u.state).sort()).toEqual(['accepted', 'pending', 'rejected']);
  }, 60_000);
});
