import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseReconMeta,
  RECON_META_FIELDS,
  signReconMeta,
  type ReconMeta,
} from '../../shared/domain/reconciliation-meta.ts';
import { canonicalJson } from '../../shared/domain/rule-set.ts';

/** The signed metadata of a reconciliation sheet (合议表): HMAC-SHA256 with the district's key. */

const KEY = new Uint8Array(Buffer.from('0123456789abcdef0123456789abcdef', 'hex')); // 16 bytes
const OTHER = new Uint8Array(Buffer.from('fedcba9876543210fedcba9876543210', 'hex'));

const META: ReconMeta = {
  kind: 'reconciliation',
  version: 3,
  round: '2026',
  unit: 'DC07',
  phase: 'formal',
  ruleSet: 'dongcheng-sample',
  fingerprint: 'a'.repeat(64),
  assessors: 'A01,A03,A04,A05',
  items: '2.1.2,2.5.3',
  vetoItems: '2.5.3',
  sources: 'u1,u2,u3,u4',
  lang: 'zh',
  generatedAt: '2026-05-02T08:00:00.000Z',
};

/** The hidden sheet's rows as the reader collects them: every field, then the signature. */
const rowsOf = (meta: ReconMeta, signature: string) =>
  new Map<string, string>([
    ...RECON_META_FIELDS.map((k) => [k, String(meta[k])] as const),
    ['signature', signature],
  ]);

/** The old public checksum anyone could recompute: sha256 of `cepin-recon:` + canonical JSON. */
const publicSum = (meta: ReconMeta, length: number) =>
  createHash('sha256')
    .update(
      `cepin-recon:${canonicalJson(Object.fromEntries(RECON_META_FIELDS.map((k) => [k, String(meta[k])])))}`,
    )
    .digest('hex')
    .slice(0, length);

describe('signing the metadata of a reconciliation sheet', () => {
  it('is HMAC-SHA256 over the canonical fields: the same value as node’s createHmac by hand', () => {
    const content = Object.fromEntries(RECON_META_FIELDS.map((k) => [k, String(META[k])]));
    const byHand = createHmac('sha256', KEY)
      .update(`cepin-recon:${canonicalJson(content)}`)
      .digest('hex');
    expect(signReconMeta(META, KEY)).toBe(byHand);
    expect(byHand).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the fields signed with the district’s key', () => {
    expect(parseReconMeta(rowsOf(META, signReconMeta(META, KEY)), KEY)).toEqual({ meta: META, issues: [] });
  });

  it('refuses the fields signed with another key', () => {
    const r = parseReconMeta(rowsOf(META, signReconMeta(META, OTHER)), KEY);
    expect(r.meta).toBeNull();
    expect(r.issues).toEqual([
      {
        code: 'sheet.meta-edited',
        severity: 'error',
        sheet: '_cepin_hy',
        cell: `B${RECON_META_FIELDS.length + 1}`,
        params: { field: 'signature' },
      },
    ]);
  });

  it.each([
    ['items', { items: '2.1.2,2.5.3,1.1.1' }],
    ['vetoItems', { vetoItems: '' }],
    ['phase', { phase: 'precheck' as const }],
    ['unit', { unit: 'DC08' }],
  ])('refuses a tampered field (%s) under the original signature', (_f, edit) => {
    const r = parseReconMeta(rowsOf({ ...META, ...edit }, signReconMeta(META, KEY)), KEY);
    expect(r.meta).toBeNull();
    expect(r.issues.map((i) => [i.code, i.params.field])).toEqual([['sheet.meta-edited', 'signature']]);
  });

  it.each([32, 64])('refuses a tampered field re-summed with the old public scheme (%s hex digits)', (n) => {
    const edited = { ...META, items: '2.1.2,2.5.3,1.1.1' };
    const r = parseReconMeta(rowsOf(edited, publicSum(edited, n)), KEY);
    expect(r.meta).toBeNull();
    expect(r.issues.map((i) => i.code)).toEqual(['sheet.meta-edited']);
  });

  it('refuses a sheet of the old format (version 1, public checksum) as outdated: download a new one', () => {
    const v1 = new Map(
      [...rowsOf({ ...META, version: 1 }, '')].filter(
        ([k]) => k !== 'vetoItems' && k !== 'sources' && k !== 'signature',
      ),
    );
    v1.set('checksum', publicSum({ ...META, version: 1 }, 32));
    const r = parseReconMeta(v1, KEY);
    expect(r.meta).toBeNull();
    expect(r.issues.map((i) => [i.code, i.params])).toEqual([
      ['sheet.template-version', { version: '1', current: 3 }],
    ]);
  });

  it('refuses to sign with a key shorter than 16 bytes', () => {
    expect(() => signReconMeta(META, new Uint8Array(8))).toThrow(/too short/);
  });
});
