import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError, type ApiClient, type PresignedUpload } from '../../shared/client/api-client.ts';
import { main } from '../../shared/cli/main.ts';
import { buildDeps } from '../../shared/composition.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import * as f from '../support/evidence-files.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/**
 * Evidence files (佐证材料) through the whole local path — slot, presigned POST to s3rver, ingest,
 * API — by the rule of docs/security.md "Evidence files". Limits are set small for the test:
 * 50,000 bytes per file, 120,000 per unit and round (CEPIN_MAX_EVIDENCE_BYTES,
 * CEPIN_MAX_EVIDENCE_UNIT_BYTES). The sample roster: DC01's pre-check pair A01, A02 and formal
 * panel A01, A03–A06; A07 is on none of DC01's panels.
 */

const ROUND = 'ev';
const PER_FILE = 50_000;
const PER_UNIT = 120_000;
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');

let stack: LocalStack;
let c: Record<'admin' | 'dc01' | 'dc02' | 'dc03' | 'dc04' | 'a01' | 'a02' | 'a07', ApiClient>;

type Slot = { uploadId: string; key: string; maxBytes: number } & PresignedUpload;
type Outcome = {
  uploadId: string;
  state: string;
  unit: string | null;
  evidence?: { unit: string; item: string | null; type: string | null } | null;
  duplicateOf: string | null;
  issues?: {
    code: string;
    message: string;
    item: string | null;
    cell: string | null;
    sheet: string | null;
  }[];
};
type Listing = {
  round: string;
  unit: string;
  files: {
    id: string;
    unit: string;
    item: string | null;
    fileName: string;
    type: string;
    size: number;
    by: { role: string; ref: string };
  }[];
};

async function failure(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiCallError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const slotFor = (who: ApiClient, body: Record<string, unknown>, round = ROUND) =>
  who.call<Slot>('POST', `/rounds/${round}/evidence`, body);

/** Sends a file into a slot and waits for ingest to settle it. */
async function send(who: ApiClient, slot: Slot, fileName: string, bytes: Uint8Array, lang = 'zh') {
  await who.postPresigned(slot, fileName, bytes);
  await new Promise((r) => setTimeout(r, 50));
  await stack.queue.idle();
  return who.call<Outcome>('GET', `/uploads/${slot.uploadId}?lang=${lang}`);
}

/** Attaches one file as `who` to a unit (and item) of a round: slot, POST, outcome. */
async function attach(
  who: ApiClient,
  unit: string,
  fileName: string,
  bytes: Uint8Array,
  o: { item?: string; round?: string; lang?: string } = {},
) {
  const body = { unit, fileName, size: bytes.length, ...(o.item ? { item: o.item } : {}) };
  return send(who, await slotFor(who, body, o.round), fileName, bytes, o.lang);
}

const list = (who: ApiClient, unit: string, round = ROUND) =>
  who.call<Listing>('GET', `/rounds/${round}/evidence?unit=${unit}`);
const link = (who: ApiClient, id: string, round = ROUND) =>
  who.call<{ url: string; fileName: string }>('GET', `/rounds/${round}/evidence/${id}`);

/** A PDF of exactly `size` bytes (its comment padded). */
const pdfOf = (size: number, fill = 'x') => {
  const base = f.pdf();
  const out = new Uint8Array(size).fill(fill.charCodeAt(0));
  out.set(base.subarray(0, Math.min(base.length, size)));
  return out;
};

beforeAll(async () => {
  stack = await startTestStack('dongcheng', {
    depsFor: (_fn, config) =>
      buildDeps({ ...config, CEPIN_MAX_EVIDENCE_BYTES: PER_FILE, CEPIN_MAX_EVIDENCE_UNIT_BYTES: PER_UNIT }),
  });
  const as = [
    'admin',
    'unit:DC01',
    'unit:DC02',
    'unit:DC03',
    'unit:DC04',
    'assessor:A01',
    'assessor:A02',
    'assessor:A07',
  ];
  const [admin, dc01, dc02, dc03, dc04, a01, a02, a07] = await Promise.all(as.map((x) => clientAs(stack, x)));
  c = { admin: admin!, dc01: dc01!, dc02: dc02!, dc03: dc03!, dc04: dc04!, a01: a01!, a02: a02!, a07: a07! };
  await c.admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['self'],
  });
}, 120_000);
afterAll(async () => stack?.stop());

describe('a unit attaches evidence, and who may see it does', () => {
  const proof = f.pdf('归档率统计');
  const photo = f.jpeg(7);
  let pdfId = '';
  let photoId = '';

  it('attaches a PDF to item 1.1.1 and a photo to the unit; both are accepted with the kind found in their bytes', async () => {
    const a = await attach(c.dc01, 'DC01', '归档率统计.pdf', proof, { item: '1.1.1' });
    expect(a).toMatchObject({
      state: 'accepted',
      unit: 'DC01',
      evidence: { unit: 'DC01', item: '1.1.1', type: 'pdf' },
    });
    const b = await attach(c.dc01, 'DC01', '档案室.jpg', photo);
    expect(b).toMatchObject({ state: 'accepted', evidence: { unit: 'DC01', item: null, type: 'jpeg' } });
    pdfId = a.uploadId;
    photoId = b.uploadId;
  });

  it('lists them for the unit, oldest first, with item, kind, size and uploader', async () => {
    const l = await list(c.dc01, 'DC01');
    expect(
      l.files.map(({ id, item, fileName, type, size, by }) => ({ id, item, fileName, type, size, by })),
    ).toEqual([
      {
        id: pdfId,
        item: '1.1.1',
        fileName: '归档率统计.pdf',
        type: 'pdf',
        size: proof.length,
        by: { role: 'unit', ref: 'DC01' },
      },
      {
        id: photoId,
        item: null,
        fileName: '档案室.jpg',
        type: 'jpeg',
        size: photo.length,
        by: { role: 'unit', ref: 'DC01' },
      },
    ]);
  });

  it('hands the same bytes back to the unit and to the assessors assigned to it (formal lead A01, pre-check A02)', async () => {
    for (const who of [c.dc01, c.a01, c.a02, c.admin]) {
      expect((await list(who, 'DC01')).files).toHaveLength(2);
      const l = await link(who, pdfId);
      expect(l.fileName).toBe('归档率统计.pdf');
      expect(Buffer.from(await who.download(l.url)).equals(Buffer.from(proof))).toBe(true);
      expect(Buffer.from(await who.download((await link(who, photoId)).url)).equals(Buffer.from(photo))).toBe(
        true,
      );
    }
  });

  it('refuses an unassigned assessor, another unit, and anyone attaching but the unit itself or an admin (403)', async () => {
    for (const who of [c.a07, c.dc02]) {
      expect((await failure(list(who, 'DC01'))).status).toBe(403);
      expect((await failure(link(who, pdfId))).status).toBe(403);
    }
    for (const who of [c.a01, c.dc02]) {
      const e = await failure(slotFor(who, { unit: 'DC01', fileName: 'x.pdf', size: 10 }));
      expect([e.status, e.body.error?.code]).toEqual([403, 'api.forbidden']);
    }
    // An admin attaches to any unit.
    expect((await attach(c.admin, 'DC02', '通知.pdf', f.pdf('通知'))).state).toBe('accepted');
  });

  it('hands a file out as an attachment named for the kind in its bytes (text named .bat downloads as .bat.txt)', async () => {
    const text = new TextEncoder().encode('档案室温湿度记录\r\n');
    const out = await attach(c.dc01, 'DC01', '记录.bat', text);
    expect(out).toMatchObject({ state: 'accepted', evidence: { type: 'text' } });
    const l = await link(c.a01, out.uploadId);
    expect(l.fileName).toBe('记录.bat.txt');
    const res = await fetch(l.url);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('记录.bat.txt')}`,
    );
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(text))).toBe(true);
  });

  it('keeps the same bytes for the same item once (a duplicate), and again for another item', async () => {
    const again = await attach(c.dc01, 'DC01', 'copy.pdf', proof, { item: '1.1.1' });
    expect(again).toMatchObject({ state: 'duplicate', duplicateOf: pdfId });
    expect((await attach(c.dc01, 'DC01', 'copy.pdf', proof, { item: '1.1.2' })).state).toBe('accepted');
    expect((await list(c.dc01, 'DC01')).files.map((x) => x.fileName)).toEqual([
      '归档率统计.pdf',
      '档案室.jpg',
      '记录.bat',
      'copy.pdf',
    ]);
  });

  it('names every download in the audit trail: who, which file, allowed or refused', async () => {
    type Trail = {
      entries: {
        action: string;
        outcome: string;
        caller: { role: string; ref: string } | null;
        uploadId?: string;
        unit?: string;
      }[];
    };
    const t = await c.admin.call<Trail>('GET', `/rounds/${ROUND}/audit?limit=1000`);
    const has = (outcome: string, role: string, ref: string) =>
      t.entries.some(
        (e) =>
          e.action === 'GET /rounds/{round}/evidence/{id}' &&
          e.outcome === outcome &&
          e.caller?.role === role &&
          e.caller.ref === ref &&
          e.uploadId === pdfId,
      );
    expect(has('200', 'unit', 'DC01')).toBe(true);
    expect(has('200', 'assessor', 'A01')).toBe(true);
    expect(has('403', 'assessor', 'A07')).toBe(true);
    expect(has('403', 'unit', 'DC02')).toBe(true);
    const unitTrail = await c.admin.call<Trail>('GET', `/rounds/${ROUND}/audit?unit=DC01&limit=1000`);
    expect(unitTrail.entries.some((e) => e.action === 'evidence.accepted' && e.uploadId === pdfId)).toBe(
      true,
    );
    expect(
      unitTrail.entries.some((e) => e.action === 'POST /rounds/{round}/evidence' && e.outcome === '201'),
    ).toBe(true);
  });
});

describe('what is refused, each with a clear reason in Chinese and English', () => {
  const refused = async (file: string, bytes: Uint8Array) => {
    const zh = await attach(c.dc01, 'DC01', file, bytes);
    expect(zh.state).toBe('rejected');
    const en = await c.dc01.call<Outcome>('GET', `/uploads/${zh.uploadId}?lang=en`);
    return {
      code: zh.issues?.[0]?.code,
      zh: zh.issues?.[0]?.message ?? '',
      en: en.issues?.[0]?.message ?? '',
    };
  };

  it('refuses a renamed executable, a macro document and a zip of evidence, naming the file', async () => {
    const exe = await refused('扫描件.pdf', f.exe());
    expect(exe.code).toBe('evidence.executable');
    expect(exe.zh).toContain('“扫描件.pdf”');
    expect(exe.en).toMatch(/“扫描件\.pdf” is a program or script/);
    const docm = await refused('整改报告.docm', f.docm());
    expect(docm.code).toBe('evidence.macro');
    expect(docm.en).toMatch(/\.docx.*PDF/);
    const zip = await refused('全部材料.zip', f.zipOf());
    expect(zip.code).toBe('evidence.archive');
    expect(zip.zh).toContain('解压');
    // None of them is stored.
    expect((await list(c.dc01, 'DC01')).files.map((x) => x.fileName)).not.toContain('扫描件.pdf');
  });

  it('refuses an item code that is not a scored item of the round’s rubric, and a unit not in the round (400, no cell)', async () => {
    for (const item of ['9.9.9', '1.1', '2.1.1']) {
      // 2.1.1 is split into 2.1.1a and 2.1.1b by the Dongcheng rubric: not a scored item any more.
      const e = await failure(slotFor(c.dc01, { unit: 'DC01', item, fileName: 'x.pdf', size: 10 }));
      expect([e.status, e.body.error?.code]).toEqual([400, 'api.evidence-item']);
      expect(e.body.error?.message.zh).toContain(`“${item}”`);
      expect(e.body.error?.message.en).toContain(`“${item}” is not a scored item`);
      expect(e.body.error?.details).toBeUndefined(); // a request's mistake: no sheet or cell to point at
    }
    expect((await attach(c.dc01, 'DC01', 'a.pdf', f.pdf('a'), { item: '2.1.1a' })).state).toBe('accepted');
    const e = await failure(slotFor(c.admin, { unit: 'ZZ99', fileName: 'x.pdf', size: 10 }));
    expect([e.status, e.body.error?.code]).toEqual([400, 'api.evidence-unit']);
  });

  it('refuses a file declared over the per-file limit before any slot (413), and one sent anyway over its signed size', async () => {
    const before = (await c.dc01.call<{ uploads: unknown[] }>('GET', `/rounds/${ROUND}/uploads`)).uploads
      .length;
    const e = await failure(slotFor(c.dc01, { unit: 'DC01', fileName: 'big.pdf', size: PER_FILE + 1 }));
    expect([e.status, e.body.error?.code]).toEqual([413, 'api.evidence-too-large']);
    // A 2 GB video declared as such: refused the same way, no slot made.
    const huge = await failure(slotFor(c.dc01, { unit: 'DC01', fileName: '全宗.mp4', size: 2 * 1024 ** 3 }));
    expect([huge.status, huge.body.error?.code]).toEqual([413, 'api.evidence-too-large']);
    expect(e.body.error?.message.en).toContain(`at most ${PER_FILE} bytes`);
    expect(
      (await c.dc01.call<{ uploads: unknown[] }>('GET', `/rounds/${ROUND}/uploads`)).uploads,
    ).toHaveLength(before);
    // The signed policy binds key, type and size: S3 in AWS would refuse the larger file.
    const slot = await slotFor(c.dc01, { unit: 'DC01', fileName: 'small.pdf', size: 100 });
    const policy = JSON.parse(Buffer.from(slot.fields.Policy!, 'base64').toString('utf8')) as {
      conditions: unknown[];
    };
    expect(policy.conditions).toContainEqual(['content-length-range', 0, PER_FILE]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/octet-stream' });
    expect(slot.key).toMatch(new RegExp(`^evidence/${ROUND}/${slot.uploadId}/small\\.pdf$`));
    // s3rver stores it all the same: ingest refuses it unread.
    const out = await send(c.dc01, slot, 'small.pdf', pdfOf(PER_FILE + 1), 'en');
    expect(out.state).toBe('rejected');
    expect(out.issues?.map((i) => i.code)).toEqual(['evidence.too-large']);
    expect(out.issues?.[0]?.message).toContain('“small.pdf” is too large');
  });

  it('refuses a file that would take the unit past its total, when the slot is asked for (413) and again on arrival', async () => {
    const part = 45_000; // 2 × 45,000 fit in 120,000; a third does not
    expect((await attach(c.dc03, 'DC03', 'p1.pdf', pdfOf(part, 'a'))).state).toBe('accepted');
    expect((await attach(c.dc03, 'DC03', 'p2.pdf', pdfOf(part, 'b'))).state).toBe('accepted');
    const e = await failure(slotFor(c.dc03, { unit: 'DC03', fileName: 'p3.pdf', size: part }));
    expect([e.status, e.body.error?.code]).toEqual([413, 'api.evidence-unit-full']);
    expect(e.body.error?.message.en).toContain('90000 bytes');
    // Three slots asked for at once all fit by the stored sizes (none yet): the third to arrive does not.
    const slots = [];
    for (const name of ['q1.pdf', 'q2.pdf', 'q3.pdf'])
      slots.push(await slotFor(c.dc04, { unit: 'DC04', fileName: name, size: part }));
    const outs = [];
    for (const [i, s] of slots.entries())
      outs.push(await send(c.dc04, s, `q${i + 1}.pdf`, pdfOf(part, String.fromCharCode(0x61 + i))));
    expect(outs.map((o) => o.state)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(outs[2]!.issues?.map((i) => i.code)).toEqual(['evidence.unit-full']);
    expect((await list(c.dc04, 'DC04')).files.reduce((n, x) => n + x.size, 0)).toBe(2 * part);
  });

  it('refuses a file posted under the other prefix than its slot’s (s3rver does not check the signed key; S3 would)', async () => {
    // An evidence slot's file sent under uploads/ is not a sheet, and a sheet slot's under evidence/ not evidence.
    const ev = await slotFor(c.dc01, { unit: 'DC01', fileName: 'a.pdf', size: 100 });
    const moved = { ...ev, fields: { ...ev.fields, key: ev.key.replace(/^evidence\//, 'uploads/') } };
    const a = await send(c.dc01, moved, 'a.pdf', f.pdf('moved'));
    expect([a.state, a.issues?.map((i) => i.code)]).toEqual(['rejected', ['upload.unknown']]);
    const sheet = await c.dc01.call<Slot>('POST', `/rounds/${ROUND}/uploads`, { fileName: 'b.pdf' });
    const moved2 = {
      ...sheet,
      fields: { ...sheet.fields, key: sheet.key.replace(/^uploads\//, 'evidence/') },
    };
    const b = await send(c.dc01, moved2, 'b.pdf', f.pdf('moved too'));
    expect([b.state, b.issues?.map((i) => i.code)]).toEqual(['rejected', ['upload.unknown']]);
    expect((await list(c.dc01, 'DC01')).files.map((x) => x.fileName)).not.toContain('b.pdf');
  });

  it('leaves nothing pending: every file sent was accepted, a duplicate or rejected', async () => {
    for (const who of [c.dc01, c.dc03, c.dc04, c.admin]) {
      const ups = (
        await who.call<{ uploads: { state: string; uploadId: string }[] }>('GET', `/rounds/${ROUND}/uploads`)
      ).uploads;
      expect(ups.filter((u) => u.state === 'pending')).toEqual([]);
    }
  });
});

describe('a calibration round’s case carries its evidence for every assessor of the round', () => {
  it('lets the admin attach a photo to CASE1 and every assessor of the round download it; no unit', async () => {
    await c.admin.call('POST', '/rounds', {
      round: 'cal-ev',
      kind: 'calibration',
      cases: [{ code: 'CASE1', title: '参考案例一:某局档案室' }],
      rules: 'municipal-sample',
      roster: ROSTER,
    });
    const photo = f.png();
    const out = await attach(c.admin, 'CASE1', '库房照片.png', photo, { round: 'cal-ev' });
    expect(out).toMatchObject({ state: 'accepted', evidence: { unit: 'CASE1', type: 'png' } });
    const detail = await c.admin.call<{ roster: { assessors: { id: string }[] } }>('GET', '/rounds/cal-ev');
    const assessors = detail.roster.assessors.map((a) => a.id).filter((id) => id !== 'KEY');
    expect(assessors).toEqual(['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08']);
    for (const id of assessors) {
      const who = await clientAs(stack, `assessor:${id}`);
      const files = (await list(who, 'CASE1', 'cal-ev')).files;
      expect(files.map((x) => x.fileName)).toEqual(['库房照片.png']);
      const bytes = await who.download((await link(who, out.uploadId, 'cal-ev')).url);
      expect(Buffer.from(bytes).equals(Buffer.from(photo))).toBe(true);
    }
    expect((await failure(link(c.dc01, out.uploadId, 'cal-ev'))).status).toBe(403);
    expect(
      (await failure(slotFor(c.a01, { unit: 'CASE1', fileName: 'x.png', size: 10 }, 'cal-ev'))).status,
    ).toBe(403);
  });
});

describe('cepin evidence upload | list | download', () => {
  it('attaches two files with one command, lists them and downloads one byte for byte', async () => {
    const token = (c.dc01 as unknown as { token: string }).token;
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['node', 'cepin', ...args], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: { CEPIN_API: stack.apiUrl, CEPIN_TOKEN: token, HOME: '/nonexistent' },
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const dir = mkdtempSync(join(tmpdir(), 'cepin-evidence-'));
    const files = { pdf: join(dir, '制度.pdf'), gif: join(dir, '流程图.gif'), exe: join(dir, '说明.pdf') };
    writeFileSync(files.pdf, f.pdf('制度汇编'));
    writeFileSync(files.gif, f.gif());
    writeFileSync(files.exe, f.exe());
    const up = await cli(
      'evidence',
      'upload',
      '--round',
      ROUND,
      '--unit',
      'DC01',
      '--item',
      '1.2.1',
      files.pdf,
      files.gif,
    );
    expect(up.code, up.err).toBe(0);
    expect(up.out).toMatch(/✔ .*制度\.pdf: 已接收 \(pdf/);
    const bad = await cli(
      'evidence',
      'upload',
      '--round',
      ROUND,
      '--unit',
      'DC01',
      '--lang',
      'en',
      files.exe,
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('“说明.pdf” is a program or script');
    const listed = await cli('evidence', 'list', '--round', ROUND, '--unit', 'DC01', '--json');
    const l = JSON.parse(listed.out) as Listing;
    const mine = l.files.filter((x) => x.item === '1.2.1');
    expect(mine.map((x) => [x.fileName, x.type])).toEqual([
      ['制度.pdf', 'pdf'],
      ['流程图.gif', 'gif'],
    ]);
    const out = join(dir, 'back.pdf');
    const down = await cli('evidence', 'download', '--round', ROUND, '--id', mine[0]!.id, '--out', out);
    expect(down.code, down.err).toBe(0);
    expect(readFileSync(out).equals(Buffer.from(f.pdf('制度汇编')))).toBe(true);
  });
});
