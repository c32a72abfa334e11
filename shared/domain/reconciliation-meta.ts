import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { error, type Issue } from './issues.ts';
import { addr, PHASES } from './layout.ts';
import { canonicalJson } from './rule-set.ts';

/** The hidden sheet of a reconciliation sheet (合议表). */
export const RECON_META_SHEET = '_cepin_hy';

/**
 * Format version of the hidden sheet: 2 added the veto items and the HMAC signature; 3 the upload
 * ids of the sheets it was made from.
 */
export const RECON_META_VERSION = 3;

/** Shortest signing key accepted (bytes): HMAC-SHA256 keys shorter than this are guessable. */
export const MIN_SIGNING_KEY_BYTES = 16;

/** What a reconciliation sheet records about itself, to be read back. */
export const ReconMeta = z
  .object({
    kind: z.literal('reconciliation'),
    version: z.coerce.number().int().positive(),
    round: z.string().min(1),
    unit: z.string().min(1),
    phase: z.enum(PHASES),
    ruleSet: z.string().min(1),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    assessors: z.string(),
    /** The items flagged when the sheet was generated, in row order: the only ones it may agree. */
    items: z.string(),
    /** Of those, the items whose veto answers disagree: each needs the panel's decision. */
    vetoItems: z.string(),
    /**
     * The upload ids of the assessors' sheets it was made from, sorted: agreed scores answer those
     * sheets, so once one is replaced or joined by another the 合议表 is stale.
     */
    sources: z.string(),
    lang: z.enum(['zh', 'en']),
    generatedAt: z.string(),
  })
  .strict();
export type ReconMeta = z.infer<typeof ReconMeta>;

/** Field order in the hidden sheet; the signature follows on the next row. */
export const RECON_META_FIELDS = Object.keys(ReconMeta.shape) as (keyof ReconMeta)[];

/** The hidden sheet's row holding the signature, and its cell (column B). */
export const RECON_SIGNATURE_ROW = RECON_META_FIELDS.length + 1;
const SIGNATURE_CELL = addr(RECON_SIGNATURE_ROW, 2);

/** Splits a comma list of the hidden sheet ('' is no entries). */
export const metaList = (s: string): string[] => s.split(',').filter((x) => x !== '');

/**
 * HMAC-SHA256 (hex) with the district's key over the fields' canonical JSON, under a prefix naming
 * the kind of sheet, so one kind's signature never passes for another's. Unlike a plain checksum,
 * nobody without the key (held by the district's stack) can re-sign edited fields.
 */
export function signFields<T>(
  prefix: string,
  fields: readonly (keyof T)[],
  meta: T,
  key: Uint8Array,
): string {
  if (key.length < MIN_SIGNING_KEY_BYTES) throw new Error('the signing key is too short');
  const content = Object.fromEntries(fields.map((k) => [k, String(meta[k])]));
  return createHmac('sha256', key)
    .update(`${prefix}:${canonicalJson(content)}`)
    .digest('hex');
}

/** Whether a signature as written in a sheet is the expected one (constant-time comparison). */
export function signatureMatches(signature: string, expected: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(expected, 'hex'));
}

/** Signs a 合议表's fields with the district's key (signFields). */
export function signReconMeta(meta: ReconMeta, key: Uint8Array): string {
  return signFields('cepin-recon', RECON_META_FIELDS, meta, key);
}

/** Whether `signature` is the fields' signature under `key` (constant-time comparison). */
export function verifyReconMeta(meta: ReconMeta, signature: string, key: Uint8Array): boolean {
  return signatureMatches(signature, signReconMeta(meta, key));
}

/** Parses the hidden sheet's key/value rows and verifies their signature with the district's key. */
export function parseReconMeta(
  rows: ReadonlyMap<string, string>,
  key: Uint8Array,
): {
  meta: ReconMeta | null;
  issues: Issue[];
} {
  const where = { sheet: RECON_META_SHEET };
  const version = rows.get('version') ?? '';
  if (version !== String(RECON_META_VERSION))
    return {
      meta: null,
      issues: [
        error(
          'sheet.template-version',
          { ...where, cell: addr(RECON_META_FIELDS.indexOf('version') + 1, 2) },
          { version: version || '—', current: RECON_META_VERSION },
        ),
      ],
    };
  const raw = Object.fromEntries(RECON_META_FIELDS.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)]));
  const parsed = ReconMeta.safeParse(raw);
  if (!parsed.success)
    return {
      meta: null,
      issues: [
        error('sheet.meta-edited', where, {
          field: parsed.error.issues.map((i) => i.path.join('.')).join(', '),
        }),
      ],
    };
  if (!verifyReconMeta(parsed.data, rows.get('signature') ?? '', key))
    return {
      meta: null,
      issues: [error('sheet.meta-edited', { ...where, cell: SIGNATURE_CELL }, { field: 'signature' })],
    };
  return { meta: parsed.data, issues: [] };
}
