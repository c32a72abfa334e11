import { createHash } from 'node:crypto';
import * as z from 'zod';
import { error, type Issue } from './issues.ts';
import { PHASES } from './layout.ts';
import { canonicalJson } from './rule-set.ts';

// Identities are shown in messages and stored: no control characters or text-direction overrides.
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/;

/** What the hidden `_cepin` sheet records about a template, to read a filled copy back. */
export const SheetMeta = z
  .object({
    templateVersion: z.coerce.number().int().positive(),
    ruleSet: z.string().min(1),
    ruleVersion: z.coerce.number().int().positive(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    phase: z.enum(PHASES),
    unit: z.string().regex(PRINTABLE, 'no control or direction characters').default(''),
    assessor: z.string().regex(PRINTABLE, 'no control or direction characters').default(''),
    lang: z.enum(['zh', 'en']),
    generatedAt: z.string(),
  })
  .strict();
export type SheetMeta = z.infer<typeof SheetMeta>;

/** The fields in the order they are written, then the checksum row. */
export const META_FIELDS = [
  'templateVersion',
  'ruleSet',
  'ruleVersion',
  'fingerprint',
  'phase',
  'unit',
  'assessor',
  'lang',
  'generatedAt',
] as const satisfies readonly (keyof SheetMeta)[];

/**
 * A checksum over the metadata. It makes accidental or casual edits of the hidden sheet evident;
 * it is not a security boundary (identity is checked against the uploader in the pipeline).
 */
export function metaChecksum(meta: SheetMeta): string {
  const content = Object.fromEntries(META_FIELDS.map((k) => [k, String(meta[k])]));
  return createHash('sha256')
    .update(`cepin-meta:${canonicalJson(content)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Parses the key/value rows of the metadata sheet, checking the checksum. */
export function parseMeta(
  rows: ReadonlyMap<string, string>,
  sheet: string,
): { meta: SheetMeta; issues: Issue[] } | { meta: null; issues: Issue[] } {
  const raw = Object.fromEntries(META_FIELDS.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)]));
  const parsed = SheetMeta.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    return { meta: null, issues: [error('sheet.meta-edited', { sheet }, { field })] };
  }
  if (rows.get('checksum') !== metaChecksum(parsed.data)) {
    return { meta: null, issues: [error('sheet.meta-edited', { sheet }, { field: 'checksum' })] };
  }
  return { meta: parsed.data, issues: [] };
}
