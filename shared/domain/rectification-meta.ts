import * as z from 'zod';
import { error, type Issue } from './issues.ts';
import { addr } from './layout.ts';
import { signatureMatches, signFields } from './reconciliation-meta.ts';

/** The hidden sheet of a rectification workbook (整改通知书). */
export const RECT_META_SHEET = '_cepin_zg';

/** Format version of the hidden sheet. */
export const RECT_META_VERSION = 1;

/** What a rectification workbook records about itself, to be read back. */
export const RectMeta = z
  .object({
    kind: z.literal('rectification'),
    version: z.coerce.number().int().positive(),
    round: z.string().min(1),
    unit: z.string().min(1),
    ruleSet: z.string().min(1),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    /** The last day answers are on time, YYYY-MM-DD (China time). */
    deadline: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/),
    /** The notice's items, in row order: the only rows the workbook may answer. */
    items: z.string(),
    lang: z.enum(['zh', 'en']),
    generatedAt: z.string(),
  })
  .strict();
export type RectMeta = z.infer<typeof RectMeta>;

/** Field order in the hidden sheet; the signature follows on the next row. */
export const RECT_META_FIELDS = Object.keys(RectMeta.shape) as (keyof RectMeta)[];

/** The hidden sheet's row holding the signature (its value in column B). */
export const RECT_SIGNATURE_ROW = RECT_META_FIELDS.length + 1;
const SIGNATURE_CELL = addr(RECT_SIGNATURE_ROW, 2);

/** The hidden sheet's cell holding a field's value (column B). */
export const rectMetaCell = (field: keyof RectMeta): string => addr(RECT_META_FIELDS.indexOf(field) + 1, 2);

/**
 * Signs the fields with the district's key (signFields of reconciliation-meta.ts) under a prefix of
 * its own, so a 合议表's signature never passes for a rectification workbook's.
 */
export function signRectMeta(meta: RectMeta, key: Uint8Array): string {
  return signFields('cepin-rect', RECT_META_FIELDS, meta, key);
}

/** Whether `signature` is the fields' signature under `key` (constant-time comparison). */
export function verifyRectMeta(meta: RectMeta, signature: string, key: Uint8Array): boolean {
  return signatureMatches(signature, signRectMeta(meta, key));
}

/**
 * Parses the hidden sheet's key/value rows and verifies their signature with the district's key.
 * Anything changed — a field, a field's format, the signature — is `rect.meta-edited`.
 */
export function parseRectMeta(
  rows: ReadonlyMap<string, string>,
  key: Uint8Array,
): { meta: RectMeta | null; issues: Issue[] } {
  const sheet = RECT_META_SHEET;
  const edited = (field: string, cell: string) => ({
    meta: null,
    issues: [error('rect.meta-edited', { sheet, cell }, { field })],
  });
  const version = rows.get('version') ?? '';
  if (version !== String(RECT_META_VERSION))
    return {
      meta: null,
      issues: [
        error(
          'sheet.template-version',
          { sheet, cell: rectMetaCell('version') },
          { version: version || '—', current: RECT_META_VERSION },
        ),
      ],
    };
  const raw = Object.fromEntries(RECT_META_FIELDS.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)]));
  const parsed = RectMeta.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.'));
    const first = RECT_META_FIELDS.find((k) => fields.includes(k));
    return edited(fields.join(', '), first ? rectMetaCell(first) : 'A1');
  }
  if (!verifyRectMeta(parsed.data, rows.get('signature') ?? '', key))
    return edited('signature', SIGNATURE_CELL);
  return { meta: parsed.data, issues: [] };
}
