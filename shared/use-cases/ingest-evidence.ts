import { createHash } from 'node:crypto';
import { EVIDENCE_LIMITS } from '../domain/file-kind.ts';
import { error, type Issue } from '../domain/issues.ts';
import { sniffEvidence } from '../excel/evidence-sniff.ts';
import { storeRejection, type IngestDeps, type IngestOutcome, type UploadedObject } from './ingest-upload.ts';
import type { ObjectRef, UploadRecord } from './ports.ts';

/** An evidence file as ingest-upload.ts hands it over: the object, its slot and what the slot is for. */
export type EvidenceObject = UploadedObject & {
  uploadId: string;
  fileName: string;
  upload: UploadRecord;
  evidence: { unit: string; item?: string | undefined };
};

/**
 * Ingests one evidence file (佐证材料, docs/security.md "Evidence files"): refuses it unread when
 * it is over the per-file limit, judges its kind from its bytes (never its name), refuses it when
 * the unit's evidence in the round would pass its total, then stores an immutable evidence record
 * and settles the upload in one transaction, or stores a rejection whose issues name the file. The
 * rejection's workbook is the issues sheet alone: the evidence's bytes never reach exceljs.
 */
export async function ingestEvidence(obj: EvidenceObject, deps: IngestDeps): Promise<IngestOutcome> {
  const limits = deps.evidenceLimits ?? EVIDENCE_LIMITS;
  const { unit, item } = obj.evidence;
  const source: ObjectRef = { bucket: obj.bucket, key: obj.key, versionId: obj.versionId };
  const w = { file: obj.fileName, item };
  const file = { file: obj.fileName };
  const reject = (issues: Issue[], sha256 = '') =>
    storeRejection(deps, {
      slot: { unit },
      roundId: obj.upload.round,
      uploadId: obj.uploadId,
      fileName: obj.fileName,
      source,
      receivedAt: obj.eventTime,
      upload: obj.upload,
      issues,
      bytes: null,
      sha256,
    });
  const tooLarge = (size: number) =>
    reject([error('evidence.too-large', { item }, { ...file, size, max: limits.maxFileBytes })]);
  // Refused unread: S3 refuses such a POST in AWS (the signed size range); s3rver stores it.
  if (obj.size > limits.maxFileBytes) return tooLarge(obj.size);
  const { bytes, versionId } = await deps.objects.get(obj.key, obj.versionId);
  source.versionId ??= versionId;
  if (bytes.length > limits.maxFileBytes) return tooLarge(bytes.length);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sniffed = sniffEvidence(bytes, w);
  if (!sniffed.ok) return reject([sniffed.issue], sha256);
  // The total was checked when the slot was handed out; slots asked for together may pass it.
  const stored = await deps.store.unitEvidence(obj.upload.round, unit);
  const used = stored.filter((e) => e.id !== obj.uploadId).reduce((n, e) => n + e.size, 0);
  if (used + bytes.length > limits.maxUnitBytes) {
    const params = { ...file, size: bytes.length, used, max: limits.maxUnitBytes };
    return reject([error('evidence.unit-full', { item }, params)], sha256);
  }
  const outcome = await deps.store.putEvidence({
    round: obj.upload.round,
    unit,
    item,
    id: obj.uploadId,
    fileName: obj.fileName,
    kind: sniffed.kind,
    size: bytes.length,
    sha256,
    uploadedAt: obj.eventTime,
    by: obj.upload.caller,
    source,
  });
  if (outcome.outcome === 'accepted') return { outcome: 'accepted', uploadId: obj.uploadId, total: 0 };
  if (outcome.outcome === 'duplicate')
    return { outcome: 'duplicate', uploadId: obj.uploadId, of: outcome.of };
  return { outcome: 'settled', uploadId: obj.uploadId };
}
