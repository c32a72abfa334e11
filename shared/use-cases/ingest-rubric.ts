import { createHash } from 'node:crypto';
import { error, type Issue } from '../domain/issues.ts';
import type { IngestDeps, IngestOutcome, UploadedObject } from './ingest-upload.ts';
import { INGEST_LIMITS } from './ingest-upload.ts';
import type { UploadRecord } from './ports.ts';
import { flatten } from './rubrics.ts';

/**
 * The largest rubric stored, as its rule file's JSON: a version is one DynamoDB item of at most
 * 400 KB, which 300 KB fits even uncompressed (the municipal sample is 27 KB, a 100-item rubric
 * with every text in both languages about 60 KB).
 */
export const RUBRIC_MAX_BYTES = 300 * 1024;

type Reject = (issues: Issue[], bytes: Uint8Array | null, sha256: string) => Promise<IngestOutcome>;

/**
 * Ingests one uploaded rubric workbook (细则工作簿): reads it through the same door as every sheet,
 * checks it cell by cell (an overlay against the newest stored version of its base), and stores an
 * immutable rubric version, or a rejection whose issues name sheet, cell and item. The same content
 * again is a duplicate of the version it already is; a version number taken by other content is
 * refused with the next free one.
 */
export async function ingestRubric(
  obj: UploadedObject & { uploadId: string; fileName: string; upload: UploadRecord },
  deps: IngestDeps,
  reject: Reject,
): Promise<IngestOutcome> {
  const file = { sheet: obj.fileName };
  if (obj.upload.caller.role !== 'admin') return reject([error('rubric.admin-only', file)], null, '');
  if (obj.size > deps.maxBytes)
    return reject([error('file.too-large', file, { size: obj.size, max: deps.maxBytes })], null, '');
  const { bytes } = await deps.objects.get(obj.key, obj.versionId);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { readRubricWorkbook, resolveRubric } = await import('../excel/rubric-workbook.ts');
  const read = await readRubricWorkbook(bytes, obj.fileName, { ...INGEST_LIMITS, maxBytes: deps.maxBytes });
  if (!read.ok) return reject(read.issues, bytes, sha256);
  const baseId = 'extends' in read.file ? read.file.extends : undefined;
  const base = baseId ? await deps.rubrics.get(baseId) : undefined;
  const resolved = resolveRubric(read, (id) => {
    if (!base || id !== base.id) throw new Error(`no stored rubric ${id}`);
    return flatten(base);
  });
  if (!resolved.ok) return reject(resolved.issues, bytes, sha256);
  const rs = resolved.ruleSet;
  // A version is one table item (gzipped): rules beyond this are refused, never left half-stored.
  const size = Buffer.byteLength(JSON.stringify(flatten(rs)));
  if (size > RUBRIC_MAX_BYTES)
    return reject([error('rubric.too-large', file, { size, max: RUBRIC_MAX_BYTES })], bytes, sha256);
  const stored = await deps.rubrics.versions();
  const taken = stored.filter((v) => v.id === rs.id);
  const next = Math.max(0, ...taken.map((v) => v.version)) + 1;
  const same = taken.find((v) => v.fingerprint === rs.fingerprint);
  // A workbook without a version number becomes the next one (or the version its content already is).
  const version = read.versionGiven ? rs.version : (same?.version ?? next);
  const outcome = await deps.store.putRubric({
    id: rs.id,
    version,
    fingerprint: rs.fingerprint,
    title: rs.title,
    base: base ? { id: base.id, version: base.version } : undefined,
    origin: 'upload',
    createdAt: obj.eventTime,
    createdBy: obj.upload.caller.sub,
    uploadId: obj.uploadId,
    fileName: obj.fileName,
    sourceKey: obj.key,
    file: { ...flatten(rs), version },
  });
  if (outcome.outcome === 'created') return { outcome: 'accepted', uploadId: obj.uploadId, total: 0 };
  if (outcome.outcome === 'duplicate')
    return { outcome: 'duplicate', uploadId: obj.uploadId, of: `${rs.id} v${outcome.version}` };
  if (outcome.outcome === 'version-taken') {
    const at = read.locate([
      error('rubric.version-taken', { path: 'version' }, { id: rs.id, version, next }),
    ]);
    return reject(at, bytes, sha256);
  }
  return { outcome: 'settled', uploadId: obj.uploadId };
}
