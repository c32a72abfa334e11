import { createHash } from 'node:crypto';
import * as z from 'zod';
import { error, type Issue } from './issues.ts';
import { PHASES } from './layout.ts';
import { canonicalJson } from './rule-set.ts';

/** The hidden sheet of a reconciliation sheet (合议表). */
export const RECON_META_SHEET = '_cepin_hy';

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
    items: z.string(),
    lang: z.enum(['zh', 'en']),
    generatedAt: z.string(),
  })
  .strict();
export type ReconMeta = z.infer<typeof ReconMeta>;

/** Field order in the hidden sheet. */
export const RECON_META_FIELDS = Object.keys(ReconMeta.shape) as (keyof ReconMeta)[];

/** Tamper-evidence over the fields (like the score template's, not a signature). */
export function reconChecksum(meta: ReconMeta): string {
  const content = Object.fromEntries(RECON_META_FIELDS.map((k) => [k, String(meta[k])]));
  return createHash('sha256')
    .update(`cepin-recon:${canonicalJson(content)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Parses the hidden sheet's key/value rows and checks the checksum. */
export function parseReconMeta(rows: ReadonlyMap<string, string>): {
  meta: ReconMeta | null;
  issues: Issue[];
} {
  const raw = Object.fromEntries(RECON_META_FIELDS.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)]));
  const parsed = ReconMeta.safeParse(raw);
  const where = { sheet: RECON_META_SHEET };
  if (!parsed.success)
    return {
      meta: null,
      issues: [
        error('sheet.meta-edited', where, {
          field: parsed.error.issues.map((i) => i.path.join('.')).join(', '),
        }),
      ],
    };
  if (rows.get('checksum') !== reconChecksum(parsed.data))
    return { meta: null, issues: [error('sheet.meta-edited', where, { field: 'checksum' })] };
  return { meta: parsed.data, issues: [] };
}
