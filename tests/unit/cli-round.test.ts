import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cepin } from '../support/cli.ts';

// A stand-in for the API: records what the command line sends and answers with canned outcomes.
let server: Server;
let api: string;
let received: { method: string; url: string; body: string }[] = [];
let outcome: Record<string, unknown> = {};

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      received.push({ method: req.method!, url: req.url!, body });
      const json = (status: number, x: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(x));
      };
      if (req.method === 'POST' && req.url === '/rounds') {
        const b = JSON.parse(body) as { round: string; method?: string };
        return json(201, {
          round: { round: b.round, phases: {}, method: b.method ?? 'trimmed-mean' },
          units: 1,
          assessors: 2,
        });
      }
      if (req.method === 'POST' && req.url === '/rounds/2026/uploads')
        return json(201, { uploadId: 'up1', url: `${api}/bucket`, fields: {} });
      if (req.url === '/bucket') return json(204, {});
      if (req.url?.startsWith('/uploads/up1')) return json(200, { uploadId: 'up1', ...outcome });
      return json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
});

const dir = mkdtempSync(join(tmpdir(), 'cepin-cli-round-'));
const file = join(dir, 'sheet.xlsx');
writeFileSync(file, 'PK stand-in');

describe('cepin round create --method', () => {
  it('sends the reconciliation method the README documents and says which was set', async () => {
    const r = await cepin(
      'round',
      'create',
      '--round',
      '2026',
      '--rules',
      'municipal-sample',
      '--roster',
      file,
      '--method',
      'median',
      '--api',
      api,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ round: '2026', method: 'median' });
    expect(r.out).toContain('method median');
  });

  it('refuses an unknown method before calling the API', async () => {
    const r = await cepin(
      'round',
      'create',
      '--round',
      '2026',
      '--rules',
      'x',
      '--roster',
      file,
      '--method',
      'average',
      '--api',
      api,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('trimmed-mean, mean, median');
    expect(received).toEqual([]);
  });
});

describe('cepin upload prints', () => {
  it('the grade label, not its code', async () => {
    outcome = {
      state: 'accepted',
      total: 91.63,
      grade: 'pass',
      gradeLabel: '合格',
      phase: 'formal',
      unit: 'DC14',
      assessor: 'A01',
    };
    const r = await cepin('upload', '--round', '2026', file, '--api', api);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`✔ ${file}: DC14 正式测评 A01 总分 91.63 合格`);
  });

  it('what a reconciliation sheet (合议表) is, never "总分 null"', async () => {
    outcome = {
      state: 'accepted',
      total: null,
      grade: null,
      gradeLabel: null,
      phase: 'formal',
      unit: 'DC01',
      assessor: null,
    };
    const zh = await cepin('upload', '--round', '2026', file, '--api', api);
    expect(zh.out).toBe(`✔ ${file}:DC01 正式测评合议表已接收,合议得分计入该单位结果`);
    const en = await cepin('upload', '--round', '2026', file, '--api', api, '--lang', 'en');
    expect(en.out).not.toContain('null');
    expect(en.out).toContain('reconciliation sheet of DC01');
  });
});
